package logging

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// canonicalLines logs through a canonical logger with the time fixed.
func canonicalLines(t testing.TB, emit func(*Logger)) string {
	t.Helper()
	var buf bytes.Buffer
	c := NewCanonical(&buf)
	c.c.sink.clock = func() time.Time { return testTime }
	emit(c)
	return buf.String()
}

func TestCanonicalForm(t *testing.T) {
	got := canonicalLines(t, func(c *Logger) {
		c.Infof("started")
		c.Tracef("ipc", "send data: (a = 1)")
		c.Debugf("ipc", "{bitcoin-node-123/b-capnp-loop-5} IPC server recv request  #1 Init.construct$Params")
		c.Warnf("two\nlines\n")
	})
	want := "2026-11-25T03:00:00.123456Z [all:info] started\n" +
		"2026-11-25T03:00:00.123456Z [ipc:trace] send data: (a = 1)\n" +
		"2026-11-25T03:00:00.123456Z [ipc:debug] {bitcoin-node-123/b-capnp-loop-5} IPC server recv request  #1 Init.construct$Params\n" +
		"2026-11-25T03:00:00.123456Z [all:warning] two\x1flines\n"
	if got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

func TestForward(t *testing.T) {
	child := canonicalLines(t, func(c *Logger) {
		c.Infof("started")
		c.Tracef("ipc", "send data: (a = 1)")
		c.Debugf("ipc", "IPC server recv request  #1 Init.construct$Params")
		c.Debugf("net", "hidden")
		c.Logf("ipc", Info, "IPC server: socket connected.")
		c.Warnf("two\nlines")
		c.Errorf("")
	})
	parent, buf := newTest(t, Options{Timestamps: true, ThreadNames: true, Debug: []string{"ipc"}})
	p := parent.Named("bitcoin-node")
	for _, ln := range strings.SplitAfter(child, "\n") {
		if ln != "" {
			p.Forward(ln)
		}
	}
	p.Forward("panic: runtime error: index out of range [3] with length 3")
	p.Forward("goroutine 1 [running]:\n")
	p.Forward("\tmain.go:12 +0x1d")
	want := "2026-11-25T03:00:00Z [bitcoin-node] started\n" +
		"2026-11-25T03:00:00Z [bitcoin-node] [ipc] IPC server recv request  #1 Init.construct$Params\n" +
		"2026-11-25T03:00:00Z [bitcoin-node] [ipc:info] IPC server: socket connected.\n" +
		"2026-11-25T03:00:00Z [bitcoin-node] [warning] two\nlines\n" +
		"2026-11-25T03:00:00Z [bitcoin-node] [error] \n" +
		"2026-11-25T03:00:00Z [bitcoin-node] panic: runtime error: index out of range [3] with length 3\n" +
		"2026-11-25T03:00:00Z [bitcoin-node] goroutine 1 [running]:\n" +
		"2026-11-25T03:00:00Z [bitcoin-node] \\x09main.go:12 +0x1d\n"
	if got := buf.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestForwardKeepsChildTime(t *testing.T) {
	parent, buf := newTest(t, Options{Timestamps: true, TimeMicros: true})
	parent.Forward("2020-01-02T03:04:05.000007Z [all:info] old")
	if got, want := buf.String(), "2020-01-02T03:04:05.000007Z old\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestForwardMalformed(t *testing.T) {
	for _, ln := range []string{
		"",
		"2026-11-25T03:00:00Z [net] seconds only",
		"2026-11-25T03:00:00.123456Z [nosuch:info] unknown category",
		"2026-11-25T03:00:00.123456Z [net:loud] unknown level",
		"2026-11-25T03:00:00.123456Z [net] no level",
		"2026-11-25T03:00:00.123456Z [:info] empty category",
		"2026-11-25T03:00:00.123456Z [all:info]no space",
		"2026-13-25T03:00:00.123456Z [all:info] bad month",
	} {
		parent, buf := newTest(t, Options{})
		parent.Forward(ln)
		if got, want := buf.String(), ln+"\n"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

// FuzzForward checks that Forward never panics, writes at most one record
// ending in a newline, loses nothing from malformed lines, and that a
// parent with everything enabled reproduces a child's canonical lines.
func FuzzForward(f *testing.F) {
	f.Add("2026-11-25T03:00:00.123456Z [ipc:trace] send data: (a = 1)", "ipc", int8(0), "msg")
	f.Add("2026-11-25T03:00:00.123456Z [all:info] two\x1flines", "", int8(2), "a\nb\n")
	f.Add("garbage \x00\xff\n", "net", int8(4), "\x7f\x1f%d")
	f.Add("2026-11-25T03:00:00.123456Z [net:debug] ", "nosuch", int8(1), "")
	f.Add("2026-11-25T03:00:00.123456Z [all:info] \x1f\n", "all", int8(3), "a\n\n")
	f.Fuzz(func(t *testing.T, line, cat string, lvl int8, msg string) {
		parent, buf := newTest(t, Options{Timestamps: true, TimeMicros: true, LevelAlways: true,
			Debug: []string{"all"}, LogLevel: []string{"trace", "all:trace"}})
		parent.Forward(line)
		out := buf.String()
		if !strings.HasSuffix(out, "\n") {
			t.Fatalf("Forward(%q) wrote %q", line, out)
		}
		if _, ok := parseCanonical(strings.TrimSuffix(line, "\n")); !ok {
			want := "2026-11-25T03:00:00.123456Z [all:info] " + escape(strings.TrimSuffix(line, "\n"))
			if want = strings.TrimSuffix(want, "\n") + "\n"; out != want {
				t.Fatalf("Forward(%q) wrote %q, want %q", line, out, want)
			}
		}

		// Round trip: child canonical line -> parent with everything on.
		if _, ok := categoryIndex(cat); !ok {
			cat = ""
		}
		level := Level(uint8(lvl) % 5)
		child := canonicalLines(t, func(c *Logger) { c.Logf(cat, level, msg) })
		if strings.Count(child, "\n") != 1 {
			t.Fatalf("canonical record is not one line: %q", child)
		}
		buf.Reset()
		parent.Forward(child)
		want := string(lineFormat{timestamps: true, micros: true, levelAlways: true}.appendLine(nil,
			&record{t: testTime, cat: cat, lvl: level, message: msg}))
		if got := buf.String(); got != want {
			t.Fatalf("round trip of %q: got %q, want %q", child, got, want)
		}
	})
}

func TestRestrictCanonical(t *testing.T) {
	var b strings.Builder
	l := NewCanonical(&b)
	if !l.Enabled("ipc", Trace) {
		t.Fatal("a canonical logger starts with everything enabled")
	}
	if err := l.Restrict([]string{"net"}, nil, []string{"debug"}); err != nil {
		t.Fatal(err)
	}
	if l.Enabled("ipc", Debug) || l.Enabled("net", Trace) || !l.Enabled("net", Debug) {
		t.Fatal("Restrict did not apply -debug=net -loglevel=debug")
	}
	if err := l.Restrict([]string{"nosuch"}, nil, nil); err == nil {
		t.Fatal("unknown category accepted")
	}
}
