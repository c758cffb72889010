package coinselect

import (
	"container/heap"
	"math/rand/v2"
)

// minAmountHeap keeps the selected groups with the smallest amount on top.
type minAmountHeap []*group

func (h minAmountHeap) Len() int           { return len(h) }
func (h minAmountHeap) Less(i, j int) bool { return h[i].amount() < h[j].amount() }
func (h minAmountHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *minAmountHeap) Push(x any)        { *h = append(*h, x.(*group)) }
func (h *minAmountHeap) Pop() any {
	old := *h
	g := old[len(old)-1]
	*h = old[:len(old)-1]
	return g
}

// selectSRD is Core's Single Random Draw: groups are drawn in random order
// until they cover target plus ChangeLower plus the change fee; when the
// weight passes maxWeight the smallest drawn groups are dropped until it
// fits. The pool must hold positive amounts only; it is not modified.
func selectSRD(pool []*group, target, changeFee int64, r *rand.Rand, maxWeight int) (*selection, error) {
	result := newSelection(target, AlgoSRD)
	// Aim at the lower bound of the change target: SRD's change is random
	// anyway, but it should not be tiny.
	goal := target + ChangeLower + changeFee

	order := make([]int, len(pool))
	for i := range order {
		order[i] = i
	}
	r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })

	var (
		h              minAmountHeap
		selected       int64
		weight         int
		weightExceeded bool
	)
	for _, i := range order {
		g := pool[i]
		heap.Push(&h, g)
		selected += g.amount()
		weight += g.weight
		if weight > maxWeight {
			weightExceeded = true
			for {
				drop := heap.Pop(&h).(*group)
				selected -= drop.amount()
				weight -= drop.weight
				if h.Len() == 0 || weight <= maxWeight {
					break
				}
			}
		}
		if selected >= goal {
			for h.Len() > 0 {
				result.addGroup(heap.Pop(&h).(*group))
			}
			return result, nil
		}
	}
	if weightExceeded {
		return nil, ErrMaxWeightExceeded
	}
	return nil, ErrInsufficientFunds
}
