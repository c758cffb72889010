package psbt

import (
	"testing"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/sign"
)

func TestAnalyze(t *testing.T) {
	k := testKey(1)
	pub := k.PubKey().SerializeCompressed()
	spk := append([]byte{txscript.OP_0, 20}, address.Hash160(pub)...)
	tx := wire.NewMsgTx(2)
	tx.AddTxIn(wire.NewTxIn(&wire.OutPoint{Hash: chainhash.Hash{1}}, nil, nil))
	tx.AddTxOut(wire.NewTxOut(9000, []byte{txscript.OP_TRUE}))
	p, _ := New(tx)

	a := Analyze(p)
	if a.Next != RoleUpdater || a.Inputs[0].HasUTXO || a.Fee != nil {
		t.Fatalf("no utxo: %+v", a)
	}
	p.Inputs[0].WitnessUtxo = wire.NewTxOut(10000, spk)
	a = Analyze(p)
	// The public key is unknown until an updater adds it.
	if a.Next != RoleUpdater || len(a.Inputs[0].MissingPubKeys) != 1 || a.Fee == nil || *a.Fee != 1000 || a.EstimatedVSize != nil {
		t.Fatalf("unknown key: %+v", a)
	}
	p.Inputs[0].Bip32 = []Bip32Derivation{{PubKey: pub, Origin: KeyOrigin{Fingerprint: [4]byte{1}}}}
	a = Analyze(p)
	if a.Next != RoleSigner || len(a.Inputs[0].MissingSigs) != 1 || a.EstimatedVSize == nil {
		t.Fatalf("needs signature: %+v", a)
	}
	// Stripped 61 bytes (version, counts, 41-byte input, 10-byte output,
	// locktime); with marker, flag and the witness (2 items: 71-byte dummy
	// signature and key) 170; weight 61*3+170 = 353.
	if *a.EstimatedVSize != 89 || *a.EstimatedFeeRate != 1000*1000/89 {
		t.Fatalf("estimate %d %d", *a.EstimatedVSize, *a.EstimatedFeeRate)
	}
	if p.Inputs[0].PartialSigs != nil {
		t.Fatal("Analyze changed the PSBT")
	}
	var f sign.Flat
	f.AddKey(k, true)
	if _, err := p.Sign(&f, nil, true, false); err != nil {
		t.Fatal(err)
	}
	if a = Analyze(p); a.Next != RoleFinalizer {
		t.Fatalf("signed: %+v", a)
	}
	p.Finalize()
	if a = Analyze(p); a.Next != RoleExtractor || !a.Inputs[0].IsFinal {
		t.Fatalf("final: %+v", a)
	}
	p.Inputs[0].WitnessUtxo = wire.NewTxOut(10000, []byte{txscript.OP_RETURN})
	p.Inputs[0].FinalScriptWitness = nil
	if a = Analyze(p); a.Error != "PSBT is not valid. Input 0 spends unspendable output" || a.Next != RoleCreator {
		t.Fatalf("unspendable: %+v", a)
	}
}
