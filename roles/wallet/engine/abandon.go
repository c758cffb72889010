package engine

import (
	"errors"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/wallet/store"
)

// Errors of abandontransaction, with Core's texts.
var (
	ErrUnknownTx      = errors.New("Invalid or non-wallet transaction id")
	ErrNotAbandonable = errors.New("Transaction not eligible for abandonment")
)

// AbandonTransaction marks a transaction that is neither confirmed nor in
// the mempool, and every wallet transaction descending from it, abandoned
// so that their inputs can be spent again (Core's AbandonTransaction).
// Conflicted and already abandoned descendants are left as they are.
func (w *Wallet) AbandonTransaction(txid chainhash.Hash) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	t, ok := w.txs[txid]
	if !ok {
		return ErrUnknownTx
	}
	if w.depth(t) != 0 || t.state == stateMempool {
		return ErrNotAbandonable
	}
	return w.update(func(b *store.Batch) error {
		return w.abandonFrom(b, txid)
	})
}

// abandonFrom walks txid and its in-wallet descendants breadth first
// (Core's RecursiveUpdateTxState). The caller holds w.mu.
func (w *Wallet) abandonFrom(b *store.Batch, txid chainhash.Hash) error {
	seen := map[chainhash.Hash]bool{txid: true}
	queue := []chainhash.Hash{txid}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		t, ok := w.txs[id]
		if !ok {
			continue
		}
		if t.state != stateConflicted && t.state != stateAbandoned {
			t.state = stateAbandoned
			if err := w.writeTx(b, t); err != nil {
				return err
			}
		}
		for i := range t.tx.TxOut {
			for _, child := range w.spentBy[wire.OutPoint{Hash: id, Index: uint32(i)}] {
				if !seen[child] {
					seen[child] = true
					queue = append(queue, child)
				}
			}
		}
	}
	return nil
}
