package coinselect

// coinInfo is a coin with its fees at the selection's feerates.
type coinInfo struct {
	Coin
	fee         int64 // spending fee at FeeRate plus the bump fee
	longTermFee int64 // spending fee at LongTermFeeRate
	effValue    int64 // Value − fee
}

// newCoinInfo prices c at feeRate (Core's COutput constructor followed by
// ApplyBumpFee). The long-term fee is filled in when the coin joins a group.
func newCoinInfo(c Coin, feeRate int64) *coinInfo {
	ci := &coinInfo{Coin: c}
	if c.InputVSize >= 0 {
		ci.fee = feeFor(feeRate, c.InputVSize)
	}
	ci.fee += c.BumpFee
	ci.effValue = c.Value - ci.fee
	return ci
}

// weight is the coin's input weight; unknown sizes count zero.
func (c *coinInfo) weight() int {
	if c.InputVSize > 0 {
		return c.InputVSize * witnessScale
	}
	return 0
}

// group is Core's OutputGroup: coins that are spent together.
type group struct {
	coins       []*coinInfo
	fromMe      bool
	value       int64
	effValue    int64
	fee         int64
	longTermFee int64
	depth       int
	ancestors   int // summed over the coins
	descendants int // maximum over the coins
	weight      int
	sffo        bool // select on value instead of effective value
}

// newGroup is an empty group with Core's initial trust and depth.
func newGroup(sffo bool) *group {
	return &group{fromMe: true, depth: 999, sffo: sffo}
}

// insert adds a coin (OutputGroup::Insert), pricing its long-term fee at
// longTermRate.
func (g *group) insert(c *coinInfo, longTermRate int64) {
	g.coins = append(g.coins, c)
	g.fee += c.fee
	c.longTermFee = 0
	if c.InputVSize >= 0 {
		c.longTermFee = feeFor(longTermRate, c.InputVSize)
	}
	g.longTermFee += c.longTermFee
	g.effValue += c.effValue
	g.fromMe = g.fromMe && c.FromMe
	g.value += c.Value
	g.depth = min(g.depth, c.Depth)
	g.ancestors += c.Ancestors
	g.descendants = max(g.descendants, c.Descendants)
	g.weight += c.weight()
}

// amount is the value selection works with (GetSelectionAmount).
func (g *group) amount() int64 {
	if g.sffo {
		return g.value
	}
	return g.effValue
}

// filter is Core's CoinEligibilityFilter.
type filter struct {
	confMine, confTheirs     int
	maxAncestors, maxDescend uint64
	includePartialGroups     bool
}

// eligible is OutputGroup::EligibleForSpending.
func (g *group) eligible(f filter) bool {
	conf := f.confTheirs
	if g.fromMe {
		conf = f.confMine
	}
	return g.depth >= conf && uint64(max(g.ancestors, 0)) <= f.maxAncestors && uint64(max(g.descendants, 0)) <= f.maxDescend
}

// groups holds Core's two pools: groups with a positive selection amount
// (for BnB, CoinGrinder and SRD) and all groups (for Knapsack).
type groups struct {
	positive []*group
	mixed    []*group
}

// typedGroups is Core's OutputGroupTypeMap for one filter.
type typedGroups struct {
	byType map[OutputType]*groups
	all    groups
}

func (t *typedGroups) push(g *group, typ OutputType, positive, mixed bool) {
	if len(g.coins) == 0 {
		return
	}
	if t.byType == nil {
		t.byType = map[OutputType]*groups{}
	}
	gs := t.byType[typ]
	if gs == nil {
		gs = &groups{}
		t.byType[typ] = gs
	}
	if positive && g.amount() > 0 {
		gs.positive = append(gs.positive, g)
		t.all.positive = append(t.all.positive, g)
	}
	if mixed {
		gs.mixed = append(gs.mixed, g)
		t.all.mixed = append(t.all.mixed, g)
	}
}
