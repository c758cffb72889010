package rpc

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
)

// regtest P2PKH address of private key 1 (Core's test framework uses such
// fixed keys).
const addr = "mrCDrCybB6J1vRfbwM5hemdJz73FwDBC8r"

func setup(t *testing.T) (*rs.Table, *chain.Chain, context.CancelFunc) {
	t.Helper()
	p, _ := chain.Params("regtest")
	c, err := chain.Open(t.TempDir(), p, &chain.Clock{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	tab := rs.NewTable()
	if err := Register(tab, &Node{Chain: c, ChainName: "regtest", Shutdown: ctx}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); c.Close() })
	return tab, c, cancel
}

// call runs a JSON-RPC 2.0 request and returns result and error objects.
func call(t *testing.T, tab *rs.Table, method string, params ...any) (json.RawMessage, map[string]any) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 1, "method": method, "params": params})
	reply, _ := tab.Execute(context.Background(), body, "/", "test")
	var r struct {
		Result json.RawMessage
		Error  map[string]any
	}
	if err := json.Unmarshal(reply, &r); err != nil {
		t.Fatalf("%s: bad reply %s", method, reply)
	}
	return r.Result, r.Error
}

func TestBlockchainRPCs(t *testing.T) {
	tab, _, _ := setup(t)
	if res, _ := call(t, tab, "getblockcount"); string(res) != "0" {
		t.Fatalf("getblockcount %s", res)
	}
	res, e := call(t, tab, "generatetoaddress", 5, addr)
	var hashes []string
	if e != nil || json.Unmarshal(res, &hashes) != nil || len(hashes) != 5 {
		t.Fatalf("generatetoaddress: %s %v", res, e)
	}
	if _, e := call(t, tab, "generatetoaddress", 1, "notanaddress"); e == nil || e["code"] != float64(-5) || e["message"] != "Error: Invalid address" {
		t.Errorf("bad address: %v", e)
	}
	if res, _ := call(t, tab, "getbestblockhash"); string(res) != `"`+hashes[4]+`"` {
		t.Errorf("getbestblockhash %s", res)
	}
	if res, _ := call(t, tab, "getblockhash", 5); string(res) != `"`+hashes[4]+`"` {
		t.Errorf("getblockhash %s", res)
	}
	if _, e := call(t, tab, "getblockhash", 6); e == nil || e["code"] != float64(-8) || e["message"] != "Block height out of range" {
		t.Errorf("getblockhash out of range: %v", e)
	}
	if _, e := call(t, tab, "getblock", strings.Repeat("0", 64)); e == nil || e["code"] != float64(-5) || e["message"] != "Block not found" {
		t.Errorf("getblock unknown: %v", e)
	}
	if _, e := call(t, tab, "getblock", "xyz"); e == nil || e["code"] != float64(-8) || !strings.Contains(e["message"].(string), "must be of length 64") {
		t.Errorf("getblock bad hash: %v", e)
	}
	// Field order of getblock and getblockchaininfo follows Core's.
	res, _ = call(t, tab, "getblock", hashes[2])
	wantOrder(t, res, "hash", "confirmations", "height", "version", "versionHex", "merkleroot", "time", "mediantime",
		"nonce", "bits", "target", "difficulty", "chainwork", "nTx", "previousblockhash", "nextblockhash",
		"strippedsize", "size", "weight", "tx")
	res, _ = call(t, tab, "getblockchaininfo")
	wantOrder(t, res, "chain", "blocks", "headers", "bestblockhash", "bits", "target", "difficulty", "time",
		"mediantime", "verificationprogress", "initialblockdownload", "chainwork", "size_on_disk", "pruned", "warnings")
	var info map[string]any
	_ = json.Unmarshal(res, &info)
	if info["blocks"] != float64(5) || info["chain"] != "regtest" || info["chainwork"] != strings.Repeat("0", 63)+"c" {
		t.Errorf("getblockchaininfo %v", info)
	}
	if res, _ := call(t, tab, "getblock", hashes[0], 0); !strings.HasPrefix(string(res), `"00000020`) {
		t.Errorf("getblock hex %s", res)
	}
	// Submitting a known block again is a duplicate.
	var raw string
	res, _ = call(t, tab, "getblock", hashes[0], 0)
	_ = json.Unmarshal(res, &raw)
	if res, _ := call(t, tab, "submitblock", raw); string(res) != `"duplicate"` {
		t.Errorf("resubmit %s", res)
	}
	if _, e := call(t, tab, "submitblock", "00"); e == nil || e["code"] != float64(-22) {
		t.Errorf("submitblock garbage %v", e)
	}
	// invalidateblock moves the tip back; getchaintips reports the fork.
	call(t, tab, "invalidateblock", hashes[3])
	if res, _ := call(t, tab, "getblockcount"); string(res) != "3" {
		t.Errorf("after invalidateblock %s", res)
	}
	res, _ = call(t, tab, "getchaintips")
	if !strings.Contains(string(res), `"invalid"`) || !strings.Contains(string(res), `"active"`) {
		t.Errorf("getchaintips %s", res)
	}
	call(t, tab, "reconsiderblock", hashes[3])
	if res, _ := call(t, tab, "getblockcount"); string(res) != "5" {
		t.Errorf("after reconsiderblock %s", res)
	}
	if _, e := call(t, tab, "setmocktime", -1); e == nil || e["message"] != "Mocktime must be in the range [0, 9223372036], not -1." {
		t.Errorf("setmocktime -1: %v", e)
	}
}

func TestWaitForNewBlock(t *testing.T) {
	tab, c, cancel := setup(t)
	start := time.Now()
	res, _ := call(t, tab, "waitfornewblock", 100)
	if time.Since(start) < 90*time.Millisecond || !strings.Contains(string(res), `"height":0`) {
		t.Errorf("timeout path: %s after %s", res, time.Since(start))
	}
	done := make(chan json.RawMessage)
	go func() { r, _ := call(t, tab, "waitforblockheight", 2); done <- r }()
	time.Sleep(50 * time.Millisecond)
	if _, err := c.Generate(context.Background(), 2, []byte{0x51}, 1000000); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-done:
		if !strings.Contains(string(r), `"height":2`) {
			t.Errorf("waitforblockheight %s", r)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("waitforblockheight did not return")
	}
	// Shutdown ends a wait without timeout.
	go func() { r, _ := call(t, tab, "waitfornewblock"); done <- r }()
	time.Sleep(50 * time.Millisecond)
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("waitfornewblock not ended by shutdown")
	}
}

// wantOrder checks an object's keys appear in this order.
func wantOrder(t *testing.T, obj json.RawMessage, keys ...string) {
	t.Helper()
	s := string(obj)
	last := -1
	for _, k := range keys {
		i := strings.Index(s, `"`+k+`":`)
		if i < 0 || i < last {
			t.Errorf("key %q missing or out of Core's order in %s", k, s)
			return
		}
		last = i
	}
}
