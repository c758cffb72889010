package config

import (
	"strings"
	"testing"
)

func TestFormatParagraph(t *testing.T) {
	tests := []struct {
		in            string
		width, indent int
		want          string
	}{
		{"", 79, 0, ""},
		{"test", 79, 0, "test"},
		{" test", 79, 0, " test"},
		{"test test", 79, 0, "test test"},
		{"test test", 4, 0, "test\ntest"},
		{"testerde test", 4, 0, "testerde\ntest"},
		{"test test", 4, 4, "test\n    test"},
		{"This is a very long test string. This is a second sentence in the very long test string.", 79, 0,
			"This is a very long test string. This is a second sentence in the very long\ntest string."},
		{"This is a very long test string.\nThis is a second sentence in the very long test string. This is a third sentence in the very long test string.", 79, 0,
			"This is a very long test string.\nThis is a second sentence in the very long test string. This is a third\nsentence in the very long test string."},
		{"This is a very long test string.\n\nThis is a second sentence in the very long test string. This is a third sentence in the very long test string.", 79, 0,
			"This is a very long test string.\n\nThis is a second sentence in the very long test string. This is a third\nsentence in the very long test string."},
		{"Testing that normal newlines do not get indented.\nLike here.", 79, 0, "Testing that normal newlines do not get indented.\nLike here."},
		{"a b c d e", 3, 2, "a b\n  c\n  d\n  e"},
	}
	for _, tc := range tests {
		if got := FormatParagraph(tc.in, tc.width, tc.indent); got != tc.want {
			t.Errorf("FormatParagraph(%q, %d, %d)\n%q\nwant\n%q", tc.in, tc.width, tc.indent, got, tc.want)
		}
	}
}

func TestHelpLayout(t *testing.T) {
	opts := []Option{
		{Name: "zeta", Category: CategoryOptions, Help: "Last option"},
		{Name: "alpha", Arg: "=<n>", Category: CategoryOptions, Help: "First option (default: 1)"},
		{Name: "rpcport", Arg: "=<port>", Category: CategoryRPC, Help: "Listen for JSON-RPC connections on <port> (default: 8332, testnet3: 18332, testnet4: 48332, signet: 38332, regtest: 18443)"},
		{Name: "secret", Category: CategoryDebug, Hidden: true, Help: "Debug only"},
		{Name: "h", Category: CategoryHidden, Hidden: true},
		{Name: "conn", Category: CategoryConnection, Help: "Connection"},
		{Name: "wdebug", Category: CategoryWalletDebug, Hidden: true, Help: "Wallet debug"},
		{Name: "own", Category: "Own options", Help: "Not a Core category"},
	}
	want := "Usage: x\n\n" +
		"Options:\n\n" +
		"  -alpha=<n>\n       First option (default: 1)\n\n" +
		"  -zeta\n       Last option\n\n" +
		"Connection options:\n\n" +
		"  -conn\n       Connection\n\n" +
		"Debugging/Testing options:\n\n" +
		"RPC server options:\n\n" +
		"  -rpcport=<port>\n" +
		"       Listen for JSON-RPC connections on <port> (default: 8332, testnet3:\n" +
		"       18332, testnet4: 48332, signet: 38332, regtest: 18443)\n\n" +
		"Own options:\n\n" +
		"  -own\n       Not a Core category\n\n"
	if got := Help("Usage: x\n\n", opts); got != want {
		t.Errorf("Help\n%s\nwant\n%s", got, want)
	}
	debug := HelpDebug("", opts)
	for _, s := range []string{"  -secret\n       Debug only\n\n", "Wallet debugging/testing options:\n\n  -wdebug\n"} {
		if !strings.Contains(debug, s) {
			t.Errorf("HelpDebug lacks %q", s)
		}
	}
	if strings.Contains(debug, "  -h\n") {
		t.Error("hidden option shown")
	}
}

func TestHelpNode(t *testing.T) {
	help := Help("", NodeOptions())
	if !strings.HasPrefix(help, "Options:\n\n  -alertnotify=<cmd>\n") {
		t.Errorf("help starts %q", help[:min(80, len(help))])
	}
	for _, line := range strings.Split(help, "\n") {
		if len(line) > 79 && !strings.HasPrefix(line, "  -") && strings.Contains(strings.TrimSpace(line), " ") {
			t.Errorf("line longer than 79 columns: %q", line)
		}
	}
	sections := []string{"Options:", "Connection options:", "Wallet options:", "ZeroMQ notification options:", "Debugging/Testing options:",
		"Chain selection options:", "Node relay options:", "Block creation options:", "RPC server options:", "IPC interprocess connection options:"}
	last := -1
	for _, s := range sections {
		i := strings.Index(help, "\n"+s+"\n")
		if s == "Options:" {
			i = 0
		}
		if i <= last {
			t.Errorf("section %q out of order", s)
		}
		last = i
	}
	for _, hidden := range []string{"-loglevel=", "-regtest\n", "-rpcservertimeout", "-mocktime", "-h\n", "-ipcfd"} {
		if strings.Contains(help, "  "+hidden) {
			t.Errorf("-help shows %s", hidden)
		}
	}
	if strings.Contains(help, "Wallet debugging/testing options:") {
		t.Error("-help shows the wallet debug section")
	}
	debug := HelpDebug("", NodeOptions())
	for _, s := range []string{"  -loglevel=<level>|<category>:<level>\n", "  -regtest\n", "Wallet debugging/testing options:"} {
		if !strings.Contains(debug, s) {
			t.Errorf("-help-debug lacks %q", s)
		}
	}
}
