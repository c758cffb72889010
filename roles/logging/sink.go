package logging

import (
	"io"
	"os"
	"sync"
	"time"
)

// sink is where lines go: the console and the debug log file, written
// under one lock so lines never interleave. The file is unbuffered (each
// line is one write), as Core's setbuf(m_fileout, nullptr).
type sink struct {
	format lineFormat
	clock  func() time.Time

	mu      sync.Mutex
	buf     []byte
	console io.Writer
	path    string
	file    *os.File
}

func (s *sink) now() time.Time {
	if s.clock != nil {
		return s.clock()
	}
	return time.Now()
}

func (s *sink) write(r *record) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.buf = s.format.appendLine(s.buf[:0], r)
	if s.console != nil {
		s.console.Write(s.buf)
		if f, ok := s.console.(interface{ Flush() error }); ok {
			f.Flush()
		}
	}
	if s.file != nil {
		s.file.Write(s.buf)
	}
	if cap(s.buf) > 64<<10 {
		s.buf = nil
	}
}

// Amount of debug.log kept when shrinking, and the size that triggers it
// (Core's RECENT_DEBUG_HISTORY_SIZE and 11/10 of it).
const (
	shrinkKeep      = 10 * 1000000
	shrinkThreshold = 11 * (shrinkKeep / 10)
)

// openLog opens path for appending, creating it, as Core's fopen(path, "a").
func openLog(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
}

// start opens the file, writing Core's five blank lines that separate this
// run from the last one.
func (s *sink) start(shrink bool) error {
	if s.path == "" {
		return nil
	}
	if shrink {
		shrinkFile(s.path, shrinkKeep, shrinkThreshold)
	}
	f, err := openLog(s.path)
	if err != nil {
		return &OptionError{Option: "-debuglogfile", Value: s.path,
			Msg: "Could not open debug log file " + s.path, Err: err}
	}
	f.WriteString("\n\n\n\n\n")
	s.mu.Lock()
	s.file = f
	s.mu.Unlock()
	return nil
}

// reopen swaps in a freshly opened file (after log rotation). On failure
// the old file stays in use.
func (s *sink) reopen() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.path == "" || s.file == nil {
		return nil
	}
	f, err := openLog(s.path)
	if err != nil {
		return err
	}
	old := s.file
	s.file = f
	return old.Close()
}

func (s *sink) close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.file == nil {
		return nil
	}
	err := s.file.Close()
	s.file = nil
	return err
}

// shrinkFile is Core's ShrinkDebugFile: a file larger than threshold is cut
// down to its last keep bytes. Failures leave the file as it was.
func shrinkFile(path string, keep, threshold int64) {
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() || st.Size() <= threshold {
		return
	}
	f, err := os.Open(path)
	if err != nil {
		return
	}
	tail := make([]byte, keep)
	n, err := f.ReadAt(tail, st.Size()-keep)
	f.Close()
	if err != nil && err != io.EOF {
		return
	}
	os.WriteFile(path, tail[:n], st.Mode().Perm())
}
