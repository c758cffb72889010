package coinselect

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/btcsuite/btcd/wire/v2"
)

// zeroFeeParams are check_max_selection_weight's parameters.
func zeroFeeParams(seed uint64) Params {
	return Params{
		TxNoInputsVSize: 10 + 34, ChangeOutputVSize: 34, ChangeSpendVSize: 68,
		MinChange: cent, Rand: seeded(seed),
	}
}

func has(r Result, value int64) bool {
	return slices.ContainsFunc(r.Inputs, func(c Coin) bool { return c.Value == value })
}

// checkResult verifies what every successful selection must satisfy.
func checkResult(t *testing.T, r Result, target int64, p Params) {
	t.Helper()
	maxW := p.MaxWeight
	if maxW == 0 {
		maxW = MaxStandardTxWeight
	}
	if r.Weight > maxW-p.TxNoInputsVSize*4 {
		t.Fatalf("input weight %d above %d", r.Weight, maxW-p.TxNoInputsVSize*4)
	}
	if r.SelectedValue < target {
		t.Fatalf("selected %d below target %d", r.SelectedValue, target)
	}
	seen := map[wire.OutPoint]bool{}
	var sum int64
	for _, c := range r.Inputs {
		if seen[c.OutPoint] {
			t.Fatalf("input %v twice", c.OutPoint)
		}
		seen[c.OutPoint] = true
		sum += c.Value
	}
	mustEqual(t, "selected value", r.SelectedValue, sum)
	if !p.SubtractFeeOutputs {
		if got := r.SelectedValue - r.Fee; got < target {
			t.Fatalf("inputs %d minus fee %d do not cover %d", r.SelectedValue, r.Fee, target)
		}
		if r.Change > 0 && r.SelectedValue-r.Fee-r.ChangeFee-r.Change != target {
			t.Fatalf("change %d does not balance: in %d fee %d change fee %d target %d", r.Change, r.SelectedValue, r.Fee, r.ChangeFee, target)
		}
	}
}

// TestCheckMaxSelectionWeight ports check_max_selection_weight.
func TestCheckMaxSelectionWeight(t *testing.T) {
	target := 49*coinAmt + coinAmt/2
	maxInputs := MaxStandardTxWeight - 4*(44+34)
	b := &builder{}
	t.Run("one big coin", func(t *testing.T) {
		var coins []Coin
		for range 1515 {
			coins = append(coins, b.coin(33*coinAmt/1000, 68))
		}
		coins = append(coins, b.coin(50*coinAmt, 68))
		p := zeroFeeParams(1)
		r, err := SelectWithFilters(coins, target, p)
		if err != nil {
			t.Fatal(err)
		}
		checkResult(t, r, target, p)
		if !has(r, 50*coinAmt) || r.Weight > maxInputs {
			t.Fatalf("selection without the 50 BTC coin or too heavy: %d inputs, weight %d", len(r.Inputs), r.Weight)
		}
	})
	t.Run("mixed small coins", func(t *testing.T) {
		var coins []Coin
		for range 400 {
			coins = append(coins, b.coin(625*coinAmt/10000, 68))
		}
		for range 2000 {
			coins = append(coins, b.coin(25*coinAmt/1000, 68))
		}
		p := zeroFeeParams(2)
		r, err := SelectWithFilters(coins, target, p)
		if err != nil {
			t.Fatal(err)
		}
		checkResult(t, r, target, p)
		if !has(r, 625*coinAmt/10000) || !has(r, 25*coinAmt/1000) || r.Weight > maxInputs {
			t.Fatalf("unexpected selection: %d inputs, weight %d", len(r.Inputs), r.Weight)
		}
	})
	t.Run("too heavy", func(t *testing.T) {
		var coins []Coin
		for range 1515 {
			coins = append(coins, b.coin(33*coinAmt/1000, 68))
		}
		_, err := SelectWithFilters(coins, target, zeroFeeParams(3))
		if !errors.Is(err, ErrMaxWeightExceeded) {
			t.Fatalf("got %v, want %v", err, ErrMaxWeightExceeded)
		}
	})
}

// TestSelectCoinsRandomWallets ports SelectCoins_test: with 1000
// exponentially distributed coins any target up to the balance is funded.
func TestSelectCoinsRandomWallets(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for run := range 8 {
		b := &builder{}
		var coins []Coin
		var balance int64
		for range 1000 {
			v := int64(r.ExpFloat64() / 100 * 10_000_000)
			coins = append(coins, b.coin(v, -1))
			balance += v
		}
		target := r.Int64N(balance-1000) + 1000
		p := Params{ChangeOutputVSize: 34, ChangeSpendVSize: 148, MinChange: cent, MinViableChange: 1, Rand: seeded(uint64(run))}
		res, err := SelectWithFilters(coins, target, p)
		if err != nil {
			t.Fatalf("run %d: target %d of %d: %v", run, target, balance, err)
		}
		checkResult(t, res, target, p)
	}
}

// TestBnBSkippedWithSFFO ports bnb_sffo_restriction.
func TestBnBSkippedWithSFFO(t *testing.T) {
	b := &builder{}
	costOfChange := feeFor(1000, 68) + feeFor(3000, 31)
	var coins []Coin
	for _, v := range []int64{coinAmt + costOfChange, coinAmt/2 + costOfChange, coinAmt / 2} {
		c := b.coin(v, 68)
		c.FromMe, c.Depth = true, 6
		coins = append(coins, c)
	}
	for seed := uint64(0); seed < 20; seed++ {
		p := Params{FeeRate: 3000, LongTermFeeRate: 1000, DiscardFeeRate: 1000, ChangeOutputVSize: 31, ChangeSpendVSize: 68,
			SubtractFeeOutputs: true, MinChange: costOfChange + 1, Rand: seeded(seed)}
		r, err := SelectWithFilters(coins, coinAmt, p)
		if err != nil {
			t.Fatal(err)
		}
		if r.Algorithm != AlgoSRD && r.Algorithm != AlgoKnapsack {
			t.Fatalf("algorithm %q with fees subtracted from outputs", r.Algorithm)
		}
		mustEqual(t, "inputs", len(r.Inputs), 2)
	}
	// Without SFFO the single coin at the BnB upper bound wins.
	p := Params{FeeRate: 3000, LongTermFeeRate: 1000, DiscardFeeRate: 1000, ChangeOutputVSize: 31, ChangeSpendVSize: 68,
		MinChange: costOfChange + 1, Rand: seeded(1)}
	r, err := SelectWithFilters([]Coin{b.coin(coinAmt+feeFor(3000, 68)+100, 68), b.coin(3*coinAmt, 68)}, coinAmt, p)
	if err != nil {
		t.Fatal(err)
	}
	mustEqual(t, "algorithm", r.Algorithm, AlgoBnB)
	mustEqual(t, "change", r.Change, int64(0))
}

// TestPreselected ports bnb_search_test's preset-input cases and
// SelectCoins_effective_value_test.
func TestPreselected(t *testing.T) {
	b := &builder{}
	t.Run("covers the rest", func(t *testing.T) {
		coins := []Coin{b.coin(5*cent, 68), b.coin(3*cent, 68), b.coin(2*cent, 68)}
		p := Params{ChangeOutputVSize: 31, ChangeSpendVSize: 68, Preselected: []Coin{coins[0]}, Rand: seeded(1)}
		r, err := SelectWithFilters(coins[1:], 10*cent, p)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(r.Inputs, func(c Coin) bool { return c.OutPoint == coins[0].OutPoint }) {
			t.Fatal("preselected coin missing")
		}
		checkResult(t, r, 10*cent, p)
	})
	t.Run("kept even if disadvantageous", func(t *testing.T) {
		fee := feeFor(5000, 68)
		coins := []Coin{b.coin(10*cent+fee, 68), b.coin(9*cent+fee, 68), b.coin(cent+fee, 68)}
		p := Params{FeeRate: 5000, LongTermFeeRate: 3000, DiscardFeeRate: 1000, ChangeOutputVSize: 31, ChangeSpendVSize: 68,
			Preselected: []Coin{coins[1]}, Rand: seeded(1)}
		// The preselected coin is also offered: it must be dropped from the pool.
		r, err := SelectWithFilters(coins, 10*cent, p)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, c := range r.Inputs {
			got = append(got, c.Value)
		}
		if !slices.Equal(sorted(got...), sorted(9*cent+fee, cent+fee)) {
			t.Fatalf("selected %v", got)
		}
		mustEqual(t, "algorithm", r.Algorithm, AlgoBnB)
		mustEqual(t, "target", r.Target, 10*cent)
	})
	t.Run("only preselected", func(t *testing.T) {
		pre := b.coin(2*cent, 68)
		p := Params{FeeRate: 1000, ChangeOutputVSize: 31, ChangeSpendVSize: 68, Preselected: []Coin{pre}, Rand: seeded(1)}
		r, err := Select([]Coin{b.coin(5*cent, 68)}, cent, p)
		if err != nil {
			t.Fatal(err)
		}
		mustEqual(t, "algorithm", r.Algorithm, AlgoManual)
		mustEqual(t, "inputs", len(r.Inputs), 1)
		mustEqual(t, "change", r.Change, 2*cent-68-cent-31)
	})
	t.Run("effective value decides", func(t *testing.T) {
		pre := b.coin(100_000, 148)
		p := Params{FeeRate: 3000, LongTermFeeRate: 1000, DiscardFeeRate: 1000, ChangeOutputVSize: 34, ChangeSpendVSize: 148,
			MinChange: 1000, Preselected: []Coin{pre}, Rand: seeded(1)}
		if _, err := SelectWithFilters(nil, 99_900, p); !errors.Is(err, ErrInsufficientFunds) {
			t.Fatalf("got %v, want insufficient funds", err)
		}
		// Core's test forbids other inputs: its own message then.
		p.OnlyPreselected = true
		if _, err := SelectWithFilters([]Coin{b.coin(coinAmt, 68)}, 99_900, p); !errors.Is(err, ErrPreselectedShort) {
			t.Fatalf("got %v, want %v", err, ErrPreselectedShort)
		}
		r, err := SelectWithFilters([]Coin{b.coin(coinAmt, 68)}, 90_000, p)
		if err != nil {
			t.Fatal(err)
		}
		mustEqual(t, "algorithm", r.Algorithm, AlgoManual)
		mustEqual(t, "inputs", len(r.Inputs), 1)
	})
	t.Run("too heavy together", func(t *testing.T) {
		var pre []Coin
		for range 5 {
			pre = append(pre, b.coin(1000, 19_000))
		}
		p := Params{FeeRate: 0, ChangeOutputVSize: 31, ChangeSpendVSize: 68, Preselected: pre, Rand: seeded(1)}
		_, err := SelectWithFilters([]Coin{b.coin(coinAmt, 10_000)}, cent, p)
		if !errors.Is(err, ErrPreselectedTooHeavy) {
			t.Fatalf("got %v", err)
		}
	})
}
