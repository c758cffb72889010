package config

import "strings"

// Error is a configuration error whose text is Core's message, without the
// "Error: " prefix Core's InitError prints before it.
type Error struct {
	Msg     string   // Core's message
	Details []string // further lines, printed as Core's unordered list
	Err     error    // underlying cause, if any
}

func (e *Error) Error() string {
	if len(e.Details) == 0 {
		return e.Msg
	}
	return e.Msg + ":\n- " + strings.Join(e.Details, "\n- ")
}

func (e *Error) Unwrap() error { return e.Err }

func newError(msg string) *Error { return &Error{Msg: msg} }
