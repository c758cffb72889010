package logging

import (
	"io"
	"strings"
	"time"
)

// NewCanonical returns a logger for a spawned child process. It writes
// every line, at every level and in every category, to w in the canonical
// form the parent's Forward reads:
//
//	2026-11-25T03:00:00.123456Z [net:debug] message
//
// The time is UTC with microseconds, uncategorized lines are "[all:level]",
// and newlines inside a message are written as \x1f so that each record is
// one line. The parent does the filtering.
func NewCanonical(w io.Writer) *Logger {
	c := &shared{}
	c.filter.init()
	c.filter.mask.Store(allMask)
	c.filter.global.Store(int32(Trace))
	c.sink = sink{
		format:  lineFormat{timestamps: true, micros: true, levelAlways: true, canonical: true},
		console: w,
	}
	c.zl = newZerolog(&c.sink)
	return &Logger{c: c}
}

// Forward re-emits a line written by a child's canonical logger, applying
// l's category and level filters and l's line format (the child's time is
// kept). A line that is not in canonical form is written whole as an
// uncategorized info line, stamped now. A trailing newline is ignored.
func (l *Logger) Forward(line string) {
	line = strings.TrimSuffix(line, "\n")
	r, ok := parseCanonical(line)
	if !ok {
		r = record{t: l.c.sink.now(), lvl: Info, message: line}
	} else if !l.c.filter.enabled(r.cat, r.lvl) {
		return
	}
	r.thread = l.thread
	send(&l.c.zl, &r)
}

// parseCanonical reads "<time> [cat:level] message" as NewCanonical writes it.
func parseCanonical(line string) (record, bool) {
	n := len(layoutMicros)
	if len(line) < n+2 || line[n] != ' ' || line[n+1] != '[' {
		return record{}, false
	}
	t, err := time.Parse(layoutMicros, line[:n])
	if err != nil {
		return record{}, false
	}
	rest := line[n+2:]
	end := strings.IndexByte(rest, ']')
	if end < 0 {
		return record{}, false
	}
	cat, lvlName, ok := strings.Cut(rest[:end], ":")
	if !ok {
		return record{}, false
	}
	lvl, ok := ParseLevel(lvlName)
	if !ok {
		return record{}, false
	}
	if _, ok := categoryIndex(cat); !ok || cat == "" || cat == "1" {
		return record{}, false
	}
	if cat == "all" {
		cat = ""
	}
	msg := rest[end+1:]
	switch {
	case strings.HasPrefix(msg, " "):
		msg = msg[1:]
	case msg != "": // "]" must be followed by a space
		return record{}, false
	}
	// The canonical form drops a message's final newline; put one back so
	// that "a\n\n" survives as itself.
	msg = strings.ReplaceAll(msg, string(sepNewline), "\n") + "\n"
	return record{t: t, cat: cat, lvl: lvl, message: msg}, true
}

// Restrict applies -debug, -debugexclude and -loglevel to a canonical
// logger once a child learns its parent's settings, so that it stops
// formatting lines the parent would drop (the parent still filters what it
// forwards).
func (l *Logger) Restrict(debug, exclude, loglevel []string) error {
	var f filter
	f.init()
	if err := f.configure(debug, exclude, loglevel); err != nil {
		return err
	}
	l.c.filter.mask.Store(f.mask.Load())
	l.c.filter.global.Store(f.global.Load())
	for i := range f.levels {
		l.c.filter.levels[i].Store(f.levels[i].Load())
	}
	return nil
}
