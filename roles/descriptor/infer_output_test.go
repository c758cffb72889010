package descriptor

import (
	"testing"

	"github.com/btcsuite/btcd/chaincfg/v2"
)

func TestInferOutput(t *testing.T) {
	regtest := &chaincfg.RegressionNetParams
	// Core's rpc_scantxoutset.py expectations.
	const tprv = "tprv8ZgxMBicQKsPd7Uf69XL1XwhmjHopUGep8GuEiJDZmbQz6o58LninorQAfcKZWARbtRtfnLcJ5MQ2AtHcQJCCRUcMRvmDUjyEmNUWwx8UbK"
	d, err := Parse("combo("+tprv+"/0h/0h/*)", regtest, false)
	if err != nil {
		t.Fatal(err)
	}
	outs, err := d.Expand(0)
	if err != nil {
		t.Fatal(err)
	}
	if got := InferOutput(outs[1], regtest); got != "pkh([0c5f9a1e/0h/0h/0]026dbd8b2315f296d36e6b6920b1579ca75569464875c7ebe869b536a7d9503c8c)#rthll0rg" {
		t.Errorf("combo pkh = %s", got)
	}
	d, _ = Parse("combo("+tprv+"/1/1/0)", regtest, false)
	outs, _ = d.Expand(0)
	if got := InferOutput(outs[1], regtest); got != "pkh([0c5f9a1e/1/1/0]03e1c5b6e650966971d7e71ef2674f80222752740fc1dfd63bbbd220d2da9bd0fb)#cxmct4w8" {
		t.Errorf("combo pkh = %s", got)
	}
	// Descriptors whose keys all carry origins infer back to themselves.
	const k1 = "[deadbeef/0h]669b8afcec803a0d323e9a17f3ea8e68e8abe5a278020a929adbec52421adbd0"
	const k2 = "[cafebabe/1]a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd"
	const c1 = "[deadbeef/0h]03a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd"
	const c2 = "[cafebabe/1]0260b2003c386519fc9eadf2b5cf124dd8eea4c4e68d5e154050a9346ea98ce600"
	for _, s := range []string{
		"tr(" + k1 + ",{pk(" + k2 + "),{multi_a(1," + k1 + "," + k2 + "),pk(" + k1 + ")}})",
		"sh(wsh(multi(1," + c1 + "," + c2 + ")))",
		"sh(wpkh(" + c1 + "))",
		"wsh(pkh(" + c2 + "))",
		"pk(" + c1 + ")",
		"rawtr(" + k2 + ")",
		"raw(6a01ff)",
	} {
		d, err := Parse(s, regtest, false)
		if err != nil {
			t.Fatalf("Parse(%s): %v", s, err)
		}
		outs, err := d.Expand(0)
		if err != nil {
			t.Fatal(err)
		}
		if got := InferOutput(outs[0], regtest); got != d.String() {
			t.Errorf("InferOutput = %s, want %s", got, d.String())
		}
	}
	// A constant key without origin gets its own fingerprint, as in Core.
	d, _ = Parse("wpkh(03a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd)", regtest, false)
	outs, _ = d.Expand(0)
	if got := InferOutput(outs[0], regtest); got != AddChecksum("wpkh([9a1c78a5]03a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd)") {
		t.Errorf("wpkh = %s", got)
	}
}

func TestInferOutputMiniscript(t *testing.T) {
	regtest := &chaincfg.RegressionNetParams
	const c1 = "[deadbeef/0h]03a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd"
	const k2 = "[cafebabe/1]a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd"
	const k1 = "[deadbeef/0h]669b8afcec803a0d323e9a17f3ea8e68e8abe5a278020a929adbec52421adbd0"
	for _, s := range []string{
		"wsh(and_v(v:pk(" + c1 + "),older(144)))",
		"sh(wsh(or_d(pk(" + c1 + "),and_v(v:pkh([cafebabe/1]0260b2003c386519fc9eadf2b5cf124dd8eea4c4e68d5e154050a9346ea98ce600),older(10)))))",
		"tr(" + k1 + ",{and_v(v:pk(" + k2 + "),after(100)),pk(" + k1 + ")})",
	} {
		d, err := Parse(s, regtest, false)
		if err != nil {
			t.Fatalf("Parse(%s): %v", s, err)
		}
		outs, err := d.Expand(0)
		if err != nil {
			t.Fatal(err)
		}
		if got := InferOutput(outs[0], regtest); got != d.String() {
			t.Errorf("InferOutput = %s, want %s", got, d.String())
		}
	}
}
