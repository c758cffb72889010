package config

// source is where a setting came from, in Core's precedence order.
type source int

const (
	srcForced source = iota
	srcCommandLine
	srcRW
	srcConfigNetwork
	srcConfigDefault
)

// store holds the raw settings of every source (Core's common::Settings).
type store struct {
	forced  map[string]any
	cmdline map[string][]any
	rw      map[string]any
	config  map[string]map[string][]any // section ("" = top level) -> name -> values
}

func newStore() store {
	return store{
		forced:  map[string]any{},
		cmdline: map[string][]any{},
		rw:      map[string]any{},
		config:  map[string]map[string][]any{},
	}
}

// A span is a list of values where a false value (a negation) cancels every
// value before it (Core's SettingsSpan).
func spanNegated(vals []any) int {
	for i := len(vals); i > 0; i-- {
		if isFalse(vals[i-1]) {
			return i
		}
	}
	return 0
}

func spanLastNegated(vals []any) bool { return len(vals) > 0 && isFalse(vals[len(vals)-1]) }

func spanEmpty(vals []any) bool { return len(vals) == 0 || spanLastNegated(vals) }

func spanValues(vals []any) []any { return vals[spanNegated(vals):] }

// merge calls fn with each source's values for name, highest precedence first.
func (s *store) merge(section, name string, fn func(span []any, src source)) {
	if v, ok := s.forced[name]; ok {
		fn([]any{v}, srcForced)
	}
	if v, ok := s.cmdline[name]; ok {
		fn(v, srcCommandLine)
	}
	if v, ok := s.rw[name]; ok {
		fn([]any{v}, srcRW)
	}
	if section != "" {
		if v, ok := s.config[section][name]; ok {
			fn(v, srcConfigNetwork)
		}
	}
	if v, ok := s.config[""][name]; ok {
		fn(v, srcConfigDefault)
	}
}

// getSetting is Core's common::GetSetting, including its backwards
// compatible oddities: config files take the first value, other sources the
// last; a negation in the top-level config applies even to network-only
// options; chain-type lookups take the last config value and skip negated
// command-line values.
func (s *store) getSetting(section, name string, ignoreDefaultSection, ignoreNonpersistent, chainType bool) any {
	var result any
	done := false
	s.merge(section, name, func(span []any, src source) {
		if done {
			return
		}
		neverIgnoreNegated := spanLastNegated(span)
		isConfig := src == srcConfigNetwork || src == srcConfigDefault
		reverse := isConfig && !chainType
		if ignoreDefaultSection && src == srcConfigDefault && !neverIgnoreNegated {
			return
		}
		if ignoreNonpersistent && (src == srcCommandLine || src == srcForced) {
			return
		}
		if chainType && spanLastNegated(span) {
			return
		}
		switch {
		case !spanEmpty(span):
			vals := spanValues(span)
			if reverse {
				result = vals[0]
			} else {
				result = vals[len(vals)-1]
			}
			done = true
		case spanLastNegated(span):
			result = false
			done = true
		}
	})
	return result
}

// getSettingsList is Core's common::GetSettingsList: all values of every
// source, with negations cutting off lower-precedence sources (and the
// "zombie" config values Core brings back after -noname -name=x).
func (s *store) getSettingsList(section, name string, ignoreDefaultSection bool) []any {
	var result []any
	done := false
	prevNegatedEmpty := false
	s.merge(section, name, func(span []any, src source) {
		isConfig := src == srcConfigNetwork || src == srcConfigDefault
		addZombie := isConfig && !prevNegatedEmpty
		if ignoreDefaultSection && src == srcConfigDefault {
			return
		}
		if !done || addZombie {
			for _, v := range spanValues(span) {
				if arr, ok := v.([]any); ok {
					result = append(result, arr...)
				} else {
					result = append(result, v)
				}
			}
		}
		done = done || spanNegated(span) > 0 || src == srcForced
		prevNegatedEmpty = prevNegatedEmpty || (spanLastNegated(span) && len(result) == 0)
	})
	return result
}

// onlyHasDefaultSectionSetting is Core's OnlyHasDefaultSectionSetting.
func (s *store) onlyHasDefaultSectionSetting(section, name string) bool {
	hasDefault, hasOther := false, false
	s.merge(section, name, func(span []any, src source) {
		if spanEmpty(span) {
			return
		}
		if src == srcConfigDefault {
			hasDefault = true
		} else {
			hasOther = true
		}
	})
	return hasDefault && !hasOther
}
