package rpc

import (
	"encoding/json"
	"testing"
)

// Vectors from Core's rpc_deriveaddresses.py and rpc_getdescriptorinfo.py.
func TestDeriveAddressesAndDescriptorInfo(t *testing.T) {
	tab, _ := newTestTable(t)
	const xprv = "tprv8ZgxMBicQKsPd7Uf69XL1XwhmjHopUGep8GuEiJDZmbQz6o58LninorQAfcKZWARbtRtfnLcJ5MQ2AtHcQJCCRUcMRvmDUjyEmNUWwx8UbK"
	addrs := func(params ...any) []any {
		t.Helper()
		res, e := execute(t, tab, "deriveaddresses", params...)
		if e != nil {
			t.Fatalf("deriveaddresses %v: %v", params, e)
		}
		var out []any
		if err := json.Unmarshal(res, &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	d := addChecksum("wpkh(" + xprv + "/1/1/0)")
	if got := addrs(d); len(got) != 1 || got[0] != "bcrt1qjqmxmkpmxt80xz4y3746zgt0q3u3ferr34acd5" {
		t.Errorf("wpkh: %v", got)
	}
	ranged := addChecksum("wpkh(" + xprv + "/1/1/*)")
	if got := addrs(ranged, []int{1, 2}); len(got) != 2 || got[0] != "bcrt1qhku5rq7jz8ulufe2y6fkcpnlvpsta7rq4442dy" || got[1] != "bcrt1qpgptk2gvshyl0s9lqshsmx932l9ccsv265tvaq" {
		t.Errorf("range [1,2]: %v", got)
	}
	if got := addrs(ranged, 2); len(got) != 3 || got[0] != "bcrt1qjqmxmkpmxt80xz4y3746zgt0q3u3ferr34acd5" {
		t.Errorf("range 2: %v", got)
	}
	if got := addrs(addChecksum("combo(" + xprv + "/1/1/0)")); len(got) != 3 {
		t.Errorf("combo gives P2PKH, P2WPKH, P2SH-P2WPKH: %v", got)
	}
	if got := addrs(addChecksum("wpkh(" + xprv + "/1/1/<0;1>)")); len(got) != 2 {
		t.Errorf("multipath: %v", got)
	}
	for _, c := range []struct {
		params []any
		code   float64
		msg    string
	}{
		{[]any{"a"}, -5, "Missing checksum"},
		{[]any{d, 2}, -8, "Range should not be specified for an un-ranged descriptor"},
		{[]any{ranged}, -8, "Range must be specified for a ranged descriptor"},
		{[]any{ranged, []int{-1, 0}}, -8, "Range should be greater or equal than 0"},
		{[]any{ranged, []int{2, 0}}, -8, "Range specified as [begin,end] must not have begin after end"},
		{[]any{ranged, []int{0, 1000000}}, -8, "Range is too large"},
		{[]any{ranged, []int64{1 << 31, 1<<31 + 1}}, -8, "End of range is too high"},
		{[]any{ranged, "x"}, -8, "Range must be specified as end or as [begin,end]"},
		{[]any{addChecksum("raw(6a)")}, -5, "Descriptor does not have a corresponding address"},
		{[]any{addChecksum("pk(03a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd)")}, -5, "Descriptor does not have a corresponding address"},
		{[]any{addChecksum("wpkh(tpubD6NzVbkrYhZ4WaWSyoBvQwbpLkojyoTZPRsgXELWz3Popb3qkjcJyJUGLnL4qHHoQvao8ESaAstxYSnhyswJ76uZPStJRJCTKvosUCJZL5B/1h)")}, -5, "Cannot derive script without private keys"},
	} {
		if _, e := execute(t, tab, "deriveaddresses", c.params...); e == nil || e["code"] != c.code || e["message"] != c.msg {
			t.Errorf("deriveaddresses %v: %v, want %q", c.params, e, c.msg)
		}
	}

	info := func(desc string) map[string]any {
		t.Helper()
		res, e := execute(t, tab, "getdescriptorinfo", desc)
		if e != nil {
			t.Fatalf("getdescriptorinfo %s: %v", desc, e)
		}
		keysInOrder(t, res, "descriptor", "checksum", "isrange", "issolvable", "hasprivatekeys")
		var m map[string]any
		_ = json.Unmarshal(res, &m)
		return m
	}
	const pub = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
	m := info("pkh(" + pub + ")")
	if m["descriptor"] != addChecksum("pkh("+pub+")") || m["checksum"] != descChecksum("pkh("+pub+")") ||
		m["isrange"] != false || m["issolvable"] != true || m["hasprivatekeys"] != false {
		t.Errorf("getdescriptorinfo: %v", m)
	}
	m = info("wpkh(" + xprv + "/1/1/*)")
	if m["isrange"] != true || m["hasprivatekeys"] != true || m["descriptor"] != addChecksum("wpkh(tpubD6NzVbkrYhZ4WaWSyoBvQwbpLkojyoTZPRsgXELWz3Popb3qkjcJyJUGLnL4qHHoQvao8ESaAstxYSnhyswJ76uZPStJRJCTKvosUCJZL5B/1/1/*)") {
		t.Errorf("getdescriptorinfo: %v", m)
	}
	if m = info("raw(51)"); m["issolvable"] != false {
		t.Errorf("raw: %v", m)
	}
	res, e := execute(t, tab, "getdescriptorinfo", "wpkh("+xprv+"/<0;1>/*)")
	if e != nil {
		t.Fatal(e)
	}
	keysInOrder(t, res, "descriptor", "multipath_expansion", "checksum", "isrange", "issolvable", "hasprivatekeys")
	if _, e := execute(t, tab, "getdescriptorinfo", "pkh(00)"); e == nil || e["code"] != float64(-5) || e["message"] != "pkh(): Pubkey '00' is invalid" {
		t.Errorf("bad key: %v", e)
	}
}
