package descriptor

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"
)

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"raw(deadbeef)#89f8spxm",
		"pkh([deadbeef/1/2'/3/4']03a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd)",
		"sh(wsh(multi(1,03a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd,0260b2003c386519fc9eadf2b5cf124dd8eea4c4e68d5e154050a9346ea98ce600)))",
		"tr(a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd,{pk(669b8afcec803a0d323e9a17f3ea8e68e8abe5a278020a929adbec52421adbd0),multi_a(1,a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd)})",
		"wpkh(xpub68Gmy5EdvgibQVfPdqkBBCHxA5htiqg55crXYuXoQRKfDBFA1WEjWgP6LHhwBZeNK1VTsfTFUHCdrfp1bgwQ9xv5ski8PX9rL2dZXvgGDnw/<0;1>/*)",
		"combo(L4rK1yDtCWekvXuE6oXD9jCYfFNV2cWRpVuPLBcCU2z8TrisoyY1)",
		"addr(bc1qyt3k8ffrj3apzrv6n6c3fqsduxp6egcnk2r66j)",
		"tr(musig(xpub6ERApfZwUNrhLCkDtcHTcxd75RbzS1ed54G1LkBUHQVHQKqhMkhgbmJbZRkrgZw4koxb5JaHWkY4ALHY2grBGRjaDMzQLcgJvLJuZZvRcEL,xpub68NZiKmJWnxxS6aaHmn81bvJeTESw724CRDs6HbuccFQN9Ku14VQrADWgqbhhTHBaohPX4CjNLf9fq9MYo6oDaPPLPxSb7gwQN3ih19Zm4Y)/<0;1>/*)",
		"wsh(andor(pk(03a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd),older(144),thresh(1,pkh(0260b2003c386519fc9eadf2b5cf124dd8eea4c4e68d5e154050a9346ea98ce600),a:hash160(1234567890123456789012345678901234567890))))",
		"tr(a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd,{and_v(v:multi_a(1,669b8afcec803a0d323e9a17f3ea8e68e8abe5a278020a929adbec52421adbd0),after(500000001)),or_d(pk(669b8afcec803a0d323e9a17f3ea8e68e8abe5a278020a929adbec52421adbd0),sha256(1234567890123456789012345678901234567890123456789012345678901234))})",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s, mainnet, false)
		if err != nil {
			return
		}
		for _, alt := range d.Multipath() {
			str := alt.String()
			again, err := Parse(str, mainnet, true)
			if err != nil {
				t.Fatalf("String() %q of %q does not parse: %v", str, s, err)
			}
			if again.String() != str {
				t.Fatalf("String() not stable: %q -> %q", str, again.String())
			}
			outs, err := alt.Expand(1)
			if err != nil {
				continue
			}
			outs2, err := again.Expand(1)
			if err != nil || len(outs) != len(outs2) {
				t.Fatalf("reparsed %q expands differently: %v", str, err)
			}
			for i := range outs {
				if !bytes.Equal(outs[i].Script, outs2[i].Script) {
					t.Fatalf("reparsed %q gives another script", str)
				}
			}
			if priv, err := alt.PrivateString(); err == nil {
				if _, err := Parse(priv, mainnet, true); err != nil {
					t.Fatalf("PrivateString %q does not parse: %v", priv, err)
				}
			}
		}
	})
}

func FuzzInfer(f *testing.F) {
	f.Add([]byte{0x51, 0x02, 0x4e, 0x73})
	f.Add([]byte{0x00, 0x14, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
	f.Add([]byte{0x6a, 0x01, 0x01})
	f.Fuzz(func(t *testing.T, script []byte) {
		desc := Infer(script, mainnet)
		d, err := Parse(desc, mainnet, true)
		if err != nil {
			return // pk()/multi() of an off-curve key, as in Core
		}
		outs, err := d.Expand(0)
		if err != nil || len(outs) != 1 || !bytes.Equal(outs[0].Script, script) {
			t.Fatalf("Infer(%x) = %s does not give the script back", script, desc)
		}
	})
}

// FuzzInferWitnessScript decodes arbitrary witness scripts as miniscript;
// a wsh() result that parses must give the same script back.
func FuzzInferWitnessScript(f *testing.F) {
	for _, h := range []string{
		"82012088a914ffffffffffffffffffffffffffffffffffffffff88210250929b74c1a04954b78b4b6035e97a5e078a5a0f28ec96d547bfee9ace803ac0ad51b2",
		"210250929b74c1a04954b78b4b6035e97a5e078a5a0f28ec96d547bfee9ace803ac0ac",
		"5121020e0338c96a8870479f2396c373cc7696ba124e8635d41b0ea581112b6781726151ae",
	} {
		b, _ := hex.DecodeString(h)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, script []byte) {
		desc := InferWitnessScript(script, mainnet)
		if !strings.HasPrefix(desc, "wsh(") {
			return
		}
		d, err := Parse(desc, mainnet, true)
		if err != nil {
			// As in Core, inference accepts off-curve keys and unsatisfiable
			// sane miniscript (e.g. "0") that parsing rejects.
			return
		}
		outs, err := d.Expand(0)
		if err != nil || !bytes.Equal(outs[0].WitnessScript, script) {
			t.Fatalf("InferWitnessScript(%x) = %s gives another script", script, desc)
		}
	})
}
