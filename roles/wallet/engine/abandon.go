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

// abandonFrom marks txid and its in-wallet descendants abandoned, but
// not those conflicted or abandoned already. The caller holds w.mu.
func (w *Wallet) abandonFrom(b *store.Batch, txid chainhash.Hash) error {
	return w.updateDescendants(b, txid, func(t *walletTx) bool {
		if t.state == stateConflicted || t.state == stateAbandoned {
			return false
		}
		t.state = stateAbandoned
		return true
	})
}

// markConflicted marks txid and its in-wallet descendants conflicted by a
// block at height when that makes them deeper in conflict than they are
// (Core's MarkConflicted); connectBlock calls it for the wallet
// transactions a block's transaction double-spends. The caller holds
// w.mu.
func (w *Wallet) markConflicted(b *store.Batch, txid, block chainhash.Hash, height int32) error {
	if height < 0 {
		return nil
	}
	// The block being connected is the tip even before w.synced moves
	// (Core updates its last processed block first).
	conflictDepth := -(max(w.synced.Height, height) - height + 1)
	return w.updateDescendants(b, txid, func(t *walletTx) bool {
		if conflictDepth >= w.depth(t) {
			return false
		}
		t.state, t.blockHash, t.blockHeight = stateConflicted, block, height
		return true
	})
}

// updateDescendants applies update to txid and every wallet transaction
// spending its outputs, recursively (Core's RecursiveUpdateTxState),
// writing those it changed. The caller holds w.mu.
func (w *Wallet) updateDescendants(b *store.Batch, txid chainhash.Hash, update func(*walletTx) bool) error {
	seen := map[chainhash.Hash]bool{txid: true}
	queue := []chainhash.Hash{txid}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		t, ok := w.txs[id]
		if !ok {
			continue
		}
		if update(t) {
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
