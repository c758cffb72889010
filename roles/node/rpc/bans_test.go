package rpc

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	"github.com/mpbitcoin/mpbitcoin/roles/node/p2p"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
)

func TestBanAndNetRPCs(t *testing.T) {
	p, _ := chain.Params("regtest")
	c, err := chain.Open(t.TempDir(), p, &chain.Clock{})
	if err != nil {
		t.Fatal(err)
	}
	srv := p2p.New(p2p.Config{Chain: c, UserAgent: "test", Version: "0.1.0"})
	if err := srv.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Stop(); c.Close() })
	tab := rs.NewTable()
	if err := Register(tab, &Node{Chain: c, ChainName: "regtest", Shutdown: context.Background(), Net: &Network{P2P: srv}}); err != nil {
		t.Fatal(err)
	}
	if _, e := execute(t, tab, "setban", "127.0.0.1", "add"); e != nil {
		t.Fatal(e)
	}
	if _, e := execute(t, tab, "setban", "127.0.0.1", "add"); e == nil || e["code"] != float64(-23) || e["message"] != "Error: IP/Subnet already banned" {
		t.Errorf("ban twice %v", e)
	}
	if _, e := execute(t, tab, "setban", "192.168.0.0/16", "add", 1000); e != nil {
		t.Fatal(e)
	}
	if _, e := execute(t, tab, "setban", "10.0.0.1", "add", 1, true); e == nil || e["message"] != "Error: Absolute timestamp is in the past" {
		t.Errorf("absolute past %v", e)
	}
	if _, e := execute(t, tab, "setban", "abc", "add"); e == nil || e["code"] != float64(-30) || e["message"] != "Error: Invalid IP/Subnet" {
		t.Errorf("invalid %v", e)
	}
	if _, e := execute(t, tab, "setban", "127.0.0.1", "frob"); e == nil || e["code"] != float64(-1) || !strings.HasPrefix(e["message"].(string), "setban \"subnet\" \"command\"") {
		t.Errorf("bad command %v", e)
	}
	res, _ := execute(t, tab, "listbanned")
	var bans []struct {
		Address   string
		Created   int64 `json:"ban_created"`
		Until     int64 `json:"banned_until"`
		Duration  int64 `json:"ban_duration"`
		Remaining int64 `json:"time_remaining"`
	}
	if json.Unmarshal(res, &bans) != nil || len(bans) != 2 || bans[0].Address != "127.0.0.1/32" || bans[1].Address != "192.168.0.0/16" ||
		bans[0].Duration != 86400 || bans[1].Duration != 1000 || bans[1].Remaining > 1000 || bans[1].Remaining < 998 {
		t.Errorf("listbanned %s", res)
	}
	if _, e := execute(t, tab, "setban", "192.168.0.0/24", "remove"); e == nil || e["code"] != float64(-30) {
		t.Errorf("remove unbanned subnet %v", e)
	}
	execute(t, tab, "setban", "192.168.0.0/16", "remove")
	execute(t, tab, "clearbanned")
	if res, _ := execute(t, tab, "listbanned"); string(res) != "[]" {
		t.Errorf("after clear %s", res)
	}
	res, _ = execute(t, tab, "getnettotals")
	keysInOrder(t, res, "totalbytesrecv", "totalbytessent", "timemillis", "uploadtarget")
	execute(t, tab, "addnode", "127.0.0.1:1", "add")
	res, e := execute(t, tab, "getaddednodeinfo")
	if e != nil || string(res) != `[{"addednode":"127.0.0.1:1","connected":false,"addresses":[]}]` {
		t.Errorf("getaddednodeinfo %s %v", res, e)
	}
	if _, e := execute(t, tab, "getaddednodeinfo", "1.1.1.1"); e == nil || e["code"] != float64(-24) || e["message"] != "Error: Node has not been added." {
		t.Errorf("unknown added node %v", e)
	}
	if _, e := execute(t, tab, "disconnectnode", "127.0.0.1:1", 0); e == nil || e["code"] != float64(-32602) {
		t.Errorf("disconnectnode both %v", e)
	}
	if _, e := execute(t, tab, "disconnectnode", "", 5); e == nil || e["code"] != float64(-29) {
		t.Errorf("disconnectnode unknown id %v", e)
	}
}
