package rpc

import (
	"encoding/json"
	"testing"
)

func TestEstimateSmartFee(t *testing.T) {
	f := newPoolFixture(t)
	res, e := execute(t, f.tab, "estimatesmartfee", 1)
	if e != nil || string(res) != `{"errors":["Insufficient data or no feerate found"],"blocks":2}` {
		t.Fatalf("no data: %s %v", res, e)
	}
	// Transactions paying ~10 sat/vB, each mined in the next block.
	for i := 0; i < 6; i++ {
		f.spend(t, f.coinbase(t, i), 50e8, 1000, 0xffffffff)
		if _, err := f.c.Generate(t.Context(), 1, f.opTrue, 1e6); err != nil {
			t.Fatal(err)
		}
	}
	res, e = execute(t, f.tab, "estimatesmartfee", 3, "CONSERVATIVE")
	var est struct {
		Feerate float64
		Blocks  int
		Errors  []string
	}
	if e != nil || json.Unmarshal(res, &est) != nil || est.Errors != nil || est.Blocks != 3 || est.Feerate < 0.00009 || est.Feerate > 0.00011 {
		t.Errorf("estimate %s %v", res, e)
	}
	if res, _ := execute(t, f.tab, "estimatesmartfee", 1000); !jsonHas(res, "blocks", 25.0) {
		t.Errorf("clamped %s", res)
	}
	if _, e := execute(t, f.tab, "estimatesmartfee", 0); e == nil || e["message"] != "Invalid conf_target, must be between 1 and 1008" {
		t.Errorf("target 0 %v", e)
	}
	if _, e := execute(t, f.tab, "estimatesmartfee", 2, "foo"); e == nil || e["code"] != float64(-8) {
		t.Errorf("bad mode %v", e)
	}
}

func jsonHas(raw json.RawMessage, key string, want any) bool {
	var m map[string]any
	return json.Unmarshal(raw, &m) == nil && m[key] == want
}
