package rpc

import (
	"encoding/json"
	"testing"
)

func TestGetBlockStats(t *testing.T) {
	f := newPoolFixture(t)
	tx := f.spend(t, f.coinbase(t, 0), 50e8, 3000, 0xffffffff)
	hashes, err := f.c.Generate(t.Context(), 1, f.opTrue, 1e6)
	if err != nil {
		t.Fatal(err)
	}
	res, e := execute(t, f.tab, "getblockstats", 102)
	if e != nil {
		t.Fatal(e)
	}
	var st map[string]any
	_ = json.Unmarshal(res, &st)
	size := float64(tx.SerializeSize())
	weight := float64(tx.SerializeSizeStripped()*3 + tx.SerializeSize())
	checks := map[string]float64{
		"height": 102, "txs": 2, "ins": 1, "outs": 3, "totalfee": 3000, "avgfee": 3000, "minfee": 3000, "maxfee": 3000, "medianfee": 3000,
		"total_out": 50e8 - 3000, "subsidy": 50e8, "swtxs": 1, "total_size": size, "swtotal_size": size, "total_weight": weight,
		"avgfeerate": float64(int64(3000*4) / int64(weight)), "utxo_increase": 2, "utxo_increase_actual": 1,
	}
	for k, want := range checks {
		if st[k] != want {
			t.Errorf("%s = %v, want %v", k, st[k], want)
		}
	}
	if st["blockhash"] != hashes[0].String() {
		t.Errorf("blockhash %v", st["blockhash"])
	}
	res, _ = execute(t, f.tab, "getblockstats", hashes[0].String(), []string{"txs", "height", "txs"})
	if string(res) != `{"height":102,"txs":2}` {
		t.Errorf("selected %s", res)
	}
	if _, e := execute(t, f.tab, "getblockstats", 1, []string{"foo"}); e == nil || e["message"] != "Invalid selected statistic 'foo'" {
		t.Errorf("bad stat %v", e)
	}
	if _, e := execute(t, f.tab, "getblockstats", 200); e == nil || e["message"] != "Target block height 200 after current tip 102" {
		t.Errorf("beyond tip %v", e)
	}
	if _, e := execute(t, f.tab, "getblockstats", -1); e == nil || e["message"] != "Target block height -1 is negative" {
		t.Errorf("negative %v", e)
	}
	if res, e := execute(t, f.tab, "getblockstats", 0, []string{"utxo_increase", "utxo_increase_actual"}); e != nil || string(res) != `{"utxo_increase":1,"utxo_increase_actual":0}` {
		t.Errorf("genesis %s %v", res, e)
	}
}

func TestPercentilesByWeight(t *testing.T) {
	got := percentilesByWeight([]feeRateWeight{{5, 100}, {1, 100}, {3, 200}, {10, 600}}, 1000)
	if got != [5]int64{1, 3, 10, 10, 10} {
		t.Errorf("percentiles %v", got)
	}
	if truncatedMedian([]int64{4, 1, 3, 2}) != 2 || truncatedMedian([]int64{5, 1, 3}) != 3 {
		t.Error("median")
	}
}
