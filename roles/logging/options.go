package logging

import (
	"strings"
	"sync/atomic"
)

// filter is the part of the logger that decides which lines are written:
// the enabled categories and the levels. It is lock free.
type filter struct {
	mask   atomic.Uint64
	global atomic.Int32 // Level
	// level per category, -1 when unset; index allIndex is "all".
	levels [numCategories + 1]atomic.Int32
}

func (f *filter) init() {
	f.global.Store(int32(DefaultLevel))
	for i := range f.levels {
		f.levels[i].Store(-1)
	}
}

// enabled is Core's WillLogCategoryLevel.
func (f *filter) enabled(cat string, lvl Level) bool {
	if lvl >= Info {
		return true
	}
	i, ok := categoryIndex(cat)
	if !ok || f.mask.Load()&categoryMask(i) == 0 {
		return false
	}
	floor := f.levels[i].Load()
	if floor < 0 {
		floor = f.global.Load()
	}
	return int32(lvl) >= floor
}

func (f *filter) enable(name string) bool {
	i, ok := categoryIndex(name)
	if ok {
		f.mask.Or(categoryMask(i))
	}
	return ok
}

func (f *filter) disable(name string) bool {
	i, ok := categoryIndex(name)
	if ok {
		f.mask.And(^categoryMask(i))
	}
	return ok
}

// configure applies -debug, -debugexclude and -loglevel in Core's order
// (SetLoggingCategories, then SetLoggingLevel), failing with Core's message
// on the first unsupported value.
func (f *filter) configure(debug, exclude, loglevel []string) error {
	// Categories before the last -debug=0 / -debug=none are disregarded.
	start := 0
	for i, c := range debug {
		if c == "0" || c == "none" {
			start = i + 1
		}
	}
	for _, c := range debug[start:] {
		if !f.enable(c) {
			return unsupportedCategory("-debug", c)
		}
	}
	for _, c := range exclude {
		if !f.disable(c) {
			return unsupportedCategory("-debugexclude", c)
		}
	}
	for _, v := range loglevel {
		if err := f.setLevel(v); err != nil {
			return err
		}
	}
	return nil
}

// setLevel applies one -loglevel value: a global level, or
// <category>:<level> when a colon appears at or after the fourth byte (as
// Core's find_first_of(':', 3)).
func (f *filter) setLevel(v string) error {
	if len(v) <= 3 || !strings.Contains(v[3:], ":") {
		lvl, ok := ParseLevel(v)
		if !ok || lvl > maxUserLevel {
			return unsupportedGlobalLevel(v)
		}
		f.global.Store(int32(lvl))
		return nil
	}
	toks := strings.Split(v, ":")
	if len(toks) != 2 {
		return unsupportedCategoryLevel(v)
	}
	i, okc := categoryIndex(toks[0])
	lvl, okl := ParseLevel(toks[1])
	if !okc || !okl || lvl > maxUserLevel {
		return unsupportedCategoryLevel(v)
	}
	f.levels[i].Store(int32(lvl))
	return nil
}
