package coinselect

import (
	"errors"
	"testing"

	"github.com/btcsuite/btcd/wire/v2"
)

func ladderParams(seed uint64) Params {
	return Params{FeeRate: 1000, LongTermFeeRate: 1000, DiscardFeeRate: 1000, TxNoInputsVSize: 42,
		ChangeOutputVSize: 31, ChangeSpendVSize: 68, Rand: seeded(seed)}
}

func coinAt(b *builder, value int64, depth int, fromMe bool, anc, desc int) Coin {
	c := b.coin(value, 68)
	c.Depth, c.FromMe, c.Ancestors, c.Descendants = depth, fromMe, anc, desc
	return c
}

func only(t *testing.T, r Result, want ...Coin) {
	t.Helper()
	got := map[wire.OutPoint]bool{}
	for _, c := range r.Inputs {
		got[c.OutPoint] = true
	}
	if len(got) != len(want) {
		t.Fatalf("selected %d inputs, want %d", len(got), len(want))
	}
	for _, c := range want {
		if !got[c.OutPoint] {
			t.Fatalf("coin of %d not selected", c.Value)
		}
	}
}

// TestLadder checks the order of AutomaticCoinSelection's filters.
func TestLadder(t *testing.T) {
	b := &builder{}
	mature := coinAt(b, 2*coinAmt, 6, false, 0, 0)
	young := coinAt(b, 2*coinAmt, 1, false, 0, 0)
	change0 := coinAt(b, 2*coinAmt, 0, true, 1, 1)
	foreign0 := coinAt(b, 2*coinAmt, 0, false, 1, 1)

	t.Run("six confirmations first", func(t *testing.T) {
		r, err := SelectWithFilters([]Coin{young, mature}, coinAmt, ladderParams(1))
		if err != nil {
			t.Fatal(err)
		}
		only(t, r, mature)
	})
	t.Run("then one confirmation", func(t *testing.T) {
		r, err := SelectWithFilters([]Coin{young, change0, mature}, 3*coinAmt, ladderParams(1))
		if err != nil {
			t.Fatal(err)
		}
		only(t, r, young, mature)
	})
	t.Run("then unconfirmed change", func(t *testing.T) {
		r, err := SelectWithFilters([]Coin{change0, mature, foreign0}, 3*coinAmt, ladderParams(1))
		if err != nil {
			t.Fatal(err)
		}
		only(t, r, change0, mature)
	})
	t.Run("never unconfirmed foreign coins by default", func(t *testing.T) {
		_, err := SelectWithFilters([]Coin{foreign0, mature}, 3*coinAmt, ladderParams(1))
		if !errors.Is(err, ErrInsufficientFunds) {
			t.Fatalf("got %v", err)
		}
		p := ladderParams(1)
		p.IncludeUnsafe = true
		r, err := SelectWithFilters([]Coin{foreign0, mature}, 3*coinAmt, p)
		if err != nil {
			t.Fatal(err)
		}
		only(t, r, foreign0, mature)
	})
	t.Run("no zero-conf change when disabled", func(t *testing.T) {
		p := ladderParams(1)
		p.NoSpendZeroConfChange = true
		if _, err := SelectWithFilters([]Coin{change0, mature}, 3*coinAmt, p); !errors.Is(err, ErrInsufficientFunds) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("fewest ancestors first", func(t *testing.T) {
		short := coinAt(b, 2*coinAmt, 0, true, 2, 2)
		long := coinAt(b, 2*coinAmt, 0, true, 10, 10)
		r, err := SelectWithFilters([]Coin{long, short, mature}, 3*coinAmt, ladderParams(1))
		if err != nil {
			t.Fatal(err)
		}
		only(t, r, short, mature)
	})
	t.Run("long chains", func(t *testing.T) {
		long := coinAt(b, 5*coinAmt, 0, true, 25, 25)
		_, err := SelectWithFilters([]Coin{long, mature}, 3*coinAmt, ladderParams(1))
		if !errors.Is(err, ErrLongChain) {
			t.Fatalf("got %v, want %v", err, ErrLongChain)
		}
		p := ladderParams(1)
		p.AllowLongChains = true
		r, err := SelectWithFilters([]Coin{long, mature}, 3*coinAmt, p)
		if err != nil {
			t.Fatal(err)
		}
		checkResult(t, r, 3*coinAmt, p)
		// Core's check compares the long-chain coins alone with the amount:
		// when they fall short the error is the general one.
		if _, err := SelectWithFilters([]Coin{long, mature}, 6*coinAmt, ladderParams(1)); !errors.Is(err, ErrInsufficientFunds) {
			t.Fatalf("got %v, want insufficient funds", err)
		}
	})
	t.Run("one output type before mixing", func(t *testing.T) {
		p2tr := append([]byte{op1, 32}, make([]byte, 32)...)
		a := coinAt(b, 2*coinAmt, 6, false, 0, 0)
		c := coinAt(b, 2*coinAmt, 6, false, 0, 0)
		c.Script = p2tr
		d := coinAt(b, 2*coinAmt, 6, false, 0, 0)
		d.Script = p2tr
		for seed := uint64(0); seed < 10; seed++ {
			r, err := SelectWithFilters([]Coin{a, c, d}, 3*coinAmt, ladderParams(seed))
			if err != nil {
				t.Fatal(err)
			}
			only(t, r, c, d)
		}
		// The first rung does not mix: a young taproot coin on the second
		// rung beats mixing mature coins of two types.
		young := coinAt(b, 2*coinAmt, 1, false, 0, 0)
		young.Script = p2tr
		r, err := SelectWithFilters([]Coin{a, c, young}, 3*coinAmt, ladderParams(1))
		if err != nil {
			t.Fatal(err)
		}
		only(t, r, c, young)
		// Later rungs mix when no single type suffices.
		r, err = SelectWithFilters([]Coin{a, c}, 3*coinAmt, ladderParams(1))
		if err != nil {
			t.Fatal(err)
		}
		only(t, r, a, c)
	})
	t.Run("TRUC caps unconfirmed spends", func(t *testing.T) {
		heavy := coinAt(b, 2*coinAmt, 0, true, 1, 1)
		heavy.InputVSize = 1200
		p := ladderParams(1)
		p.TRUC = true
		_, err := SelectWithFilters([]Coin{heavy, mature}, 3*coinAmt, p)
		if !errors.Is(err, ErrMaxWeightExceeded) {
			t.Fatalf("got %v, want %v", err, ErrMaxWeightExceeded)
		}
		p.TRUC = false
		if _, err := SelectWithFilters([]Coin{heavy, mature}, 3*coinAmt, p); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("avoid partial spends keeps a script together", func(t *testing.T) {
		s := p2wpkhScript(99)
		x := coinAt(b, 2*coinAmt, 6, false, 0, 0)
		y := coinAt(b, 2*coinAmt, 6, false, 0, 0)
		x.Script, y.Script = s, s
		p := ladderParams(1)
		p.AvoidPartialSpends = true
		r, err := SelectWithFilters([]Coin{x, y, mature}, coinAmt, p)
		if err != nil {
			t.Fatal(err)
		}
		in := map[wire.OutPoint]bool{}
		for _, c := range r.Inputs {
			in[c.OutPoint] = true
		}
		if in[x.OutPoint] != in[y.OutPoint] {
			t.Fatal("coins of one script spent partially")
		}
	})
}

// TestSelectErrors checks the parameter and weight errors.
func TestSelectErrors(t *testing.T) {
	b := &builder{}
	coins := []Coin{b.coin(coinAmt, 68)}
	p := ladderParams(1)
	p.MaxWeight = 100
	if _, err := Select(coins, cent, p); !errors.Is(err, ErrMaxWeightRange) {
		t.Fatalf("got %v", err)
	}
	p = ladderParams(1)
	p.TxNoInputsVSize = 100_000
	if _, err := Select(coins, cent, p); !errors.Is(err, ErrMaxWeightBelowNoInputs) {
		t.Fatalf("got %v", err)
	}
	p = ladderParams(1)
	// BnB has no changeless solution and 260 WU leave no room for change.
	p.MaxWeight = MinStandardTxWeight
	if _, err := Select(coins, cent, p); !errors.Is(err, ErrMaxWeightNoChange) {
		t.Fatalf("got %v", err)
	}
	p = ladderParams(1)
	p.FeeRate = 0
	if _, err := Select(coins, 0, p); !errors.Is(err, ErrNothingToFund) {
		t.Fatalf("got %v", err)
	}
	if _, err := Select([]Coin{coins[0], coins[0]}, cent, ladderParams(1)); !errors.Is(err, ErrInvalidParams) {
		t.Fatalf("got %v", err)
	}
	if _, err := Select(coins, -1, ladderParams(1)); !errors.Is(err, ErrInvalidParams) {
		t.Fatalf("got %v", err)
	}
	if _, err := Select(coins, 2*coinAmt, ladderParams(1)); !errors.Is(err, ErrInsufficientFunds) {
		t.Fatalf("got %v", err)
	}
	// Short of funds is reported as such before any algorithm can complain
	// about weight.
	// (3.1 cents nominal, under 3 cents effective, the big coin too heavy.)
	heavy := []Coin{b.coin(2*cent, 100_000), b.coin(cent+cent/10, 68)}
	if _, err := SelectWithFilters(heavy, 3*cent, ladderParams(1)); !errors.Is(err, ErrInsufficientFunds) {
		t.Fatalf("got %v", err)
	}
	if ErrInsufficientFunds.Error() != "Insufficient funds" {
		t.Fatal("message differs from Core's")
	}
	if CheckTxWeight(MaxStandardTxWeight) != nil || !errors.Is(CheckTxWeight(MaxStandardTxWeight+1), ErrTransactionTooLarge) {
		t.Fatal("CheckTxWeight")
	}
}

// TestCoinGrinderRunsAtHighFeerates checks ChooseSelectionResult's
// 3×long-term rule: CoinGrinder's lighter input set wins at 30 sat/vB and is
// not attempted at 10 sat/vB.
func TestCoinGrinderRunsAtHighFeerates(t *testing.T) {
	b := &builder{}
	var coins []Coin
	for range 30 {
		coins = append(coins, b.coin(10*cent, 68))
	}
	coins = append(coins, b.coin(4*coinAmt, 68))
	cg := 0
	for seed := uint64(0); seed < 30; seed++ {
		p := Params{FeeRate: 30_001, LongTermFeeRate: 10_000, DiscardFeeRate: 10_000, TxNoInputsVSize: 42,
			ChangeOutputVSize: 31, ChangeSpendVSize: 68, Rand: seeded(seed)}
		r, err := Select(coins, 2*coinAmt, p)
		if err != nil {
			t.Fatal(err)
		}
		checkResult(t, r, 2*coinAmt, p)
		if r.Algorithm == AlgoCG {
			cg++
			only(t, r, coins[30])
		}
		p.FeeRate = 30_000
		r, err = Select(coins, 2*coinAmt, p)
		if err != nil {
			t.Fatal(err)
		}
		if r.Algorithm == AlgoCG {
			t.Fatal("CoinGrinder ran at exactly 3× the long-term feerate")
		}
	}
	if cg == 0 {
		t.Fatal("CoinGrinder never won at a high feerate")
	}
}

// TestCombinedBumpFee checks the shared-ancestry discount and its failure.
func TestCombinedBumpFee(t *testing.T) {
	b := &builder{}
	u1 := coinAt(b, coinAmt, 0, true, 1, 1)
	u2 := coinAt(b, coinAmt, 0, true, 1, 1)
	u1.BumpFee, u2.BumpFee = 500, 500
	p := ladderParams(1)
	var asked []wire.OutPoint
	p.CombinedBumpFee = func(ops []wire.OutPoint, rate int64) (int64, bool) {
		asked = ops
		mustEqual(t, "feerate", rate, int64(1000))
		return 600, true
	}
	r, err := SelectWithFilters([]Coin{u1, u2}, coinAmt+cent, p)
	if err != nil {
		t.Fatal(err)
	}
	mustEqual(t, "outpoints asked", len(asked), 2)
	mustEqual(t, "fee", r.Fee, feeFor(1000, 42)+2*(68+500)-400)
	checkResult(t, r, coinAmt+cent, p)

	p.CombinedBumpFee = func([]wire.OutPoint, int64) (int64, bool) { return 0, false }
	if _, err := SelectWithFilters([]Coin{u1, u2}, coinAmt+cent, p); !errors.Is(err, ErrBumpFeeCluster) {
		t.Fatalf("got %v", err)
	}
}
