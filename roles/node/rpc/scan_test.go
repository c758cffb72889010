package rpc

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
)

func newTestTable(t *testing.T) (*rs.Table, *chain.Chain) {
	t.Helper()
	p, _ := chain.Params("regtest")
	c, err := chain.Open(t.TempDir(), p, &chain.Clock{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	tab := rs.NewTable()
	if err := Register(tab, &Node{Chain: c, ChainName: "regtest", Shutdown: context.Background()}); err != nil {
		t.Fatal(err)
	}
	return tab, c
}

// MiniWallet's use: generatetodescriptor to raw(51), then scantxoutset.
func TestGenerateToDescriptorAndScan(t *testing.T) {
	tab, _ := newTestTable(t)
	const opTrue = "raw(51)#8lvh9jxk"
	res, e := execute(t, tab, "generatetodescriptor", 3, opTrue)
	var hashes []string
	if e != nil || json.Unmarshal(res, &hashes) != nil || len(hashes) != 3 {
		t.Fatalf("generatetodescriptor: %s %v", res, e)
	}
	if _, e := execute(t, tab, "generatetodescriptor", 1, "raw(51)#aaaaaaaa"); e == nil || e["code"] != float64(-5) ||
		e["message"] != "Provided checksum 'aaaaaaaa' does not match computed checksum '8lvh9jxk'" {
		t.Errorf("bad checksum: %v", e)
	}
	// A P2PKH address of a fixed key, by addr() and by pkh(key).
	const key = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
	if _, e := execute(t, tab, "generatetodescriptor", 2, "pkh("+key+")"); e != nil {
		t.Fatalf("pkh: %v", e)
	}
	res, e = execute(t, tab, "scantxoutset", "start", []any{opTrue, map[string]any{"desc": "combo(" + key + ")"}})
	if e != nil {
		t.Fatalf("scantxoutset: %v", e)
	}
	keysInOrder(t, res, "success", "txouts", "height", "bestblock", "unspents", "total_amount")
	var r struct {
		Success  bool
		TxOuts   int64
		Height   int64
		Unspents []map[string]any
		Total    json.Number `json:"total_amount"`
	}
	if err := json.Unmarshal(res, &r); err != nil {
		t.Fatal(err)
	}
	// Five coinbases, one output each (the witness commitment is an
	// OP_RETURN, not in the UTXO set).
	if !r.Success || r.TxOuts != 5 || r.Height != 5 || len(r.Unspents) != 5 || r.Total.String() != "250.00000000" {
		t.Fatalf("scan: %s", res)
	}
	descs := map[string]int{}
	for _, u := range r.Unspents {
		descs[u["desc"].(string)]++
		if u["coinbase"] != true {
			t.Errorf("coinbase flag: %v", u)
		}
	}
	// Core's InferDescriptor gives a constant key its own fingerprint.
	if descs[opTrue] != 3 || descs[addChecksum("pkh([751e76e8]"+key+")")] != 2 {
		t.Errorf("descs %v", descs)
	}
	raw, _ := json.Marshal(r.Unspents[0])
	keysInOrder(t, raw, "amount", "blockhash", "coinbase", "confirmations", "desc", "height", "scriptPubKey", "txid", "vout") // map: sorted
	if res, _ := execute(t, tab, "scantxoutset", "status"); string(res) != "null" {
		t.Errorf("status %s", res)
	}
	if res, _ := execute(t, tab, "scantxoutset", "abort"); string(res) != "false" {
		t.Errorf("abort %s", res)
	}
	if _, e := execute(t, tab, "scantxoutset", "start"); e == nil || !strings.Contains(e["message"].(string), "scanobjects argument is required") {
		t.Errorf("no scanobjects: %v", e)
	}
	if _, e := execute(t, tab, "scantxoutset", "go"); e == nil || e["message"] != "Invalid action 'go'" {
		t.Errorf("bad action: %v", e)
	}
}

// Ranged and hardened descriptors, as in Core's rpc_scantxoutset.py.
func TestScanRangedDescriptors(t *testing.T) {
	tab, _ := newTestTable(t)
	const tprv = "tprv8ZgxMBicQKsPd7Uf69XL1XwhmjHopUGep8GuEiJDZmbQz6o58LninorQAfcKZWARbtRtfnLcJ5MQ2AtHcQJCCRUcMRvmDUjyEmNUWwx8UbK"
	// Mine to child 5 of m/0h/0h (P2WPKH by combo's rule) and to child 7 of m/1/1 via wpkh.
	if _, e := execute(t, tab, "generatetodescriptor", 1, "combo("+tprv+"/0h/0h/5)"); e != nil {
		t.Fatalf("generatetodescriptor: %v", e)
	}
	if _, e := execute(t, tab, "generatetodescriptor", 1, "wpkh("+tprv+"/1/1/7)"); e != nil {
		t.Fatalf("generatetodescriptor: %v", e)
	}
	if _, e := execute(t, tab, "generatetodescriptor", 1, "wpkh("+tprv+"/1/1/*)"); e == nil || e["code"] != float64(-8) ||
		e["message"] != "Ranged descriptor not accepted. Maybe pass through deriveaddresses first?" {
		t.Errorf("ranged generatetodescriptor: %v", e)
	}
	if _, e := execute(t, tab, "generatetodescriptor", 1, "wpkh("+tprv+"/<0;1>/7)"); e == nil || e["message"] != "Multipath descriptor not accepted" {
		t.Errorf("multipath generatetodescriptor: %v", e)
	}
	scan := func(objs ...any) []string {
		t.Helper()
		res, e := execute(t, tab, "scantxoutset", "start", objs)
		if e != nil {
			t.Fatalf("scantxoutset %v: %v", objs, e)
		}
		var r struct{ Unspents []struct{ Desc string } }
		if err := json.Unmarshal(res, &r); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, u := range r.Unspents {
			out = append(out, u.Desc)
		}
		return out
	}
	const want5 = "wpkh([0c5f9a1e/0h/0h/5]" // combo of a compressed key mines to P2WPKH
	if got := scan(map[string]any{"desc": "combo(" + tprv + "/0h/0h/*)", "range": 10}); len(got) != 1 || !strings.HasPrefix(got[0], want5) {
		t.Errorf("ranged combo scan: %v", got)
	}
	if got := scan(map[string]any{"desc": "combo(" + tprv + "/0h/0h/*)", "range": 4}); len(got) != 0 {
		t.Errorf("range 4 found %v", got)
	}
	if got := scan(map[string]any{"desc": "combo(" + tprv + "/0h/0h/*)", "range": []int{5, 5}}); len(got) != 1 {
		t.Errorf("range [5,5] found %v", got)
	}
	// Default range is 1000; multipath alternatives are all scanned.
	if got := scan("wpkh(" + tprv + "/1/<0;1>/*)"); len(got) != 1 || !strings.HasPrefix(got[0], "wpkh([0c5f9a1e/1/1/7]") {
		t.Errorf("multipath scan: %v", got)
	}
	for _, c := range []struct {
		obj  any
		code float64
		msg  string
	}{
		{map[string]any{"desc": "desc", "range": []int{-1, 10}}, -8, "Range should be greater or equal than 0"},
		{map[string]any{"desc": "desc", "range": []int64{(2 << 32) - 1000000, 2 << 32}}, -8, "End of range is too high"},
		{map[string]any{"desc": "desc", "range": []int{2, 1}}, -8, "Range specified as [begin,end] must not have begin after end"},
		{map[string]any{"desc": "desc", "range": []int{0, 1000001}}, -8, "Range is too large"},
		{map[string]any{"range": 3}, -8, "Descriptor needs to be provided in scan object"},
		{5, -8, "Scan object needs to be either a string or an object"},
		{"wpkh(tpubD6NzVbkrYhZ4WaWSyoBvQwbpLkojyoTZPRsgXELWz3Popb3qkjcJyJUGLnL4qHHoQvao8ESaAstxYSnhyswJ76uZPStJRJCTKvosUCJZL5B/1h/*)", -5,
			"Cannot derive script without private keys: 'wpkh(tpubD6NzVbkrYhZ4WaWSyoBvQwbpLkojyoTZPRsgXELWz3Popb3qkjcJyJUGLnL4qHHoQvao8ESaAstxYSnhyswJ76uZPStJRJCTKvosUCJZL5B/1h/*)'"},
		{"wpkh(00)", -5, "wpkh(): Pubkey '00' is invalid"},
	} {
		if _, e := execute(t, tab, "scantxoutset", "start", []any{c.obj}); e == nil || e["code"] != c.code || e["message"] != c.msg {
			t.Errorf("scan %v: %v, want %q", c.obj, e, c.msg)
		}
	}
}
