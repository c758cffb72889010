package rpc

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"testing"
)

func TestGetDescriptorActivity(t *testing.T) {
	f := newPoolFixture(t) // 101 blocks paying P2WSH(OP_TRUE)
	desc := addChecksum("raw(" + hex.EncodeToString(f.opTrue) + ")")
	parent := f.spend(t, f.coinbase(t, 0), 50e8, 3000, 0xffffffff)
	child := f.spend(t, parent.TxHash(), 50e8-3000, 2000, 0xffffffff)

	get := func(params ...any) []map[string]any {
		t.Helper()
		res, e := execute(t, f.tab, "getdescriptoractivity", params...)
		if e != nil {
			t.Fatalf("getdescriptoractivity %v: %v", params, e)
		}
		keysInOrder(t, res, "activity")
		var r struct{ Activity []map[string]any }
		if err := json.Unmarshal(res, &r); err != nil {
			t.Fatal(err)
		}
		return r.Activity
	}
	b1, b2 := f.blocks[1].String(), f.blocks[2].String()
	// Blocks are reported in height order whatever the request order, once each.
	acts := get([]string{b2, b1, b2}, []string{desc}, false)
	if len(acts) != 2 || acts[0]["blockhash"] != b1 || acts[1]["blockhash"] != b2 || acts[0]["type"] != "receive" ||
		acts[0]["height"] != float64(2) || acts[0]["vout"] != float64(0) {
		t.Fatalf("block activity %v", acts)
	}
	spk := acts[0]["output_spk"].(map[string]any)
	if spk["hex"] != hex.EncodeToString(f.opTrue) || spk["type"] != "witness_v0_scripthash" || spk["address"] == nil {
		t.Errorf("output_spk %v", spk)
	}
	// The mempool: the parent spends a coinbase and pays OP_TRUE, the child
	// spends the parent's output (found in the mempool) and pays OP_TRUE.
	acts = get([]string{}, []string{desc})
	if len(acts) != 4 {
		t.Fatalf("mempool activity %v", acts)
	}
	want := []struct{ typ, txid string }{
		{"spend", parent.TxHash().String()}, {"receive", parent.TxHash().String()},
		{"spend", child.TxHash().String()}, {"receive", child.TxHash().String()},
	}
	for i, w := range want {
		id := acts[i]["txid"]
		if w.typ == "spend" {
			id = acts[i]["spend_txid"]
		}
		if acts[i]["type"] != w.typ || id != w.txid || acts[i]["blockhash"] != nil || acts[i]["height"] != nil {
			t.Errorf("event %d = %v, want %s of %s", i, acts[i], w.typ, w.txid)
		}
	}
	if acts[2]["prevout_txid"] != parent.TxHash().String() || acts[2]["amount"] != 49.99997 {
		t.Errorf("child spend %v", acts[2])
	}
	// Mined, the spends come from the block's undo data.
	mined, err := f.c.Generate(context.Background(), 1, f.opTrue, 1e6)
	if err != nil {
		t.Fatal(err)
	}
	acts = get([]string{mined[0].String()}, []string{desc}, false)
	spends := 0
	for _, a := range acts {
		if a["type"] == "spend" {
			spends++
			if a["blockhash"] != mined[0].String() || a["height"] != float64(102) {
				t.Errorf("mined spend %v", a)
			}
		}
	}
	if spends != 2 || len(acts) != 5 { // coinbase + 2 receives, 2 spends
		t.Errorf("mined activity %v", acts)
	}
	for _, c := range []struct {
		params []any
		code   float64
		msg    string
	}{
		{[]any{[]string{"0000000000000000000000000000000000000000000000000000000000000000"}, []string{desc}}, -5, "Block not found"},
		{[]any{[]string{"xx"}, []string{desc}}, -8, "blockhash must be of length 64 (not 2, for 'xx')"},
		{[]any{[]string{b1}, []string{"addrx(x)"}}, -5, "'addrx(x)' is not a valid descriptor function"},
	} {
		if _, e := execute(t, f.tab, "getdescriptoractivity", c.params...); e == nil || e["code"] != c.code || e["message"] != c.msg {
			t.Errorf("%v: %v, want %q", c.params, e, c.msg)
		}
	}
}
