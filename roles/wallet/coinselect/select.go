package coinselect

import (
	"fmt"
	"math"
	"sort"

	"github.com/btcsuite/btcd/wire/v2"
)

// Select funds target (the recipients' amount, in satoshis) from coins the
// way Core's SelectCoins does with every coin eligible: preselected inputs
// first, then BnB, Knapsack, CoinGrinder and SRD over the coins' groups,
// keeping the least waste. Errors are ErrInsufficientFunds, one of the
// weight errors, or ErrInvalidParams wrapped with details.
func Select(coins []Coin, target int64, p Params) (Result, error) {
	return run(coins, target, &p, func(pool []typedCoin, value int64, d *derived) (*selection, error) {
		all := filter{maxAncestors: math.MaxUint64, maxDescend: math.MaxUint64, includePartialGroups: true}
		filtered, _ := groupOutputs(pool, d, []filter{all})
		gs := &groups{}
		if t := filtered[all]; t != nil {
			gs = &t.all
		}
		return chooseSelectionResult(gs, value, d, d.maxTxWeight)
	})
}

// SelectWithFilters is Select behind Core's eligibility ladder
// (AutomaticCoinSelection): coins are tried under ever more permissive
// confirmation and mempool-ancestry filters, each per output type before
// mixing types, and the first filter that funds the transaction wins.
func SelectWithFilters(coins []Coin, target int64, p Params) (Result, error) {
	return run(coins, target, &p, func(pool []typedCoin, value int64, d *derived) (*selection, error) {
		return automaticCoinSelection(pool, value, d, &p)
	})
}

// automatic runs the automatic part of a selection over the priced pool.
type automatic func(pool []typedCoin, value int64, d *derived) (*selection, error)

// run is the part of Core's CreateTransactionInternal and SelectCoins
// around the automatic selection: targets, preselected inputs, the early
// insufficient-funds check and the final result.
func run(coins []Coin, target int64, p *Params, auto automatic) (Result, error) {
	d, err := resolve(target, p)
	if err != nil {
		return Result{}, err
	}
	selectionTarget := target + d.notInputFees
	if selectionTarget == 0 && len(p.Preselected) == 0 {
		return Result{}, ErrNothingToFund
	}

	preset, presetTotal, err := preselected(p.Preselected, d)
	if err != nil {
		return Result{}, err
	}
	if p.OnlyPreselected {
		coins = nil
	}
	pool, err := pricePool(coins, preset, d)
	if err != nil {
		return Result{}, err
	}
	if p.AvoidPartialSpends && len(pool) > OutputGroupMaxEntries {
		// Keep many coins on one script from being spent in a predictable
		// order (CoinsResult::Shuffle).
		d.rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
		sort.SliceStable(pool, func(i, j int) bool { return pool[i].typ < pool[j].typ })
	}

	value := selectionTarget - presetTotal
	if p.OnlyPreselected && value > 0 {
		return Result{}, ErrPreselectedShort
	}
	var sel *selection
	if value <= 0 {
		// The preselected inputs cover it all.
		sel = newSelection(selectionTarget, AlgoManual)
		if err := sel.addCoins(preset.coins); err != nil {
			return Result{}, err
		}
		sel.useEffective, sel.weight = preset.useEffective, preset.weight
		sel.recalculateWaste(d.minViable, d.costOfChange, d.changeFee)
	} else {
		var available int64
		for _, tc := range pool {
			if d.sffo {
				available += tc.ci.Value
			} else {
				available += tc.ci.effValue
			}
		}
		if value > available {
			return Result{}, ErrInsufficientFunds
		}
		if sel, err = auto(pool, value, d); err != nil {
			return Result{}, err
		}
		if len(preset.coins) > 0 {
			if err := sel.merge(preset); err != nil {
				return Result{}, err
			}
			sel.recalculateWaste(d.minViable, d.costOfChange, d.changeFee)
			if sel.weight > d.maxTxWeight-d.noInputsVSize*witnessScale {
				return Result{}, ErrPreselectedTooHeavy
			}
		}
	}
	return finish(sel, d), nil
}

// preselected prices the preselected inputs as Core's FetchSelectedInputs
// and PreSelectedInputs do: their long-term fee stays 0 and their total
// counts effective values unless fees come from the outputs.
func preselected(cs []Coin, d *derived) (*selection, int64, error) {
	s := newSelection(0, AlgoManual)
	s.useEffective = !d.sffo
	var total int64
	for _, c := range cs {
		if c.InputVSize < 0 {
			return nil, 0, fmt.Errorf("%w: preselected input %v has no known size", ErrInvalidParams, c.OutPoint)
		}
		if c.Value < 0 || c.BumpFee < 0 {
			return nil, 0, fmt.Errorf("%w: preselected input %v has a negative amount", ErrInvalidParams, c.OutPoint)
		}
		ci := newCoinInfo(c, d.feeRate)
		if err := s.addCoins([]*coinInfo{ci}); err != nil {
			return nil, 0, err
		}
		s.weight += ci.weight()
		if d.sffo {
			total += c.Value
		} else {
			total += ci.effValue
		}
	}
	s.target = total
	return s, total, nil
}

// pricePool prices the coins, drops preselected ones, rejects duplicates
// and orders them by output type as Core's CoinsResult map does.
func pricePool(coins []Coin, preset *selection, d *derived) ([]typedCoin, error) {
	seen := make(map[wire.OutPoint]bool, len(coins))
	pool := make([]typedCoin, 0, len(coins))
	for i := range coins {
		c := &coins[i]
		if c.Value < 0 || c.BumpFee < 0 {
			return nil, fmt.Errorf("%w: coin %v has a negative amount", ErrInvalidParams, c.OutPoint)
		}
		if seen[c.OutPoint] {
			return nil, fmt.Errorf("%w: coin %v given twice", ErrInvalidParams, c.OutPoint)
		}
		seen[c.OutPoint] = true
		if preset.seen[c.OutPoint] {
			continue
		}
		pool = append(pool, typedCoin{ci: newCoinInfo(*c, d.feeRate), typ: coinType(c)})
	}
	sort.SliceStable(pool, func(i, j int) bool { return pool[i].typ < pool[j].typ })
	return pool, nil
}

// finish turns a selection into the exported Result.
func finish(s *selection, d *derived) Result {
	r := Result{
		Algorithm: s.algo,
		Waste:     s.waste,
		Change:    s.change(d.minViable, d.changeFee),
		ChangeFee: d.changeFee,
		Target:    s.target,
		Weight:    s.weight,
		Completed: s.completed,
		Inputs:    make([]Coin, len(s.coins)),
	}
	fee := d.fullNoInputFee - s.bumpDiscount
	for i, c := range s.coins {
		r.Inputs[i] = c.Coin
		fee += c.fee
		r.SelectedValue += c.Value
	}
	r.Fee = fee
	d.shuffleCoins(r.Inputs)
	return r
}
