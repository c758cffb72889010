package coinselect

import (
	"errors"
	"math"
	"slices"
	"testing"
)

var (
	filterStandard      = filter{confMine: 1, confTheirs: 6}
	filterConfirmed     = filter{confMine: 1, confTheirs: 1}
	filterStandardExtra = filter{confMine: 6, confTheirs: 6}
)

// wallet is a list of zero-fee coins as coinselector_tests.cpp's add_coin
// builds them (unknown input size, 144 confirmations, not from us).
type wallet struct {
	b     *builder
	coins []Coin
}

func newWallet() *wallet { return &wallet{b: &builder{}} }

func (w *wallet) add(value int64) { w.addAged(value, 6*24, false) }

func (w *wallet) addAged(value int64, depth int, fromMe bool) {
	c := w.b.coin(value, -1)
	c.Depth, c.FromMe = depth, fromMe
	w.coins = append(w.coins, c)
}

// groups is KnapsackGroupOutputs: the mixed pool passing f.
func (w *wallet) groups(f filter) []*group {
	d := &derived{}
	var pool []typedCoin
	for _, c := range w.coins {
		pool = append(pool, typedCoin{ci: newCoinInfo(c, 0), typ: Bech32})
	}
	t := must(groupOutputs(pool, d, []filter{f}))[f]
	if t == nil {
		return nil
	}
	return t.all.mixed
}

func must[T, U any](t T, _ U) T { return t }

func knap(t *testing.T, gs []*group, target int64, seed uint64) *selection {
	t.Helper()
	s, err := selectKnapsack(gs, target, cent, seeded(seed), MaxStandardTxWeight)
	if err != nil {
		t.Fatalf("knapsack for %d: %v", target, err)
	}
	return s
}

func knapFails(t *testing.T, gs []*group, target int64) {
	t.Helper()
	if s, err := selectKnapsack(gs, target, cent, seeded(1), MaxStandardTxWeight); err == nil {
		t.Fatalf("knapsack for %d selected %v", target, values(s))
	}
}

func checkSel(t *testing.T, what string, s *selection, value int64, n int) {
	t.Helper()
	if s.selectedValue() != value || (n > 0 && len(s.coins) != n) {
		t.Fatalf("%s: selected %v (%d coins), want total %d in %d", what, values(s), len(s.coins), value, n)
	}
}

// TestKnapsack ports knapsack_solver_test's deterministic scenarios, each
// under several shuffles.
func TestKnapsack(t *testing.T) {
	for seed := uint64(0); seed < 20; seed++ {
		w := newWallet()
		knapFails(t, w.groups(filterStandard), cent)
		w.addAged(1*cent, 4, false)
		knapFails(t, w.groups(filterStandard), cent)
		checkSel(t, "new 1 cent", knap(t, w.groups(filterConfirmed), cent, seed), cent, 1)
		w.add(2 * cent)
		knapFails(t, w.groups(filterStandard), 3*cent)
		checkSel(t, "3 of new coins", knap(t, w.groups(filterConfirmed), 3*cent, seed), 3*cent, 2)

		w.add(5 * cent)
		w.addAged(10*cent, 3, true)
		w.add(20 * cent)
		knapFails(t, w.groups(filterStandard), 38*cent)
		knapFails(t, w.groups(filterStandardExtra), 38*cent)
		checkSel(t, "37 with own new", knap(t, w.groups(filterStandard), 37*cent, seed), 37*cent, 0)
		checkSel(t, "38 with all new", knap(t, w.groups(filterConfirmed), 38*cent, seed), 38*cent, 0)
		checkSel(t, "34 → 35", knap(t, w.groups(filterConfirmed), 34*cent, seed), 35*cent, 3)
		checkSel(t, "7 → 2+5", knap(t, w.groups(filterConfirmed), 7*cent, seed), 7*cent, 2)
		checkSel(t, "8 → 1+2+5", knap(t, w.groups(filterConfirmed), 8*cent, seed), 8*cent, 3)
		checkSel(t, "9 → 10", knap(t, w.groups(filterConfirmed), 9*cent, seed), 10*cent, 1)

		w = newWallet()
		for _, v := range []int64{6, 7, 8, 20, 30} {
			w.add(v * cent)
		}
		checkSel(t, "71", knap(t, w.groups(filterConfirmed), 71*cent, seed), 71*cent, 0)
		knapFails(t, w.groups(filterConfirmed), 72*cent)
		checkSel(t, "16 → 20", knap(t, w.groups(filterConfirmed), 16*cent, seed), 20*cent, 1)
		w.add(5 * cent)
		checkSel(t, "16 → 5+6+7", knap(t, w.groups(filterConfirmed), 16*cent, seed), 18*cent, 3)
		w.add(18 * cent)
		checkSel(t, "16 → 18 on tie", knap(t, w.groups(filterConfirmed), 16*cent, seed), 18*cent, 1)
		checkSel(t, "11 → 5+6", knap(t, w.groups(filterConfirmed), 11*cent, seed), 11*cent, 2)
		for _, v := range []int64{1, 2, 3, 4} {
			w.add(v * coinAmt)
		}
		checkSel(t, "95 → 1 BTC", knap(t, w.groups(filterConfirmed), 95*cent, seed), coinAmt, 1)
		checkSel(t, "195 → 2 BTC", knap(t, w.groups(filterConfirmed), 195*cent, seed), 2*coinAmt, 1)

		w = newWallet()
		for i := int64(1); i <= 5; i++ {
			w.add(cent * i / 10)
		}
		checkSel(t, "1 from tenths", knap(t, w.groups(filterConfirmed), cent, seed), cent, 0)
		w.add(1111 * cent)
		checkSel(t, "1 avoiding small change", knap(t, w.groups(filterConfirmed), cent, seed), cent, 0)
		w.add(cent * 6 / 10)
		w.add(cent * 7 / 10)
		checkSel(t, "1 with more tenths", knap(t, w.groups(filterConfirmed), cent, seed), cent, 0)

		w = newWallet()
		for range 20 {
			w.add(50_000 * coinAmt)
		}
		checkSel(t, "mtgox", knap(t, w.groups(filterConfirmed), 500_000*coinAmt, seed), 500_000*coinAmt, 10)

		w = newWallet()
		for _, v := range []int64{5, 6, 7} {
			w.add(cent * v / 10)
		}
		w.add(1111 * cent)
		checkSel(t, "bigger coin", knap(t, w.groups(filterConfirmed), cent, seed), 1111*cent, 1)

		w = newWallet()
		for _, v := range []int64{4, 6, 8} {
			w.add(cent * v / 10)
		}
		w.add(1111 * cent)
		checkSel(t, "exact subset 0.4+0.6", knap(t, w.groups(filterConfirmed), cent, seed), cent, 2)

		w = newWallet()
		w.add(cent * 5 / 100)
		w.add(cent)
		w.add(100 * cent)
		checkSel(t, "100.01 → all", knap(t, w.groups(filterConfirmed), cent*10001/100, seed), cent*10105/100, 3)
		checkSel(t, "99.9 → 100+1", knap(t, w.groups(filterConfirmed), cent*9990/100, seed), 101*cent, 2)
	}
}

// TestKnapsackManyInputs ports the 676-input case.
func TestKnapsackManyInputs(t *testing.T) {
	for amt := int64(1500); amt < coinAmt; amt *= 10 {
		w := newWallet()
		for range 676 {
			w.add(amt)
		}
		gs := w.groups(filterConfirmed)
		for seed := uint64(0); seed < 3; seed++ {
			s := knap(t, gs, 2000, seed)
			if amt-2000 < cent {
				n := int(math.Ceil(float64(2000+cent) / float64(amt)))
				checkSel(t, "many inputs", s, amt*int64(n), n)
			} else {
				checkSel(t, "one input", s, amt, 1)
			}
		}
	}
}

// TestKnapsackRandomness ports the randomness checks: equal coins are
// picked at random, and so are competing "smallest bigger" coins.
func TestKnapsackRandomness(t *testing.T) {
	w := newWallet()
	for range 100 {
		w.add(coinAmt)
	}
	gs := w.groups(filterConfirmed)
	r := seeded(7)
	a, _ := selectKnapsack(gs, 50*coinAmt, cent, r, MaxStandardTxWeight)
	b, _ := selectKnapsack(gs, 50*coinAmt, cent, r, MaxStandardTxWeight)
	if sameOutpoints(a, b) {
		t.Fatal("two 50-of-100 selections are identical")
	}
	fails := 0
	for range 5 {
		a, _ := selectKnapsack(gs, coinAmt, cent, r, MaxStandardTxWeight)
		b, _ := selectKnapsack(gs, coinAmt, cent, r, MaxStandardTxWeight)
		if sameOutpoints(a, b) {
			fails++
		}
	}
	if fails == 5 {
		t.Fatal("1-of-100 selections never differ")
	}
	for _, v := range []int64{5, 10, 15, 20, 25} {
		w.add(v * cent)
	}
	gs = w.groups(filterConfirmed)
	fails = 0
	for range 5 {
		a, _ := selectKnapsack(gs, 90*cent, cent, r, MaxStandardTxWeight)
		b, _ := selectKnapsack(gs, 90*cent, cent, r, MaxStandardTxWeight)
		if sameOutpoints(a, b) {
			fails++
		}
	}
	if fails == 5 {
		t.Fatal("competing smallest-bigger coins always the same")
	}
}

func sameOutpoints(a, b *selection) bool {
	if len(a.coins) != len(b.coins) {
		return false
	}
	for _, c := range a.coins {
		if !b.seen[c.OutPoint] {
			return false
		}
	}
	return true
}

// TestApproximateBestSubsetOrder ports ApproximateBestSubset: 1000 coins of
// 1000 BTC and one of 3 BTC make 1003 BTC with two coins.
func TestApproximateBestSubsetOrder(t *testing.T) {
	w := newWallet()
	for range 1000 {
		w.add(1000 * coinAmt)
	}
	w.add(3 * coinAmt)
	checkSel(t, "1003", knap(t, w.groups(filterStandard), 1003*coinAmt, 3), 1003*coinAmt, 2)
}

// TestKnapsackMaxWeight ports check_max_selection_weight's Knapsack parts:
// heavy coins are skipped, and a too-heavy subset falls back to the
// smallest larger coin or fails with the weight error.
func TestKnapsackMaxWeight(t *testing.T) {
	b := &builder{feeRate: 0}
	var gs []*group
	for range 10 {
		gs = append(gs, b.groupOf(b.coin(cent, 1000)))
	}
	// Ten 1-cent coins of 4000 WU each cannot fit 10000 WU.
	_, err := selectKnapsack(gs, 5*cent, cent, seeded(1), 10_000)
	if !errors.Is(err, ErrMaxWeightExceeded) {
		t.Fatalf("got %v, want max weight error", err)
	}
	big := b.groupOf(b.coin(20*cent, 100))
	s, err := selectKnapsack(append(gs, big), 5*cent, cent, seeded(1), 10_000)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(values(s), []int64{20 * cent}) {
		t.Fatalf("selected %v, want the 20 cent coin", values(s))
	}
}
