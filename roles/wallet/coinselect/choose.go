package coinselect

import (
	"errors"
	"fmt"

	"github.com/btcsuite/btcd/wire/v2"
)

// specific reports whether err is more than the generic "no solution"
// (Core's HasErrorMsg).
func specific(err error) bool {
	return err != nil && !errors.Is(err, ErrInsufficientFunds)
}

// chooseSelectionResult is Core's ChooseSelectionResult: run BnB (unless
// fees come from the outputs), Knapsack, CoinGrinder (when FeeRate >
// 3×LongTermFeeRate) and SRD on one pool and keep the least waste; ties go
// to more inputs, then to the earlier algorithm. maxTxWeight is the weight
// cap in force.
func chooseSelectionResult(gs *groups, target int64, d *derived, maxTxWeight int) (*selection, error) {
	var (
		results []*selection
		errs    []error
	)
	keep := func(s *selection, err error) {
		if err != nil {
			if specific(err) {
				errs = append(errs, err)
			}
			return
		}
		results = append(results, s)
	}

	maxSelWeight := maxTxWeight - d.noInputsVSize*witnessScale
	if maxSelWeight <= 0 {
		return nil, ErrMaxWeightBelowNoInputs
	}
	// Changeless solutions are fragile when fees come from the outputs.
	if !d.sffo {
		keep(selectBnB(gs.positive, target, d.costOfChange, maxSelWeight))
	}
	// The other algorithms may add change: leave room for it.
	maxSelWeight -= d.changeOutputVSize * witnessScale
	if maxSelWeight < 0 && len(results) == 0 {
		return nil, ErrMaxWeightNoChange
	}
	// Knapsack keeps its legacy habit of spending dust: it gets all groups.
	keep(selectKnapsack(gs.mixed, target, d.minChangeTarget, d.rng, maxSelWeight))
	if d.feeRate > 3*d.longTermFeeRate {
		s, err := selectCoinGrinder(gs.positive, target, d.minChangeTarget, maxSelWeight)
		if err == nil {
			s.recalculateWaste(d.minViable, d.costOfChange, d.changeFee)
		}
		keep(s, err)
	}
	keep(selectSRD(gs.positive, target, d.changeFee, d.rng, maxSelWeight))

	if len(results) == 0 {
		if len(errs) > 0 {
			return nil, errs[0]
		}
		return nil, ErrInsufficientFunds
	}

	for _, s := range results {
		if err := applyBumpFeeDiscount(s, d); err != nil {
			return nil, err
		}
		s.recalculateWaste(d.minViable, d.costOfChange, d.changeFee)
	}
	return best(results), nil
}

// applyBumpFeeDiscount credits a selection with what its unconfirmed coins'
// separately computed bump fees overstate when their ancestry overlaps.
func applyBumpFeeDiscount(s *selection, d *derived) error {
	if d.combinedBumpFee == nil {
		return nil
	}
	var (
		outpoints []wire.OutPoint
		summed    int64
	)
	for _, c := range s.coins {
		if c.Depth > 0 {
			continue
		}
		outpoints = append(outpoints, c.OutPoint)
		summed += c.BumpFee
	}
	if len(outpoints) == 0 {
		return nil
	}
	combined, ok := d.combinedBumpFee(outpoints, d.feeRate)
	if !ok {
		return ErrBumpFeeCluster
	}
	if over := summed - combined; over < 0 {
		return fmt.Errorf("%w: combined bump fee %d exceeds the coins' bump fees %d", ErrInvalidParams, combined, summed)
	} else if over > 0 {
		s.bumpDiscount = over
	}
	return nil
}
