package config

import (
	"slices"
	"testing"
)

func TestOptionSets(t *testing.T) {
	known := map[string]bool{CategoryHidden: true}
	for _, c := range categoryOrder() {
		known[c] = true
	}
	sets := map[string][]Option{
		"common": CommonOptions(), "node": NodeOptions(), "wallet": WalletOptions(),
		"cli": CLIOptions(), "wallettool": WalletToolOptions(),
	}
	for set, opts := range sets {
		seen := map[string]bool{}
		for _, o := range opts {
			if seen[o.Name] {
				t.Errorf("%s: duplicate -%s", set, o.Name)
			}
			seen[o.Name] = true
			if !known[o.Category] {
				t.Errorf("%s: -%s has unknown category %q", set, o.Name, o.Category)
			}
			if o.Category != CategoryHidden && o.Help == "" {
				t.Errorf("%s: -%s has no help", set, o.Name)
			}
			if o.Category == CategoryHidden && !o.Hidden {
				t.Errorf("%s: -%s is in the hidden category but not Hidden", set, o.Name)
			}
		}
	}
}

func names(opts []Option) []string {
	var out []string
	for _, o := range opts {
		out = append(out, o.Name)
	}
	return out
}

func TestOptionSetContents(t *testing.T) {
	tests := []struct {
		set  string
		opts []Option
		want []string
		not  []string
	}{
		{"common", CommonOptions(), []string{"?", "h", "help", "version", "conf", "datadir", "includeconf", "chain", "regtest", "testnet", "testnet4",
			"signet", "signetchallenge", "signetseednode", "settings", "debug", "debugexclude", "loglevel", "printtoconsole", "logtimemicros",
			"logthreadnames", "logsourcelocations", "logtimestamps", "logips", "shrinkdebugfile", "debuglogfile", "logratelimit", "uacomment", "pid", "ipcfd"}, nil},
		// Everything Core's functional test framework passes or writes into bitcoin.conf.
		{"node", NodeOptions(), []string{"port", "rpcport", "rpcservertimeout", "rpcdoccheck", "rpcthreads", "fallbackfee", "server", "keypool", "discover",
			"dnsseed", "fixedseeds", "listenonion", "peertimeout", "printtoconsole", "natpmp", "shrinkdebugfile", "unsafesqlitesync", "connect",
			"maxconnections", "par", "bind", "listen", "v2transport", "rpcuser", "rpcpassword", "rpcauth", "rpcbind", "rpcallowip", "rpcworkqueue",
			"rest", "txindex", "wallet", "walletdir", "disablewallet", "ipcbind", "ipcfd", "blocksonly", "persistmempool", "mocktime", "acceptnonstdtxn",
			"whitelist", "addnode", "seednode", "proxy", "onlynet", "maxmempool", "minrelaytxfee", "assumevalid", "reindex", "prune", "zmqpubhashblock",
			"zmqpubrawtx", "zmqpubsequence", "allowignoredconf", "test", "checkblocks", "datacarriersize", "networkactive", "help-debug"}, []string{"rpcconnect", "named"}},
		{"wallet", WalletOptions(), []string{"wallet", "walletdir", "disablewallet", "fallbackfee", "keypool", "unsafesqlitesync", "walletrbf"}, []string{"datadir"}},
		{"cli", CLIOptions(), []string{"rpcconnect", "rpcport", "rpcuser", "rpcpassword", "rpccookiefile", "named", "stdin", "stdinrpcpass",
			"stdinwalletpassphrase", "rpcwait", "rpcwaittimeout", "rpcwallet", "rpcclienttimeout", "ipcconnect", "getinfo", "netinfo", "generate",
			"addrinfo", "color", "version", "help", "h", "?", "conf", "datadir", "regtest", "chain"}, []string{"debug", "server", "printtoconsole"}},
		{"wallettool", WalletToolOptions(), []string{"wallet", "dumpfile", "datadir", "debug", "printtoconsole", "ipcfd", "ipcconnect", "regtest"}, []string{"server"}},
	}
	for _, tc := range tests {
		have := names(tc.opts)
		for _, n := range tc.want {
			if !slices.Contains(have, n) {
				t.Errorf("%s lacks -%s", tc.set, n)
			}
		}
		for _, n := range tc.not {
			if slices.Contains(have, n) {
				t.Errorf("%s has -%s", tc.set, n)
			}
		}
	}
}

func TestOptionFlags(t *testing.T) {
	idx := optionIndex(NodeOptions())
	tests := []struct {
		name                                                  string
		hidden, networkOnly, sensitive, noNegation, noElision bool
	}{
		{name: "rpcport", networkOnly: true},
		{name: "wallet", networkOnly: true},
		{name: "rpcpassword", sensitive: true},
		{name: "rpcauth", sensitive: true},
		{name: "datadir", noNegation: true},
		{name: "loglevel", hidden: true, noNegation: true, noElision: true},
		{name: "proxy", noElision: true},
		{name: "regtest", hidden: true},
		{name: "rpcservertimeout", hidden: true},
		{name: "server"},
	}
	for _, tc := range tests {
		o, ok := idx[tc.name]
		if !ok {
			t.Errorf("-%s missing", tc.name)
			continue
		}
		if o.Hidden != tc.hidden || o.NetworkOnly != tc.networkOnly || o.Sensitive != tc.sensitive || o.DisallowNegation != tc.noNegation || o.DisallowElision != tc.noElision {
			t.Errorf("-%s flags %+v", tc.name, o)
		}
	}
	if _, err := Parse([]string{"-proxy"}, NodeOptions()); err == nil ||
		err.Error() != "Can not set -proxy with no value. Please specify value with -proxy=value." {
		t.Errorf("-proxy: %v", err)
	}
}

func TestParams(t *testing.T) {
	tests := []ChainParams{
		{"main", "", 8333, 8332},
		{"test", "testnet3", 18333, 18332},
		{"testnet4", "testnet4", 48333, 48332},
		{"signet", "signet", 38333, 38332},
		{"regtest", "regtest", 18444, 18443},
	}
	for _, want := range tests {
		got, err := Params(want.Name)
		if err != nil || got != want {
			t.Errorf("Params(%q) = %+v, %v", want.Name, got, err)
		}
	}
	if _, err := Params("testnet3"); err == nil || err.Error() != "Unknown chain testnet3." {
		t.Errorf("Params(testnet3) error %v", err)
	}
	if !slices.Equal(Chains(), []string{"main", "test", "testnet4", "signet", "regtest"}) {
		t.Errorf("Chains %v", Chains())
	}
}

func TestMergeWithout(t *testing.T) {
	m := Merge([]Option{{Name: "a", Help: "1"}, {Name: "b"}}, []Option{{Name: "a", Help: "2"}, {Name: "c"}})
	if !slices.Equal(names(m), []string{"a", "b", "c"}) || m[0].Help != "1" {
		t.Errorf("Merge %v", m)
	}
	if w := Without(m, "b"); !slices.Equal(names(w), []string{"a", "c"}) {
		t.Errorf("Without %v", w)
	}
}
