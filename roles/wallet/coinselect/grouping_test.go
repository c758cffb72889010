package coinselect

import "testing"

// TestGroupOutputs ports group_outputs_tests: per-coin groups without
// avoid-partial-spends, per-script groups (at most 100 coins) with it,
// negative coins only in the mixed pool, ineligible coins nowhere, and the
// partial group of a full script only under an include-partial filter.
func TestGroupOutputs(t *testing.T) {
	b := &builder{}
	var coins []Coin
	add := func(script []byte, value int64, fromMe bool, vsize, depth int) {
		c := b.coin(value, vsize)
		c.Script, c.FromMe, c.Depth = script, fromMe, depth
		coins = append(coins, c)
	}
	basic := filter{confMine: 1, confTheirs: 6}
	verify := func(step string, f filter, positive bool, wantPartial, wantAvoid int) {
		t.Helper()
		for _, avoid := range []bool{false, true} {
			d := &derived{avoidPartial: avoid}
			var pool []typedCoin
			for _, c := range coins {
				// The negative coin is priced at 100 sat/kvB, the rest at 0.
				rate := int64(0)
				if c.Value == 1 {
					rate = 100
				}
				pool = append(pool, typedCoin{ci: newCoinInfo(c, rate), typ: coinType(&c)})
			}
			tg := must(groupOutputs(pool, d, []filter{f}))[f]
			got := 0
			if tg != nil && tg.byType[Bech32] != nil {
				if positive {
					got = len(tg.byType[Bech32].positive)
				} else {
					got = len(tg.byType[Bech32].mixed)
				}
			}
			want := wantPartial
			if avoid {
				want = wantAvoid
			}
			if got != want {
				t.Fatalf("%s (avoid partial %v): %d groups, want %d", step, avoid, got, want)
			}
		}
	}
	for range 10 {
		add(p2wpkhScript(201), 10*coinAmt, true, 68, 6)
	}
	verify("one script", basic, true, 10, 1)
	for range 10 {
		add(p2wpkhScript(202), 5*coinAmt, true, 68, 6)
	}
	verify("two scripts", basic, true, 20, 2)
	add(p2wpkhScript(203), 1, true, 68, 6)
	verify("negative coin, positive pool", basic, true, 20, 2)
	verify("negative coin, mixed pool", basic, false, 21, 3)
	add(p2wpkhScript(204), 6*coinAmt, false, 68, 5)
	verify("theirs with 5 conf", basic, false, 21, 3)
	add(p2wpkhScript(205), 6*coinAmt, true, 68, 0)
	verify("mine unconfirmed", basic, false, 21, 3)
	for range 101 {
		add(p2wpkhScript(207), 9*coinAmt, true, 68, 6)
	}
	verify("full group and partial", basic, false, 21+101, 4)
	partial := filter{confMine: 1, confTheirs: 6, includePartialGroups: true}
	verify("full group and partial, partial allowed", partial, false, 21+101, 5)
}

// TestGroupAggregates checks OutputGroup::Insert's bookkeeping: trust is
// the AND of the coins', depth the minimum, ancestors the sum and
// descendants the maximum.
func TestGroupAggregates(t *testing.T) {
	b := &builder{feeRate: 2000, ltRate: 1000}
	g := newGroup(false)
	c1 := b.coin(1000, 68)
	c1.FromMe, c1.Depth, c1.Ancestors, c1.Descendants = true, 3, 2, 5
	c2 := b.coin(2000, 100)
	c2.FromMe, c2.Depth, c2.Ancestors, c2.Descendants = false, 1, 3, 4
	g.insert(newCoinInfo(c1, 2000), 1000)
	g.insert(newCoinInfo(c2, 2000), 1000)
	mustEqual(t, "from me", g.fromMe, false)
	mustEqual(t, "depth", g.depth, 1)
	mustEqual(t, "ancestors", g.ancestors, 5)
	mustEqual(t, "descendants", g.descendants, 5)
	mustEqual(t, "value", g.value, int64(3000))
	mustEqual(t, "fee", g.fee, int64(136+200))
	mustEqual(t, "long-term fee", g.longTermFee, int64(68+100))
	mustEqual(t, "effective value", g.effValue, int64(3000-336))
	mustEqual(t, "weight", g.weight, (68+100)*4)
	if g.eligible(filter{confMine: 1, confTheirs: 2, maxAncestors: 10, maxDescend: 10}) {
		t.Fatal("1-conf foreign group passed a 2-conf filter")
	}
	if !g.eligible(filter{confMine: 1, confTheirs: 1, maxAncestors: 5, maxDescend: 5}) {
		t.Fatal("group failed a filter it meets")
	}
	if g.eligible(filter{confMine: 1, confTheirs: 1, maxAncestors: 4, maxDescend: 5}) {
		t.Fatal("group passed despite summed ancestors above the limit")
	}
}
