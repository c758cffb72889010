package logging

import "fmt"

// OptionError is a rejected -debug, -debugexclude or -loglevel value, or a
// debug log file that cannot be opened. Its text is Core's message, without
// the "Error: " prefix Core's InitError prints before it.
type OptionError struct {
	Option string // "-debug", "-debugexclude", "-loglevel" or "-debuglogfile"
	Value  string // the offending value (the path for -debuglogfile)
	Msg    string // Core's message
	Err    error  // underlying cause, if any
}

func (e *OptionError) Error() string { return e.Msg }

func (e *OptionError) Unwrap() error { return e.Err }

func unsupportedCategory(opt, v string) *OptionError {
	return &OptionError{Option: opt, Value: v,
		Msg: fmt.Sprintf("Unsupported logging category %s=%s.", opt, v)}
}

func unsupportedGlobalLevel(v string) *OptionError {
	return &OptionError{Option: "-loglevel", Value: v,
		Msg: fmt.Sprintf("Unsupported global logging level %s=%s. Valid values: %s.",
			"-loglevel", v, LevelsString())}
}

func unsupportedCategoryLevel(v string) *OptionError {
	return &OptionError{Option: "-loglevel", Value: v,
		Msg: fmt.Sprintf("Unsupported category-specific logging level %[1]s=%[2]s. "+
			"Expected %[1]s=<category>:<loglevel>. Valid categories: %[3]s. Valid loglevels: %[4]s.",
			"-loglevel", v, CategoriesString(), LevelsString())}
}

// UnknownCategoryError is a category name the logging RPC cannot enable or
// disable. Its text is the message of Core's RPC error.
type UnknownCategoryError struct{ Name string }

func (e *UnknownCategoryError) Error() string { return "unknown logging category " + e.Name }
