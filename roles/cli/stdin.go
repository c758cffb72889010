package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
)

// lineReader reads standard input a line at a time, as std::getline.
type lineReader struct {
	r    *bufio.Reader
	file *os.File
}

func newLineReader(r io.Reader) *lineReader {
	if r == nil {
		r = eofReader{}
	}
	f, _ := r.(*os.File)
	return &lineReader{r: bufio.NewReader(r), file: f}
}

type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }

// line returns the next line without its '\n'; io.EOF when nothing is left.
func (l *lineReader) line() (string, error) {
	s, err := l.r.ReadString('\n')
	if err != nil {
		if s != "" && err == io.EOF {
			return s, nil
		}
		return "", fmt.Errorf("reading standard input: %w", err)
	}
	return s[:len(s)-1], nil
}

// terminal reports whether standard input is a terminal (Core's
// StdinTerminal).
func (l *lineReader) terminal() bool {
	if l.file == nil {
		return false
	}
	fi, err := l.file.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// prompted reads one line, showing prompt on stderr first when standard
// input is a terminal, and ending the line on stdout afterwards as Core
// does. (Core also turns terminal echo off; this does not.)
func (l *lineReader) prompted(prompt string, stderr, stdout io.Writer) (string, error) {
	term := l.terminal()
	if term && l.r.Buffered() == 0 {
		fmt.Fprint(stderr, prompt)
	}
	s, err := l.line()
	if err != nil {
		return "", err
	}
	if term {
		fmt.Fprint(stdout, "\n")
	}
	return s, nil
}
