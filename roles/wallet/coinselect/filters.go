package coinselect

import "math"

// step is one rung of the eligibility ladder (Core's SelectionFilter).
type step struct {
	f          filter
	allowMixed bool
}

// ladder lists Core's filters from strictest to most permissive.
func ladder(p *Params, maxAnc, maxDesc uint64, includeUnsafe bool) []step {
	steps := []step{
		// Confirmed only: one confirmation for our own coins, six for others'.
		{filter{confMine: 1, confTheirs: 6}, false},
		{filter{confMine: 1, confTheirs: 1}, true},
	}
	if p.NoSpendZeroConfChange {
		return steps
	}
	// Unconfirmed change, with as few mempool ancestors as possible.
	steps = append(steps,
		step{filter{confMine: 0, confTheirs: 1, maxAncestors: 2, maxDescend: 2}, true},
		step{filter{confMine: 0, confTheirs: 1, maxAncestors: min(4, maxAnc/3), maxDescend: min(4, maxDesc/3)}, true},
		step{filter{confMine: 0, confTheirs: 1, maxAncestors: maxAnc / 2, maxDescend: maxDesc / 2}, true},
		// Same-script groups may now be spent partially.
		step{filter{confMine: 0, confTheirs: 1, maxAncestors: maxAnc - 1, maxDescend: maxDesc - 1, includePartialGroups: true}, true},
	)
	if includeUnsafe {
		steps = append(steps, step{filter{confMine: 0, confTheirs: 0, maxAncestors: maxAnc - 1, maxDescend: maxDesc - 1, includePartialGroups: true}, true})
	}
	if p.AllowLongChains {
		steps = append(steps, step{filter{confMine: 0, confTheirs: 1, maxAncestors: math.MaxUint64, maxDescend: math.MaxUint64, includePartialGroups: true}, true})
	}
	return steps
}

// automaticCoinSelection is Core's AutomaticCoinSelection: group the pool
// under every filter, check that what survives can still fund value, then
// walk the ladder until a filter's groups fund it.
func automaticCoinSelection(pool []typedCoin, value int64, d *derived, p *Params) (*selection, error) {
	maxAnc := uint64(max(1, p.MaxAncestors))
	maxDesc := uint64(max(1, p.MaxDescendants))
	if p.MaxAncestors == 0 {
		maxAnc = DefaultPackageLimit
	}
	if p.MaxDescendants == 0 {
		maxDesc = DefaultPackageLimit
	}
	steps := ladder(p, maxAnc, maxDesc, d.includeUnsafe)
	filters := make([]filter, len(steps))
	for i, s := range steps {
		filters[i] = s.f
	}
	filtered, discarded := groupOutputs(pool, d, filters)

	var totalDiscarded, longChain, total int64
	for _, g := range discarded {
		totalDiscarded += g.amount()
		if uint64(max(g.ancestors, 0)) >= maxAnc || uint64(max(g.descendants, 0)) >= maxDesc {
			longChain += g.amount()
		}
	}
	for _, tc := range pool {
		total += tc.ci.Value
	}
	if total-totalDiscarded < value {
		// Core assigns the comparison's boolean (here 1) to its total
		// before this test; see the package documentation.
		if 1+longChain > value {
			return nil, ErrLongChain
		}
		return nil, ErrInsufficientFunds
	}

	var detailed []error
	for _, s := range steps {
		tg := filtered[s.f]
		if tg == nil {
			continue
		}
		maxWeight := d.maxTxWeight
		if p.TRUC && (s.f.confMine == 0 || s.f.confTheirs == 0) && maxWeight > TRUCChildMaxWeight {
			maxWeight = TRUCChildMaxWeight
		}
		sel, err := attemptSelection(tg, value, d, maxWeight, s.allowMixed)
		if err == nil {
			return sel, nil
		}
		if specific(err) {
			detailed = append(detailed, err)
		}
	}
	if len(detailed) > 0 {
		return nil, detailed[0]
	}
	return nil, ErrInsufficientFunds
}

// attemptSelection is Core's AttemptSelection: select within each output
// type and keep the least waste; only if no single type can fund it, and
// mixing is allowed, select over all types together.
func attemptSelection(tg *typedGroups, value int64, d *derived, maxWeight int, allowMixed bool) (*selection, error) {
	var results []*selection
	// Core's std::map visits the types in enum order.
	for typ := Legacy; typ <= UnknownType; typ++ {
		gs := tg.byType[typ]
		if gs == nil {
			continue
		}
		sel, err := chooseSelectionResult(gs, value, d, maxWeight)
		if specific(err) {
			return nil, err
		}
		if err == nil {
			results = append(results, sel)
		}
	}
	if len(results) > 0 {
		return best(results), nil
	}
	if allowMixed && len(tg.byType) > 1 {
		return chooseSelectionResult(&tg.all, value, d, maxWeight)
	}
	return nil, ErrInsufficientFunds
}
