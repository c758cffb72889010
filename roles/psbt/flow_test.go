package psbt

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/sign"
)

func testKey(n byte) *btcec.PrivateKey {
	var b [32]byte
	b[0], b[31] = 0x22, n
	k, _ := btcec.PrivKeyFromBytes(b[:])
	return k
}

// TestSignCombineFinalize runs the roles over P2WPKH, P2WSH 2-of-2,
// P2PKH (non-witness UTXO) and P2TR key path inputs: two signers, a
// combiner, the finalizer and the extractor; the extracted transaction
// is checked with the script engine.
func TestSignCombineFinalize(t *testing.T) {
	k1, k2, k3 := testKey(1), testKey(2), testKey(3)
	c1, c2 := k1.PubKey().SerializeCompressed(), k2.PubKey().SerializeCompressed()
	ms := append(append(append(append([]byte{txscript.OP_2, 33}, c1...), 33), c2...), txscript.OP_2, txscript.OP_CHECKMULTISIG)
	wsh := sha256.Sum256(ms)
	trKey, trInfo, err := sign.TaprootTree(k3.PubKey())
	if err != nil {
		t.Fatal(err)
	}
	scripts := [][]byte{
		append([]byte{txscript.OP_0, 20}, address.Hash160(c1)...),
		append([]byte{txscript.OP_0, 32}, wsh[:]...),
		append(append([]byte{txscript.OP_DUP, txscript.OP_HASH160, 20}, address.Hash160(c2)...), txscript.OP_EQUALVERIFY, txscript.OP_CHECKSIG),
		append([]byte{txscript.OP_1, 32}, trKey...),
	}
	prevTx := wire.NewMsgTx(2)
	prevTx.AddTxIn(wire.NewTxIn(&wire.OutPoint{Hash: chainhash.Hash{7}}, nil, nil))
	for _, s := range scripts {
		prevTx.AddTxOut(wire.NewTxOut(50000, s))
	}
	tx := wire.NewMsgTx(2)
	for i := range scripts {
		tx.AddTxIn(wire.NewTxIn(&wire.OutPoint{Hash: prevTx.TxHash(), Index: uint32(i)}, nil, nil))
	}
	tx.AddTxOut(wire.NewTxOut(150000, []byte{txscript.OP_TRUE}))
	base, err := New(tx)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range scripts {
		if i == 2 {
			base.Inputs[i].NonWitnessUtxo = prevTx
		} else {
			base.Inputs[i].WitnessUtxo = wire.NewTxOut(50000, s)
		}
	}
	base.Inputs[3].TapInternalKey = trInfo.InternalKey

	var a, b sign.Flat
	origin := sign.KeyOrigin{Fingerprint: [4]byte{1, 2, 3, 4}, Path: []uint32{0x80000054, 1}}
	a.AddOrigin(c1, origin)
	a.AddOrigin(trInfo.InternalKey, origin)
	a.AddKey(k1, true)
	a.AddKey(k3, true)
	a.AddScript(ms)
	b.AddKey(k2, true)
	b.AddScript(ms)
	pa, _ := base.Clone()
	pb, _ := base.Clone()
	if done, err := pa.Sign(&a, nil, true, false); err != nil || done {
		t.Fatalf("signer a: %v %v", done, err)
	}
	if done, err := pb.Sign(&b, nil, true, false); err != nil || done {
		t.Fatalf("signer b: %v %v", done, err)
	}
	if len(pa.Inputs[1].PartialSigs) != 1 || len(pa.Inputs[3].TapKeySig) != 64 || pa.Inputs[1].WitnessScript == nil {
		t.Fatalf("signer a left %+v", pa.Inputs[1])
	}
	if d := pa.Inputs[0].Bip32; len(d) != 1 || d[0].Origin.Fingerprint != origin.Fingerprint {
		t.Fatalf("bip32 derivations %+v", d)
	}
	if d := pa.Inputs[3].TapBip32; len(d) != 1 || len(d[0].LeafHashes) != 0 || d[0].Origin.Path[1] != 1 {
		t.Fatalf("taproot derivations %+v", d)
	}
	if _, err := pa.Extract(); !errors.Is(err, ErrIncomplete) {
		t.Fatalf("extract of a partial PSBT: %v", err)
	}
	// Round trip through the encoding before combining.
	enc, _ := pb.Encode()
	pb, err = Decode(enc)
	if err != nil {
		t.Fatal(err)
	}
	all, err := Combine([]*Packet{pa, pb})
	if err != nil {
		t.Fatal(err)
	}
	final, err := all.Extract()
	if err != nil {
		t.Fatal(err)
	}
	prev := map[wire.OutPoint]sign.Prevout{}
	for i, s := range scripts {
		prev[wire.OutPoint{Hash: prevTx.TxHash(), Index: uint32(i)}] = sign.Prevout{Script: s, Value: 50000}
	}
	for i := range final.TxIn {
		if err := sign.VerifyInput(final, i, prev); err != nil {
			t.Fatalf("input %d: %v", i, err)
		}
	}
	// Finalized inputs drop their signing fields when encoded.
	enc, _ = all.Encode()
	again, _ := Decode(enc)
	if len(again.Inputs[1].PartialSigs) != 0 || again.Inputs[1].FinalScriptWitness == nil {
		t.Fatal("finalized input kept partial signatures")
	}
	other := wire.NewMsgTx(1)
	other.AddTxIn(wire.NewTxIn(&wire.OutPoint{}, nil, nil))
	po, _ := New(other)
	if _, err := Combine([]*Packet{pa, po}); !errors.Is(err, ErrNotCompatible) {
		t.Fatalf("combine different txs: %v", err)
	}
}

func TestSighashMismatch(t *testing.T) {
	k := testKey(1)
	spk := append([]byte{txscript.OP_0, 20}, address.Hash160(k.PubKey().SerializeCompressed())...)
	tx := wire.NewMsgTx(2)
	tx.AddTxIn(wire.NewTxIn(&wire.OutPoint{Hash: chainhash.Hash{1}}, nil, nil))
	tx.AddTxOut(wire.NewTxOut(1, []byte{txscript.OP_TRUE}))
	p, _ := New(tx)
	p.Inputs[0].WitnessUtxo = wire.NewTxOut(1000, spk)
	single := uint32(txscript.SigHashSingle)
	p.Inputs[0].SighashType = &single
	var f sign.Flat
	f.AddKey(k, true)
	if _, err := p.Sign(&f, nil, true, true); !errors.Is(err, ErrSighashMismatch) {
		t.Fatalf("got %v", err)
	}
	ht := txscript.SigHashSingle
	if done, err := p.Sign(&f, &ht, true, true); err != nil || !done {
		t.Fatalf("matching sighash: %v %v", done, err)
	}
	w := p.Inputs[0].FinalScriptWitness
	if sig := w[0]; sig[len(sig)-1] != byte(txscript.SigHashSingle) {
		t.Fatalf("sighash byte %x", sig[len(sig)-1])
	}
}

func TestVersion2(t *testing.T) {
	h := chainhash.Hash{3}
	idx, seq, height := uint32(1), uint32(0xfffffffd), uint32(100)
	amt := int64(5000)
	fallback := uint32(7)
	p := &Packet{Version: 2, TxVersion: 2, FallbackLocktime: &fallback,
		Inputs:  []Input{{PreviousTxid: &h, OutputIndex: &idx, Sequence: &seq, RequiredHeightLocktime: &height}},
		Outputs: []Output{{Amount: &amt, Script: []byte{txscript.OP_TRUE}}},
	}
	enc, err := p.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Decode(enc); err == nil || err.Error() != "Unsupported version number" {
		t.Fatalf("Core mode: %v", err)
	}
	q, err := DecodeAny(enc)
	if err != nil {
		t.Fatal(err)
	}
	tx := q.UnsignedTx
	if tx.Version != 2 || tx.LockTime != 100 || tx.TxIn[0].PreviousOutPoint.Hash != h || tx.TxIn[0].Sequence != seq || tx.TxOut[0].Value != amt {
		t.Fatalf("v2 tx %+v", tx)
	}
	enc2, _ := q.Encode()
	if string(enc) != string(enc2) {
		t.Fatal("v2 encoding not stable")
	}
	// A v2 PSBT without its output amount is refused.
	p.Outputs[0].Amount = nil
	enc, _ = p.Encode()
	if _, err := DecodeAny(enc); err == nil {
		t.Fatal("missing amount accepted")
	}
	// Version 1 is unknown.
	p.Version = 1
	enc, _ = p.Encode()
	if _, err := DecodeAny(enc); err == nil || err.Error() != "Unsupported version number" {
		t.Fatalf("version 1: %v", err)
	}
}

func TestCoreErrors(t *testing.T) {
	for _, c := range []struct {
		hex, want string
	}{
		{"70736274", "DataStream::read(): end of data"},
		{"70736274fe", "Invalid PSBT magic bytes"},
		{"70736274ff", "Separator is missing at the end of the global map"},
		{"70736274ff00", "No unsigned transaction was provided"},
	} {
		b, _ := hex.DecodeString(c.hex)
		if _, err := Decode(b); err == nil || err.Error() != c.want {
			t.Errorf("%s: %v, want %q", c.hex, err, c.want)
		}
	}
}
