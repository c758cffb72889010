package rpc

import (
	"encoding/hex"
	"encoding/json"
	"testing"
)

func TestGetTxOutSetInfo(t *testing.T) {
	f := newPoolFixture(t)
	res, e := execute(t, f.tab, "gettxoutsetinfo")
	if e != nil {
		t.Fatal(e)
	}
	keysInOrder(t, res, "height", "bestblock", "txouts", "bogosize", "hash_serialized_3", "total_amount", "transactions", "disk_size")
	var st struct {
		Height, Txouts, Bogosize, Transactions int64
		Total                                  json.Number `json:"total_amount"`
		Hash                                   string      `json:"hash_serialized_3"`
	}
	_ = json.Unmarshal(res, &st)
	// 101 coinbases of 50 BTC to a 34-byte P2WSH script (commitments are OP_RETURN).
	if st.Height != 101 || st.Txouts != 101 || st.Transactions != 101 || st.Total != "5050.00000000" || st.Bogosize != 101*(50+34) || len(st.Hash) != 64 {
		t.Errorf("stats %s", res)
	}
	// 101 P2WSH coins in Core's chainstate encoding: key 34, code 1-2,
	// amount 1 (50 BTC compresses to 50), script 1+34.
	var disk map[string]any
	_ = json.Unmarshal(res, &disk)
	if d := disk["disk_size"].(float64); d < 101*(34+1+1+35) || d > 101*(34+2+1+35) {
		t.Errorf("disk_size %v", d)
	}
	if compressAmount(50e8) != 50 || compressAmount(1) != 1 || coreVarIntLen(127) != 1 || coreVarIntLen(128) != 2 {
		t.Error("compressAmount/VARINT")
	}
	// The muhash is the multiset hash of the serialized coins, whatever the order.
	scan, err := f.c.ScanUTXOs(t.Context(), func([]byte) bool { return true }, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := newMuHash()
	for i := len(scan.Unspent) - 1; i >= 0; i-- {
		m.insert(coinSer(scan.Unspent[i]))
	}
	want := m.finalize()
	res, _ = execute(t, f.tab, "gettxoutsetinfo", "muhash")
	var mu struct{ Muhash string }
	_ = json.Unmarshal(res, &mu)
	if mu.Muhash != hex.EncodeToString(reverse(want[:])) {
		t.Errorf("muhash %s", res)
	}
	// Spending a coin changes both hashes; "none" has none.
	f.spend(t, f.coinbase(t, 0), 50e8, 1000, 0xffffffff)
	if _, err := f.c.Generate(t.Context(), 1, f.opTrue, 1e6); err != nil {
		t.Fatal(err)
	}
	res, _ = execute(t, f.tab, "gettxoutsetinfo", "none")
	var after map[string]any
	_ = json.Unmarshal(res, &after)
	if after["hash_serialized_3"] != nil || after["muhash"] != nil || after["txouts"] != 102.0 || after["total_amount"] != 5100.0 {
		t.Errorf("after spend %s", res)
	}
	if _, e := execute(t, f.tab, "gettxoutsetinfo", "sha"); e == nil || e["message"] != "'sha' is not a valid hash_type" {
		t.Errorf("bad hash_type %v", e)
	}
	var ser struct {
		Hash string `json:"hash_serialized_3"`
	}
	res, _ = execute(t, f.tab, "gettxoutsetinfo")
	_ = json.Unmarshal(res, &ser)
	if ser.Hash == st.Hash {
		t.Error("hash_serialized_3 unchanged after a spend")
	}
}
