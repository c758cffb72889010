package config

import (
	"strings"
	"testing"
)

// FuzzParseConfig feeds arbitrary text to the config-file parser and to the
// settings layer on top of it: neither may panic, and parsed lines must be
// trimmed and comment-free.
func FuzzParseConfig(f *testing.F) {
	seeds := []string{
		"", "regtest=1\n[regtest]\nport=1\nrpcport=2\n", "a=\n b = 1 \r\n#c\n", "[sec]\nx=1\nsec2.y=2\n",
		"garbage", "nono", "-dash=1", "rpcpassword=a#b", "[]\n=\n.=.\n", "noincludeconf=0\nincludeconf=x\n",
		"nodatadir=1", "noconf=1", "[\n]\n[[x]]\nno=1\n", "wallet=a\nnowallet=1\nwallet=b\n", "\x00=\xff\n[\x00]",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	opts := NodeOptions()
	f.Fuzz(func(t *testing.T, text string) {
		lines, _, err := ParseConfig(text, "fuzz.conf")
		if err == nil {
			for _, l := range lines {
				if strings.ContainsRune(l.Name+l.Value, '#') || strings.ContainsRune(l.Name+l.Value, '\n') {
					t.Fatalf("line %q keeps a comment or newline", l)
				}
				if l.Value != strings.Trim(l.Value, " \t\r\n") {
					t.Fatalf("value %q not trimmed", l.Value)
				}
			}
		}
		a := New(opts)
		if err := a.ReadConfigString(text); err != nil && err.Error() == "" {
			t.Fatal("empty error text")
		}
		for _, c := range append([]string{""}, Chains()...) {
			a.SelectNetwork(c)
			_ = a.Chain()
			_ = a.ChainErr()
			_ = a.Settings()
			_ = a.ArgLogLines()
			_, _ = a.SectionMessages()
			for _, n := range []string{"wallet", "rpcport", "includeconf", "datadir", "regtest"} {
				_ = a.Get(n, "")
				_ = a.GetAll(n)
				_ = a.GetInt(n, 0)
				_ = a.GetBool(n, false)
			}
		}
	})
}

// FuzzParseArgs feeds arbitrary argument lists (NUL-separated) to Parse.
func FuzzParseArgs(f *testing.F) {
	for _, s := range []string{"-regtest\x00-rpcport=1", "--help", "-nofoo=0", "-includeconf=x", "-\x00-a", "getinfo\x00-x", "-=\x00--\x00-no", "-test.x=1"} {
		f.Add(s)
	}
	opts := Merge(NodeOptions(), CLIOptions())
	f.Fuzz(func(t *testing.T, joined string) {
		a, err := Parse(strings.Split(joined, "\x00"), opts)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error text")
			}
			return
		}
		_ = a.Chain()
		_ = a.NetDataDir()
		_ = a.Settings()
		_ = a.Positional()
	})
}
