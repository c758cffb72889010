package rpc

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// Core's rpc_blockchain.py expectation at height 200 of a regtest chain
// whose blocks signal testdummy from 144 (the default activation heights
// here: bip34/65/66 at 1, csv at 1, segwit at 0).
func TestGetDeploymentInfo(t *testing.T) {
	tab, _ := newTestTable(t)
	res, e := execute(t, tab, "getdeploymentinfo")
	if e != nil {
		t.Fatal(e)
	}
	if !strings.Contains(string(res), `"testdummy":{"type":"bip9","active":false,"bip9":{"start_time":0,"timeout":9223372036854775807,"min_activation_height":0,"status":"defined","since":0,"status_next":"defined"}}`) {
		t.Errorf("genesis: %s", res)
	}
	if _, e := execute(t, tab, "generatetoaddress", 200, addr); e != nil {
		t.Fatal(e)
	}
	res, _ = execute(t, tab, "getdeploymentinfo")
	var got map[string]any
	_ = json.Unmarshal(res, &got)
	want := map[string]any{
		"bip34":  map[string]any{"type": "buried", "active": true, "height": 1.0},
		"bip66":  map[string]any{"type": "buried", "active": true, "height": 1.0},
		"bip65":  map[string]any{"type": "buried", "active": true, "height": 1.0},
		"csv":    map[string]any{"type": "buried", "active": true, "height": 1.0},
		"segwit": map[string]any{"type": "buried", "active": true, "height": 0.0},
		"testdummy": map[string]any{"type": "bip9", "active": false, "bip9": map[string]any{
			"bit": 28.0, "start_time": 0.0, "timeout": float64(1<<63 - 1), "min_activation_height": 0.0,
			"status": "started", "since": 144.0, "status_next": "started",
			"statistics": map[string]any{"period": 144.0, "threshold": 108.0, "elapsed": 57.0, "count": 57.0, "possible": true},
			"signalling": strings.Repeat("#", 57)}},
		"taproot": map[string]any{"type": "bip9", "height": 0.0, "active": true, "bip9": map[string]any{
			"start_time": -1.0, "timeout": float64(1<<63 - 1), "min_activation_height": 0.0,
			"status": "active", "since": 0.0, "status_next": "active"}},
	}
	if !reflect.DeepEqual(got["deployments"], want) || got["height"] != 200.0 {
		t.Errorf("height 200:\n%s", res)
	}
	// At 287 the period's 144 signals lock testdummy in for the next block.
	execute(t, tab, "generatetoaddress", 87, addr)
	res, _ = execute(t, tab, "getdeploymentinfo")
	if !strings.Contains(string(res), `"status":"started","since":144,"status_next":"locked_in"`) {
		t.Errorf("height 287: %s", res)
	}
	hash, _ := execute(t, tab, "getblockhash", 100)
	var h string
	_ = json.Unmarshal(hash, &h)
	res, _ = execute(t, tab, "getdeploymentinfo", h)
	if !strings.Contains(string(res), `"height":100`) || !strings.Contains(string(res), `"status":"defined"`) {
		t.Errorf("at 100: %s", res)
	}
}
