package descriptor

import (
	"encoding/hex"
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

// Core's rpc_decodescript.py miniscript cases.
func TestInferWitnessScript(t *testing.T) {
	regtest := &chaincfg.RegressionNetParams
	for script, want := range map[string]string{
		"82012088a914ffffffffffffffffffffffffffffffffffffffff88210250929b74c1a04954b78b4b6035e97a5e078a5a0f28ec96d547bfee9ace803ac0ad51b2": "wsh(and_v(and_v(v:hash160(ffffffffffffffffffffffffffffffffffffffff),v:pk(0250929b74c1a04954b78b4b6035e97a5e078a5a0f28ec96d547bfee9ace803ac0)),older(1)))#gm8xz4fl",
		"82012088a914ffffffffffffffffffffffffffffffffffffffff882102ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffacb2":   "addr(bcrt1q73qyfypp47hvgnkjqnav0j3k2lq3v76wg22dk8tmwuz5sfgv66xsvxg6uu)#9p3q328s",
		"5b21020e0338c96a8870479f2396c373cc7696ba124e8635d41b0ea581112b678172612102675333a4e4b8fb51d9d4e22fa5a8eaced3fdac8a8cbf9be8c030f75712e6af992102896807d54bc55c24981f24a453c60ad3e8993d693732288068a23df3d9f50d4821029e51a5ef5db3137051de8323b001749932f2ff0d34c82e96a2c2461de96ae56c2102a4e1a9638d46923272c266631d94d36bdb03a64ee0e14c7518e49d2f29bc401021031c41fdbcebe17bec8d49816e00ca1b5ac34766b91c9f2ac37d39c63e5e008afb2103079e252e85abffd3c401a69b087e590a9b86f33f574f08129ccbd3521ecf516b2103111cf405b627e22135b3b3733a4a34aa5723fb0f58379a16d32861bf576b0ec2210318f331b3e5d38156da6633b31929c5b220349859cc9ca3d33fb4e68aa08401742103230dae6b4ac93480aeab26d000841298e3b8f6157028e47b0897c1e025165de121035abff4281ff00660f99ab27bb53e6b33689c2cd8dcd364bc3c90ca5aea0d71a62103bd45cddfacf2083b14310ae4a84e25de61e451637346325222747b157446614c2103cc297026b06c71cbfa52089149157b5ff23de027ac5ab781800a578192d175462103d3bde5d63bdb3a6379b461be64dad45eabff42f758543a9645afd42f6d4248282103ed1e8d5109c9ed66f7941bc53cc71137baa76d50d274bda8d5e8ffbd6e61fe9a5fae736402c00fb269522103aab896d53a8e7d6433137bbba940f9c521e085dd07e60994579b64a6d992cf79210291b7d0b1b692f8f524516ed950872e5da10fb1b808b5a526dedc6fed1cf29807210386aa9372fbab374593466bc5451dc59954e90787f08060964d95c87ef34ca5bb53ae68": "wsh(or_d(multi(11,020e0338c96a8870479f2396c373cc7696ba124e8635d41b0ea581112b67817261,02675333a4e4b8fb51d9d4e22fa5a8eaced3fdac8a8cbf9be8c030f75712e6af99,02896807d54bc55c24981f24a453c60ad3e8993d693732288068a23df3d9f50d48,029e51a5ef5db3137051de8323b001749932f2ff0d34c82e96a2c2461de96ae56c,02a4e1a9638d46923272c266631d94d36bdb03a64ee0e14c7518e49d2f29bc4010,031c41fdbcebe17bec8d49816e00ca1b5ac34766b91c9f2ac37d39c63e5e008afb,03079e252e85abffd3c401a69b087e590a9b86f33f574f08129ccbd3521ecf516b,03111cf405b627e22135b3b3733a4a34aa5723fb0f58379a16d32861bf576b0ec2,0318f331b3e5d38156da6633b31929c5b220349859cc9ca3d33fb4e68aa0840174,03230dae6b4ac93480aeab26d000841298e3b8f6157028e47b0897c1e025165de1,035abff4281ff00660f99ab27bb53e6b33689c2cd8dcd364bc3c90ca5aea0d71a6,03bd45cddfacf2083b14310ae4a84e25de61e451637346325222747b157446614c,03cc297026b06c71cbfa52089149157b5ff23de027ac5ab781800a578192d17546,03d3bde5d63bdb3a6379b461be64dad45eabff42f758543a9645afd42f6d424828,03ed1e8d5109c9ed66f7941bc53cc71137baa76d50d274bda8d5e8ffbd6e61fe9a),and_v(v:older(4032),multi(2,03aab896d53a8e7d6433137bbba940f9c521e085dd07e60994579b64a6d992cf79,0291b7d0b1b692f8f524516ed950872e5da10fb1b808b5a526dedc6fed1cf29807,0386aa9372fbab374593466bc5451dc59954e90787f08060964d95c87ef34ca5bb))))#7jwwklk4",
	} {
		b, _ := hex.DecodeString(script)
		if got := InferWitnessScript(b, regtest); got != want {
			t.Errorf("InferWitnessScript(%.20s...) = %s\nwant %s", script, got, want)
		}
	}
}
