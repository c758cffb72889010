package config

import (
	"errors"
	"reflect"
	"slices"
	"testing"
)

// testOpts registers plain options named as given.
func testOpts(names ...string) []Option {
	out := make([]Option, len(names))
	for i, n := range names {
		out[i] = Option{Name: n, Category: CategoryOptions}
	}
	return out
}

func TestParse(t *testing.T) {
	opts := append(testOpts("a", "b", "ccc", "d", "includeconf"),
		Option{Name: "nn", DisallowNegation: true},
		Option{Name: "ne", DisallowElision: true})
	tests := []struct {
		name       string
		argv       []string
		err        string
		set        []string
		notSet     []string
		positional []string
	}{
		{name: "empty", argv: nil},
		{name: "flags and values", argv: []string{"-a", "-b", "-ccc=argument", "-ccc=multiple"}, set: []string{"a", "b", "ccc"}, notSet: []string{"d"}},
		{name: "stops at first word", argv: []string{"-a", "f", "-d=e"}, set: []string{"a"}, notSet: []string{"d", "f"}, positional: []string{"f", "-d=e"}},
		{name: "lone dash stops", argv: []string{"-a", "-", "-d"}, set: []string{"a"}, notSet: []string{"d"}},
		{name: "double dash", argv: []string{"--a", "--ccc=x"}, set: []string{"a", "ccc"}},
		{name: "empty word is positional", argv: []string{"", "-a"}, notSet: []string{"a"}, positional: []string{"", "-a"}},
		{name: "unknown", argv: []string{"-unregistered"}, err: "Invalid parameter -unregistered"},
		{name: "unknown with value", argv: []string{"-dash_cli=1"}, err: "Invalid parameter -dash_cli=1"},
		{name: "unknown double dash", argv: []string{"--foo"}, err: "Invalid parameter --foo"},
		{name: "bare double dash", argv: []string{"--"}, err: "Invalid parameter --"},
		{name: "section prefix", argv: []string{"-test.a"}, err: "Invalid parameter -test.a"},
		{name: "unknown negated", argv: []string{"-nofoo"}, err: "Invalid parameter -nofoo"},
		{name: "includeconf", argv: []string{"-includeconf=file"}, err: `-includeconf cannot be used from commandline; -includeconf="file"`},
		{name: "includeconf no value", argv: []string{"-includeconf"}, err: `-includeconf cannot be used from commandline; -includeconf=""`},
		{name: "noincludeconf", argv: []string{"-noincludeconf"}, set: []string{"includeconf"}},
		{name: "includeconf then negated", argv: []string{"-includeconf=x", "-noincludeconf"}},
		{name: "disallowed negation", argv: []string{"-nonn"}, err: "Negating of -nn is meaningless and therefore forbidden"},
		{name: "disallowed elision", argv: []string{"-ne"}, err: "Can not set -ne with no value. Please specify value with -ne=value."},
		{name: "elision with empty value", argv: []string{"-ne="}, set: []string{"ne"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := Parse(tc.argv, opts)
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				var ce *Error
				if !errors.As(err, &ce) {
					t.Fatalf("error %T is not *Error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range tc.set {
				if !a.IsSet(n) || !a.IsSet("-"+n) {
					t.Errorf("%s not set", n)
				}
			}
			for _, n := range tc.notSet {
				if a.IsSet(n) {
					t.Errorf("%s set", n)
				}
			}
			if got := a.Positional(); !slices.Equal(got, tc.positional) {
				t.Errorf("positional %q, want %q", got, tc.positional)
			}
		})
	}
}

// TestCheckValue follows Core's util_CheckValue cases.
func TestCheckValue(t *testing.T) {
	tests := []struct {
		arg     string
		isSet   bool
		negated bool
		str     string
		num     int64
		boolean bool
		list    []string
	}{
		{arg: "", str: "def", num: 99, boolean: true, list: []string{}},
		{arg: "-novalue", isSet: true, negated: true, str: "0", num: 0, boolean: false, list: []string{}},
		{arg: "-novalue=", isSet: true, negated: true, str: "0", num: 0, boolean: false, list: []string{}},
		{arg: "-novalue=0", isSet: true, str: "1", num: 1, boolean: true, list: []string{"1"}},
		{arg: "-novalue=1", isSet: true, negated: true, str: "0", num: 0, boolean: false, list: []string{}},
		{arg: "-novalue=2", isSet: true, negated: true, str: "0", num: 0, boolean: false, list: []string{}},
		{arg: "-novalue=abc", isSet: true, str: "1", num: 1, boolean: true, list: []string{"1"}},
		{arg: "-value", isSet: true, str: "", num: 0, boolean: true, list: []string{""}},
		{arg: "-value=", isSet: true, str: "", num: 0, boolean: true, list: []string{""}},
		{arg: "-value=0", isSet: true, str: "0", num: 0, boolean: false, list: []string{"0"}},
		{arg: "-value=1", isSet: true, str: "1", num: 1, boolean: true, list: []string{"1"}},
		{arg: "-value=2", isSet: true, str: "2", num: 2, boolean: true, list: []string{"2"}},
		{arg: "-value=abc", isSet: true, str: "abc", num: 0, boolean: false, list: []string{"abc"}},
	}
	for _, tc := range tests {
		t.Run(tc.arg, func(t *testing.T) {
			var argv []string
			if tc.arg != "" {
				argv = []string{tc.arg}
			}
			a, err := Parse(argv, testOpts("value"))
			if err != nil {
				t.Fatal(err)
			}
			if got := a.IsSet("value"); got != tc.isSet {
				t.Errorf("IsSet %v", got)
			}
			if got := a.IsNegated("value"); got != tc.negated {
				t.Errorf("IsNegated %v", got)
			}
			if got := a.Get("value", "def"); got != tc.str {
				t.Errorf("Get %q, want %q", got, tc.str)
			}
			if got := a.GetInt("value", 99); got != tc.num {
				t.Errorf("GetInt %d, want %d", got, tc.num)
			}
			if got := a.GetBool("value", true); got != tc.boolean {
				t.Errorf("GetBool(true) %v", got)
			}
			if got := a.GetBool("value", false); got != (tc.boolean && tc.isSet) {
				t.Errorf("GetBool(false) %v", got)
			}
			if got := a.GetAll("value"); !slices.Equal(got, tc.list) {
				t.Errorf("GetAll %q, want %q", got, tc.list)
			}
		})
	}
}

// TestArgParsing follows Core's util_ArgParsing: InterpretBool and
// LocaleIndependentAtoi on odd input.
func TestArgParsing(t *testing.T) {
	tests := []struct {
		in      string
		boolean bool
		num     int64
	}{
		{"", true, 0}, {" ", false, 0}, {"0", false, 0}, {"0 ", false, 0}, {" 0", false, 0},
		{"+0", false, 0}, {"-0", false, 0}, {"5", true, 5}, {"5 ", true, 5}, {" 5", true, 5},
		{"+5", true, 5}, {"-5", true, -5}, {"0 5", false, 0}, {"5 0", true, 5}, {"050", true, 50},
		{"0.", false, 0}, {"5.", true, 5}, {"0.0", false, 0}, {"0.5", false, 0}, {"5.0", true, 5},
		{"5.5", true, 5}, {"x", false, 0}, {"x0", false, 0}, {"x5", false, 0}, {"0x", false, 0},
		{"5x", true, 5}, {"0x5", false, 0}, {"false", false, 0}, {"true", false, 0}, {"yes", false, 0},
		{"no", false, 0}, {"+-5", false, 0}, {"-", false, 0}, {"81985529216486895", true, 81985529216486895},
		{"99999999999999999999", true, 9223372036854775807}, {"-99999999999999999999", true, -9223372036854775808},
		{"4294967296", true, 4294967296}, {"\t\n7\v", true, 7},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			a, err := Parse([]string{"-value=" + tc.in}, testOpts("value"))
			if err != nil {
				t.Fatal(err)
			}
			if got := a.GetBool("value", !tc.boolean); got != tc.boolean {
				t.Errorf("GetBool %v, want %v", got, tc.boolean)
			}
			if got := a.GetInt("value", 99999); got != tc.num {
				t.Errorf("GetInt %d, want %d", got, tc.num)
			}
		})
	}
}

func TestBoolArgNegation(t *testing.T) {
	tests := []struct {
		argv []string
		want bool
	}{
		{[]string{"-nofoo"}, false},
		{[]string{"-nofoo=1"}, false},
		{[]string{"-nofoo=0"}, true},
		{[]string{"-foo", "--nofoo"}, false},
		{[]string{"-nofoo", "-foo"}, true},
		{[]string{"-a", "-nob", "-c=0", "-d=1", "-e=false", "-f=true"}, false},
	}
	for _, tc := range tests {
		a, err := Parse(tc.argv, testOpts("foo", "a", "b", "c", "d", "e", "f"))
		if err != nil {
			t.Fatal(err)
		}
		for _, def := range []bool{false, true} {
			if len(tc.argv) == 6 {
				got := []bool{a.GetBool("a", def), a.GetBool("b", def), a.GetBool("c", def), a.GetBool("d", def), a.GetBool("e", def), a.GetBool("f", def)}
				if want := []bool{true, false, false, true, false, false}; !slices.Equal(got, want) {
					t.Errorf("%v: %v, want %v", tc.argv, got, want)
				}
				if a.IsSet("nob") || !a.IsNegated("b") || a.IsNegated("a") {
					t.Errorf("negation of b wrong")
				}
				continue
			}
			if got := a.GetBool("foo", def); got != tc.want {
				t.Errorf("%v GetBool(%v) = %v", tc.argv, def, got)
			}
		}
	}
}

// TestBoolArgEdgeCases follows Core's util_GetBoolArgEdgeCases.
func TestBoolArgEdgeCases(t *testing.T) {
	tests := []struct {
		name     string
		argv     []string
		conf     string
		fooNeg   bool
		foo      string
		fooList  []string
		barNeg   bool
		bar      string
		barsList []string
	}{
		{name: "command line", argv: []string{"-nofoo", "-foo", "-nobar=0"}, foo: "", fooList: []string{""}, bar: "1", barsList: []string{"1"}},
		{name: "config", conf: "nofoo=1\nfoo=1\nnobar=0\n", foo: "1", fooList: []string{"1"}, bar: "1", barsList: []string{"1"}},
		{name: "combined", argv: []string{"-nofoo", "-bar"}, conf: "foo=1\nnobar=1\n", fooNeg: true, foo: "0", fooList: []string{}, bar: "", barsList: []string{""}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := Parse(tc.argv, testOpts("foo", "bar"))
			if err != nil {
				t.Fatal(err)
			}
			if err := a.ReadConfigString(tc.conf); err != nil {
				t.Fatal(err)
			}
			if a.IsNegated("foo") != tc.fooNeg || a.Get("foo", "xxx") != tc.foo || !slices.Equal(a.GetAll("foo"), tc.fooList) {
				t.Errorf("foo: negated %v value %q list %q", a.IsNegated("foo"), a.Get("foo", "xxx"), a.GetAll("foo"))
			}
			if a.IsNegated("bar") != tc.barNeg || a.Get("bar", "xxx") != tc.bar || !slices.Equal(a.GetAll("bar"), tc.barsList) {
				t.Errorf("bar: negated %v value %q list %q", a.IsNegated("bar"), a.Get("bar", "xxx"), a.GetAll("bar"))
			}
		})
	}
}

// TestPrecedence follows Core's util_GetArg priorities and the merge rules
// of settings_tests: command line last wins, config first wins, command line
// beats config, settings.json between them.
func TestPrecedence(t *testing.T) {
	tests := []struct {
		name string
		argv []string
		conf string
		rw   map[string]any
		want string
		list []string
	}{
		{name: "command line last wins", argv: []string{"-x=a", "-x=b"}, want: "b", list: []string{"a", "b"}},
		{name: "config first wins", conf: "x=a\nx=b\n", want: "a", list: []string{"a", "b"}},
		{name: "command line over config", argv: []string{"-x=a"}, conf: "x=b\n", want: "a", list: []string{"a", "b"}},
		{name: "both lists", argv: []string{"-x=a", "-x=b"}, conf: "x=c\nx=d\n", want: "b", list: []string{"a", "b", "c", "d"}},
		{name: "negation drops config", argv: []string{"-nox"}, conf: "x=c\n", want: "0", list: []string{}},
		{name: "zombie config values", argv: []string{"-x=a", "-nox", "-x=b"}, conf: "x=c\n", want: "b", list: []string{"b", "c"}},
		{name: "config negation", conf: "x=a\nnox=1\nx=b\n", want: "b", list: []string{"b"}},
		{name: "settings over config", conf: "x=c\n", rw: map[string]any{"x": "s"}, want: "s", list: []string{"s", "c"}},
		{name: "command line over settings", argv: []string{"-x=a"}, rw: map[string]any{"x": "s"}, want: "a", list: []string{"a", "s"}},
		{name: "settings array", rw: map[string]any{"x": []any{"s1", "s2"}}, want: `["s1","s2"]`, list: []string{"s1", "s2"}},
		{name: "settings false negates", conf: "x=c\n", rw: map[string]any{"x": false}, want: "0", list: []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := Parse(tc.argv, testOpts("x"))
			if err != nil {
				t.Fatal(err)
			}
			if err := a.ReadConfigString(tc.conf); err != nil {
				t.Fatal(err)
			}
			if tc.rw != nil {
				a.s.rw = tc.rw
			}
			if got := a.Get("x", "default"); got != tc.want {
				t.Errorf("Get %q, want %q", got, tc.want)
			}
			if got := a.GetAll("x"); !slices.Equal(got, tc.list) {
				t.Errorf("GetAll %q, want %q", got, tc.list)
			}
		})
	}
}

func TestSoftSetForceSet(t *testing.T) {
	a, err := Parse([]string{"-server=0"}, testOpts("server", "listen", "dnsseed"))
	if err != nil {
		t.Fatal(err)
	}
	if a.SoftSetBool("server", true) {
		t.Error("SoftSetBool overrode -server=0")
	}
	if !a.SoftSetBool("listen", false) || a.GetBool("listen", true) {
		t.Error("SoftSetBool did not set -listen=0")
	}
	if a.SoftSet("listen", "1") {
		t.Error("second SoftSet succeeded")
	}
	a.ForceSet("-server", "1")
	if !a.GetBool("server", false) {
		t.Error("ForceSet did not override the command line")
	}
	if got := a.GetAll("server"); !slices.Equal(got, []string{"1"}) {
		t.Errorf("forced GetAll %q", got)
	}
}

func TestSettingsFlattened(t *testing.T) {
	a, err := Parse([]string{"-a=1", "-nob", "-c=x", "-c=y"}, testOpts("a", "b", "c", "d"))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.ReadConfigString("d=z\nc=w\n"); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{"a": {"1"}, "b": {}, "c": {"x", "y", "w"}, "d": {"z"}}
	if got := a.Settings(); !reflect.DeepEqual(got, want) {
		t.Errorf("Settings %v, want %v", got, want)
	}
}

func TestExportImport(t *testing.T) {
	opts := NodeOptions()
	a, err := Parse([]string{"-regtest", "-nolisten", "-rpcport=1"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.ReadConfigString("rpcport=2\n[regtest]\nport=3\nnoconnect=0\n"); err != nil {
		t.Fatal(err)
	}
	a.SelectNetwork("regtest")
	a.s.rw = map[string]any{"wallet": []any{"w1"}}
	data, err := a.Export()
	if err != nil {
		t.Fatal(err)
	}
	b, err := Import(data, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a.Settings(), b.Settings()) || b.Chain() != "regtest" || b.Network() != "regtest" {
		t.Errorf("import differs: %v vs %v", a.Settings(), b.Settings())
	}
	for _, n := range []string{"listen", "rpcport", "port", "connect", "wallet"} {
		if a.Get(n, "?") != b.Get(n, "?") || a.IsNegated(n) != b.IsNegated(n) {
			t.Errorf("%s: %q/%v vs %q/%v", n, a.Get(n, "?"), a.IsNegated(n), b.Get(n, "?"), b.IsNegated(n))
		}
	}
	for _, bad := range []string{"", "{", "[]", `{"network": 5}`, `{} {}`} {
		if _, err := Import([]byte(bad), opts); err == nil {
			t.Errorf("Import(%q) succeeded", bad)
		}
	}
}

func TestArgLogLines(t *testing.T) {
	opts := []Option{{Name: "okaylog-bool"}, {Name: "okaylog-negbool"}, {Name: "okaylog"}, {Name: "dontlog", Sensitive: true}, {Name: "regtest"}, {Name: "server"}}
	a, err := Parse([]string{"-okaylog-bool", "-nookaylog-negbool", "-okaylog=public", "-dontlog=private42"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.ReadConfigString("regtest=1\n[regtest]\nserver=1\nunknown=3\n"); err != nil {
		t.Fatal(err)
	}
	a.s.rw = map[string]any{"list": []any{"6", "7"}}
	want := []string{
		`Config file arg: regtest="1"`,
		`Config file arg: [regtest] server="1"`,
		`Setting file arg: list = ["6","7"]`,
		`Command-line arg: dontlog=****`,
		`Command-line arg: okaylog="public"`,
		`Command-line arg: okaylog-bool=""`,
		`Command-line arg: okaylog-negbool=false`,
	}
	if got := a.ArgLogLines(); !slices.Equal(got, want) {
		t.Errorf("ArgLogLines\n%q\nwant\n%q", got, want)
	}
	if got := a.LogMessages(); !slices.Equal(got, []string{"Ignoring unknown configuration value regtest.unknown"}) {
		t.Errorf("LogMessages %q", got)
	}
}

func TestDoubleNegativeLogged(t *testing.T) {
	a, err := Parse([]string{"-nolisten=0"}, testOpts("listen"))
	if err != nil {
		t.Fatal(err)
	}
	if got := a.LogMessages(); !slices.Equal(got, []string{"Warning: parsed potentially confusing double-negative -listen=0"}) {
		t.Errorf("LogMessages %q", got)
	}
	if !a.GetBool("listen", false) || a.IsNegated("listen") {
		t.Error("double negative is not true")
	}
}

func TestHelpRequested(t *testing.T) {
	for _, tc := range []struct {
		argv []string
		want bool
	}{{nil, false}, {[]string{"-?"}, true}, {[]string{"-h"}, true}, {[]string{"-help"}, true}, {[]string{"--help"}, true}, {[]string{"-help-debug"}, true}, {[]string{"-version"}, false}} {
		a, err := Parse(tc.argv, CommonOptions())
		if err != nil {
			t.Fatal(err)
		}
		if got := a.HelpRequested(); got != tc.want {
			t.Errorf("%v: HelpRequested %v", tc.argv, got)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	dir := t.TempDir()
	a, err := Parse([]string{"-regtest", "-datadir=" + dir}, NodeOptions())
	if err != nil {
		t.Fatal(err)
	}
	if err := CreateNetDataDir(a); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < 50; i++ {
			a.ForceSet("rpcport", "1")
			_ = a.UpdateRWSettings(func(rw map[string]any) { rw["wallet"] = []any{"w"} })
		}
	}()
	for i := 0; i < 50; i++ {
		_ = a.Get("rpcport", "")
		_ = a.GetAll("wallet")
		_ = a.Settings()
		_ = a.NetDataDir()
	}
	<-done
}
