package config

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// maxConfigSize bounds what one config file may hold (Core has no bound;
// this only guards against pointing -conf at a device or a huge file).
const maxConfigSize = 32 << 20

// ConfigLine is one name=value line of a config file, the name prefixed with
// the current [section] as "section.name".
type ConfigLine struct {
	Name  string
	Value string
}

// ParseConfig splits config file text into name=value lines as Core's
// GetConfigOptions does: '#' starts a comment, lines are trimmed, [section]
// prefixes later names with "section.", an option with a leading '-' or a
// line without '=' is an error, and a '#' on an rpcpassword line is
// rejected as ambiguous. file names the file in the returned sections.
func ParseConfig(text, file string) ([]ConfigLine, []SectionInfo, error) {
	const ws = " \t\r\n"
	var lines []ConfigLine
	var sections []SectionInfo
	prefix := ""
	rows := strings.Split(text, "\n")
	if len(rows) > 0 && rows[len(rows)-1] == "" {
		rows = rows[:len(rows)-1] // std::getline yields no empty last line
	}
	for i, row := range rows {
		lineNr := i + 1
		usedHash := false
		if pos := strings.IndexByte(row, '#'); pos >= 0 {
			row = row[:pos]
			usedHash = true
		}
		row = strings.Trim(row, ws)
		switch {
		case row == "":
		case row[0] == '[' && row[len(row)-1] == ']' && len(row) >= 2:
			section := row[1 : len(row)-1]
			sections = append(sections, SectionInfo{Name: section, File: file, Line: lineNr})
			prefix = section + "."
		case row[0] == '-':
			return nil, nil, fmt.Errorf("parse error on line %d: %s, options in configuration file must be specified without leading -", lineNr, row)
		case strings.Contains(row, "="):
			k, v, _ := strings.Cut(row, "=")
			name := prefix + strings.Trim(k, ws)
			value := strings.Trim(v, ws)
			if usedHash && strings.Contains(name, "rpcpassword") {
				return nil, nil, fmt.Errorf("parse error on line %d, using # in rpcpassword can be ambiguous and should be avoided", lineNr)
			}
			lines = append(lines, ConfigLine{Name: name, Value: value})
			if pos := strings.LastIndexByte(name, '.'); pos >= 0 && len(prefix) <= pos {
				sections = append(sections, SectionInfo{Name: name[:pos], File: file, Line: lineNr})
			}
		default:
			msg := fmt.Sprintf("parse error on line %d: %s", lineNr, row)
			if len(row) >= 2 && strings.HasPrefix(row, "no") {
				msg += fmt.Sprintf(", if you intended to specify a negated option, use %s=1 instead", row)
			}
			return nil, nil, errors.New(msg)
		}
	}
	return lines, sections, nil
}

// readConfigStream is Core's ReadConfigStream: it stores the file's
// settings. Unknown names are logged and ignored unless strict.
func (a *Args) readConfigStream(text, file string, strict bool) error {
	lines, sections, err := ParseConfig(text, file)
	if err != nil {
		return err
	}
	a.sections = append(a.sections, sections...)
	for _, l := range lines {
		k := interpretKey(l.Name)
		if k.name == "conf" {
			return errors.New("conf cannot be set in the configuration file; use includeconf= if you want to include additional config files")
		}
		if k.name == "reindex" {
			a.logs = append(a.logs, "Warning: reindex=1 is set in the configuration file, which will significantly slow down startup. Consider removing or commenting out this option for better performance, unless there is currently a condition which makes rebuilding the indexes necessary")
		}
		opt, known := a.opts[k.name]
		if !known {
			if strict {
				return fmt.Errorf("Invalid configuration value %s", l.Name)
			}
			a.logs = append(a.logs, "Ignoring unknown configuration value "+l.Name)
			continue
		}
		value := l.Value
		v, err := a.interpretValue(k, &value, opt)
		if err != nil {
			return err
		}
		sec := a.s.config[k.section]
		if sec == nil {
			sec = map[string][]any{}
			a.s.config[k.section] = sec
		}
		sec[k.name] = append(sec[k.name], v)
	}
	return nil
}

// ReadConfigString reads config text as if it were the config file (for
// tests and tools): it replaces previously read config settings.
func (a *Args) ReadConfigString(text string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.s.config = map[string]map[string][]any{}
	a.sections = nil
	return a.readConfigStream(text, "", false)
}

// ReadConfigOptions adjusts ReadConfigWith.
type ReadConfigOptions struct {
	// RejectUnknown makes an unknown name in a config file an error
	// ("Invalid configuration value foo") instead of Core's logged
	// "Ignoring unknown configuration value foo".
	RejectUnknown bool
	// SkipIgnoredConfCheck skips Core's check for a bitcoin.conf in the
	// datadir that is ignored because another config file is in use
	// (bitcoin-cli does not make that check).
	SkipIgnoredConfCheck bool
}

// ReadConfig does what Core's InitConfig does before it creates
// directories: it checks that -datadir exists, reads -conf (default
// <datadir>/bitcoin.conf; a relative -conf is under the datadir; a missing
// default file is fine) and its includeconf files, selects the chain and
// its config section, checks a datadir= from the config file, and rejects a
// bitcoin.conf in the datadir that another config file makes ignored.
// Unknown names in config files are ignored and logged, as in Core.
// Errors carry Core's messages, e.g. "Error reading configuration file:
// parse error on line 1: garbage".
func (a *Args) ReadConfig() error { return a.ReadConfigWith(ReadConfigOptions{}) }

// ReadConfigWith is ReadConfig with options.
func (a *Args) ReadConfigWith(o ReadConfigOptions) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.network = ""
	if p := a.getPath("datadir", ""); p != "" && !isDir(absPath(p)) {
		raw, _ := settingToString(a.setting("datadir"))
		return newError(fmt.Sprintf("Specified data directory \"%s\" does not exist.", raw))
	}
	origDataDir := a.dataDir()
	origConf := a.absPathForConfigVal(a.getPath("conf", ConfFilename), false)
	if err := a.readConfigFiles(o.RejectUnknown); err != nil {
		return err
	}
	chain, err := a.chainArg()
	if err != nil {
		return err
	}
	if _, err := Params(chain); err != nil {
		return err
	}
	a.network = chain
	if o.SkipIgnoredConfCheck {
		return nil
	}
	return a.checkIgnoredConf(origDataDir, origConf)
}

// readConfigFiles is Core's ReadConfigFiles.
func (a *Args) readConfigFiles(strict bool) error {
	fail := func(msg string) error { return newError("Error reading configuration file: " + msg) }
	a.s.config = map[string]map[string][]any{}
	a.sections = nil
	a.configPath = a.absPathForConfigVal(a.getPath("conf", ConfFilename), false)

	if a.configPath != "" {
		if isDir(a.configPath) {
			return fail(fmt.Sprintf("Config file \"%s\" is a directory.", a.configPath))
		}
		text, err := readFileLimited(a.configPath)
		switch {
		case err == nil:
			if err := a.readConfigStream(text, a.configPath, strict); err != nil {
				return fail(err.Error())
			}
			if err := a.readIncludes(strict, fail); err != nil {
				return err
			}
		case a.setting("conf") != nil:
			return &Error{Msg: fmt.Sprintf("Error reading configuration file: specified config file \"%s\" could not be opened.", a.configPath), Err: err}
		}
	}
	if p := a.getPath("datadir", ""); p != "" && !isDir(absPath(p)) {
		raw, _ := settingToString(a.setting("datadir"))
		return fail(fmt.Sprintf("specified data directory \"%s\" does not exist.", raw))
	}
	return nil
}

// readIncludes reads the includeconf files named in the main config file,
// in the chain's section first, then at the top level. includeconf lines in
// included files are ignored with a warning on stderr.
func (a *Args) readIncludes(strict bool, fail func(string) error) error {
	if _, ok := a.s.cmdline["includeconf"]; ok {
		return nil // -noincludeconf
	}
	chain, err := a.chainArg()
	if err != nil {
		return err
	}
	var names []string
	addIncludes := func(section string, skip int) int {
		vals := a.s.config[section]["includeconf"]
		for i := max(skip, spanNegated(vals)); i < len(vals); i++ {
			s, _ := settingToString(vals[i])
			names = append(names, s)
		}
		return len(vals)
	}
	chainIncludes := addIncludes(chain, 0)
	defaultIncludes := addIncludes("", 0)
	for _, name := range names {
		p := a.absPathForConfigVal(name, false)
		if isDir(p) {
			return fail(fmt.Sprintf("Included config file \"%s\" is a directory.", p))
		}
		text, err := readFileLimited(p)
		if err != nil {
			return &Error{Msg: "Error reading configuration file: Failed to include configuration file " + name, Err: err}
		}
		if err := a.readConfigStream(text, name, strict); err != nil {
			return fail(err.Error())
		}
		a.logs = append(a.logs, "Included configuration file "+name)
	}
	names = names[:0]
	addIncludes(chain, chainIncludes)
	addIncludes("", defaultIncludes)
	if final, err := a.chainArg(); err == nil && final != chain {
		addIncludes(final, 0)
	}
	for _, name := range names {
		a.console = append(a.console, "warning: -includeconf cannot be used from included files; ignoring -includeconf="+name)
	}
	return nil
}

func readFileLimited(p string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxConfigSize+1))
	if err != nil {
		return "", err
	}
	if len(data) > maxConfigSize {
		return "", fmt.Errorf("%s is larger than %d bytes", p, maxConfigSize)
	}
	return string(data), nil
}

// checkIgnoredConf is the part of Core's InitConfig that refuses to run when
// the datadir holds a bitcoin.conf that is not the config file in use.
func (a *Args) checkIgnoredConf(origDataDir, origConf string) error {
	base := a.dataDir()
	baseConf := filepath.Join(base, ConfFilename)
	if _, err := os.Stat(baseConf); err != nil {
		return nil
	}
	if origConf == "" {
		a.logs = append(a.logs, fmt.Sprintf("Data directory %s contains a %s file which is explicitly ignored using -noconf.", quoted(base), quoted(ConfFilename)))
		return nil
	}
	if sameFile(origConf, baseConf) {
		return nil
	}
	source := fmt.Sprintf("data directory %s", quoted(origDataDir))
	if s, _ := settingToString(a.setting("conf")); s != "" {
		source = fmt.Sprintf("command line argument %s", quoted("-conf="+s))
	}
	msg := fmt.Sprintf("Data directory %[1]s contains a %[2]s file which is ignored, because a different configuration file "+
		"%[3]s from %[4]s is being used instead. Possible ways to address this would be to:\n"+
		"- Delete or rename the %[2]s file in data directory %[1]s.\n"+
		"- Change datadir= or conf= options to specify one configuration file, not two, and use "+
		"includeconf= to include any other configuration files.",
		quoted(base), quoted(ConfFilename), quoted(origConf), source)
	if b, _ := settingToBool(a.setting("allowignoredconf")); b {
		a.logs = append(a.logs, "Warning: "+msg)
		return nil
	}
	return newError(msg + "\n- Set allowignoredconf=1 option to treat this condition as a warning, not an error.")
}

func sameFile(p, q string) bool {
	a, err1 := os.Stat(p)
	b, err2 := os.Stat(q)
	if err1 != nil || err2 != nil {
		return filepath.Clean(p) == filepath.Clean(q)
	}
	return os.SameFile(a, b)
}

// ConfigPath returns the config file ReadConfig used ("" with -noconf).
func (a *Args) ConfigPath() string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.configPath
}

// UnrecognizedSections returns the config sections that name no chain
// (Core warns "<file>:<line> Section [<name>] is not recognized.").
func (a *Args) UnrecognizedSections() []SectionInfo {
	a.mu.RLock()
	defer a.mu.RUnlock()
	var out []SectionInfo
	for _, s := range a.sections {
		if _, err := Params(s.Name); err != nil {
			out = append(out, s)
		}
	}
	return out
}

// UnsuitableSectionOnlyArgs returns the network-only options ("-name") set
// only at the top level of the config file while a chain other than main is
// selected (Core's GetUnsuitableSectionOnlyArgs).
func (a *Args) UnsuitableSectionOnlyArgs() []string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	if a.network == "" || a.network == ChainMain {
		return nil
	}
	var out []string
	for _, name := range sortedKeys(a.opts) {
		if a.opts[name].NetworkOnly && a.s.onlyHasDefaultSectionSetting(a.network, name) {
			out = append(out, "-"+name)
		}
	}
	return out
}

// SectionMessages formats UnsuitableSectionOnlyArgs and
// UnrecognizedSections as Core's init does: errs (each "Config setting for
// -x only applied on regtest network when in [regtest] section.") stop
// start-up; warnings ("<file>:<line> Section [x] is not recognized.") go to
// stderr and the log.
func (a *Args) SectionMessages() (errs, warnings []string) {
	net := a.Network()
	for _, arg := range a.UnsuitableSectionOnlyArgs() {
		errs = append(errs, fmt.Sprintf("Config setting for %s only applied on %s network when in [%s] section.", arg, net, net))
	}
	for _, s := range a.UnrecognizedSections() {
		warnings = append(warnings, fmt.Sprintf("%s:%d Section [%s] is not recognized.", s.File, s.Line, s.Name))
	}
	return errs, warnings
}
