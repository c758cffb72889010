package logging

import (
	"encoding/hex"
	"encoding/json"
	"time"
	"unicode/utf8"

	"github.com/rs/zerolog"
)

// Field names of the zerolog events a Logger emits.
const (
	fieldTime    = "t"   // unix microseconds
	fieldCat     = "c"   // category ("" = uncategorized)
	fieldThread  = "th"  // thread name
	fieldSource  = "src" // formatted source location
	fieldMessage = "m"   // message, when valid UTF-8
	fieldHex     = "mx"  // message in hex, when not (zerolog would replace bytes)
)

// zerologLevel maps a Level onto zerolog's.
func zerologLevel(l Level) zerolog.Level {
	switch l {
	case Trace:
		return zerolog.TraceLevel
	case Debug:
		return zerolog.DebugLevel
	case Info:
		return zerolog.InfoLevel
	case Warning:
		return zerolog.WarnLevel
	}
	return zerolog.ErrorLevel
}

// levelFromZerolog maps a zerolog level back.
func levelFromZerolog(l zerolog.Level) Level {
	switch l {
	case zerolog.TraceLevel:
		return Trace
	case zerolog.DebugLevel:
		return Debug
	case zerolog.InfoLevel:
		return Info
	case zerolog.WarnLevel:
		return Warning
	}
	return Error
}

// newZerolog returns the zerolog logger whose events become lines on s.
func newZerolog(s *sink) zerolog.Logger {
	return zerolog.New(coreWriter{s}).Level(zerolog.TraceLevel)
}

// send emits r as a zerolog event.
func send(zl *zerolog.Logger, r *record) {
	ev := zl.WithLevel(zerologLevel(r.lvl))
	if ev == nil { // zerolog.SetGlobalLevel(Disabled) silences everything
		return
	}
	ev = ev.Int64(fieldTime, r.t.UnixMicro()).Str(fieldCat, r.cat)
	if r.thread != "" {
		ev = ev.Str(fieldThread, r.thread)
	}
	if r.source != "" {
		ev = ev.Str(fieldSource, r.source)
	}
	if utf8.ValidString(r.message) {
		ev = ev.Str(fieldMessage, r.message)
	} else {
		ev = ev.Hex(fieldHex, []byte(r.message))
	}
	ev.Send()
}

// event is the JSON form of an event, as coreWriter reads it back.
type event struct {
	T   int64  `json:"t"`
	C   string `json:"c"`
	Th  string `json:"th"`
	Src string `json:"src"`
	M   string `json:"m"`
	MX  string `json:"mx"`
}

// coreWriter is the zerolog writer: it formats each event as Core's line
// and writes it to the sink.
type coreWriter struct{ s *sink }

func (w coreWriter) Write(p []byte) (int, error) {
	return w.WriteLevel(zerolog.InfoLevel, p)
}

func (w coreWriter) WriteLevel(l zerolog.Level, p []byte) (int, error) {
	var e event
	r := record{lvl: levelFromZerolog(l)}
	if err := json.Unmarshal(p, &e); err != nil {
		// Not one of ours; keep the text rather than lose it.
		r.t, r.message = w.s.now(), string(p)
	} else {
		r.t, r.cat, r.thread, r.source, r.message = time.UnixMicro(e.T), e.C, e.Th, e.Src, e.M
		if e.MX != "" {
			if b, err := hex.DecodeString(e.MX); err == nil {
				r.message = string(b)
			}
		}
	}
	w.s.write(&r)
	return len(p), nil
}
