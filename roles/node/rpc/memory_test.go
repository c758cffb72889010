package rpc

import (
	"encoding/json"
	"testing"
)

func TestGetMemoryInfo(t *testing.T) {
	tab, _ := newTestTable(t)
	res, e := execute(t, tab, "getmemoryinfo")
	if e != nil {
		t.Fatal(e)
	}
	var m struct{ Locked map[string]int64 }
	if err := json.Unmarshal(res, &m); err != nil {
		t.Fatal(err)
	}
	l := m.Locked
	if l["used"] <= 0 || l["free"] < 0 || l["total"] != l["used"]+l["free"] || l["chunks_used"] <= 0 || l["locked"] != 0 {
		t.Errorf("stats %s", res)
	}
	if _, e := execute(t, tab, "getmemoryinfo", "mallocinfo"); e == nil || e["code"] != float64(-8) || e["message"] != "mallocinfo mode not available" {
		t.Errorf("mallocinfo %v", e)
	}
	if _, e := execute(t, tab, "getmemoryinfo", "foobar"); e == nil || e["message"] != "unknown mode foobar" {
		t.Errorf("foobar %v", e)
	}
	if res, e := execute(t, tab, "getindexinfo", "txindex"); e != nil || string(res) != "{}" {
		t.Errorf("getindexinfo %s %v", res, e)
	}
}
