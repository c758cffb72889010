package coinselect

import (
	"fmt"

	"github.com/btcsuite/btcd/wire/v2"
)

// Algorithm names, as Core's GetAlgorithmName.
const (
	AlgoBnB      = "bnb"
	AlgoKnapsack = "knapsack"
	AlgoSRD      = "srd"
	AlgoCG       = "cg"
	AlgoManual   = "manual"
)

// selection is Core's SelectionResult.
type selection struct {
	coins        []*coinInfo
	seen         map[wire.OutPoint]bool
	target       int64
	algo         string
	useEffective bool
	waste        int64
	hasWaste     bool
	completed    bool
	tries        int
	weight       int
	bumpDiscount int64
}

func newSelection(target int64, algo string) *selection {
	return &selection{target: target, algo: algo, completed: true, seen: map[wire.OutPoint]bool{}}
}

// addCoins appends coins, refusing a coin already selected.
func (s *selection) addCoins(cs []*coinInfo) error {
	for _, c := range cs {
		if s.seen[c.OutPoint] {
			return fmt.Errorf("%w: coin %v selected twice", ErrInvalidParams, c.OutPoint)
		}
	}
	for _, c := range cs {
		s.seen[c.OutPoint] = true
		s.coins = append(s.coins, c)
	}
	return nil
}

// addGroup is SelectionResult::AddInput. Algorithms only add distinct
// groups of one pool, so a failure here is a bug in the pool.
func (s *selection) addGroup(g *group) {
	if err := s.addCoins(g.coins); err != nil {
		panic(fmt.Sprintf("coinselect: internal error: %v", err))
	}
	s.useEffective = !g.sffo
	s.weight += g.weight
}

// clear empties the selection (SelectionResult::Clear).
func (s *selection) clear() {
	s.coins = nil
	s.seen = map[wire.OutPoint]bool{}
	s.hasWaste = false
	s.weight = 0
}

func (s *selection) selectedValue() int64 {
	var v int64
	for _, c := range s.coins {
		v += c.Value
	}
	return v
}

func (s *selection) selectedEffectiveValue() int64 {
	var v int64
	for _, c := range s.coins {
		v += c.effValue
	}
	return v + s.bumpDiscount
}

// change is SelectionResult::GetChange: what is left for a change output
// after the change fee, or 0 below minViable.
func (s *selection) change(minViable, changeFee int64) int64 {
	var ch int64
	if s.useEffective {
		ch = s.selectedEffectiveValue() - s.target - changeFee
	} else {
		ch = s.selectedValue() - s.target
	}
	if ch < minViable {
		return 0
	}
	return ch
}

// recalculateWaste is SelectionResult::RecalculateWaste: the inputs' fee
// now minus at the long-term feerate, plus the cost of change when there is
// change, else the excess given to fees.
func (s *selection) recalculateWaste(minViable, changeCost, changeFee int64) {
	var waste int64
	for _, c := range s.coins {
		waste += c.fee - c.longTermFee
	}
	waste -= s.bumpDiscount
	if s.change(minViable, changeFee) != 0 {
		waste += changeCost
	} else {
		sel := s.selectedValue()
		if s.useEffective {
			sel = s.selectedEffectiveValue()
		}
		waste += sel - s.target
	}
	s.waste = waste
	s.hasWaste = true
}

// better is SelectionResult::operator< as used by std::min_element: less
// waste, and on equal waste more inputs.
func (s *selection) better(o *selection) bool {
	return s.waste < o.waste || (s.waste == o.waste && len(s.coins) > len(o.coins))
}

// merge is SelectionResult::Merge, used to add the preselected inputs.
func (s *selection) merge(o *selection) error {
	if err := s.addCoins(o.coins); err != nil {
		return err
	}
	s.target += o.target
	s.useEffective = s.useEffective || o.useEffective
	if s.algo == AlgoManual {
		s.algo = o.algo
	}
	s.weight += o.weight
	return nil
}

// best returns the first least-waste selection.
func best(ss []*selection) *selection {
	b := ss[0]
	for _, s := range ss[1:] {
		if s.better(b) {
			b = s
		}
	}
	return b
}
