package coinselect

import (
	"math"
	"testing"
)

// fuzzGroups decodes up to 12 one-coin groups, 4 bytes each: a 2-byte
// effective value (in 1000 sat) and a 2-byte input size.
func fuzzGroups(b *builder, data []byte) []*group {
	var gs []*group
	for i := 0; i+4 <= len(data) && len(gs) < 12; i += 4 {
		eff := (int64(data[i]) | int64(data[i+1])<<8) * 1000
		vsize := 41 + (int(data[i+2])|int(data[i+3])<<8)%2000
		if eff == 0 {
			eff = 1
		}
		gs = append(gs, b.effGroup(eff, vsize))
	}
	return gs
}

// FuzzAlgorithms compares the search algorithms with brute force over
// small pools, as Core's coin_grinder_is_optimal fuzz target does:
// CoinGrinder must return the lightest (then smallest) funding set, and
// BnB, whenever the feerate is not below the long-term feerate, a
// changeless set of least waste. SRD and Knapsack results must fund the
// target within the weight limit.
func FuzzAlgorithms(f *testing.F) {
	f.Add([]byte{10, 0, 68, 0, 20, 0, 68, 0, 30, 0, 100, 0, 5, 0, 1, 0}, uint32(25), uint16(5000), uint16(2000), uint32(0), uint16(0), uint64(1))
	f.Add([]byte{1, 1, 68, 0, 2, 2, 68, 1, 3, 3, 255, 0, 4, 4, 7, 7, 9, 0, 0, 0}, uint32(900), uint16(1000), uint16(10000), uint32(3000), uint16(359), uint64(2))
	f.Fuzz(func(t *testing.T, data []byte, target32 uint32, feeRate, ltRate uint16, maxW32 uint32, coc16 uint16, seed uint64) {
		b := &builder{feeRate: int64(feeRate), ltRate: int64(ltRate)}
		gs := fuzzGroups(b, data)
		target := int64(target32%100_000)*1000 + 1
		changeTarget := ChangeLower + feeFor(b.feeRate, 31)
		costOfChange := int64(coc16)
		maxWeight := MaxStandardTxWeight
		if maxW32 != 0 {
			maxWeight = int(maxW32 % 20_000)
		}

		// Brute force.
		bestW, bestAmt := math.MaxInt, int64(math.MaxInt64)
		bestWaste := int64(math.MaxInt64)
		for pattern := 1; pattern < 1<<len(gs); pattern++ {
			var amt, waste int64
			w := 0
			for i, g := range gs {
				if pattern>>i&1 == 1 {
					amt += g.amount()
					w += g.weight
					waste += g.fee - g.longTermFee
				}
			}
			if w > maxWeight {
				continue
			}
			if amt >= target+changeTarget && (w < bestW || (w == bestW && amt < bestAmt)) {
				bestW, bestAmt = w, amt
			}
			if amt >= target && amt <= target+costOfChange && waste+amt-target < bestWaste {
				bestWaste = waste + amt - target
			}
		}

		cg, err := selectCoinGrinder(gs, target, changeTarget, maxWeight)
		switch {
		case bestW == math.MaxInt && err == nil:
			t.Fatalf("CoinGrinder found %v where brute force found nothing", values(cg))
		case bestW != math.MaxInt && err != nil:
			t.Fatalf("CoinGrinder failed (%v); best weight %d amount %d", err, bestW, bestAmt)
		case err == nil:
			if !cg.completed {
				t.Fatal("CoinGrinder ran out of tries on a tiny pool")
			}
			var amt int64
			for _, c := range cg.coins {
				amt += c.effValue
			}
			if cg.weight != bestW || amt != bestAmt {
				t.Fatalf("CoinGrinder chose weight %d amount %d, best is %d/%d", cg.weight, amt, bestW, bestAmt)
			}
		}

		if b.feeRate >= b.ltRate {
			bnb, err := selectBnB(gs, target, costOfChange, maxWeight)
			switch {
			case bestWaste == math.MaxInt64 && err == nil:
				t.Fatalf("BnB found %v where brute force found nothing", values(bnb))
			case bestWaste != math.MaxInt64 && err != nil:
				t.Fatalf("BnB failed (%v); best waste %d", err, bestWaste)
			case err == nil:
				if bnb.waste != bestWaste {
					t.Fatalf("BnB waste %d, best is %d", bnb.waste, bestWaste)
				}
				if bnb.weight > maxWeight {
					t.Fatalf("BnB weight %d above %d", bnb.weight, maxWeight)
				}
			}
		}

		if s, err := selectSRD(gs, target, feeFor(b.feeRate, 31), seeded(seed), maxWeight); err == nil {
			if got := s.selectedEffectiveValue(); got < target+ChangeLower+feeFor(b.feeRate, 31) || s.weight > maxWeight {
				t.Fatalf("SRD selected %d with weight %d", got, s.weight)
			}
		}
		if s, err := selectKnapsack(gs, target, changeTarget, seeded(seed), maxWeight); err == nil {
			if got := s.selectedEffectiveValue(); got < target || s.weight > maxWeight {
				t.Fatalf("Knapsack selected %d with weight %d", got, s.weight)
			}
		}
	})
}
