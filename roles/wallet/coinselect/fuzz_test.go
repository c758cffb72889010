package coinselect

import (
	"errors"
	"testing"

	"github.com/btcsuite/btcd/wire/v2"
)

// fuzzCoins decodes 6 bytes per coin: a 3-byte value scaled by 100 sat, an
// input size (255 = unknown), a depth and a byte of trust, ancestry, bump
// fee and script bits.
func fuzzCoins(data []byte) []Coin {
	var coins []Coin
	for i := 0; i+6 <= len(data) && len(coins) < 64; i += 6 {
		d := data[i : i+6]
		c := Coin{
			Value:      (int64(d[0]) | int64(d[1])<<8 | int64(d[2])<<16) * 100,
			InputVSize: int(d[3]),
			Depth:      int(d[4] % 8),
			FromMe:     d[5]&1 != 0,
			Ancestors:  int(d[5]>>1) & 7,
		}
		c.Descendants = c.Ancestors
		if d[3] == 255 {
			c.InputVSize = -1
		}
		if c.Depth == 0 && d[5]&0x10 != 0 {
			c.BumpFee = int64(d[2])
		}
		// A few scripts so that avoid-partial-spends groups and types mix.
		switch d[5] >> 5 {
		case 0, 1, 2:
			c.Script = p2wpkhScript(d[5] >> 5)
		case 3:
			c.Script = append([]byte{op1, 32}, make([]byte, 32)...)
		default:
			c.Script = append(append([]byte{opDup, opHash160, 20}, make([]byte, 20)...), opEqualVerify, opCheckSig)
			c.Script[3] = d[5]
		}
		c.OutPoint = wire.OutPoint{Index: uint32(len(coins))}
		coins = append(coins, c)
	}
	return coins
}

// FuzzSelect checks the invariants of every selection: inputs are distinct
// coins from the offer, they fund the target and the fees, the weight stays
// within the limit, the reported fee, change and waste agree with a
// recomputation from the inputs, and failures are Core's errors.
func FuzzSelect(f *testing.F) {
	f.Add([]byte{0x10, 0x27, 0, 68, 6, 0, 0x20, 0x4e, 0, 68, 6, 0, 0x40, 0x9c, 0, 91, 1, 1}, uint32(300), uint16(1000), uint16(1000), uint8(0), uint64(1))
	f.Add([]byte{0xff, 0xff, 0x0f, 148, 0, 0x13, 0x00, 0x10, 0x01, 255, 3, 0x22, 0x50, 0xc3, 0, 57, 7, 0x61}, uint32(9000), uint16(30000), uint16(1000), uint8(0x1f), uint64(7))
	f.Add([]byte{1, 0, 0, 200, 6, 0, 2, 0, 0, 200, 6, 0}, uint32(1), uint16(5000), uint16(10000), uint8(0x02), uint64(3))
	f.Fuzz(func(t *testing.T, data []byte, target32 uint32, feeRate, ltRate uint16, flags uint8, seed uint64) {
		coins := fuzzCoins(data)
		var pre []Coin
		if flags&0x40 != 0 && len(coins) > 1 {
			pre = []Coin{coins[0]}
			if pre[0].InputVSize < 0 {
				pre[0].InputVSize = 68
			}
			coins = coins[1:]
		}
		target := int64(target32) * 10
		p := Params{
			FeeRate: int64(feeRate), LongTermFeeRate: int64(ltRate), DiscardFeeRate: int64(ltRate / 2),
			TxNoInputsVSize: 10 + 31*int(flags>>7+1), ChangeOutputVSize: 31, ChangeSpendVSize: 68,
			SubtractFeeOutputs: flags&0x01 != 0, AvoidPartialSpends: flags&0x02 != 0,
			IncludeUnsafe: flags&0x04 != 0, AllowLongChains: flags&0x08 != 0, TRUC: flags&0x10 != 0,
			MaxAncestors: 5, MaxDescendants: 5, Preselected: pre, Rand: seeded(seed),
			OnlyPreselected: len(pre) > 0 && seed&1 == 1,
		}
		if flags&0x20 != 0 {
			p.MaxWeight = 4000
		}
		for _, sel := range []func([]Coin, int64, Params) (Result, error){Select, SelectWithFilters} {
			p.Rand = seeded(seed)
			r, err := sel(coins, target, p)
			if err != nil {
				checkFuzzError(t, err)
				continue
			}
			checkFuzzResult(t, coins, pre, target, p, r)
		}
		// SRD alone must succeed when the positive coins clearly suffice and
		// weight cannot bind.
		if !p.SubtractFeeOutputs && len(pre) == 0 && p.MaxWeight == 0 {
			var positive int64
			for _, c := range coins {
				if e := newCoinInfo(c, p.FeeRate); e.effValue > 0 {
					positive += e.effValue
				}
			}
			need := target + feeFor(p.FeeRate, p.TxNoInputsVSize) + ChangeLower + feeFor(p.FeeRate, p.ChangeOutputVSize)
			if positive >= need && target+feeFor(p.FeeRate, p.TxNoInputsVSize) > 0 {
				p.Rand = seeded(seed)
				if _, err := Select(coins, target, p); err != nil {
					t.Fatalf("Select failed with %d of positive value for %d: %v", positive, need, err)
				}
			}
		}
	})
}

func checkFuzzError(t *testing.T, err error) {
	for _, known := range []error{ErrInsufficientFunds, ErrMaxWeightExceeded, ErrMaxWeightBelowNoInputs,
		ErrMaxWeightNoChange, ErrLongChain, ErrPreselectedTooHeavy, ErrNothingToFund, ErrPreselectedShort} {
		if errors.Is(err, known) {
			return
		}
	}
	t.Fatalf("unexpected error: %v", err)
}

func checkFuzzResult(t *testing.T, coins, pre []Coin, target int64, p Params, r Result) {
	t.Helper()
	offered := map[wire.OutPoint]bool{}
	for _, c := range coins {
		offered[c.OutPoint] = !p.OnlyPreselected
	}
	preset := map[wire.OutPoint]bool{}
	for _, c := range pre {
		preset[c.OutPoint] = true
	}
	seen := map[wire.OutPoint]bool{}
	var value, fees, ltFees, weight, bumps int64
	for _, c := range r.Inputs {
		if seen[c.OutPoint] {
			t.Fatalf("coin %v selected twice", c.OutPoint)
		}
		seen[c.OutPoint] = true
		if !offered[c.OutPoint] && !preset[c.OutPoint] {
			t.Fatalf("coin %v was not offered", c.OutPoint)
		}
		value += c.Value
		fee := c.BumpFee
		if c.InputVSize >= 0 {
			fee += feeFor(p.FeeRate, c.InputVSize)
			if !preset[c.OutPoint] {
				ltFees += feeFor(p.LongTermFeeRate, c.InputVSize)
			}
		}
		if c.InputVSize > 0 {
			weight += int64(c.InputVSize) * 4
		}
		fees += fee
		bumps += c.BumpFee
	}
	for op := range preset {
		if !seen[op] {
			t.Fatal("preselected coin missing")
		}
	}
	switch r.Algorithm {
	case AlgoBnB, AlgoKnapsack, AlgoSRD, AlgoCG, AlgoManual:
	default:
		t.Fatalf("algorithm %q", r.Algorithm)
	}
	if len(r.Inputs) == 0 {
		t.Fatal("no inputs")
	}
	mustEqual(t, "selected value", r.SelectedValue, value)
	mustEqual(t, "weight", int64(r.Weight), weight)
	maxW := int64(p.MaxWeight)
	if maxW == 0 {
		maxW = MaxStandardTxWeight
	}
	if weight > maxW-int64(p.TxNoInputsVSize)*4 {
		t.Fatalf("weight %d above %d", weight, maxW-int64(p.TxNoInputsVSize)*4)
	}
	noInputFee := feeFor(p.FeeRate, p.TxNoInputsVSize)
	// No discount callback here, so the fee is the plain sum.
	mustEqual(t, "fee", r.Fee, fees+noInputFee)
	selTarget := target
	if !p.SubtractFeeOutputs {
		selTarget += noInputFee
	}
	mustEqual(t, "target", r.Target, selTarget)
	selected := value
	changeFee := feeFor(p.FeeRate, p.ChangeOutputVSize)
	change := value - selTarget
	if !p.SubtractFeeOutputs {
		selected = value - fees
		change = selected - selTarget - changeFee
	}
	if selected < selTarget {
		t.Fatalf("selected %d below target %d (fees %d)", selected, selTarget, fees)
	}
	spendFee := feeFor(p.DiscardFeeRate, p.ChangeSpendVSize)
	minViable := max(spendFee+1, dustThreshold(nil, p.ChangeOutputVSize, p.DiscardFeeRate))
	if change < minViable {
		change = 0
	}
	mustEqual(t, "change", r.Change, change)
	waste := fees - ltFees
	if change > 0 {
		waste += changeFee + spendFee
	} else {
		waste += selected - selTarget
	}
	mustEqual(t, "waste", r.Waste, waste)
	_ = bumps
}
