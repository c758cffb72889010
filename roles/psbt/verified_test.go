package psbt

import (
	"bytes"
	"encoding/hex"
	"testing"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

// An input spending OP_TRUE needs no final fields: as Core's
// PSBTInputSignedAndVerified, an empty scriptSig that satisfies the
// output makes it final, and the extracted transaction spends it with
// nothing (rpc_psbt.py's "PSBT inputs are being checked via script
// execution").
func TestEmptySatisfactionIsFinal(t *testing.T) {
	var dd chainhash.Hash
	for i := range dd {
		dd[i] = 0xdd
	}
	tx := wire.NewMsgTx(2)
	tx.AddTxIn(&wire.TxIn{PreviousOutPoint: wire.OutPoint{Hash: dd}, Sequence: 0})
	tx.AddTxOut(wire.NewTxOut(0, nil))
	p, err := New(tx)
	if err != nil {
		t.Fatal(err)
	}
	p.Inputs[0].WitnessUtxo = wire.NewTxOut(0, []byte{0x51})
	a := Analyze(p)
	if !a.Inputs[0].IsFinal || a.Next != RoleExtractor {
		t.Fatalf("analysis %+v", a)
	}
	final, err := p.Extract()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := final.Serialize(&b); err != nil {
		t.Fatal(err)
	}
	want := "0200000001" + hex.EncodeToString(dd[:]) + "0000000000000000000100000000000000000000000000"
	if got := hex.EncodeToString(b.Bytes()); got != want {
		t.Fatalf("extracted %s", got)
	}
	// A signature-needing output without final fields is not final.
	p.Inputs[0].WitnessUtxo = wire.NewTxOut(0, append([]byte{0, 20}, make([]byte, 20)...))
	if p.Finalize() {
		t.Fatal("P2WPKH without a signature finalized")
	}
}
