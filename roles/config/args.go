package config

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Args is the merged, validated view of command line, config file and
// settings.json for one process. It is safe for concurrent use.
type Args struct {
	mu         sync.RWMutex
	opts       map[string]Option
	list       []Option
	s          store
	positional []string
	network    string        // the chain whose config section applies; set by ReadConfig
	configPath string        // the config file read ("" with -noconf)
	sections   []SectionInfo // sections seen in config files
	logs       []string      // lines Core logs while processing options
	console    []string      // lines Core prints straight to stderr
}

// SectionInfo is a [section] (or section.name= prefix) seen in a config file.
type SectionInfo struct {
	Name string
	File string
	Line int
}

// New returns an empty Args accepting opts.
func New(opts []Option) *Args {
	return &Args{opts: optionIndex(opts), list: append([]Option(nil), opts...), s: newStore()}
}

// Parse parses argv (without argv[0]) against the options as Core's
// ArgsManager::ParseParameters does. An unknown option gives the error
// "Invalid parameter -foo" (Core prints "Error parsing command line
// arguments: " before it). Parsing stops at the first word without a dash
// (or at a lone "-"); the remaining words are returned by Positional().
func Parse(argv []string, opts []Option) (*Args, error) {
	a := New(opts)
	if err := a.parse(argv); err != nil {
		return nil, err
	}
	return a, nil
}

func (a *Args) parse(argv []string) error {
	for i := 0; i < len(argv); i++ {
		arg := argv[i]
		if arg == "-" {
			break
		}
		key, val, hasVal := strings.Cut(arg, "=")
		if !strings.HasPrefix(key, "-") {
			a.positional = append([]string(nil), argv[i:]...)
			break
		}
		if len(key) > 1 && key[1] == '-' {
			key = key[1:]
		}
		ki := interpretKey(key[1:])
		opt, known := a.opts[ki.name]
		if !known || ki.section != "" {
			return newError("Invalid parameter " + arg)
		}
		var vp *string
		if hasVal {
			vp = &val
		}
		v, err := a.interpretValue(ki, vp, opt)
		if err != nil {
			return err
		}
		a.s.cmdline[ki.name] = append(a.s.cmdline[ki.name], v)
	}
	// -includeconf is only allowed negated on the command line.
	if vals := spanValues(a.s.cmdline["includeconf"]); len(vals) > 0 {
		return newError("-includeconf cannot be used from commandline; -includeconf=" + writeJSON(vals[0], 0, 0))
	}
	return nil
}

// keyInfo is a parsed "[section.][no]name" key (Core's KeyInfo).
type keyInfo struct {
	name    string
	section string
	negated bool
}

func interpretKey(key string) keyInfo {
	var k keyInfo
	if sec, rest, ok := strings.Cut(key, "."); ok {
		k.section, key = sec, rest
	}
	if strings.HasPrefix(key, "no") {
		key = key[2:]
		k.negated = true
	}
	k.name = key
	return k
}

// interpretValue is Core's InterpretValue: negations become false (or true
// for a double negative such as -nofoo=0), -foo becomes "".
func (a *Args) interpretValue(k keyInfo, value *string, opt Option) (any, error) {
	if k.negated {
		if opt.DisallowNegation {
			return nil, newError(fmt.Sprintf("Negating of -%s is meaningless and therefore forbidden", k.name))
		}
		if value != nil && !interpretBool(*value) {
			a.logs = append(a.logs, fmt.Sprintf("Warning: parsed potentially confusing double-negative -%s=%s", k.name, *value))
			return true, nil
		}
		return false, nil
	}
	if value == nil {
		if opt.DisallowElision {
			return nil, newError(fmt.Sprintf("Can not set -%s with no value. Please specify value with -%s=value.", k.name, k.name))
		}
		return "", nil
	}
	return *value, nil
}

// settingName strips one leading dash, so "-foo" and "foo" are the same.
func settingName(name string) string { return strings.TrimPrefix(name, "-") }

// useDefaultSection reports whether top-level config values apply to name.
func (a *Args) useDefaultSection(name string) bool {
	return a.network == "main" || !a.opts[name].NetworkOnly
}

func (a *Args) setting(name string) any {
	name = settingName(name)
	return a.s.getSetting(a.network, name, !a.useDefaultSection(name), false, false)
}

func (a *Args) settingsList(name string) []any {
	name = settingName(name)
	return a.s.getSettingsList(a.network, name, !a.useDefaultSection(name))
}

// IsSet reports whether name is set anywhere (command line, settings.json,
// or the config file as it applies to the selected chain). A negated option
// is set.
func (a *Args) IsSet(name string) bool {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.setting(name) != nil
}

// IsNegated reports whether the effective value of name is a negation (-noname).
func (a *Args) IsNegated(name string) bool {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return isFalse(a.setting(name))
}

// Get is Core's GetArg: the command line (last value wins) over
// settings.json over the config file (chain section over top level; first
// value wins). A negated option gives "0", a double negative "1".
func (a *Args) Get(name, def string) string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	if s, ok := settingToString(a.setting(name)); ok {
		return s
	}
	return def
}

// Lookup is Get with a flag telling whether name was set at all.
func (a *Args) Lookup(name string) (string, bool) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return settingToString(a.setting(name))
}

// GetBool is Core's GetBoolArg: "" is true, numbers are compared with zero,
// other strings (including "true") are false.
func (a *Args) GetBool(name string, def bool) bool {
	a.mu.RLock()
	defer a.mu.RUnlock()
	if b, ok := settingToBool(a.setting(name)); ok {
		return b
	}
	return def
}

// GetInt is Core's GetIntArg (LocaleIndependentAtoi: leading digits,
// garbage is 0, out-of-range values saturate).
func (a *Args) GetInt(name string, def int64) int64 {
	a.mu.RLock()
	defer a.mu.RUnlock()
	if n, ok := settingToInt(a.setting(name)); ok {
		return n
	}
	return def
}

// GetAll is Core's GetArgs: every value, command line then settings.json
// then config file; a negation drops the values before it and those of
// lower-precedence sources. Double negatives appear as "1".
func (a *Args) GetAll(name string) []string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	vals := a.settingsList(name)
	out := make([]string, 0, len(vals))
	for _, v := range vals {
		s, _ := settingToString(v)
		if v == nil {
			s = "null"
		}
		out = append(out, s)
	}
	return out
}

// Positional returns the words after the options (bitcoin-cli's method and
// parameters; bitcoind rejects them).
func (a *Args) Positional() []string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return append([]string(nil), a.positional...)
}

// Options returns the options this Args accepts.
func (a *Args) Options() []Option {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return append([]Option(nil), a.list...)
}

// Known reports whether name is an accepted option.
func (a *Args) Known(name string) bool {
	a.mu.RLock()
	defer a.mu.RUnlock()
	_, ok := a.opts[settingName(name)]
	return ok
}

// ForceSet overrides name with value above every other source (Core's ForceSetArg).
func (a *Args) ForceSet(name, value string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.s.forced[settingName(name)] = value
}

// SoftSet sets name to value unless it is already set (Core's SoftSetArg);
// it reports whether it did.
func (a *Args) SoftSet(name, value string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.setting(name) != nil {
		return false
	}
	a.s.forced[settingName(name)] = value
	return true
}

// SoftSetBool is SoftSet with "1" or "0" (Core's SoftSetBoolArg).
func (a *Args) SoftSetBool(name string, value bool) bool {
	if value {
		return a.SoftSet(name, "1")
	}
	return a.SoftSet(name, "0")
}

// HelpRequested reports -?, -h, -help or -help-debug (Core's HelpRequested).
func (a *Args) HelpRequested() bool {
	return a.IsSet("?") || a.IsSet("h") || a.IsSet("help") || a.IsSet("help-debug")
}

// Settings returns the flattened merged view of every option that is set,
// as GetAll gives it: name -> values. A negated option maps to an empty,
// non-nil slice. Use Export for a lossless copy.
func (a *Args) Settings() map[string][]string {
	a.mu.RLock()
	names := map[string]bool{}
	for n := range a.s.forced {
		names[n] = true
	}
	for n := range a.s.cmdline {
		names[n] = true
	}
	for n := range a.s.rw {
		names[n] = true
	}
	for _, sec := range a.s.config {
		for n := range sec {
			names[n] = true
		}
	}
	var set []string
	for n := range names {
		if a.setting(n) != nil {
			set = append(set, n)
		}
	}
	a.mu.RUnlock()
	sort.Strings(set)
	out := make(map[string][]string, len(set))
	for _, n := range set {
		out[n] = a.GetAll(n)
	}
	return out
}

// LogMessages returns the lines Core writes to debug.log while processing
// options and config files (e.g. "Ignoring unknown configuration value x"),
// in order. The logging role prints them once logging is up.
func (a *Args) LogMessages() []string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return append([]string(nil), a.logs...)
}

// ConsoleMessages returns the lines Core prints straight to stderr while
// reading config files (e.g. "warning: -includeconf cannot be used from
// included files; ignoring -includeconf=x").
func (a *Args) ConsoleMessages() []string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return append([]string(nil), a.console...)
}

// ArgLogLines returns Core's LogArgs lines: "Config file arg: [section]
// name=value", "Setting file arg: name = value" and "Command-line arg:
// name=value", values as JSON and sensitive ones as "****".
func (a *Args) ArgLogLines() []string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	var out []string
	logPrefix := func(prefix, section string, m map[string][]any) {
		sec := ""
		if section != "" {
			sec = "[" + section + "] "
		}
		for _, name := range sortedKeys(m) {
			opt, ok := a.opts[name]
			if !ok {
				continue
			}
			for _, v := range m[name] {
				s := writeJSON(v, 0, 0)
				if opt.Sensitive {
					s = "****"
				}
				out = append(out, fmt.Sprintf("%s %s%s=%s", prefix, sec, name, s))
			}
		}
	}
	for _, section := range sortedKeys(a.s.config) {
		logPrefix("Config file arg:", section, a.s.config[section])
	}
	for _, name := range sortedKeys(a.s.rw) {
		out = append(out, fmt.Sprintf("Setting file arg: %s = %s", name, writeJSON(a.s.rw[name], 0, 0)))
	}
	logPrefix("Command-line arg:", "", a.s.cmdline)
	return out
}
