package coinselect

import (
	"math"
	"sort"
)

// sortDescendingWeight orders groups by descending selection amount,
// lighter first on ties (Core's "descending_effval_weight").
func sortDescendingWeight(pool []*group) {
	sort.SliceStable(pool, func(i, j int) bool {
		a, b := pool[i], pool[j]
		if a.amount() == b.amount() {
			return a.weight < b.weight
		}
		return a.amount() > b.amount()
	})
}

// selectCoinGrinder is Core's CoinGrinder: a depth-first branch-and-bound
// search for the lightest input set funding target+changeTarget (ties: the
// smaller amount), within maxWeight, stopping after TotalTries steps. The
// pool must hold positive amounts only; it is not modified.
func selectCoinGrinder(in []*group, target, changeTarget int64, maxWeight int) (*selection, error) {
	if len(in) == 0 {
		return nil, ErrInsufficientFunds
	}
	pool := append([]*group(nil), in...)
	sortDescendingWeight(pool)
	n := len(pool)

	// lookahead[i] is the amount after index i; minTailWeight[i] the
	// lightest weight after index i.
	lookahead := make([]int64, n)
	minTailWeight := make([]int, n)
	var total int64
	minWeight := math.MaxInt32 // Core: std::numeric_limits<int>::max()
	for i := n - 1; i >= 0; i-- {
		lookahead[i] = total
		minTailWeight[i] = minWeight
		total += pool[i].amount()
		minWeight = min(minWeight, pool[i].weight)
	}
	totalTarget := target + changeTarget
	if total < totalTarget {
		return nil, ErrInsufficientFunds
	}

	var (
		curr, bestSel  []int
		currAmount     int64
		bestAmount     = maxMoney
		currWeight     int
		bestWeight     = maxWeight // a tie is fine: the smaller amount wins
		weightExceeded bool
		next           int
		tries          int
	)
	deselectLast := func() {
		g := pool[curr[len(curr)-1]]
		currAmount -= g.amount()
		currWeight -= g.weight
		curr = curr[:len(curr)-1]
	}
	result := newSelection(target, AlgoCG)
	for done := false; !done; {
		shift, cut := false, false
		g := pool[next]
		currAmount += g.amount()
		currWeight += g.weight
		curr = append(curr, next)
		next++
		tries++

		tail := curr[len(curr)-1]
		switch {
		case currAmount+lookahead[tail] < totalTarget:
			cut = true // cannot reach the target: CUT
		case currWeight > bestWeight:
			if currWeight > maxWeight {
				weightExceeded = true
			}
			// More groups only add weight. If the last one was the lightest
			// left, no omission branch can do better either.
			if pool[tail].weight <= minTailWeight[tail] {
				cut = true
			} else {
				shift = true
			}
		case currAmount >= totalTarget:
			shift = true // a solution; more weight cannot improve it
			if currWeight < bestWeight || (currWeight == bestWeight && currAmount < bestAmount) {
				bestSel = append(bestSel[:0], curr...)
				bestWeight = currWeight
				bestAmount = currAmount
			}
		case len(bestSel) > 0:
			// Even the lightest remaining groups, at the last group's amount,
			// would need this much more weight to reach the target.
			missing := totalTarget - currAmount
			last := pool[tail].amount()
			needed := int64(minTailWeight[tail]) * ((missing + last - 1) / last)
			if int64(currWeight)+needed > int64(bestWeight) {
				if pool[tail].weight <= minTailWeight[tail] {
					cut = true
				} else {
					shift = true
				}
			}
		}

		if tries >= TotalTries {
			result.completed = false
			break
		}
		if next == n {
			cut = true // end of the pool: nothing left on either branch
		}
		if cut {
			// Omit the last selected, then shift the penultimate.
			deselectLast()
			shift = true
		}
		for shift {
			if len(curr) == 0 {
				done = true
				result.completed = true
				break
			}
			next = curr[len(curr)-1] + 1
			deselectLast()
			shift = false
			// Skip clones of the group just omitted: equal amount means
			// equal or worse weight, so they only repeat explored sets.
			for next < n && pool[next-1].amount() == pool[next].amount() {
				if next >= n-1 {
					shift = true
					break
				}
				next++
			}
			if next >= n {
				shift = true
			}
		}
	}
	result.tries = tries

	if len(bestSel) == 0 {
		if weightExceeded {
			return nil, ErrMaxWeightExceeded
		}
		return nil, ErrInsufficientFunds
	}
	for _, i := range bestSel {
		result.addGroup(pool[i])
	}
	return result, nil
}
