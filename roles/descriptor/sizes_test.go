package descriptor

import "testing"

func TestSatisfactionSizes(t *testing.T) {
	const a = "03a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd"
	const b = "0260b2003c386519fc9eadf2b5cf124dd8eea4c4e68d5e154050a9346ea98ce600"
	const c = "02df12b7035bdac8e3bab862a3a83d06ea6b17b6753d52edecba9be46f5d09e076"
	cases := []struct {
		desc          string
		size          int64
		weight, elems int64 // with 72-byte signatures
	}{
		{"wpkh(" + a + ")", 22, 1 + 72 + 1 + 33, 2},
		{"sh(wpkh(" + a + "))", 23, (1+22)*4 + 1 + 72 + 1 + 33, 3},
		{"pkh(" + a + ")", 25, (1 + 72 + 1 + 33) * 4, 2},
		{"tr(" + a + ")", 34, 66, 1},
		{"wsh(multi(2," + a + "," + b + "," + c + "))", 34, 1 + 105 + 1 + 2*73, 4},
		{"sh(multi(2," + a + "," + b + "," + c + "))", 23, (1+105)*4 + (1+2*73)*4, 4},
	}
	for _, tc := range cases {
		d, err := Parse(tc.desc, mainnet, false)
		if err != nil {
			t.Fatal(err)
		}
		size, _ := d.ScriptSize()
		w, okW := d.MaxSatisfactionWeight(true)
		e, okE := d.MaxSatisfactionElems()
		if size != tc.size || !okW || w != tc.weight || !okE || e != tc.elems {
			t.Errorf("%s: size %d weight %d,%v elems %d,%v; want %d %d %d", tc.desc, size, w, okW, e, okE, tc.size, tc.weight, tc.elems)
		}
		outs, _ := d.Expand(0)
		if int64(len(outs[0].Script)) != size {
			t.Errorf("%s: script is %d bytes", tc.desc, len(outs[0].Script))
		}
	}
	for _, s := range []string{"combo(" + a + ")", "raw(51)", "addr(bc1qyt3k8ffrj3apzrv6n6c3fqsduxp6egcnk2r66j)"} {
		d, _ := Parse(s, mainnet, false)
		if _, ok := d.MaxSatisfactionWeight(true); ok {
			t.Errorf("%s has a satisfaction weight", s)
		}
	}
}
