package coinselect

import "math/rand/v2"

// Core constants used by selection.
const (
	// ChangeLower and ChangeUpper bound the random change target.
	ChangeLower int64 = 50000
	ChangeUpper int64 = 1000000
	// MaxStandardTxWeight is policy's maximum standard transaction weight.
	MaxStandardTxWeight = 400000
	// MinStandardTxWeight is the smallest weight accepted as a maximum
	// (MIN_STANDARD_TX_NONWITNESS_SIZE × 4).
	MinStandardTxWeight = 65 * witnessScale
	// TRUCChildMaxWeight caps version 3 transactions spending unconfirmed
	// coins.
	TRUCChildMaxWeight = 1000 * witnessScale
	// TotalTries bounds the Branch and Bound and CoinGrinder searches.
	TotalTries = 100000
	// OutputGroupMaxEntries caps a group of same-script coins.
	OutputGroupMaxEntries = 100
	// DefaultPackageLimit is the default mempool ancestor/descendant count.
	DefaultPackageLimit = 25
	// DummyNestedP2WPKHInputSize is the spend size assumed for change the
	// wallet cannot size.
	DummyNestedP2WPKHInputSize = 91

	witnessScale = 4
)

// feeFor is CFeeRate::GetFee: the fee for vsize virtual bytes at rate sat/kvB,
// rounded up. Negative sizes count as zero.
func feeFor(rate int64, vsize int) int64 {
	if vsize <= 0 || rate == 0 {
		return 0
	}
	n := rate * int64(vsize)
	q := n / 1000
	if n%1000 > 0 {
		q++
	}
	if q == 0 && rate < 0 {
		return -1
	}
	return q
}

// GenerateChangeTarget is Core's random change target: the change fee plus
// 50000 sat for payments up to 25000 sat, else the change fee plus a uniform
// draw in [50000, min(2×payment, 1000000)).
func GenerateChangeTarget(paymentValue, changeFee int64, r *rand.Rand) int64 {
	if paymentValue <= ChangeLower/2 {
		return changeFee + ChangeLower
	}
	upper := min(paymentValue*2, ChangeUpper)
	return changeFee + r.Int64N(upper-ChangeLower) + ChangeLower
}

// dustThreshold is policy's GetDustThreshold for an output of outputSize
// serialized bytes at rate: the cost of the output plus the input spending
// it (a witness input's signature data discounted).
func dustThreshold(script []byte, outputSize int, rate int64) int64 {
	if len(script) > 0 && (script[0] == opReturn || len(script) > maxScriptSize) {
		return 0
	}
	size := outputSize
	if script == nil || isWitnessProgram(script) {
		size += 32 + 4 + 1 + 107/witnessScale + 4
	} else {
		size += 32 + 4 + 1 + 107 + 4
	}
	return feeFor(rate, size)
}
