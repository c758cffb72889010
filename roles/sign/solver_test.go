package sign

import (
	"testing"

	"github.com/btcsuite/btcd/txscript/v2"
)

func TestSolve(t *testing.T) {
	k := key(t, 1).PubKey().SerializeCompressed()
	for _, c := range []struct {
		name string
		s    []byte
		want scriptType
	}{
		{"multi", multisig(t, 1, k, k), typeMultisig},
		{"multi-m>n", script(t, 3, k, k, 2, byte(txscript.OP_CHECKMULTISIG)), typeNonStandard},
		{"multi-badkey", script(t, 1, k[:32], 1, byte(txscript.OP_CHECKMULTISIG)), typeNonStandard},
		{"multi-trailing", append(multisig(t, 1, k), txscript.OP_NOP), typeNonStandard},
		{"pk", script(t, k, byte(txscript.OP_CHECKSIG)), typePubKey},
		{"pk-badprefix", script(t, append([]byte{5}, k[1:]...), byte(txscript.OP_CHECKSIG)), typeNonStandard},
		{"nulldata", []byte{txscript.OP_RETURN, 1, 2}, typeNullData},
		{"witness-unknown", script(t, byte(txscript.OP_2), make([]byte, 32)), typeWitnessUnknown},
		{"anchor", txscript.PayToAnchorScript, typeAnchor},
		{"empty", nil, typeNonStandard},
	} {
		if got := solve(c.s).typ; got != c.want {
			t.Errorf("%s: got %d want %d", c.name, got, c.want)
		}
	}
}

func TestMatchTapLeaf(t *testing.T) {
	x := make([]byte, 32)
	keys, k, ok := matchTapLeaf(script(t, x, byte(txscript.OP_CHECKSIG), x, byte(txscript.OP_CHECKSIGADD), 2, byte(txscript.OP_NUMEQUAL)))
	if !ok || k != 2 || len(keys) != 2 {
		t.Fatalf("multi_a: %v %d %v", ok, k, len(keys))
	}
	if _, _, ok := matchTapLeaf(script(t, x, byte(txscript.OP_CHECKSIG), 3, byte(txscript.OP_NUMEQUAL))); ok {
		t.Fatal("threshold above key count accepted")
	}
	if _, _, ok := matchTapLeaf(script(t, x, byte(txscript.OP_CHECKSIGADD), 1, byte(txscript.OP_NUMEQUAL))); ok {
		t.Fatal("leading CHECKSIGADD accepted")
	}
}

// FuzzSolve feeds arbitrary scripts to the script decoders.
func FuzzSolve(f *testing.F) {
	f.Add([]byte{txscript.OP_1, 33})
	f.Add(multisig(f, 1, key(f, 1).PubKey().SerializeCompressed()))
	f.Add([]byte{0x4c, 0xff})
	f.Fuzz(func(t *testing.T, s []byte) {
		sol := solve(s)
		if sol.typ == typeMultisig && (sol.required < 1 || sol.required > len(sol.keys)) {
			t.Fatalf("bad multisig %d of %d", sol.required, len(sol.keys))
		}
		if sol.typ == typeMultisig || sol.typ == typePubKey {
			for _, k := range append(sol.keys, sol.data) {
				if k != nil && !validPubKeySize(k) {
					t.Fatalf("bad key %x", k)
				}
			}
		}
		for _, item := range pushStack(s) {
			if len(item) > len(s) {
				t.Fatal("push longer than script")
			}
		}
		if keys, k, ok := matchTapLeaf(s); ok && (k < 1 || k > len(keys)) {
			t.Fatalf("bad threshold %d of %d", k, len(keys))
		}
	})
}

func TestMultisigUpTo20(t *testing.T) {
	k := key(t, 1).PubKey().SerializeCompressed()
	keys := make([][]byte, 20)
	for i := range keys {
		keys[i] = k
	}
	sol := solve(multisig(t, 16, keys...))
	if sol.typ != typeMultisig || sol.required != 16 || len(sol.keys) != 20 {
		t.Fatalf("16-of-20: %+v", sol.typ)
	}
	if solve(multisig(t, 17, append(keys, k)...)).typ != typeNonStandard {
		t.Fatal("21 keys accepted")
	}
	// A non-minimal push of the count is not a multisig.
	s := append([]byte{1, 1, 33}, k...)
	s = append(s, txscript.OP_1, txscript.OP_CHECKMULTISIG)
	if solve(s).typ != typeNonStandard {
		t.Fatal("non-minimal m accepted")
	}
}

func TestScriptNumber(t *testing.T) {
	for _, c := range []struct {
		op   byte
		data []byte
		n    int
		ok   bool
	}{
		{txscript.OP_0, nil, 0, true},
		{txscript.OP_16, nil, 16, true},
		{1, []byte{17}, 17, true},
		{1, []byte{16}, 0, false},
		{2, []byte{0x80, 0}, 128, true},
		{2, []byte{0x7f, 0}, 0, false},
		{1, []byte{0x81}, 0, false},
		{txscript.OP_PUSHDATA1, []byte{20}, 0, false},
	} {
		n, ok := scriptNumber(c.op, c.data)
		if n != c.n || ok != c.ok {
			t.Errorf("%x %x: %d %v", c.op, c.data, n, ok)
		}
	}
}

// FuzzSignTx signs an input with arbitrary prevout script, scriptSig and
// witness, as signrawtransactionwithkey may be asked to: no panics, and a
// complete result verifies.
func FuzzSignTx(f *testing.F) {
	k := key(f, 1)
	pub := k.PubKey().SerializeCompressed()
	f.Add(p2pkh(f, pub), []byte{}, []byte{}, int64(1000))
	f.Add(p2wpkh(f, pub), []byte{1, 2}, []byte{3}, int64(MaxMoney))
	f.Add(multisig(f, 1, pub, pub), []byte{0}, []byte{}, int64(5))
	f.Fuzz(func(t *testing.T, pkScript, scriptSig, wit []byte, value int64) {
		var prov Flat
		prov.AddKey(k, true)
		prov.AddScript(pkScript)
		tx, prev := spend(pkScript)
		for op, p := range prev {
			p.Value = value
			prev[op] = p
		}
		tx.TxIn[0].SignatureScript = scriptSig
		if len(wit) > 0 {
			tx.TxIn[0].Witness = [][]byte{wit, scriptSig}
		}
		complete, errs, err := SignTx(tx, prev, &prov, "")
		if err != nil {
			t.Fatal(err)
		}
		if complete != (len(errs) == 0) {
			t.Fatalf("complete=%v with errors %v", complete, errs)
		}
		if complete {
			if err := VerifyInput(tx, 0, prev); err != nil {
				t.Fatalf("complete input does not verify: %v", err)
			}
		}
	})
}
