package rpc

import (
	"testing"
)

func TestMiningInfo(t *testing.T) {
	tab, _ := newTestTable(t)
	if _, e := execute(t, tab, "generatetodescriptor", 2, "raw(51)"); e != nil {
		t.Fatal(e)
	}
	res, e := execute(t, tab, "getmininginfo")
	if e != nil {
		t.Fatal(e)
	}
	keysInOrder(t, res, "blocks", "currentblockweight", "currentblocktx", "bits", "difficulty", "target", "networkhashps",
		"pooledtx", "blockmintxfee", "chain", "next", "warnings")
	for _, tc := range []struct {
		args []any
		msg  string
	}{
		{[]any{0}, "Invalid nblocks. Must be a positive number or -1."},
		{[]any{-2}, "Invalid nblocks. Must be a positive number or -1."},
		{[]any{1, 3}, "Block does not exist at specified height"},
	} {
		if _, e := execute(t, tab, "getnetworkhashps", tc.args...); e == nil || e["code"] != float64(-8) || e["message"] != tc.msg {
			t.Errorf("getnetworkhashps %v: %v", tc.args, e)
		}
	}
	if res, e := execute(t, tab, "getnetworkhashps", -1, 0); e != nil || string(res) != "0" {
		t.Errorf("hashps at genesis: %s %v", res, e)
	}
}
