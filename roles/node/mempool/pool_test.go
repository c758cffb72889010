package mempool

import (
	"context"
	"crypto/sha256"
	"testing"

	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
)

// opTrue is the P2WSH output script of OP_TRUE: spendable with witness
// [OP_TRUE].
func opTrue() []byte {
	h := sha256.Sum256([]byte{0x51})
	return append([]byte{0x00, 0x20}, h[:]...)
}

func spendTx(prev chainhash.Hash, value, fee int64) *btcutil.Tx {
	tx := wire.NewMsgTx(2)
	tx.AddTxIn(wire.NewTxIn(wire.NewOutPoint(&prev, 0), nil, wire.TxWitness{{0x51}}))
	tx.AddTxOut(wire.NewTxOut(value-fee, opTrue()))
	return btcutil.NewTx(tx)
}

func TestAcceptSelectMine(t *testing.T) {
	p, _ := chain.Params("regtest")
	c, err := chain.Open(t.TempDir(), p, &chain.Clock{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	pool := New(c)
	hashes, err := c.Generate(context.Background(), 101, opTrue(), 1e6)
	if err != nil {
		t.Fatal(err)
	}
	blk, _ := c.BlockByHash(&hashes[0])
	parent := spendTx(*blk.Transactions()[0].Hash(), 50e8, 1000)
	child := spendTx(*parent.Hash(), 50e8-1000, 5000)
	if res, err := pool.Check(parent); err != nil || res.Fee != 1000 {
		t.Fatalf("check: %+v %v", res, err)
	}
	// The child alone has a missing input (its parent is not in yet).
	if _, err := pool.Submit(child); err == nil {
		t.Fatal("orphan accepted")
	} else if reason, code := RejectReason(err); code != -25 || reason != "bad-txns-inputs-missingorspent" {
		t.Fatalf("orphan: %s %d", reason, code)
	}
	for _, tx := range []*btcutil.Tx{parent, child} {
		if _, err := pool.Submit(tx); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := pool.Submit(parent); err == nil {
		t.Fatal("duplicate accepted")
	}
	// Selection puts the parent first although the child pays more.
	txs, fees := pool.Select(4000000)
	if len(txs) != 2 || txs[0].TxHash() != *parent.Hash() || fees != 6000 {
		t.Fatalf("select: %d txs, fees %d", len(txs), fees)
	}
	if _, err := c.Generate(context.Background(), 1, opTrue(), 1e6); err != nil {
		t.Fatal(err)
	}
	if n, _, _ := pool.Stats(); n != 0 {
		t.Fatalf("%d txs left after mining", n)
	}
	tip, _ := c.BlockByHash(&c.Tip().Hash)
	if len(tip.Transactions()) != 3 || tip.Transactions()[0].MsgTx().TxOut[0].Value != 50e8+6000 {
		t.Fatalf("mined block: %d txs, coinbase %d", len(tip.Transactions()), tip.Transactions()[0].MsgTx().TxOut[0].Value)
	}
}
