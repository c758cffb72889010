package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParseConfigErrors(t *testing.T) {
	tests := []struct {
		text string
		err  string
	}{
		{"garbage\n", "parse error on line 1: garbage"},
		{"nono\n", "parse error on line 1: nono, if you intended to specify a negated option, use nono=1 instead"},
		{"no\n", "parse error on line 1: no, if you intended to specify a negated option, use no=1 instead"},
		{"n\n", "parse error on line 1: n"},
		{"-dash=1\n", "parse error on line 1: -dash=1, options in configuration file must be specified without leading -"},
		{"server=1\nrpcuser=someuser\nrpcpassword=some#pass", "parse error on line 3, using # in rpcpassword can be ambiguous and should be avoided"},
		{"server=1\nrpcuser=someuser\nmain.rpcpassword=some#pass", "parse error on line 3, using # in rpcpassword can be ambiguous and should be avoided"},
		{"server=1\nrpcuser=someuser\n[main]\nrpcpassword=some#pass", "parse error on line 4, using # in rpcpassword can be ambiguous and should be avoided"},
		{"\n\n  # comment\n\tjunk line\n", "parse error on line 4: junk line"},
	}
	for _, tc := range tests {
		_, _, err := ParseConfig(tc.text, "f")
		if err == nil || err.Error() != tc.err {
			t.Errorf("ParseConfig(%q) error %v, want %q", tc.text, err, tc.err)
		}
	}
}

func TestParseConfigLines(t *testing.T) {
	text := "a=\n b = 1 \r\nc=x#comment\n#x=y\nsec1.c=e1\n\n[sec1]\nc=e2\nsec2.d=1\n[]\nz=1\nrpcpassword=p=q\n[trailing"
	lines, sections, err := ParseConfig(text+"\n", "file.conf")
	if err == nil {
		t.Fatalf("unterminated section accepted: %v", lines)
	}
	lines, sections, err = ParseConfig(strings.TrimSuffix(text, "[trailing"), "file.conf")
	if err != nil {
		t.Fatal(err)
	}
	want := []ConfigLine{{"a", ""}, {"b", "1"}, {"c", "x"}, {"sec1.c", "e1"}, {"sec1.c", "e2"}, {"sec1.sec2.d", "1"}, {".z", "1"}, {".rpcpassword", "p=q"}}
	if !slices.Equal(lines, want) {
		t.Errorf("lines %q\nwant %q", lines, want)
	}
	wantSec := []SectionInfo{{"sec1", "file.conf", 5}, {"sec1", "file.conf", 7}, {"sec1.sec2", "file.conf", 9}, {"", "file.conf", 10}}
	if !slices.Equal(sections, wantSec) {
		t.Errorf("sections %v\nwant %v", sections, wantSec)
	}
}

// TestReadConfigStream follows Core's util_ReadConfigStream.
func TestReadConfigStream(t *testing.T) {
	conf := "a=\nb=1\nccc=argument\nccc=multiple\nd=e\nnofff=1\nnoggg=0\nh=1\nnoh=1\nnoi=1\ni=1\nsec1.ccc=extend1\n\n" +
		"[sec1]\nccc=extend2\nd=eee\nh=1\n[sec2]\nccc=extend3\niii=2\n"
	opts := testOpts("a", "b", "ccc", "d", "e", "fff", "ggg", "h", "i", "iii")
	a := New(opts)
	if err := a.ReadConfigString(conf); err != nil {
		t.Fatal(err)
	}
	type check struct {
		name    string
		get     string
		list    []string
		negated bool
	}
	run := func(network string, checks []check) {
		t.Helper()
		a.SelectNetwork(network)
		for _, c := range checks {
			if got := a.Get(c.name, "xxx"); got != c.get {
				t.Errorf("[%s] Get(%s) %q, want %q", network, c.name, got, c.get)
			}
			if c.list != nil {
				if got := a.GetAll(c.name); !slices.Equal(got, c.list) {
					t.Errorf("[%s] GetAll(%s) %q, want %q", network, c.name, got, c.list)
				}
			}
			if got := a.IsNegated(c.name); got != c.negated {
				t.Errorf("[%s] IsNegated(%s) %v", network, c.name, got)
			}
		}
	}
	run("", []check{
		{name: "a", get: "", list: []string{""}},
		{name: "b", get: "1", list: []string{"1"}},
		{name: "ccc", get: "argument", list: []string{"argument", "multiple"}},
		{name: "d", get: "e"},
		{name: "fff", get: "0", list: []string{}, negated: true},
		{name: "ggg", get: "1", list: []string{"1"}},
		{name: "h", get: "0", list: []string{}, negated: true},
		{name: "i", get: "1", list: []string{"1"}},
		{name: "zzz", get: "xxx", list: []string{}},
		{name: "iii", get: "xxx", list: []string{}},
	})
	if a.IsSet("iii") || a.IsSet("zzz") || !a.IsSet("fff") {
		t.Error("IsSet wrong")
	}
	run("sec1", []check{
		{name: "a", get: ""},
		{name: "fff", get: "0", negated: true},
		{name: "d", get: "eee"},
		{name: "h", get: "1"},
		{name: "ccc", get: "extend1", list: []string{"extend1", "extend2", "argument", "multiple"}},
	})
	run("sec2", []check{
		{name: "d", get: "e"},
		{name: "h", get: "0", negated: true},
		{name: "iii", get: "2"},
		{name: "ccc", get: "extend3", list: []string{"extend3", "argument", "multiple"}},
	})

	// Network-only options ignore the top level except on main.
	netOnly := testOpts("a", "b", "e", "fff", "ggg", "i", "iii")
	for _, n := range []string{"ccc", "d", "h"} {
		netOnly = append(netOnly, Option{Name: n, NetworkOnly: true})
	}
	a = New(netOnly)
	if err := a.ReadConfigString(conf); err != nil {
		t.Fatal(err)
	}
	run("main", []check{{name: "d", get: "e"}, {name: "ccc", get: "argument", list: []string{"argument", "multiple"}}, {name: "h", get: "0", negated: true}})
	run("sec1", []check{{name: "d", get: "eee", list: []string{"eee"}}, {name: "ccc", get: "extend1", list: []string{"extend1", "extend2"}}, {name: "h", get: "1"}})
	run("sec2", []check{{name: "d", get: "xxx", list: []string{}}, {name: "ccc", get: "extend3", list: []string{"extend3"}}, {name: "h", get: "0", negated: true}})
}

func TestReadConfigStreamErrors(t *testing.T) {
	tests := []struct {
		conf   string
		strict bool
		err    string
		logs   []string
	}{
		{conf: "conf=some.conf\n", err: "conf cannot be set in the configuration file; use includeconf= if you want to include additional config files"},
		{conf: "noconf=1\n", err: "conf cannot be set in the configuration file; use includeconf= if you want to include additional config files"},
		{conf: "dash_conf=1\n", logs: []string{"Ignoring unknown configuration value dash_conf"}},
		{conf: "regtest.dash_conf=1\n", logs: []string{"Ignoring unknown configuration value regtest.dash_conf"}},
		{conf: "dash_conf=1\n", strict: true, err: "Invalid configuration value dash_conf"},
		{conf: "[regtest]\nfoo=1\n", strict: true, err: "Invalid configuration value regtest.foo"},
		{conf: "reindex=1\n", logs: []string{"Warning: reindex=1 is set in the configuration file, which will significantly slow down startup. Consider removing or commenting out this option for better performance, unless there is currently a condition which makes rebuilding the indexes necessary"}},
		{conf: "nodatadir=1\n", err: "Negating of -datadir is meaningless and therefore forbidden"},
		{conf: "nolisten=0\n", logs: []string{"Warning: parsed potentially confusing double-negative -listen=0"}},
	}
	for _, tc := range tests {
		a := New(NodeOptions())
		err := a.readConfigStream(tc.conf, "", tc.strict)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("%q: error %v, want %q", tc.conf, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.conf, err)
		}
		if got := a.LogMessages(); !slices.Equal(got, tc.logs) {
			t.Errorf("%q: logs %q, want %q", tc.conf, got, tc.logs)
		}
	}
}

// TestChainSelection follows Core's util_GetChainTypeString.
func TestChainSelection(t *testing.T) {
	const testnetConf = "testnet4=1\nregtest=0\n[testnet4]\nregtest=1"
	tests := []struct {
		argv    []string
		conf    string
		network string
		chain   string
		err     string
	}{
		{chain: "main"},
		{argv: []string{"-testnet4"}, chain: "testnet4"},
		{argv: []string{"-regtest"}, chain: "regtest"},
		{argv: []string{"-testnet4", "-noregtest"}, chain: "testnet4"},
		{argv: []string{"-testnet4", "-regtest"}, err: errChainCombination},
		{conf: testnetConf, chain: "testnet4"},
		{argv: []string{"-testnet4"}, conf: testnetConf, chain: "testnet4"},
		{argv: []string{"-regtest"}, conf: testnetConf, err: errChainCombination},
		{argv: []string{"-testnet4", "-noregtest"}, conf: testnetConf, chain: "testnet4"},
		{argv: []string{"-testnet4", "-regtest"}, conf: testnetConf, err: errChainCombination},
		{conf: testnetConf, network: "testnet4", chain: "testnet4"},
		{argv: []string{"-regtest"}, conf: testnetConf, network: "testnet4", err: errChainCombination},
		{argv: []string{"-chain=regtest"}, chain: "regtest"},
		{argv: []string{"-chain=test"}, chain: "test"},
		{argv: []string{"-chain=signet", "-regtest"}, err: errChainCombination},
		{argv: []string{"-chain=foo"}, chain: "foo", err: "Unknown chain foo."},
		{argv: []string{"-testnet"}, chain: "test"},
		{argv: []string{"-signet"}, chain: "signet"},
		{conf: "regtest=1\nregtest=0\n", chain: "main"},                       // chain options take the last config value
		{argv: []string{"-noregtest"}, conf: "regtest=1\n", chain: "regtest"}, // Core ignores negated chain flags on the command line
		{conf: "chain=regtest\n", chain: "regtest"},
		{conf: "[regtest]\nregtest=1\n", chain: "main"},
	}
	for _, tc := range tests {
		name := strings.Join(tc.argv, " ") + "|" + tc.conf + "|" + tc.network
		t.Run(name, func(t *testing.T) {
			a, err := Parse(tc.argv, CommonOptions())
			if err != nil {
				t.Fatal(err)
			}
			if err := a.ReadConfigString(tc.conf); err != nil {
				t.Fatal(err)
			}
			a.SelectNetwork(tc.network)
			err = a.ChainErr()
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Errorf("ChainErr %v, want %q", err, tc.err)
				}
			} else if err != nil {
				t.Errorf("ChainErr %v", err)
			}
			if got := a.Chain(); got != tc.chain {
				t.Errorf("Chain %q, want %q", got, tc.chain)
			}
		})
	}
}

// datadirFixture makes a datadir with a bitcoin.conf holding conf.
func datadirFixture(t *testing.T, conf string) string {
	t.Helper()
	dir := t.TempDir()
	if conf != "" {
		if err := os.WriteFile(filepath.Join(dir, "bitcoin.conf"), []byte(conf), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestReadConfigFiles(t *testing.T) {
	frameworkConf := "regtest=1\n[regtest]\nport=12000\nrpcport=13000\nrpcservertimeout=99000\nrpcdoccheck=1\nrpcthreads=2\n" +
		"fallbackfee=0.0002\nserver=1\nkeypool=1\ndiscover=0\ndnsseed=0\nfixedseeds=0\nlistenonion=0\npeertimeout=999999999\n" +
		"printtoconsole=0\nnatpmp=0\nshrinkdebugfile=0\nunsafesqlitesync=1\nconnect=0\nmaxconnections=94\npar=2\nbind=127.0.0.1\n"
	t.Run("framework bitcoin.conf", func(t *testing.T) {
		dir := datadirFixture(t, frameworkConf)
		a, err := Parse([]string{"-datadir=" + dir, "-logtimemicros", "-debug", "-debugexclude=libevent", "-debugexclude=leveldb",
			"-debugexclude=rand", "-uacomment=testnode0", "-logthreadnames", "-logsourcelocations", "-loglevel=trace",
			"-nologratelimit", "-v2transport=1", "-disablewallet", "-ipcbind=unix"}, NodeOptions())
		if err != nil {
			t.Fatal(err)
		}
		if err := a.ReadConfig(); err != nil {
			t.Fatal(err)
		}
		if a.Chain() != "regtest" || a.NetDataDir() != filepath.Join(dir, "regtest") || a.ConfigPath() != filepath.Join(dir, "bitcoin.conf") {
			t.Errorf("chain %q netdatadir %q config %q", a.Chain(), a.NetDataDir(), a.ConfigPath())
		}
		if a.GetInt("rpcport", 0) != 13000 || a.GetInt("port", 0) != 12000 || a.GetBool("logratelimit", true) || !a.IsNegated("logratelimit") {
			t.Error("values not read")
		}
		if got := a.GetAll("debugexclude"); !slices.Equal(got, []string{"libevent", "leveldb", "rand"}) {
			t.Errorf("debugexclude %q", got)
		}
		if got := a.GetAll("connect"); !slices.Equal(got, []string{"0"}) {
			t.Errorf("connect %q", got)
		}
		if errs, warns := a.SectionMessages(); len(errs)+len(warns) != 0 {
			t.Errorf("section messages %q %q", errs, warns)
		}
		if len(a.LogMessages()) != 0 {
			t.Errorf("log %q", a.LogMessages())
		}
	})

	tests := []struct {
		name  string
		conf  string                                // datadir/bitcoin.conf
		files map[string]string                     // more files in the datadir
		argv  func(dir string) []string             // extra arguments
		err   func(dir string) string               // expected error, or ""
		check func(t *testing.T, a *Args, d string) // checks after success
		noDir bool                                  // no -datadir argument
	}{
		{
			name: "missing default config is fine",
			check: func(t *testing.T, a *Args, d string) {
				if a.Chain() != "main" || a.NetDataDir() != d {
					t.Errorf("chain %q netdatadir %q", a.Chain(), a.NetDataDir())
				}
			},
		},
		{
			name: "missing explicit config",
			argv: func(d string) []string { return []string{"-conf=" + filepath.Join(d, "none.conf")} },
			err: func(d string) string {
				return `Error reading configuration file: specified config file "` + filepath.Join(d, "none.conf") + `" could not be opened.`
			},
		},
		{
			name:  "relative config is under the datadir",
			files: map[string]string{"other.conf": "regtest=1\n"},
			argv:  func(string) []string { return []string{"-conf=other.conf"} },
			check: func(t *testing.T, a *Args, d string) {
				if a.Chain() != "regtest" || a.ConfigPath() != filepath.Join(d, "other.conf") {
					t.Errorf("chain %q config %q", a.Chain(), a.ConfigPath())
				}
			},
		},
		{
			name:  "config file is a directory",
			files: map[string]string{"sub/x": ""},
			argv:  func(d string) []string { return []string{"-conf=sub"} },
			err: func(d string) string {
				return `Error reading configuration file: Config file "` + filepath.Join(d, "sub") + `" is a directory.`
			},
		},
		{
			name: "garbage",
			conf: "garbage\n",
			err:  func(string) string { return "Error reading configuration file: parse error on line 1: garbage" },
		},
		{
			name: "noconf skips garbage and logs",
			conf: "garbage\n",
			argv: func(string) []string { return []string{"-noconf"} },
			check: func(t *testing.T, a *Args, d string) {
				want := `Data directory "` + d + `" contains a "bitcoin.conf" file which is explicitly ignored using -noconf.`
				if !slices.Contains(a.LogMessages(), want) || a.ConfigPath() != "" {
					t.Errorf("log %q config %q", a.LogMessages(), a.ConfigPath())
				}
			},
		},
		{
			name:  "includeconf",
			conf:  "includeconf=inc.conf\nregtest=1\n[regtest]\nincludeconf=inc2.conf\n",
			files: map[string]string{"inc.conf": "server=1\nincludeconf=nested.conf\n", "inc2.conf": "[regtest]\nrpcport=5\n"},
			check: func(t *testing.T, a *Args, d string) {
				if !a.GetBool("server", false) || a.GetInt("rpcport", 0) != 5 {
					t.Error("included values missing")
				}
				wantLogs := []string{"Included configuration file inc2.conf", "Included configuration file inc.conf"}
				if !slices.Equal(a.LogMessages(), wantLogs) {
					t.Errorf("log %q", a.LogMessages())
				}
				wantConsole := []string{"warning: -includeconf cannot be used from included files; ignoring -includeconf=nested.conf"}
				if !slices.Equal(a.ConsoleMessages(), wantConsole) {
					t.Errorf("console %q", a.ConsoleMessages())
				}
			},
		},
		{
			name: "noincludeconf",
			conf: "includeconf=missing.conf\n",
			argv: func(string) []string { return []string{"-noincludeconf"} },
		},
		{
			name: "missing include",
			conf: "includeconf=missing.conf\n",
			err: func(string) string {
				return "Error reading configuration file: Failed to include configuration file missing.conf"
			},
		},
		{
			name:  "include is a directory",
			conf:  "includeconf=sub\n",
			files: map[string]string{"sub/x": ""},
			err: func(d string) string {
				return `Error reading configuration file: Included config file "` + filepath.Join(d, "sub") + `" is a directory.`
			},
		},
		{
			name:  "conf in included file",
			conf:  "includeconf=inc.conf\n",
			files: map[string]string{"inc.conf": "conf=some.conf\n"},
			err: func(string) string {
				return "Error reading configuration file: conf cannot be set in the configuration file; use includeconf= if you want to include additional config files"
			},
		},
		{
			name:  "leading dash in included file",
			conf:  "includeconf=inc.conf\n",
			files: map[string]string{"inc.conf": "-dash=1\n"},
			err: func(string) string {
				return "Error reading configuration file: parse error on line 1: -dash=1, options in configuration file must be specified without leading -"
			},
		},
		{
			name: "unknown value ignored",
			conf: "dash_conf=1\n",
			check: func(t *testing.T, a *Args, d string) {
				if !slices.Equal(a.LogMessages(), []string{"Ignoring unknown configuration value dash_conf"}) {
					t.Errorf("log %q", a.LogMessages())
				}
			},
		},
		{
			name: "datadir missing",
			argv: func(d string) []string { return []string{"-datadir=" + filepath.Join(d, "newdatadir")} },
			err: func(d string) string {
				return `Specified data directory "` + filepath.Join(d, "newdatadir") + `" does not exist.`
			},
		},
		{
			name:  "datadir in config missing",
			files: map[string]string{"c.conf": "datadir=/nonexistent/mpbitcoin-test\n"},
			argv:  func(d string) []string { return []string{"-conf=" + filepath.Join(d, "c.conf")} },
			noDir: true,
			err: func(string) string {
				return `Error reading configuration file: specified data directory "/nonexistent/mpbitcoin-test" does not exist.`
			},
		},
		{
			name:  "chain combination in config",
			conf:  "regtest=1\ntestnet=1\n",
			err:   func(string) string { return errChainCombination },
			check: nil,
		},
		{
			name: "unknown chain",
			argv: func(string) []string { return []string{"-chain=foo"} },
			err:  func(string) string { return "Unknown chain foo." },
		},
		{
			name: "sections",
			conf: "regtest=1\nwallet=foo\ntestnot.datadir=1\n[testnet]\n[test]\nport=1\n",
			check: func(t *testing.T, a *Args, d string) {
				errs, warns := a.SectionMessages()
				wantErrs := []string{"Config setting for -wallet only applied on regtest network when in [regtest] section."}
				wantWarns := []string{
					filepath.Join(d, "bitcoin.conf") + ":3 Section [testnot] is not recognized.",
					filepath.Join(d, "bitcoin.conf") + ":4 Section [testnet] is not recognized.",
				}
				if !slices.Equal(errs, wantErrs) || !slices.Equal(warns, wantWarns) {
					t.Errorf("errs %q warns %q", errs, warns)
				}
				if a.IsSet("wallet") || a.IsSet("port") {
					t.Error("network-only or other-section option applied")
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := datadirFixture(t, tc.conf)
			for name, text := range tc.files {
				p := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
					t.Fatal(err)
				}
				writeFile(t, p, text)
			}
			argv := []string{"-datadir=" + dir}
			if tc.noDir {
				argv = nil
			}
			if tc.argv != nil {
				argv = append(argv, tc.argv(dir)...)
			}
			a, err := Parse(argv, NodeOptions())
			if err != nil {
				t.Fatal(err)
			}
			err = a.ReadConfig()
			if tc.err != nil {
				if err == nil || err.Error() != tc.err(dir) {
					t.Fatalf("error %v\nwant %q", err, tc.err(dir))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tc.check != nil {
				tc.check(t, a, dir)
			}
		})
	}
}

func TestReadConfigStrict(t *testing.T) {
	dir := datadirFixture(t, "dash_conf=1\n")
	a, err := Parse([]string{"-datadir=" + dir}, NodeOptions())
	if err != nil {
		t.Fatal(err)
	}
	err = a.ReadConfigWith(ReadConfigOptions{RejectUnknown: true})
	if err == nil || err.Error() != "Error reading configuration file: Invalid configuration value dash_conf" {
		t.Fatalf("error %v", err)
	}
}

func TestReadConfigDatadirFromConfig(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	def := filepath.Join(home, ".bitcoin")
	node := t.TempDir()
	if err := os.MkdirAll(def, 0o700); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(def, "bitcoin.conf"), "datadir="+node+"\nregtest=1\n")

	a, err := Parse(nil, NodeOptions())
	if err != nil {
		t.Fatal(err)
	}
	if err := a.ReadConfig(); err != nil {
		t.Fatal(err)
	}
	if a.DataDir() != node || a.NetDataDir() != filepath.Join(node, "regtest") || a.ConfigPath() != filepath.Join(def, "bitcoin.conf") {
		t.Errorf("datadir %q netdatadir %q config %q", a.DataDir(), a.NetDataDir(), a.ConfigPath())
	}

	// A bitcoin.conf in the new datadir would be ignored: Core refuses.
	writeFile(t, filepath.Join(node, "bitcoin.conf"), "regtest=1\n")
	a, _ = Parse(nil, NodeOptions())
	err = a.ReadConfig()
	want := `Data directory "` + node + `" contains a "bitcoin.conf" file which is ignored, because a different configuration file "` +
		filepath.Join(def, "bitcoin.conf") + `" from data directory "` + def + `" is being used instead.`
	if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.HasSuffix(err.Error(), "\n- Set allowignoredconf=1 option to treat this condition as a warning, not an error.") {
		t.Fatalf("error %v", err)
	}
	a, _ = Parse([]string{"-allowignoredconf"}, NodeOptions())
	if err := a.ReadConfig(); err != nil {
		t.Fatal(err)
	}
	if logs := a.LogMessages(); len(logs) != 1 || !strings.HasPrefix(logs[0], "Warning: "+want) {
		t.Errorf("log %q", logs)
	}
	// A -conf naming the datadir's own file is not a conflict.
	a, _ = Parse([]string{"-datadir=" + node, "-conf=" + filepath.Join(node, "bitcoin.conf")}, NodeOptions())
	if err := a.ReadConfig(); err != nil {
		t.Fatal(err)
	}
	// bitcoin-cli does not check.
	a, _ = Parse(nil, CLIOptions())
	if err := a.ReadConfigWith(ReadConfigOptions{SkipIgnoredConfCheck: true}); err != nil {
		t.Fatal(err)
	}
	// The command line -datadir beats the config file's.
	other := t.TempDir()
	a, _ = Parse([]string{"-datadir=" + other, "-conf=" + filepath.Join(def, "bitcoin.conf")}, NodeOptions())
	if err := a.ReadConfig(); err != nil {
		t.Fatal(err)
	}
	if a.DataDir() != other {
		t.Errorf("datadir %q, want %q", a.DataDir(), other)
	}
}
