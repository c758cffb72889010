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
	if descs[opTrue] != 3 || descs[addChecksum("pkh("+key+")")] != 2 {
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
