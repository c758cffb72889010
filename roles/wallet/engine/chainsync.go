package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/interfaces"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/store"
)

// notifications is the wallet's interfaces.ChainNotifications: the node's
// events, in order, keep the wallet current.
type notifications struct {
	w   *Wallet
	log func(format string, args ...any)
}

// now asks the node's clock (mock time included), falling back to the
// local clock if the node does not answer quickly.
func (w *Wallet) now() int64 {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if t, err := w.chain.Now(ctx); err == nil {
		return t.Unix()
	}
	return time.Now().Unix()
}

func (n notifications) TransactionAddedToMempool(tx *wire.MsgTx, _ uint64) {
	// Most mempool transactions are not the wallet's: skip them before
	// asking the node's clock (an IPC round trip in bitcoin-node).
	n.w.mu.Lock()
	_, known := n.w.txs[tx.TxHash()]
	relevant := known || n.w.relevant(tx)
	n.w.mu.Unlock()
	if !relevant {
		return
	}
	now := n.w.now()
	n.w.mu.Lock()
	defer n.w.mu.Unlock()
	n.apply(func(b *store.Batch) error {
		_, err := n.w.addTx(b, tx, stateMempool, nil, now)
		return err
	})
}

func (n notifications) TransactionRemovedFromMempool(tx *wire.MsgTx, reason string, _ uint64) {
	if reason == "block" {
		return // BlockConnected confirms it
	}
	n.w.mu.Lock()
	defer n.w.mu.Unlock()
	t, ok := n.w.txs[tx.TxHash()]
	if !ok || t.state != stateMempool {
		return
	}
	n.apply(func(b *store.Batch) error {
		t.state = stateInactive
		return n.w.writeTx(b, t)
	})
}

func (n notifications) BlockConnected(block *wire.MsgBlock, height int32) {
	now := n.w.now()
	n.w.mu.Lock()
	defer n.w.mu.Unlock()
	n.apply(func(b *store.Batch) error {
		if err := n.w.connectBlock(b, block, height, now); err != nil {
			return err
		}
		n.w.synced = interfaces.Tip{Height: height, Hash: block.BlockHash()}
		return n.w.writeBestBlock(b)
	})
}

func (n notifications) BlockDisconnected(block *wire.MsgBlock, height int32) {
	n.w.mu.Lock()
	defer n.w.mu.Unlock()
	hash := block.BlockHash()
	n.apply(func(b *store.Batch) error {
		for _, t := range n.w.txs {
			if (t.state == stateConfirmed || t.state == stateConflicted) && t.blockHash == hash {
				t.state = stateInactive
				if err := n.w.writeTx(b, t); err != nil {
					return err
				}
			}
		}
		n.w.synced = interfaces.Tip{Height: height - 1, Hash: block.Header.PrevBlock}
		return n.w.writeBestBlock(b)
	})
}

func (n notifications) UpdatedBlockTip() {}

// apply runs fn in a database transaction; the caller holds w.mu. A
// failed write is logged: the next rescan from the stored best block
// recovers it.
func (n notifications) apply(fn func(*store.Batch) error) {
	if err := n.w.update(fn); err != nil && n.log != nil {
		n.log("wallet %q: %v", n.w.name, err)
	}
}

// connectBlock records the block's wallet transactions as confirmed and
// marks wallet transactions that conflict with them.
func (w *Wallet) connectBlock(b *store.Batch, block *wire.MsgBlock, height int32, now int64) error {
	hash := block.BlockHash()
	for i, tx := range block.Transactions {
		pos := &blockPos{hash: hash, height: height, index: int32(i), time: block.Header.Timestamp.Unix()}
		if _, err := w.addTx(b, tx, stateConfirmed, pos, now); err != nil {
			return err
		}
		if isCoinbase(tx) {
			continue
		}
		txid := tx.TxHash()
		for _, in := range tx.TxIn {
			for _, other := range w.spentBy[in.PreviousOutPoint] {
				if other == txid {
					continue
				}
				if t := w.txs[other]; t != nil && t.state != stateConfirmed {
					// Core's MarkConflicted: the descendants too.
					if err := w.markConflicted(b, other, hash, height); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

// BlockUntilSynced waits until the wallet has processed the node's tip
// (Core's BlockUntilSyncedToCurrentChain).
func (w *Wallet) BlockUntilSynced(ctx context.Context) error {
	w.mu.Lock()
	last := w.synced.Hash
	w.mu.Unlock()
	// One call, as Core: the node answers at once when its tip is still
	// the wallet's last processed block.
	return w.chain.WaitForNotificationsIfTipChanged(ctx, last)
}

// Rescan reads the active chain's blocks from start to stop (inclusive;
// -1: the tip) and records the wallet transactions in them. It returns the
// last block scanned.
func (w *Wallet) Rescan(ctx context.Context, start, stop int32) (interfaces.Tip, error) {
	tip, err := w.chain.Tip(ctx)
	if err != nil {
		return interfaces.Tip{}, err
	}
	if stop < 0 || stop > tip.Height {
		stop = tip.Height
	}
	last := interfaces.Tip{Height: -1}
	now := w.now()
	for h := start; h <= stop; h++ {
		if err := ctx.Err(); err != nil {
			return last, fmt.Errorf("rescan aborted: %w", err)
		}
		hash, ok, err := w.chain.BlockHash(ctx, h)
		if err != nil {
			return last, err
		}
		if !ok {
			break
		}
		fb, ok, err := w.chain.FindBlock(ctx, hash, true)
		if err != nil {
			return last, err
		}
		if !ok || fb.Block == nil {
			return last, fmt.Errorf("rescan: block %s at height %d not available", hash, h)
		}
		w.mu.Lock()
		err = w.update(func(b *store.Batch) error { return w.connectBlock(b, fb.Block, h, now) })
		w.mu.Unlock()
		if err != nil {
			return last, err
		}
		last = interfaces.Tip{Height: h, Hash: hash}
		w.noteScanned(h)
	}
	return last, nil
}

// attach registers for notifications, then catches up from the stored
// best block to the tip (Core's AttachChain).
func (w *Wallet) attach(ctx context.Context, bestBlock *chainhash.Hash, log func(string, ...any)) error {
	h, err := w.chain.HandleNotifications(ctx, notifications{w: w, log: log})
	if err != nil {
		return fmt.Errorf("register for chain notifications: %w", err)
	}
	w.mu.Lock()
	w.handler = h
	w.mu.Unlock()
	start := int32(0)
	if bestBlock != nil {
		if fb, ok, err := w.chain.FindBlock(ctx, *bestBlock, false); err == nil && ok && fb.InActiveChain {
			start = fb.Height + 1
		}
	}
	if start == 0 && w.birth > 0 {
		if fb, ok, err := w.chain.FindFirstBlockWithTimeAndHeight(ctx, w.birth-timestampWindow, 0); err == nil && ok {
			start = fb.Height
		} else if err == nil && !ok {
			start = -1 // every block is older than the wallet
		}
	}
	tip, err := w.chain.Tip(ctx)
	if err != nil {
		return err
	}
	if start >= 0 && start <= tip.Height {
		if _, err := w.Rescan(ctx, start, tip.Height); err != nil {
			return err
		}
	}
	// Transactions already in the mempool (Core's
	// requestMempoolTransactions).
	if l, ok := w.chain.(interfaces.MempoolLister); ok {
		txs, err := l.MempoolTransactions(ctx)
		if err != nil {
			return fmt.Errorf("read the mempool: %w", err)
		}
		n := notifications{w: w, log: log}
		for _, tx := range txs {
			n.TransactionAddedToMempool(tx, 0)
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.synced.Height < tip.Height {
		w.synced = tip
	}
	return w.update(w.writeBestBlock)
}
