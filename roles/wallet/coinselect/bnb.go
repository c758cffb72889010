package coinselect

import "sort"

// maxMoney is Core's MAX_MONEY, the initial "worst" waste.
const maxMoney int64 = 21000000 * 100000000

// sortDescendingWaste orders groups by descending selection amount, lower
// (fee − long-term fee) first on ties (Core's "descending").
func sortDescendingWaste(pool []*group) {
	sort.SliceStable(pool, func(i, j int) bool {
		a, b := pool[i], pool[j]
		if a.amount() == b.amount() {
			return a.fee-a.longTermFee < b.fee-b.longTermFee
		}
		return a.amount() > b.amount()
	})
}

// selectBnB is Core's Branch and Bound: a depth-first search, inclusion
// branch first over the pool sorted by descending amount, for the
// changeless input set with the least waste whose amount lies in
// [target, target+costOfChange]. It stops after TotalTries steps. The pool
// must hold positive amounts only; it is not modified.
func selectBnB(in []*group, target, costOfChange int64, maxWeight int) (*selection, error) {
	result := newSelection(target, AlgoBnB)
	var available int64
	for _, g := range in {
		available += g.amount()
	}
	if len(in) == 0 || available < target {
		return nil, ErrInsufficientFunds
	}
	pool := append([]*group(nil), in...)
	sortDescendingWaste(pool)

	var (
		currValue, currWaste int64
		currWeight           int
		curr, bestSel        []int
		bestWaste            = maxMoney
		feerateHigh          = pool[0].fee > pool[0].longTermFee
		weightExceeded       bool
		index                int
	)
	for try := 0; try < TotalTries; try, index = try+1, index+1 {
		backtrack := false
		switch {
		case currValue+available < target, // cannot reach the target any more
			currValue > target+costOfChange,      // overshot the window
			currWaste > bestWaste && feerateHigh: // only getting worse
			backtrack = true
		case currWeight > maxWeight:
			weightExceeded = true
			backtrack = true
		case currValue >= target: // a solution: record it, then look elsewhere
			excess := currValue - target
			if currWaste+excess <= bestWaste {
				bestSel = append(bestSel[:0], curr...)
				bestWaste = currWaste + excess
			}
			backtrack = true
		}

		if backtrack {
			if len(curr) == 0 {
				break // every branch explored
			}
			// Give the omitted groups after the last included one back to
			// the lookahead, then omit the last included one.
			last := curr[len(curr)-1]
			for index--; index > last; index-- {
				available += pool[index].amount()
			}
			g := pool[index]
			currValue -= g.amount()
			currWaste -= g.fee - g.longTermFee
			currWeight -= g.weight
			curr = curr[:len(curr)-1]
			continue
		}

		g := pool[index]
		available -= g.amount()
		// Skip the inclusion branch when the previous group is an omitted
		// twin (same amount and fee): it was already explored.
		if len(curr) == 0 || index-1 == curr[len(curr)-1] ||
			g.amount() != pool[index-1].amount() || g.fee != pool[index-1].fee {
			curr = append(curr, index)
			currValue += g.amount()
			currWaste += g.fee - g.longTermFee
			currWeight += g.weight
		}
	}

	if len(bestSel) == 0 {
		if weightExceeded {
			return nil, ErrMaxWeightExceeded
		}
		return nil, ErrInsufficientFunds
	}
	for _, i := range bestSel {
		result.addGroup(pool[i])
	}
	// Core asserts that this recomputation equals the search's best waste;
	// the tests check it.
	result.recalculateWaste(costOfChange, costOfChange, 0)
	return result, nil
}
