package logging

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var testTime = time.Date(2026, 11, 25, 3, 0, 0, 123456789, time.UTC)

// newTest returns a logger writing to a buffer (the console), with the
// time fixed at testTime and Core's default -logtimestamps=1.
func newTest(t *testing.T, o Options) (*Logger, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	o.Console = &buf
	o.Now = func() time.Time { return testTime }
	l, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return l, &buf
}

func TestLineShape(t *testing.T) {
	l, buf := newTest(t, Options{Timestamps: true, Debug: []string{"net"}, LogLevel: []string{"net:trace"}})
	l.Infof("Bitcoin Core version %s", "v29")
	l.Warnf("disk space is low")
	l.Errorf("failed")
	l.Debugf("net", "received: %s (%d bytes)", "ping", 8)
	l.Tracef("net", "payload")
	l.Logf("net", Info, "net info")
	l.Logf("net", Warning, "net warning")
	l.Logf("net", Error, "net error")
	l.Logf("", Debug, "uncategorized debug")
	want := `2026-11-25T03:00:00Z Bitcoin Core version v29
2026-11-25T03:00:00Z [warning] disk space is low
2026-11-25T03:00:00Z [error] failed
2026-11-25T03:00:00Z [net] received: ping (8 bytes)
2026-11-25T03:00:00Z [net:trace] payload
2026-11-25T03:00:00Z [net:info] net info
2026-11-25T03:00:00Z [net:warning] net warning
2026-11-25T03:00:00Z [net:error] net error
2026-11-25T03:00:00Z [debug] uncategorized debug
`
	if got := buf.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestFormatOptions(t *testing.T) {
	cases := []struct {
		name string
		o    Options
		want string
	}{
		{"micros", Options{Timestamps: true, TimeMicros: true}, "2026-11-25T03:00:00.123456Z [ipc:info] hi\n"},
		{"no timestamps", Options{}, "[ipc:info] hi\n"},
		{"threads", Options{Timestamps: true, ThreadNames: true}, "2026-11-25T03:00:00Z [init] [ipc:info] hi\n"},
		{"level always", Options{LevelAlways: true}, "[ipc:info] hi\n"},
	}
	for _, c := range cases {
		l, buf := newTest(t, c.o)
		l.Logf("ipc", Info, "hi")
		if got := buf.String(); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
	l, buf := newTest(t, Options{LevelAlways: true, ThreadNames: true})
	l.Named("msghand").Infof("x")
	l.Named("").Infof("y")
	if got, want := buf.String(), "[msghand] [all:info] x\n[unknown] [all:info] y\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSourceLocations(t *testing.T) {
	l, buf := newTest(t, Options{SourceLocations: true})
	l.Infof("here")
	got := buf.String()
	if !strings.HasPrefix(got, "[logging/logger_test.go:") || !strings.HasSuffix(got, "] [TestSourceLocations] here\n") {
		t.Errorf("got %q", got)
	}
}

func TestMessageEscaping(t *testing.T) {
	l, buf := newTest(t, Options{})
	l.Infof("a\x01b\x7fc\td")
	l.Infof("ends in newline\n")
	l.Infof("two\nlines")
	l.Infof("100%")              // verbatim without arguments
	l.Infof("bad utf8 \xff\xfe") // bytes kept, as Core
	l.Infof("")
	want := "a\\x01b\\x7fc\\x09d\nends in newline\ntwo\nlines\n100%\nbad utf8 \xff\xfe\n\n"
	if got := buf.String(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestFilters(t *testing.T) {
	l, buf := newTest(t, Options{Debug: []string{"net", "ipc"}, LogLevel: []string{"ipc:trace"}})
	checks := []struct {
		cat  string
		lvl  Level
		want bool
	}{
		{"net", Debug, true}, {"net", Trace, false}, {"ipc", Trace, true},
		{"rpc", Debug, false}, {"rpc", Info, true}, {"rpc", Error, true},
		{"nosuch", Debug, false}, {"nosuch", Warning, true},
		{"", Debug, true}, {"", Trace, false},
	}
	for _, c := range checks {
		if got := l.Enabled(c.cat, c.lvl); got != c.want {
			t.Errorf("Enabled(%q, %v) = %v, want %v", c.cat, c.lvl, got, c.want)
		}
	}
	l.Debugf("rpc", "hidden")
	l.Tracef("net", "hidden")
	if buf.Len() != 0 {
		t.Errorf("wrote %q", buf.String())
	}
	none, _ := newTest(t, Options{})
	if none.Enabled("", Debug) || none.Enabled("net", Debug) {
		t.Error("debug enabled without -debug")
	}
}

func TestRPCCategories(t *testing.T) {
	l, _ := newTest(t, Options{})
	cats := l.Categories()
	if len(cats) != numCategories {
		t.Fatalf("%d categories", len(cats))
	}
	for n, on := range cats {
		if on {
			t.Errorf("%s enabled", n)
		}
	}
	if err := l.EnableCategory("mempool"); err != nil {
		t.Fatal(err)
	}
	if !l.Categories()["mempool"] || !l.Enabled("mempool", Debug) {
		t.Error("mempool not enabled")
	}
	var uce *UnknownCategoryError
	if err := l.EnableCategory("foo"); !errors.As(err, &uce) || err.Error() != "unknown logging category foo" {
		t.Errorf("EnableCategory(foo) = %v", err)
	}
	if err := l.DisableCategory("none"); err == nil {
		t.Error("DisableCategory(none) accepted")
	}
	for _, all := range []string{"all", "1"} {
		l.EnableCategory(all)
		for n, on := range l.Categories() {
			if !on {
				t.Errorf("%s: %s not enabled", all, n)
			}
		}
		l.DisableCategory(all)
		for n, on := range l.Categories() {
			if on {
				t.Errorf("%s: %s still enabled", all, n)
			}
		}
	}
}

func TestCategoryTable(t *testing.T) {
	for i := 1; i < numCategories; i++ {
		if categoryNames[i-1] >= categoryNames[i] {
			t.Errorf("not sorted at %s", categoryNames[i])
		}
	}
	for _, n := range []string{"net", "ipc", "validation", "kernel", "privatebroadcast", "txpackages"} {
		if _, ok := categoryIndex(n); !ok {
			t.Errorf("%s missing", n)
		}
	}
	if numCategories > 63 {
		t.Error("too many categories for the mask")
	}
}

func TestFileAndReopen(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "debug.log")
	os.WriteFile(path, []byte("old\n"), 0o600)
	l, console := newTest(t, Options{File: path, Timestamps: true})
	l.Infof("one")
	rotated := filepath.Join(dir, "debug.log.1")
	if err := os.Rename(path, rotated); err != nil {
		t.Fatal(err)
	}
	l.Infof("two")
	if err := l.Reopen(); err != nil {
		t.Fatal(err)
	}
	l.Infof("three")
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	l.Infof("four")
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	read := func(p string) string { b, _ := os.ReadFile(p); return string(b) }
	ts := "2026-11-25T03:00:00Z "
	if got, want := read(rotated), "old\n\n\n\n\n\n"+ts+"one\n"+ts+"two\n"; got != want {
		t.Errorf("rotated file %q, want %q", got, want)
	}
	if got, want := read(path), ts+"three\n"; got != want {
		t.Errorf("new file %q, want %q", got, want)
	}
	if got, want := console.String(), ts+"one\n"+ts+"two\n"+ts+"three\n"+ts+"four\n"; got != want {
		t.Errorf("console %q, want %q", got, want)
	}
}

func TestFileOpenError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "debug.log")
	_, err := New(Options{File: path})
	if err == nil || err.Error() != "Could not open debug log file "+path {
		t.Errorf("got %v", err)
	}
}

func TestShrink(t *testing.T) {
	path := filepath.Join(t.TempDir(), "debug.log")
	os.WriteFile(path, []byte("0123456789"), 0o600)
	shrinkFile(path, 4, 12)
	if b, _ := os.ReadFile(path); string(b) != "0123456789" {
		t.Errorf("shrunk below threshold: %q", b)
	}
	shrinkFile(path, 4, 9)
	if b, _ := os.ReadFile(path); string(b) != "6789" {
		t.Errorf("got %q", b)
	}
	no := false
	big := bytes.Repeat([]byte("x"), shrinkThreshold+1)
	os.WriteFile(path, big, 0o600)
	l, err := New(Options{File: path, ShrinkDebugFile: &no})
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	if st, _ := os.Stat(path); st.Size() != int64(len(big))+5 {
		t.Errorf("size %d with -shrinkdebugfile=0", st.Size())
	}
	l, _ = New(Options{File: path}) // default: shrink, as no category is enabled
	l.Close()
	if st, _ := os.Stat(path); st.Size() != shrinkKeep+5 {
		t.Errorf("size %d after shrinking", st.Size())
	}
}

func TestConcurrentLinesDoNotInterleave(t *testing.T) {
	l, buf := newTest(t, Options{Timestamps: true, Debug: []string{"1"}})
	const goroutines, each = 16, 200
	var wg sync.WaitGroup
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := l.Named("worker")
			for i := 0; i < each; i++ {
				n.Debugf("net", "goroutine %02d line %03d %s", g, i, strings.Repeat("x", 100))
				_ = l.Enabled("ipc", Trace)
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 100; i++ {
			l.DisableCategory("ipc")
			l.EnableCategory("ipc")
			_ = l.Categories()
		}
	}()
	wg.Wait()
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != goroutines*each {
		t.Fatalf("%d lines", len(lines))
	}
	for _, ln := range lines {
		if !strings.HasPrefix(ln, "2026-11-25T03:00:00Z [net] goroutine ") || len(ln) != len("2026-11-25T03:00:00Z [net] goroutine 00 line 000 ")+100 {
			t.Fatalf("mangled line %q", ln)
		}
	}
}
