package coinselect

import (
	"errors"
	"slices"
	"testing"
)

// cgBuilder prices coins as coin_grinder_tests' parameters: 5 sat/vB now,
// 2 sat/vB long-term.
func cgBuilder() *builder { return &builder{feeRate: 5000, ltRate: 2000} }

// add appends n P2WPKH-like coins of value with the given input vsize.
func (b *builder) add(gs []*group, n int, value int64, vsize int) []*group {
	for range n {
		gs = append(gs, b.groupOf(b.coin(value, vsize)))
	}
	return gs
}

func grind(t *testing.T, gs []*group, target int64, maxWeight int) *selection {
	t.Helper()
	s, err := selectCoinGrinder(gs, target, cent, maxWeight)
	if err != nil {
		t.Fatalf("CoinGrinder for %d: %v", target, err)
	}
	return s
}

func wantValues(t *testing.T, what string, s *selection, want ...int64) {
	t.Helper()
	if got := values(s); !slices.Equal(got, sorted(want...)) {
		t.Fatalf("%s: selected %v, want %v", what, got, sorted(want...))
	}
}

// TestCoinGrinder ports coin_grinder_tests, including Core's expected
// counts of evaluated selections, which pin the exact search order.
func TestCoinGrinder(t *testing.T) {
	t.Run("insufficient funds", func(t *testing.T) {
		b := &builder{}
		var gs []*group
		for range 10 {
			gs = b.add(gs, 1, coinAmt, -1)
			gs = b.add(gs, 1, 2*coinAmt, -1)
		}
		_, err := selectCoinGrinder(gs, 49*coinAmt+coinAmt/2, cent, 10_000)
		if !errors.Is(err, ErrInsufficientFunds) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("max weight exceeded", func(t *testing.T) {
		b := cgBuilder()
		var gs []*group
		for range 10 {
			gs = b.add(gs, 1, coinAmt, 68)
			gs = b.add(gs, 1, 2*coinAmt, 68)
		}
		_, err := selectCoinGrinder(gs, 29*coinAmt+coinAmt/2, cent, 3000)
		if !errors.Is(err, ErrMaxWeightExceeded) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("lightest within max weight", func(t *testing.T) {
		b := cgBuilder()
		gs := b.add(nil, 60, 33*cent, 68)
		gs = b.add(gs, 10, 2*coinAmt, 68)
		s := grind(t, gs, 2533*cent, 10_000)
		var want []int64
		for range 10 {
			want = append(want, 2*coinAmt)
		}
		for range 17 {
			want = append(want, 33*cent)
		}
		wantValues(t, "selection", s, want...)
		mustEqual(t, "attempts", s.tries, 37)
	})
	t.Run("two light over one heavy", func(t *testing.T) {
		b := cgBuilder()
		gs := b.add(nil, 1, 2*coinAmt, 148)
		gs = b.add(gs, 2, coinAmt, 68)
		s := grind(t, gs, 190*cent, 400_000)
		wantValues(t, "selection", s, coinAmt, coinAmt)
		mustEqual(t, "attempts", s.tries, 3)
	})
	t.Run("mixed weights", func(t *testing.T) {
		b := cgBuilder()
		var gs []*group
		for j := int64(0); j < 5; j++ {
			gs = b.add(gs, 1, (3+3*j)*coinAmt, 350)
			gs = b.add(gs, 1, (2+3*j)*coinAmt, 250)
			gs = b.add(gs, 1, (1+3*j)*coinAmt, 150)
		}
		s := grind(t, gs, 30*coinAmt, 400_000)
		wantValues(t, "selection", s, 14*coinAmt, 13*coinAmt, 4*coinAmt)
		mustEqual(t, "attempts", s.tries, 92)
	})
	t.Run("lightest among clones", func(t *testing.T) {
		b := cgBuilder()
		var gs []*group
		for _, v := range []int64{4, 3, 2, 1} {
			gs = b.add(gs, 1, v*coinAmt, 100)
		}
		gs = b.add(gs, 100, 8*coinAmt, 1000)
		gs = b.add(gs, 100, 7*coinAmt, 800)
		gs = b.add(gs, 100, 6*coinAmt, 600)
		gs = b.add(gs, 100, 5*coinAmt, 400)
		s := grind(t, gs, 990*cent, 400_000)
		wantValues(t, "selection", s, 4*coinAmt, 3*coinAmt, 2*coinAmt, coinAmt)
		mustEqual(t, "attempts", s.tries, 38)
	})
	t.Run("skip heavy tiny coins", func(t *testing.T) {
		b := cgBuilder()
		gs := b.add(nil, 1, 180*cent, 2500)
		gs = b.add(gs, 2, coinAmt, 1000)
		for j := int64(0); j < 100; j++ {
			gs = b.add(gs, 1, cent+j, 110)
		}
		s := grind(t, gs, 190*cent, 40_000)
		wantValues(t, "selection", s, coinAmt, coinAmt)
		mustEqual(t, "attempts", s.tries, 7)
	})
}

// TestSRD ports srd_tests.
func TestSRD(t *testing.T) {
	t.Run("insufficient funds", func(t *testing.T) {
		b := &builder{}
		var gs []*group
		for range 10 {
			gs = b.add(gs, 1, coinAmt, -1)
			gs = b.add(gs, 1, 2*coinAmt, -1)
		}
		_, err := selectSRD(gs, 49*coinAmt+coinAmt/2, 0, seeded(1), 10_000)
		if !errors.Is(err, ErrInsufficientFunds) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("max weight exceeded", func(t *testing.T) {
		b := &builder{}
		var gs []*group
		for range 10 {
			gs = b.add(gs, 1, coinAmt, 68)
			gs = b.add(gs, 1, 2*coinAmt, 68)
		}
		_, err := selectSRD(gs, 49*coinAmt+coinAmt/2, 0, seeded(1), 3000)
		if !errors.Is(err, ErrMaxWeightExceeded) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("stays under max weight", func(t *testing.T) {
		b := &builder{}
		gs := b.add(nil, 60, 33*cent, 68)
		gs = b.add(gs, 10, 2*coinAmt, 68)
		for seed := uint64(0); seed < 50; seed++ {
			s, err := selectSRD(gs, 2533*cent, 0, seeded(seed), 10_000)
			if err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
			if s.weight > 10_000 {
				t.Fatalf("seed %d: weight %d", seed, s.weight)
			}
			if s.selectedValue() < 2533*cent+ChangeLower {
				t.Fatalf("seed %d: selected %d below target plus CHANGE_LOWER", seed, s.selectedValue())
			}
		}
	})
}
