package chain

import (
	"context"
	"testing"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/sign"
)

// Core enforces P2SH and segwit for every regtest block, whatever its
// time; btcd (unpatched) only after 2012-04-01, and then refuses witness
// spends outright (witness without BIP16 is an invalid flag set). Core's
// test framework mines at 2011 mock times, so this must hold.
func TestWitnessSpendInOldTimestampBlock(t *testing.T) {
	c := openRegtest(t, t.TempDir(), &Clock{})
	defer c.Close()
	c.Clock.SetMock(1296688602 + 1000) // regtest genesis time + a little: 2011
	priv, _ := btcec.PrivKeyFromBytes(append(make([]byte, 31), 0x05))
	pkh := address.Hash160(priv.PubKey().SerializeCompressed())
	wpkh, err := txscript.NewScriptBuilder().AddOp(txscript.OP_0).AddData(pkh).Script()
	if err != nil {
		t.Fatal(err)
	}
	hashes, err := c.Generate(context.Background(), 101, wpkh, 1<<32)
	if err != nil {
		t.Fatal(err)
	}
	first, err := c.BlockByHash(&hashes[0])
	if err != nil {
		t.Fatal(err)
	}
	cb := first.MsgBlock().Transactions[0]
	spend := func(withWitness bool) *wire.MsgTx {
		tx := wire.NewMsgTx(2)
		tx.AddTxIn(&wire.TxIn{PreviousOutPoint: wire.OutPoint{Hash: cb.TxHash(), Index: 0}, Sequence: wire.MaxTxInSequenceNum})
		tx.AddTxOut(wire.NewTxOut(cb.TxOut[0].Value-10_000, opTrue(t)))
		if withWitness {
			f := &sign.Flat{}
			f.AddKey(priv, true)
			prev := map[wire.OutPoint]sign.Prevout{tx.TxIn[0].PreviousOutPoint: {Script: wpkh, Value: cb.TxOut[0].Value}}
			if ok, errs, err := sign.SignTx(tx, prev, f, "ALL"); err != nil || !ok {
				t.Fatalf("sign: %v %v", errs, err)
			}
		}
		return tx
	}
	// Without a witness the spend breaks the segwit rules: the block is invalid.
	if _, err := c.GenerateBlock(opTrue(t), []*wire.MsgTx{spend(false)}, true); err == nil {
		t.Fatal("a block spending a P2WPKH output without a witness was accepted")
	}
	// A correctly signed witness spend is valid in a 2011-dated block.
	if _, err := c.GenerateBlock(opTrue(t), []*wire.MsgTx{spend(true)}, true); err != nil {
		t.Fatalf("valid witness spend in an old-timestamp block: %v", err)
	}
}
