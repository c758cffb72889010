package coinselect

import (
	"bytes"
	"sort"
)

// typedCoin is a priced coin with its output type.
type typedCoin struct {
	ci  *coinInfo
	typ OutputType
}

// groupOutputs is Core's GroupOutputs: it builds the groups (one per coin,
// or per script up to OutputGroupMaxEntries coins when avoidPartial) and
// files each under every filter it passes. coins must be ordered by output
// type. Groups no filter accepts are returned as discarded. Equal filters
// share one entry, as in Core's map keyed by filter.
func groupOutputs(coins []typedCoin, p *derived, filters []filter) (map[filter]*typedGroups, []*group) {
	out := map[filter]*typedGroups{}
	var discarded []*group
	get := func(f filter) *typedGroups {
		t := out[f]
		if t == nil {
			t = &typedGroups{}
			out[f] = t
		}
		return t
	}
	distinct := uniqueFilters(filters)

	if !p.avoidPartial {
		for _, tc := range coins {
			g := newGroup(p.sffo)
			g.insert(tc.ci, p.longTermFeeRate)
			accepted := false
			for _, f := range distinct {
				if !g.eligible(f) {
					continue
				}
				get(f).push(g, tc.typ, true, true)
				accepted = true
			}
			if !accepted {
				discarded = append(discarded, g)
			}
		}
		return out, discarded
	}

	type key struct {
		script string
		typ    OutputType
	}
	all := map[key][]*group{}
	positive := map[key][]*group{}
	insert := func(m map[key][]*group, k key, c *coinInfo) {
		gs := m[k]
		if len(gs) == 0 || len(gs[len(gs)-1].coins) >= OutputGroupMaxEntries {
			gs = append(gs, newGroup(p.sffo))
		}
		gs[len(gs)-1].insert(c, p.longTermFeeRate)
		m[k] = gs
	}
	for _, tc := range coins {
		k := key{string(tc.ci.Script), tc.typ}
		if tc.ci.effValue > 0 {
			insert(positive, k, tc.ci)
		}
		insert(all, k, tc.ci)
	}
	pushAll := func(m map[key][]*group, positiveOnly bool) {
		keys := make([]key, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		// Core's std::map order: by script (shorter first, then bytes),
		// then by type.
		sort.Slice(keys, func(i, j int) bool {
			if li, lj := len(keys[i].script), len(keys[j].script); li != lj {
				return li < lj
			}
			if c := bytes.Compare([]byte(keys[i].script), []byte(keys[j].script)); c != 0 {
				return c < 0
			}
			return keys[i].typ < keys[j].typ
		})
		for _, k := range keys {
			gs := m[k]
			// Backwards, so the possibly partial last group comes first.
			for i := len(gs) - 1; i >= 0; i-- {
				g := gs[i]
				accepted := false
				for _, f := range distinct {
					if !g.eligible(f) {
						continue
					}
					if i == len(gs)-1 && len(gs) > 1 && !f.includePartialGroups {
						continue
					}
					get(f).push(g, k.typ, positiveOnly, !positiveOnly)
					accepted = true
				}
				if !accepted {
					discarded = append(discarded, g)
				}
			}
		}
	}
	pushAll(all, false)
	pushAll(positive, true)
	return out, discarded
}

func uniqueFilters(fs []filter) []filter {
	seen := map[filter]bool{}
	var out []filter
	for _, f := range fs {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}
