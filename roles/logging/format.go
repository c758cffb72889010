package logging

import (
	"strconv"
	"strings"
	"time"
)

// lineFormat is how a logger writes lines: Core's -logtimestamps,
// -logtimemicros, -logthreadnames, -logsourcelocations and -loglevelalways,
// plus the canonical form child processes use.
type lineFormat struct {
	timestamps, micros, threads, sources, levelAlways bool
	// canonical writes a message's inner newlines as sepNewline, so that a
	// record is exactly one line for Forward to read back.
	canonical bool
}

// sepNewline stands for a newline inside a message in canonical lines. The
// escaping below turns every control byte but '\n' into text, so it never
// occurs in a message otherwise.
const sepNewline = '\x1f'

const (
	layoutSeconds = "2006-01-02T15:04:05Z"
	layoutMicros  = "2006-01-02T15:04:05.000000Z"
)

// record is one log line before formatting.
type record struct {
	t       time.Time
	thread  string
	source  string // "[file:line] [func] ", or ""
	cat     string
	lvl     Level
	message string
}

// appendLine appends the formatted line for r to b, as Core's
// FormatLogStrInPlace: time, thread, source location, prefix, message.
func (f lineFormat) appendLine(b []byte, r *record) []byte {
	if f.timestamps {
		t := r.t.UTC()
		if f.micros {
			b = t.AppendFormat(b, layoutMicros)
		} else {
			b = t.AppendFormat(b, layoutSeconds)
		}
		b = append(b, ' ')
	}
	if f.threads {
		th := r.thread
		if th == "" {
			th = "unknown"
		}
		b = append(append(append(b, '['), th...), "] "...)
	}
	if f.sources {
		b = append(b, r.source...)
	}
	b = appendPrefix(b, r.cat, r.lvl, f.levelAlways)
	msg := escape(r.message)
	if f.canonical {
		msg = strings.TrimSuffix(msg, "\n")
		msg = strings.ReplaceAll(msg, "\n", string(sepNewline))
	}
	b = append(b, msg...)
	if !strings.HasSuffix(msg, "\n") {
		b = append(b, '\n')
	}
	return b
}

// appendPrefix is Core's GetLogPrefix.
func appendPrefix(b []byte, cat string, lvl Level, always bool) []byte {
	cat = categoryLabel(cat)
	hasCat := always || cat != "all"
	if !hasCat && lvl == Info {
		return b
	}
	b = append(b, '[')
	if hasCat {
		b = append(b, cat...)
	}
	if always || !hasCat || lvl != Debug {
		if hasCat {
			b = append(b, ':')
		}
		b = append(b, lvl.String()...)
	}
	return append(b, "] "...)
}

// escape is Core's LogEscapeMessage: control bytes other than '\n', and
// DEL, become \xNN. Other bytes, valid UTF-8 or not, are kept.
func escape(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 32 && c != '\n') || c == 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 32 && c != '\n') || c == 0x7f {
			sb.WriteString(`\x`)
			if c < 16 {
				sb.WriteByte('0')
			}
			sb.WriteString(strconv.FormatUint(uint64(c), 16))
			continue
		}
		sb.WriteByte(c)
	}
	return sb.String()
}
