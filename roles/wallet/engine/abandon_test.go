package engine

import (
	"errors"
	"testing"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/wallet/store"
)

func TestAbandonTransaction(t *testing.T) {
	w := testWallet(t)
	a := newAddr(t, w, "bech32", "")
	parent := payTx(nil, 1, wire.NewTxOut(100_000_000, script(t, w, a)))
	record(t, w, parent, stateConfirmed, 105)
	spend := payTx(&wire.OutPoint{Hash: parent.TxHash()}, 0, wire.NewTxOut(99_000_000, script(t, w, a)))
	record(t, w, spend, stateInactive, -1)
	child := payTx(&wire.OutPoint{Hash: spend.TxHash()}, 0, wire.NewTxOut(98_000_000, script(t, w, a)))
	record(t, w, child, stateMempool, -1)

	if err := w.AbandonTransaction(chainhash.Hash{9}); !errors.Is(err, ErrUnknownTx) {
		t.Errorf("unknown tx: %v", err)
	}
	if err := w.AbandonTransaction(parent.TxHash()); !errors.Is(err, ErrNotAbandonable) {
		t.Errorf("confirmed tx: %v", err)
	}
	if err := w.AbandonTransaction(child.TxHash()); !errors.Is(err, ErrNotAbandonable) {
		t.Errorf("mempool tx: %v", err)
	}
	if got := w.Balances(0).Trusted; got != 0 {
		t.Fatalf("balance before abandoning = %d", got)
	}
	// The child leaves the mempool; abandoning the spend marks both.
	w.txs[child.TxHash()].state = stateInactive
	if err := w.AbandonTransaction(spend.TxHash()); err != nil {
		t.Fatal(err)
	}
	for _, tx := range []*wire.MsgTx{spend, child} {
		if v, _ := w.Transaction(tx.TxHash()); !v.Abandoned {
			t.Errorf("%s not abandoned", tx.TxHash())
		}
	}
	if got := w.Balances(0).Trusted; got != 100_000_000 {
		t.Errorf("the abandoned spend's input is not spendable again: balance %d", got)
	}
	// Abandoning again is allowed and changes nothing.
	if err := w.AbandonTransaction(spend.TxHash()); err != nil {
		t.Errorf("abandon twice: %v", err)
	}
	// The state is in the database.
	c, err := w.db.Load()
	if err != nil {
		t.Fatal(err)
	}
	abandoned := 0
	for _, r := range c.Txs {
		if r.State.Kind == store.TxAbandoned {
			abandoned++
		}
	}
	if abandoned != 2 {
		t.Errorf("%d abandoned records, want 2", abandoned)
	}
}

func TestMarkConflictedDescendants(t *testing.T) {
	w := testWallet(t)
	a := newAddr(t, w, "bech32", "")
	funding := payTx(nil, 1, wire.NewTxOut(100_000_000, script(t, w, a)))
	record(t, w, funding, stateConfirmed, 100)
	spend := payTx(&wire.OutPoint{Hash: funding.TxHash()}, 0, wire.NewTxOut(99_000_000, script(t, w, a)))
	record(t, w, spend, stateMempool, -1)
	child := payTx(&wire.OutPoint{Hash: spend.TxHash()}, 0, wire.NewTxOut(98_000_000, script(t, w, a)))
	record(t, w, child, stateMempool, -1)
	w.mu.Lock()
	err := w.update(func(b *store.Batch) error { return w.markConflicted(b, spend.TxHash(), chainhash.Hash{7}, 109) })
	w.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	for _, tx := range []*wire.MsgTx{spend, child} {
		if v, _ := w.Transaction(tx.TxHash()); v.Depth != -2 {
			t.Errorf("%s depth %d, want -2", tx.TxHash(), v.Depth)
		}
	}
	if v, _ := w.Transaction(funding.TxHash()); v.Depth != 11 {
		t.Errorf("the funding tx changed: depth %d", v.Depth)
	}
	// A deeper conflict is not replaced by a shallower one.
	w.mu.Lock()
	err = w.update(func(b *store.Batch) error { return w.markConflicted(b, spend.TxHash(), chainhash.Hash{8}, 110) })
	w.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := w.Transaction(child.TxHash()); v.Depth != -2 {
		t.Errorf("child depth %d after a shallower conflict, want -2", v.Depth)
	}
}
