package coinselect

import (
	crand "crypto/rand"
	"fmt"
	"math/rand/v2"
)

// derived is Params resolved into Core's CoinSelectionParams values.
type derived struct {
	feeRate, longTermFeeRate, discardFeeRate int64
	noInputsVSize                            int
	changeOutputVSize, changeSpendVSize      int
	sffo, avoidPartial, includeUnsafe        bool
	maxTxWeight                              int
	rng                                      *rand.Rand

	changeFee       int64 // fee of the change output now
	costOfChange    int64 // change fee now plus spending it at the discard rate
	minChangeTarget int64 // Knapsack/CoinGrinder change target
	minViable       int64 // smallest change worth creating
	notInputFees    int64 // fee of the tx without inputs, 0 with SFFO
	fullNoInputFee  int64 // fee of the tx without inputs, always
	combinedBumpFee CombinedBumpFeeFunc
}

// resolve validates p and computes what CreateTransactionInternal derives
// before selection. recipients is the target passed by the caller.
func resolve(recipients int64, p *Params) (*derived, error) {
	switch {
	case recipients < 0:
		return nil, fmt.Errorf("%w: negative target %d", ErrInvalidParams, recipients)
	case p.FeeRate < 0 || p.LongTermFeeRate < 0 || p.DiscardFeeRate < 0:
		return nil, fmt.Errorf("%w: negative feerate", ErrInvalidParams)
	case p.TxNoInputsVSize < 0 || p.ChangeOutputVSize < 0:
		return nil, fmt.Errorf("%w: negative size", ErrInvalidParams)
	case p.MinChange < 0 || p.MinViableChange < 0 || p.NumRecipients < 0:
		return nil, fmt.Errorf("%w: negative change parameter", ErrInvalidParams)
	}
	d := &derived{
		feeRate:           p.FeeRate,
		longTermFeeRate:   p.LongTermFeeRate,
		discardFeeRate:    p.DiscardFeeRate,
		noInputsVSize:     p.TxNoInputsVSize,
		changeOutputVSize: p.ChangeOutputVSize,
		changeSpendVSize:  p.ChangeSpendVSize,
		sffo:              p.SubtractFeeOutputs,
		avoidPartial:      p.AvoidPartialSpends,
		includeUnsafe:     p.IncludeUnsafe,
		maxTxWeight:       p.MaxWeight,
		combinedBumpFee:   p.CombinedBumpFee,
	}
	if d.maxTxWeight == 0 {
		d.maxTxWeight = MaxStandardTxWeight
	}
	if d.maxTxWeight < MinStandardTxWeight || d.maxTxWeight > MaxStandardTxWeight {
		return nil, ErrMaxWeightRange
	}
	if d.changeSpendVSize < 0 {
		d.changeSpendVSize = DummyNestedP2WPKHInputSize
	}
	if p.Rand != nil {
		d.rng = p.Rand
	} else {
		var seed [32]byte
		if _, err := crand.Read(seed[:]); err != nil {
			return nil, fmt.Errorf("seeding coin selection randomness: %w", err)
		}
		d.rng = rand.New(rand.NewChaCha8(seed))
	}

	d.changeFee = feeFor(d.feeRate, d.changeOutputVSize)
	changeSpendFee := feeFor(d.discardFeeRate, d.changeSpendVSize)
	d.costOfChange = changeSpendFee + d.changeFee
	if p.MinChange > 0 {
		d.minChangeTarget = p.MinChange
	} else {
		n := int64(max(p.NumRecipients, 1))
		d.minChangeTarget = GenerateChangeTarget(recipients/n, d.changeFee, d.rng)
	}
	if p.MinViableChange > 0 {
		d.minViable = p.MinViableChange
	} else {
		dust := dustThreshold(p.ChangeScript, d.changeOutputVSize, d.discardFeeRate)
		d.minViable = max(changeSpendFee+1, dust)
	}
	d.fullNoInputFee = feeFor(d.feeRate, d.noInputsVSize)
	if !d.sffo {
		d.notInputFees = d.fullNoInputFee
	}
	return d, nil
}

// shuffleCoins shuffles a slice of coins with the selection's randomness.
func (d *derived) shuffleCoins(cs []Coin) {
	d.rng.Shuffle(len(cs), func(i, j int) { cs[i], cs[j] = cs[j], cs[i] })
}
