package coinselect

import "math/rand/v2"

// approximateBestSubset is Core's ApproximateBestSubset: up to iterations
// rounds of random inclusion (then a second pass over the left-out groups),
// backing off each time the target is reached, keeping the smallest total
// at or above target within maxWeight. best starts as "all groups" with
// total totalLower.
func approximateBestSubset(r *rand.Rand, pool []*group, totalLower, target int64, maxWeight, iterations int) ([]bool, int64) {
	best := make([]bool, len(pool))
	for i := range best {
		best[i] = true
	}
	bestTotal := totalLower
	included := make([]bool, len(pool))
	for rep := 0; rep < iterations && bestTotal != target; rep++ {
		clear(included)
		var total int64
		weight := 0
		reached := false
		for pass := 0; pass < 2 && !reached; pass++ {
			for i, g := range pool {
				var take bool
				if pass == 0 {
					take = r.Uint64()&1 == 1
				} else {
					take = !included[i]
				}
				if !take {
					continue
				}
				total += g.amount()
				weight += g.weight
				included[i] = true
				if total >= target && weight <= maxWeight {
					reached = true
					if total < bestTotal {
						bestTotal = total
						copy(best, included)
					}
					total -= g.amount()
					weight -= g.weight
					included[i] = false
				}
			}
		}
	}
	return best, bestTotal
}

// knapsackIterations is ApproximateBestSubset's default round count.
const knapsackIterations = 1000

// selectKnapsack is Core's KnapsackSolver, the legacy algorithm: an exact
// match, else all groups below target+changeTarget if they sum exactly,
// else the smallest larger group or a stochastic subset-sum approximation
// aiming first at target then at target+changeTarget. Groups may have
// non-positive amounts. The pool is not modified.
func selectKnapsack(in []*group, target, changeTarget int64, r *rand.Rand, maxWeight int) (*selection, error) {
	result := newSelection(target, AlgoKnapsack)
	pool := append([]*group(nil), in...)
	r.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })

	var (
		weightExceeded bool
		lowestLarger   *group
		applicable     []*group
		totalLower     int64
	)
	for _, g := range pool {
		switch {
		case g.weight > maxWeight:
			weightExceeded = true
		case g.amount() == target:
			result.addGroup(g)
			return result, nil
		case g.amount() < target+changeTarget:
			applicable = append(applicable, g)
			totalLower += g.amount()
		case lowestLarger == nil || g.amount() < lowestLarger.amount():
			lowestLarger = g
		}
	}

	if totalLower == target {
		for _, g := range applicable {
			result.addGroup(g)
		}
		if result.weight <= maxWeight {
			return result, nil
		}
		weightExceeded = true
		result.clear()
	}

	if totalLower < target {
		if lowestLarger == nil {
			if weightExceeded {
				return nil, ErrMaxWeightExceeded
			}
			return nil, ErrInsufficientFunds
		}
		result.addGroup(lowestLarger)
		return result, nil
	}

	sortDescendingWaste(applicable)
	best, bestTotal := approximateBestSubset(r, applicable, totalLower, target, maxWeight, knapsackIterations)
	if bestTotal != target && totalLower >= target+changeTarget {
		best, bestTotal = approximateBestSubset(r, applicable, totalLower, target+changeTarget, maxWeight, knapsackIterations)
	}

	// Prefer the smallest larger group when the approximation found neither
	// an exact match nor room for change, or when it is no bigger.
	if lowestLarger != nil &&
		((bestTotal != target && bestTotal < target+changeTarget) || lowestLarger.amount() <= bestTotal) {
		result.addGroup(lowestLarger)
		return result, nil
	}
	for i, g := range applicable {
		if best[i] {
			result.addGroup(g)
		}
	}
	if result.weight > maxWeight {
		if lowestLarger == nil {
			return nil, ErrMaxWeightExceeded
		}
		result.clear()
		result.addGroup(lowestLarger)
	}
	return result, nil
}
