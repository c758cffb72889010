package rpc

import (
	"strings"
	"testing"
)

// Every added command renders its help (arguments, results, examples).
func TestExtraCommandsHelp(t *testing.T) {
	f := newPoolFixture(t)
	for _, name := range []string{"validateaddress", "createmultisig", "getmempoolentry", "getmempoolancestors", "getmempooldescendants",
		"getrawtransaction", "createrawtransaction", "getmemoryinfo", "getindexinfo", "getdeploymentinfo", "gettxoutsetinfo",
		"getblockstats", "gettxoutproof", "verifytxoutproof", "estimatesmartfee", "prioritisetransaction", "getprioritisedtransactions",
		"gettxspendingprevout"} {
		res, e := execute(t, f.tab, "help", name)
		if e != nil || !strings.HasPrefix(string(res), `"`+name) {
			t.Errorf("help %s: %.80s %v", name, res, e)
		}
	}
	res, _ := execute(t, f.tab, "help", "getblockstats")
	if !strings.Contains(string(res), `\"feerate_percentiles\" : [`) || !strings.Contains(string(res), "getblockstats hash_or_height ( stats )") {
		t.Errorf("getblockstats help %s", res)
	}
}
