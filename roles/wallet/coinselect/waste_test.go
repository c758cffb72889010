package coinselect

import (
	"testing"
)

// manual builds a selection of coins with fixed fees, as
// coinselector_tests.cpp's add_coin(value, n, result, fee, long_term_fee).
func manual(target int64, fee, ltFee int64, vals ...int64) *selection {
	s := newSelection(target, AlgoManual)
	b := &builder{}
	for _, v := range vals {
		ci := &coinInfo{Coin: b.coin(v, 148), fee: fee, longTermFee: ltFee, effValue: v - fee}
		g := newGroup(false)
		g.coins = []*coinInfo{ci}
		g.weight = ci.weight()
		s.addGroup(g)
	}
	return s
}

// TestWaste ports waste_test.
func TestWaste(t *testing.T) {
	const (
		fee         = 100
		minViable   = 300
		changeCost  = 125
		changeFee   = 30
		feeDiff     = 40
		inAmt       = 3 * coinAmt
		target      = 2 * coinAmt
		excess      = 80
		exactTarget = inAmt - fee*2
	)
	waste := func(s *selection, cost int64) int64 {
		s.recalculateWaste(minViable, cost, changeFee)
		return s.waste
	}
	w1 := waste(manual(target, fee, fee-feeDiff, coinAmt, 2*coinAmt), changeCost)
	mustEqual(t, "with change", w1, feeDiff*2+changeCost)
	if w2 := waste(manual(target, fee*2, fee-feeDiff, coinAmt, 2*coinAmt), changeCost); w2 <= w1 {
		t.Fatalf("higher fee gave waste %d ≤ %d", w2, w1)
	}
	w3 := waste(manual(target, fee, fee+feeDiff, coinAmt, 2*coinAmt), changeCost)
	mustEqual(t, "with change, long-term fee higher", w3, -feeDiff*2+changeCost)

	n1 := waste(manual(exactTarget-excess, fee, fee-feeDiff, coinAmt, 2*coinAmt), changeCost)
	mustEqual(t, "without change", n1, feeDiff*2+excess)
	n2 := waste(manual(exactTarget-excess, fee, fee+feeDiff, coinAmt, 2*coinAmt), changeCost)
	mustEqual(t, "without change, long-term fee higher", n2, -feeDiff*2+excess)

	mustEqual(t, "change, equal fees", waste(manual(target, fee, fee, coinAmt, 2*coinAmt), changeCost), int64(changeCost))
	mustEqual(t, "no change, equal fees", waste(manual(exactTarget-excess, fee, fee, coinAmt, 2*coinAmt), changeCost), int64(excess))
	mustEqual(t, "exact, equal fees", waste(manual(exactTarget, fee, fee, coinAmt, 2*coinAmt), changeCost), int64(0))
	mustEqual(t, "fee saving cancels change cost", waste(manual(target, fee, fee+feeDiff, coinAmt, 2*coinAmt), feeDiff*2), int64(0))
	mustEqual(t, "fee saving cancels excess", waste(manual(exactTarget-feeDiff*2, fee, fee+feeDiff, coinAmt, 2*coinAmt), changeCost), int64(0))
	mustEqual(t, "negative exact", waste(manual(exactTarget, fee, fee+feeDiff, coinAmt, 2*coinAmt), changeCost), int64(-2*feeDiff))
	mustEqual(t, "negative with change", waste(manual(target, fee, fee+90, coinAmt, 2*coinAmt), changeCost), int64(-55))
}

// TestBumpFeeWaste ports bump_fee_test: bump fees count as input fees and a
// shared-ancestry discount lowers the waste with change, but not without.
func TestBumpFeeWaste(t *testing.T) {
	const (
		fee        = 100
		minViable  = 200
		changeCost = 125
		changeFee  = 35
		feeDiff    = 40
	)
	bump := func(s *selection) {
		for i, c := range s.coins {
			c.BumpFee = int64(20 * (i + 1))
			c.fee += c.BumpFee
			c.effValue = c.Value - c.fee
		}
	}
	s := manual(2*coinAmt, fee, fee+feeDiff, coinAmt, 2*coinAmt)
	bump(s)
	s.recalculateWaste(minViable, changeCost, changeFee)
	mustEqual(t, "with change", s.waste, int64(-feeDiff*2+changeCost+60))
	s.bumpDiscount = 30
	s.recalculateWaste(minViable, changeCost, changeFee)
	mustEqual(t, "with change and discount", s.waste, int64(-feeDiff*2+changeCost+60-30))

	s = manual(3*coinAmt-2*fee-100, fee, fee+feeDiff, coinAmt, 2*coinAmt)
	bump(s)
	s.recalculateWaste(minViable, changeCost, changeFee)
	mustEqual(t, "changeless", s.waste, int64(-feeDiff*2+60+40))
	s.bumpDiscount = 30
	s.recalculateWaste(minViable, changeCost, changeFee)
	mustEqual(t, "changeless and discount", s.waste, int64(-feeDiff*2+60-30+70))
}

// TestEffectiveValue ports effective_value_test.
func TestEffectiveValue(t *testing.T) {
	b := &builder{}
	mustEqual(t, "148 vB at 1 sat/vB", newCoinInfo(b.coin(10_000, 148), 1000).effValue, int64(9852))
	mustEqual(t, "unknown size", newCoinInfo(b.coin(10_000, -1), 1000).effValue, int64(10_000))
	mustEqual(t, "negative", newCoinInfo(b.coin(10_000, 148), 100_000).effValue, int64(-4800))
	c := b.coin(10_000, 148)
	c.BumpFee = 52
	mustEqual(t, "bump fee", newCoinInfo(c, 1000).effValue, int64(9800))
}

// TestFeeFor checks CFeeRate::GetFee's rounding up.
func TestFeeFor(t *testing.T) {
	for _, tc := range []struct {
		rate  int64
		vsize int
		want  int64
	}{
		{1000, 148, 148}, {5000, 31, 155}, {3000, 68, 204}, {1, 1, 1}, {1, 1000, 1},
		{1, 1001, 2}, {999, 1, 1}, {0, 500, 0}, {1234, 0, 0}, {1000, -1, 0}, {-1, 1, -1}, {-1000, 2, -2},
	} {
		mustEqual(t, "fee", feeFor(tc.rate, tc.vsize), tc.want)
	}
}

// TestGenerateChangeTarget checks the bounds of the random change target.
func TestGenerateChangeTarget(t *testing.T) {
	r := seeded(3)
	mustEqual(t, "small payment", GenerateChangeTarget(25_000, 155, r), 155+ChangeLower)
	seen := map[bool]bool{}
	for range 2000 {
		for _, pay := range []int64{25_001, 40_000, 300_000, 10 * coinAmt} {
			got := GenerateChangeTarget(pay, 155, r) - 155
			upper := min(2*pay, ChangeUpper)
			if got < ChangeLower || got >= upper {
				t.Fatalf("payment %d: change target %d outside [%d, %d)", pay, got, ChangeLower, upper)
			}
			seen[got > (ChangeLower+upper)/2] = true
		}
	}
	if !seen[true] || !seen[false] {
		t.Fatal("change targets not spread over their range")
	}
}

// TestDust checks the change dust threshold against policy's values at the
// 3 sat/vB dust relay feerate (294 for P2WPKH, 546 for P2PKH).
func TestDust(t *testing.T) {
	p2pkh := append([]byte{opDup, opHash160, 20}, make([]byte, 20)...)
	p2pkh = append(p2pkh, opEqualVerify, opCheckSig)
	mustEqual(t, "p2wpkh", dustThreshold(p2wpkhScript(1), 31, 3000), int64(294))
	mustEqual(t, "default", dustThreshold(nil, 31, 3000), int64(294))
	mustEqual(t, "p2pkh", dustThreshold(p2pkh, 34, 3000), int64(546))
	mustEqual(t, "op_return", dustThreshold([]byte{opReturn, 1, 2}, 11, 3000), int64(0))
}

// TestScriptOutputType checks the mapping of scripts to output types.
func TestScriptOutputType(t *testing.T) {
	p2pkh := append([]byte{opDup, opHash160, 20}, make([]byte, 20)...)
	p2pkh = append(p2pkh, opEqualVerify, opCheckSig)
	p2sh := append([]byte{opHash160, 20}, make([]byte, 20)...)
	p2sh = append(p2sh, opEqual)
	p2wsh := append([]byte{op0, 32}, make([]byte, 32)...)
	p2tr := append([]byte{op1, 32}, make([]byte, 32)...)
	v2 := append([]byte{op1 + 1, 16}, make([]byte, 16)...)
	for _, tc := range []struct {
		s    []byte
		want OutputType
	}{
		{p2pkh, Legacy}, {p2sh, Legacy}, {p2wpkhScript(1), Bech32}, {p2wsh, Bech32},
		{p2tr, Bech32m}, {v2, Bech32m}, {[]byte{op1, 2, 0x4e, 0x73}, UnknownType},
		{append([]byte{op0, 25}, make([]byte, 25)...), UnknownType}, {nil, UnknownType},
		{append([]byte{33}, append(make([]byte, 33), opCheckSig)...), UnknownType},
	} {
		mustEqual(t, "type of "+string(rune('a'+len(tc.s)%26)), scriptOutputType(tc.s), tc.want)
	}
}
