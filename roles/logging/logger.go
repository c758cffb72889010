package logging

import (
	"fmt"
	"io"
	"path"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/rs/zerolog"
)

// Options configures a Logger; the fields are Core's logging options. Note
// that Core's -logtimestamps defaults to 1: callers set Timestamps.
type Options struct {
	Process string    // executable name, e.g. "bitcoin-node" (for callers' IPC thread labels)
	File    string    // debug.log path (-debuglogfile); "" = no file (-nodebuglogfile)
	Console io.Writer // non-nil with -printtoconsole

	TimeMicros      bool // -logtimemicros
	Timestamps      bool // -logtimestamps
	ThreadNames     bool // -logthreadnames
	SourceLocations bool // -logsourcelocations
	LevelAlways     bool // -loglevelalways: always write "[category:level]"

	Debug, DebugExclude, LogLevel []string // raw -debug / -debugexclude / -loglevel values

	// ShrinkDebugFile is -shrinkdebugfile; nil means Core's default: shrink
	// when no category is enabled.
	ShrinkDebugFile *bool

	Now func() time.Time // nil = time.Now (tests inject)
}

// DefaultThread is the thread name written with -logthreadnames for a
// Logger that was not given one with Named (Core's main thread is "init").
const DefaultThread = "init"

// Logger writes Core's debug.log lines through zerolog. Loggers returned by
// Named share their parent's state, filters and files.
type Logger struct {
	c      *shared
	thread string
}

// shared is the state common to a Logger and its Named views.
type shared struct {
	process string
	filter  filter
	sink    sink
	zl      zerolog.Logger
}

// New validates the options, with Core's messages for an unsupported
// category or level, and opens the debug log file.
func New(o Options) (*Logger, error) {
	c := &shared{process: o.Process}
	c.filter.init()
	if err := c.filter.configure(o.Debug, o.DebugExclude, o.LogLevel); err != nil {
		return nil, err
	}
	c.sink = sink{
		format: lineFormat{
			timestamps:  o.Timestamps,
			micros:      o.TimeMicros,
			threads:     o.ThreadNames,
			sources:     o.SourceLocations,
			levelAlways: o.LevelAlways,
		},
		clock:   o.Now,
		console: o.Console,
		path:    o.File,
	}
	shrink := c.filter.mask.Load() == 0
	if o.ShrinkDebugFile != nil {
		shrink = *o.ShrinkDebugFile
	}
	if err := c.sink.start(shrink); err != nil {
		return nil, err
	}
	c.zl = newZerolog(&c.sink)
	return &Logger{c: c, thread: DefaultThread}, nil
}

// Named returns a view of l that writes name as the thread with
// -logthreadnames. It shares l's filters and files.
func (l *Logger) Named(thread string) *Logger { return &Logger{c: l.c, thread: thread} }

// Process returns Options.Process.
func (l *Logger) Process() string { return l.c.process }

// Infof logs an uncategorized info line.
func (l *Logger) Infof(format string, a ...any) { l.log(2, "", Info, format, a) }

// Warnf logs an uncategorized warning line ("[warning] …").
func (l *Logger) Warnf(format string, a ...any) { l.log(2, "", Warning, format, a) }

// Errorf logs an uncategorized error line ("[error] …").
func (l *Logger) Errorf(format string, a ...any) { l.log(2, "", Error, format, a) }

// Debugf logs a debug line in cat, written only if cat is enabled at debug.
func (l *Logger) Debugf(cat string, format string, a ...any) { l.log(2, cat, Debug, format, a) }

// Tracef logs a trace line in cat, written only if cat is enabled at trace.
func (l *Logger) Tracef(cat string, format string, a ...any) { l.log(2, cat, Trace, format, a) }

// Logf logs a line in cat ("" = uncategorized) at lvl. Info and above are
// always written. With no arguments, format is the message verbatim.
func (l *Logger) Logf(cat string, lvl Level, format string, a ...any) {
	l.log(2, cat, lvl, format, a)
}

func (l *Logger) log(skip int, cat string, lvl Level, format string, a []any) {
	if !l.c.filter.enabled(cat, lvl) {
		return
	}
	msg := format
	if len(a) > 0 {
		msg = fmt.Sprintf(format, a...)
	}
	r := record{t: l.c.sink.now(), thread: l.thread, cat: cat, lvl: lvl, message: msg}
	if l.c.sink.format.sources {
		r.source = sourceLocation(skip + 1)
	}
	send(&l.c.zl, &r)
}

// sourceLocation formats the caller skip frames up as Core's
// "[file:line] [function] ", with the file as "package-dir/file.go".
func sourceLocation(skip int) string {
	pc, file, line, ok := runtime.Caller(skip)
	if !ok {
		return "[?:0] [?] "
	}
	fn := "?"
	if f := runtime.FuncForPC(pc); f != nil {
		fn = f.Name()
		fn = fn[strings.LastIndexByte(fn, '/')+1:]
		if i := strings.IndexByte(fn, '.'); i >= 0 {
			fn = fn[i+1:]
		}
	}
	file = path.Join(path.Base(path.Dir(file)), path.Base(file))
	return "[" + file + ":" + strconv.Itoa(line) + "] [" + fn + "] "
}

// Enabled reports whether a line in cat at lvl would be written: always for
// info and above; for debug and trace, when cat is enabled and lvl reaches
// its level. It is lock free.
func (l *Logger) Enabled(cat string, lvl Level) bool { return l.c.filter.enabled(cat, lvl) }

// EnableCategory enables debug logging for a category; "all", "1" and ""
// enable every category (the logging RPC's include).
func (l *Logger) EnableCategory(name string) error {
	if !l.c.filter.enable(name) {
		return &UnknownCategoryError{Name: name}
	}
	return nil
}

// DisableCategory disables debug logging for a category; "all", "1" and ""
// disable every category (the logging RPC's exclude).
func (l *Logger) DisableCategory(name string) error {
	if !l.c.filter.disable(name) {
		return &UnknownCategoryError{Name: name}
	}
	return nil
}

// Categories maps every category name to whether it is enabled, as the
// logging RPC returns.
func (l *Logger) Categories() map[string]bool {
	mask := l.c.filter.mask.Load()
	m := make(map[string]bool, numCategories)
	for i, n := range categoryNames {
		m[n] = mask&(1<<i) != 0
	}
	return m
}

// Reopen reopens the debug log file, for log rotation (SIGHUP).
func (l *Logger) Reopen() error { return l.c.sink.reopen() }

// Close closes the debug log file; later lines go to the console only.
func (l *Logger) Close() error { return l.c.sink.close() }
