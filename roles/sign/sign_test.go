package sign

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"testing"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcec/v2/schnorr"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

func key(t testing.TB, n byte) *btcec.PrivateKey {
	t.Helper()
	var b [32]byte
	b[31] = n
	b[0] = 0x11
	k, _ := btcec.PrivKeyFromBytes(b[:])
	return k
}

func script(t testing.TB, ops ...any) []byte {
	t.Helper()
	b := txscript.NewScriptBuilder()
	for _, o := range ops {
		switch v := o.(type) {
		case byte:
			b.AddOp(v)
		case int:
			b.AddInt64(int64(v))
		case []byte:
			b.AddData(v)
		}
	}
	s, err := b.Script()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func p2sh(t testing.TB, s []byte) []byte {
	return script(t, byte(txscript.OP_HASH160), address.Hash160(s), byte(txscript.OP_EQUAL))
}

func p2wsh(t testing.TB, s []byte) []byte {
	h := sha256.Sum256(s)
	return script(t, byte(txscript.OP_0), h[:])
}

func p2wpkh(t testing.TB, pub []byte) []byte {
	return script(t, byte(txscript.OP_0), address.Hash160(pub))
}

func p2pkh(t testing.TB, pub []byte) []byte {
	return script(t, byte(txscript.OP_DUP), byte(txscript.OP_HASH160), address.Hash160(pub), byte(txscript.OP_EQUALVERIFY), byte(txscript.OP_CHECKSIG))
}

func p2tr(t testing.TB, x []byte) []byte { return script(t, byte(txscript.OP_1), x) }

func multisig(t testing.TB, m int, pubs ...[]byte) []byte {
	ops := []any{m}
	for _, p := range pubs {
		ops = append(ops, p)
	}
	return script(t, append(ops, len(pubs), byte(txscript.OP_CHECKMULTISIG))...)
}

// spend builds a transaction spending one output per script.
func spend(scripts ...[]byte) (*wire.MsgTx, map[wire.OutPoint]Prevout) {
	tx := wire.NewMsgTx(2)
	prev := map[wire.OutPoint]Prevout{}
	for i, s := range scripts {
		op := wire.OutPoint{Hash: chainhash.DoubleHashH([]byte{byte(i)}), Index: uint32(i)}
		tx.AddTxIn(wire.NewTxIn(&op, nil, nil))
		prev[op] = Prevout{Script: s, Value: int64(100000 * (i + 1))}
	}
	tx.AddTxOut(wire.NewTxOut(1000, []byte{txscript.OP_TRUE}))
	return tx, prev
}

func mustVerify(t *testing.T, tx *wire.MsgTx, prev map[wire.OutPoint]Prevout) {
	t.Helper()
	for i := range tx.TxIn {
		if err := VerifyInput(tx, i, prev); err != nil {
			t.Fatalf("input %d: %v", i, err)
		}
	}
}

func TestSignTxTypes(t *testing.T) {
	k1, k2, k3 := key(t, 1), key(t, 2), key(t, 3)
	c1, c2, c3 := k1.PubKey().SerializeCompressed(), k2.PubKey().SerializeCompressed(), k3.PubKey().SerializeCompressed()
	u1 := k1.PubKey().SerializeUncompressed()
	ms := multisig(t, 2, c1, c2, c3)
	pkLeaf := script(t, schnorr.SerializePubKey(k2.PubKey()), byte(txscript.OP_CHECKSIG))

	var f Flat
	f.AddKey(k1, true)
	f.AddKey(k1, false)
	f.AddKey(k2, true)
	f.AddKey(k3, true)
	f.AddScript(ms)
	f.AddScript(p2wpkh(t, c1))
	f.AddScript(p2wsh(t, ms))
	bip86, info86, err := TaprootTree(k1.PubKey())
	if err != nil {
		t.Fatal(err)
	}
	f.AddTaproot(bip86, info86)
	// Script path: the internal key is unknown, the leaf key is known.
	nums := key(t, 99).PubKey()
	tree, infoTree, err := TaprootTree(nums, txscript.NewBaseTapLeaf(pkLeaf), txscript.NewBaseTapLeaf([]byte{txscript.OP_TRUE}))
	if err != nil {
		t.Fatal(err)
	}
	f.AddTaproot(tree, infoTree)

	cases := map[string][]byte{
		"p2pk":               script(t, c1, byte(txscript.OP_CHECKSIG)),
		"p2pk-uncompressed":  script(t, u1, byte(txscript.OP_CHECKSIG)),
		"p2pkh":              p2pkh(t, c1),
		"p2pkh-uncompressed": p2pkh(t, u1),
		"p2wpkh":             p2wpkh(t, c1),
		"p2sh-p2wpkh":        p2sh(t, p2wpkh(t, c1)),
		"bare-multisig":      ms,
		"p2sh-multisig":      p2sh(t, ms),
		"p2wsh-multisig":     p2wsh(t, ms),
		"p2sh-p2wsh":         p2sh(t, p2wsh(t, ms)),
		"p2tr-bip86":         p2tr(t, bip86),
		"p2tr-raw":           p2tr(t, schnorr.SerializePubKey(k3.PubKey())),
		"p2tr-script":        p2tr(t, tree),
		"p2a":                txscript.PayToAnchorScript,
	}
	for _, ht := range []string{"", "ALL", "NONE", "SINGLE", "ALL|ANYONECANPAY", "NONE|ANYONECANPAY", "SINGLE|ANYONECANPAY", "DEFAULT"} {
		for name, pk := range cases {
			t.Run(name+"/"+ht, func(t *testing.T) {
				tx, prev := spend(pk)
				complete, errs, err := SignTx(tx, prev, &f, ht)
				if err != nil || !complete || len(errs) != 0 {
					t.Fatalf("complete=%v errs=%v err=%v", complete, errs, err)
				}
				mustVerify(t, tx, prev)
				if ht == "NONE" && name == "p2tr-bip86" && len(tx.TxIn[0].Witness[0]) != 65 {
					t.Fatalf("taproot sig with sighash byte expected")
				}
				if ht == "" && name == "p2tr-bip86" && len(tx.TxIn[0].Witness[0]) != 64 {
					t.Fatalf("default taproot sig must be 64 bytes")
				}
			})
		}
	}
}

func TestSignTxAllInputsAndErrors(t *testing.T) {
	k1, k2 := key(t, 1), key(t, 2)
	c1, c2 := k1.PubKey().SerializeCompressed(), k2.PubKey().SerializeCompressed()
	var f Flat
	f.AddKey(k1, true)
	tx, prev := spend(p2pkh(t, c1), p2pkh(t, c2), p2wpkh(t, c1), p2wpkh(t, c2))
	missing := wire.OutPoint{Index: 7}
	tx.AddTxIn(wire.NewTxIn(&missing, nil, nil))
	complete, errs, err := SignTx(tx, prev, &f, "ALL")
	if err != nil || complete {
		t.Fatalf("complete=%v err=%v", complete, err)
	}
	want := []InputError{
		{1, "Unable to sign input, invalid stack size (possibly missing key)"},
		{3, "Witness program hash mismatch"},
		{4, ErrInputNotFound},
	}
	if fmt.Sprint(errs) != fmt.Sprint(want) {
		t.Fatalf("errs = %v, want %v", errs, want)
	}
	for _, i := range []int{0, 2} {
		if err := VerifyInput(tx, i, prev); err != nil {
			t.Fatalf("input %d: %v", i, err)
		}
	}
	if _, _, err := SignTx(tx, prev, &f, "all"); err == nil || err.Error() != "'all' is not a valid sighash parameter." {
		t.Fatalf("bad sighash: %v", err)
	}
}

func TestSignTxMissingAmount(t *testing.T) {
	k1 := key(t, 1)
	var f Flat
	f.AddKey(k1, true)
	tx, prev := spend(p2wpkh(t, k1.PubKey().SerializeCompressed()))
	for op, p := range prev {
		p.Value = MaxMoney
		prev[op] = p
	}
	_, errs, _ := SignTx(tx, prev, &f, "")
	if len(errs) != 1 || errs[0].Error != ErrMissingAmount {
		t.Fatalf("errs = %v", errs)
	}
}

// TestPartialMultisig signs a 2-of-3 in two rounds with one key each, as
// two signrawtransactionwithkey calls would, and checks the merge.
func TestPartialMultisig(t *testing.T) {
	k1, k2, k3 := key(t, 1), key(t, 2), key(t, 3)
	ms := multisig(t, 2, k1.PubKey().SerializeCompressed(), k2.PubKey().SerializeCompressed(), k3.PubKey().SerializeCompressed())
	for name, pk := range map[string][]byte{"p2sh": p2sh(t, ms), "p2wsh": p2wsh(t, ms), "p2sh-p2wsh": p2sh(t, p2wsh(t, ms))} {
		t.Run(name, func(t *testing.T) {
			tx, prev := spend(pk)
			var a, b Flat
			for _, f := range []*Flat{&a, &b} {
				f.AddScript(ms)
				f.AddScript(p2wsh(t, ms))
			}
			a.AddKey(k3, true)
			b.AddKey(k1, true)
			complete, errs, _ := SignTx(tx, prev, &a, "")
			if complete || len(errs) != 1 || errs[0].Error != errNeedMoreSigs {
				t.Fatalf("first round: complete=%v errs=%v", complete, errs)
			}
			complete, errs, _ = SignTx(tx, prev, &b, "")
			if !complete || len(errs) != 0 {
				t.Fatalf("second round: complete=%v errs=%v", complete, errs)
			}
			mustVerify(t, tx, prev)
			// Signing again with no keys keeps the complete input.
			before := tx.Copy()
			if complete, _, _ := SignTx(tx, prev, &Flat{}, ""); !complete {
				t.Fatal("re-sign lost completeness")
			}
			var x, y bytes.Buffer
			_ = before.Serialize(&x)
			_ = tx.Serialize(&y)
			if !bytes.Equal(x.Bytes(), y.Bytes()) {
				t.Fatal("re-sign changed a complete input")
			}
		})
	}
}

func TestMultiALeaf(t *testing.T) {
	k1, k2, k3 := key(t, 1), key(t, 2), key(t, 3)
	leaf := script(t, schnorr.SerializePubKey(k1.PubKey()), byte(txscript.OP_CHECKSIG),
		schnorr.SerializePubKey(k2.PubKey()), byte(txscript.OP_CHECKSIGADD),
		schnorr.SerializePubKey(k3.PubKey()), byte(txscript.OP_CHECKSIGADD), 2, byte(txscript.OP_NUMEQUAL))
	out, info, err := TaprootTree(key(t, 50).PubKey(), txscript.NewBaseTapLeaf(leaf))
	if err != nil {
		t.Fatal(err)
	}
	var f Flat
	f.AddTaproot(out, info)
	f.AddKey(k3, true)
	tx, prev := spend(p2tr(t, out))
	if complete, _, _ := SignTx(tx, prev, &f, ""); complete {
		t.Fatal("one of two keys completed a 2-of-3")
	}
	f.AddKey(k1, true)
	if complete, errs, _ := SignTx(tx, prev, &f, ""); !complete {
		t.Fatalf("errs = %v", errs)
	}
	mustVerify(t, tx, prev)
	if w := tx.TxIn[0].Witness; len(w) != 5 || len(w[1]) != 0 {
		t.Fatalf("witness %x", w)
	}
}

func TestTaprootNeedsAllPrevouts(t *testing.T) {
	k1 := key(t, 1)
	var f Flat
	f.AddKey(k1, true)
	tx, prev := spend(p2tr(t, schnorr.SerializePubKey(k1.PubKey())))
	missing := wire.OutPoint{Index: 9}
	tx.AddTxIn(wire.NewTxIn(&missing, nil, nil))
	_, errs, _ := SignTx(tx, prev, &f, "")
	if len(errs) != 2 || errs[0].Error != "Witness program was passed an empty witness" {
		t.Fatalf("errs = %v", errs)
	}
}

func TestSingleWithoutOutput(t *testing.T) {
	k1 := key(t, 1)
	var f Flat
	f.AddKey(k1, true)
	pk := p2pkh(t, k1.PubKey().SerializeCompressed())
	tx, prev := spend(pk, pk)
	_, errs, _ := SignTx(tx, prev, &f, "SINGLE")
	if len(errs) != 1 || errs[0].Index != 1 {
		t.Fatalf("errs = %v", errs)
	}
}

func TestInputVSize(t *testing.T) {
	k1, k2 := key(t, 1), key(t, 2)
	c1, c2 := k1.PubKey().SerializeCompressed(), k2.PubKey().SerializeCompressed()
	var f Flat
	f.AddKey(k1, true)
	ms := multisig(t, 1, c1, c2)
	f.AddScript(ms)
	f.AddScript(p2wpkh(t, c1))
	f.AddScript(p2wsh(t, ms))
	for _, c := range []struct {
		name string
		pk   []byte
		want int
		ok   bool
	}{
		{"p2pkh", p2pkh(t, c1), 149, true},
		{"p2wpkh", p2wpkh(t, c1), 68, true},
		{"p2sh-p2wpkh", p2sh(t, p2wpkh(t, c1)), 91, true},
		{"p2tr", p2tr(t, schnorr.SerializePubKey(k2.PubKey())), 58, true},
		{"p2pk", script(t, c1, byte(txscript.OP_CHECKSIG)), 115, true},
		{"p2sh-multisig", p2sh(t, ms), 188, true},
		{"p2wsh-multisig", p2wsh(t, ms), 78, true},
		{"unknown-p2pkh", p2pkh(t, c2), 0, false},
		{"unknown-p2sh", p2sh(t, []byte{1}), 0, false},
		{"op_return", []byte{txscript.OP_RETURN}, 0, false},
	} {
		got, ok := InputVSize(c.pk, &f)
		if got != c.want || ok != c.ok {
			t.Errorf("%s: got %d,%v want %d,%v", c.name, got, ok, c.want, c.ok)
		}
	}
}

func TestParseSigHashType(t *testing.T) {
	for s, want := range map[string]txscript.SigHashType{"": 0, "DEFAULT": 0, "ALL": 1, "NONE": 2, "SINGLE": 3, "ALL|ANYONECANPAY": 0x81, "NONE|ANYONECANPAY": 0x82, "SINGLE|ANYONECANPAY": 0x83} {
		if got, err := ParseSigHashType(s); err != nil || got != want {
			t.Errorf("%q: %v %v", s, got, err)
		}
	}
	for _, s := range []string{"all", "ANYONECANPAY", "ALL|NONE", " ALL"} {
		if _, err := ParseSigHashType(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
}

func TestDummySigner(t *testing.T) {
	k1, k2 := key(t, 1), key(t, 2)
	ms := multisig(t, 2, k1.PubKey().SerializeCompressed(), k2.PubKey().SerializeCompressed())
	tx, prev := spend(p2wsh(t, ms), p2tr(t, schnorr.SerializePubKey(k1.PubKey())))
	var f Flat
	f.AddScript(ms)
	signers := NewSigners(tx, prev, txscript.SigHashDefault)
	for i, s := range signers {
		s.Dummy = true
		var sd SigData
		if !s.Produce(&f, prev[tx.TxIn[i].PreviousOutPoint].Script, &sd) {
			t.Fatalf("input %d: dummy signing incomplete", i)
		}
		switch i {
		case 0:
			if len(sd.Witness) != 4 || len(sd.Witness[1]) != 71 || len(sd.Witness[2]) != 71 {
				t.Fatalf("multisig dummy witness %x", sd.Witness)
			}
		case 1:
			if len(sd.Witness) != 1 || len(sd.Witness[0]) != 64 {
				t.Fatalf("taproot dummy witness %x", sd.Witness)
			}
		}
	}
	if _, err := ecdsaParse(dummyECDSA()); err != nil {
		t.Fatalf("dummy signature is not DER: %v", err)
	}
}
