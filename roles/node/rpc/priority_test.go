package rpc

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestPrioritiseTransaction(t *testing.T) {
	f := newPoolFixture(t)
	tx := f.spend(t, f.coinbase(t, 0), 50e8, 3000, 0xffffffff)
	other := f.spend(t, f.coinbase(t, 1), 50e8, 3000, 0xffffffff)
	id, otherID := tx.TxHash().String(), other.TxHash().String()
	absent := strings.Repeat("ab", 32)
	if res, e := execute(t, f.tab, "prioritisetransaction", absent, 0, 100); e != nil || string(res) != "true" {
		t.Fatalf("absent tx %s %v", res, e)
	}
	if _, e := execute(t, f.tab, "prioritisetransaction", id, 1, 100); e == nil || e["code"] != float64(-8) {
		t.Errorf("dummy %v", e)
	}
	execute(t, f.tab, "prioritisetransaction", id, nil, 500)
	execute(t, f.tab, "prioritisetransaction", id, 0, 500)
	res, _ := execute(t, f.tab, "getprioritisedtransactions")
	var got map[string]map[string]any
	_ = json.Unmarshal(res, &got)
	if got[id]["fee_delta"] != 1000.0 || got[id]["in_mempool"] != true || got[id]["modified_fee"] != 4000.0 ||
		got[absent]["in_mempool"] != false || got[absent]["modified_fee"] != nil {
		t.Errorf("getprioritisedtransactions %s", res)
	}
	res, _ = execute(t, f.tab, "getmempoolentry", id)
	if !strings.Contains(string(res), `"fees":{"base":0.00003000,"modified":0.00004000`) {
		t.Errorf("entry %s", res)
	}
	// A delta that takes the modified fee to zero keeps the transaction out of blocks.
	execute(t, f.tab, "prioritisetransaction", otherID, 0, -3000)
	if _, err := f.c.Generate(t.Context(), 1, f.opTrue, 1e6); err != nil {
		t.Fatal(err)
	}
	if res, _ := execute(t, f.tab, "getrawmempool"); string(res) != `["`+otherID+`"]` {
		t.Errorf("mempool after mining %s", res)
	}
	// The mined transaction's delta is dropped; the others stay.
	res, _ = execute(t, f.tab, "getprioritisedtransactions")
	if strings.Contains(string(res), id) || !strings.Contains(string(res), otherID) || !strings.Contains(string(res), absent) {
		t.Errorf("after mining %s", res)
	}
	execute(t, f.tab, "prioritisetransaction", otherID, 0, 3000)
	if _, err := f.c.Generate(t.Context(), 1, f.opTrue, 1e6); err != nil {
		t.Fatal(err)
	}
	if res, _ := execute(t, f.tab, "getrawmempool"); string(res) != `[]` {
		t.Errorf("delta back to zero: %s", res)
	}
}
