package ipc

// Level is the severity of an IPC log line.
type Level int8

// Levels, lowest first; they map onto Core's trace/debug/info/warning/error.
const (
	LevelTrace Level = iota
	LevelDebug
	LevelInfo
	LevelWarning
	LevelError
)

// Logger receives the package's log lines (category "ipc"). Enabled lets
// callers skip building expensive lines (payload text) nobody will see.
type Logger interface {
	Enabled(lvl Level) bool
	Log(lvl Level, msg string)
}

// nopLogger discards everything.
type nopLogger struct{}

func (nopLogger) Enabled(Level) bool { return false }
func (nopLogger) Log(Level, string)  {}

func orNop(l Logger) Logger {
	if l == nil {
		return nopLogger{}
	}
	return l
}
