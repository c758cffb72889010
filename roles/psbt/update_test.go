package psbt

import (
	"crypto/sha256"
	"testing"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/sign"
)

func TestUpdateOutput(t *testing.T) {
	k1, k2 := testKey(1), testKey(2)
	ws := append(append([]byte{33}, k1.PubKey().SerializeCompressed()...), txscript.OP_CHECKSIG)
	wsh := sha256.Sum256(ws)
	leaf := append(append([]byte{32}, k2.PubKey().SerializeCompressed()[1:]...), txscript.OP_CHECKSIG)
	trKey, trInfo, err := sign.TaprootTree(k1.PubKey(), txscript.NewBaseTapLeaf(leaf), txscript.NewBaseTapLeaf([]byte{txscript.OP_TRUE}))
	if err != nil {
		t.Fatal(err)
	}
	tx := wire.NewMsgTx(2)
	tx.AddTxIn(wire.NewTxIn(&wire.OutPoint{Hash: chainhash.Hash{1}}, nil, nil))
	tx.AddTxOut(wire.NewTxOut(1000, append([]byte{txscript.OP_0, 32}, wsh[:]...)))
	tx.AddTxOut(wire.NewTxOut(1000, append([]byte{txscript.OP_1, 32}, trKey...)))
	p, _ := New(tx)
	var f sign.Flat
	f.AddKey(k1, true)
	f.AddScript(ws)
	f.AddTaproot(trKey, trInfo)
	origin := sign.KeyOrigin{Fingerprint: [4]byte{9, 9, 9, 9}, Path: []uint32{7}}
	f.AddOrigin(k1.PubKey().SerializeCompressed(), origin)
	f.AddOrigin(k2.PubKey().SerializeCompressed()[1:], origin)
	p.UpdateOutput(&f, 0)
	p.UpdateOutput(&f, 1)
	o0, o1 := p.Outputs[0], p.Outputs[1]
	if string(o0.WitnessScript) != string(ws) || len(o0.Bip32) != 1 {
		t.Fatalf("output 0: %+v", o0)
	}
	if string(o1.TapInternalKey) != string(trInfo.InternalKey) || len(o1.TapTree) != 2 || o1.TapTree[0].Depth != 1 {
		t.Fatalf("output 1: %+v", o1)
	}
	// The internal key (key path, no leaves) and the leaf key.
	if len(o1.TapBip32) != 2 || len(o1.TapBip32[0].LeafHashes)+len(o1.TapBip32[1].LeafHashes) != 1 {
		t.Fatalf("output 1 taproot derivations: %+v", o1.TapBip32)
	}
	// The updated PSBT encodes and decodes (the tree is complete).
	enc, err := p.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Decode(enc); err != nil {
		t.Fatal(err)
	}
	if p.CountUnsigned() != 1 {
		t.Fatal("count unsigned")
	}
}

func TestRemoveUnnecessaryTransactions(t *testing.T) {
	prev := wire.NewMsgTx(2)
	prev.AddTxIn(wire.NewTxIn(&wire.OutPoint{}, nil, nil))
	tr := append([]byte{txscript.OP_1, 32}, make([]byte, 32)...)
	prev.AddTxOut(wire.NewTxOut(1, tr))
	tx := wire.NewMsgTx(2)
	tx.AddTxIn(wire.NewTxIn(&wire.OutPoint{Hash: prev.TxHash()}, nil, nil))
	p, _ := New(tx)
	p.Inputs[0].NonWitnessUtxo = prev
	p.Inputs[0].WitnessUtxo = prev.TxOut[0]
	acp := uint32(0x81)
	p.Inputs[0].SighashType = &acp
	p.RemoveUnnecessaryTransactions()
	if p.Inputs[0].NonWitnessUtxo == nil {
		t.Fatal("dropped with ANYONECANPAY")
	}
	p.Inputs[0].SighashType = nil
	p.RemoveUnnecessaryTransactions()
	if p.Inputs[0].NonWitnessUtxo != nil {
		t.Fatal("kept for a taproot-only transaction")
	}
}
