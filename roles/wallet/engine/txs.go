package engine

import (
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/wallet/store"
)

// txState is where a wallet transaction stands (Core's TxState).
type txState int

const (
	stateInactive   txState = iota // neither confirmed nor in the mempool
	stateMempool                   // in the node's mempool
	stateConfirmed                 // in a block of the active chain
	stateConflicted                // a conflicting tx is confirmed
	stateAbandoned                 // abandoned by the user
)

// walletTx is a transaction that pays to or spends from the wallet.
type walletTx struct {
	tx           *wire.MsgTx
	txid         chainhash.Hash
	state        txState
	blockHash    chainhash.Hash // confirmed: the block; conflicted: the conflicting block
	blockHeight  int32
	blockIndex   int32
	blockTime    int64
	timeReceived int64
	fromMe       bool
	orderPos     int64
	comment      string
	commentTo    string
	replacedBy   *chainhash.Hash
	replaces     *chainhash.Hash
}

// isMine reports whether the wallet knows script.
func (w *Wallet) isMine(script []byte) (scriptRef, bool) {
	r, ok := w.scripts[string(script)]
	return r, ok
}

// prevOut returns an output of a wallet transaction.
func (w *Wallet) prevOut(op wire.OutPoint) (*wire.TxOut, bool) {
	t, ok := w.txs[op.Hash]
	if !ok || int(op.Index) >= len(t.tx.TxOut) {
		return nil, false
	}
	return t.tx.TxOut[op.Index], true
}

// debit is what tx spends from the wallet (Core's GetDebit).
func (w *Wallet) debit(tx *wire.MsgTx) int64 {
	var sum int64
	for _, in := range tx.TxIn {
		if o, ok := w.prevOut(in.PreviousOutPoint); ok {
			if _, mine := w.isMine(o.PkScript); mine {
				sum += o.Value
			}
		}
	}
	return sum
}

// credit is what tx pays to the wallet.
func (w *Wallet) credit(tx *wire.MsgTx) int64 {
	var sum int64
	for _, o := range tx.TxOut {
		if _, mine := w.isMine(o.PkScript); mine {
			sum += o.Value
		}
	}
	return sum
}

// relevant reports whether tx touches the wallet.
func (w *Wallet) relevant(tx *wire.MsgTx) bool {
	for _, o := range tx.TxOut {
		if _, ok := w.isMine(o.PkScript); ok {
			return true
		}
	}
	for _, in := range tx.TxIn {
		if o, ok := w.prevOut(in.PreviousOutPoint); ok {
			if _, mine := w.isMine(o.PkScript); mine {
				return true
			}
		}
	}
	return false
}

// addTx records tx in the given state (Core's AddToWalletIfInvolvingMe):
// an unknown tx is added only when it touches the wallet; used positions
// advance the descriptors. The caller holds w.mu; b receives the writes.
func (w *Wallet) addTx(b *store.Batch, tx *wire.MsgTx, state txState, blk *blockPos, now int64) (bool, error) {
	txid := tx.TxHash()
	t, known := w.txs[txid]
	if !known && !w.relevant(tx) {
		return false, nil
	}
	if !known {
		t = &walletTx{tx: tx, txid: txid, timeReceived: now, orderPos: w.orderPos}
		w.orderPos++
		t.fromMe = w.debit(tx) > 0
		w.txs[txid] = t
		for _, in := range tx.TxIn {
			if !isCoinbase(tx) {
				w.spentBy[in.PreviousOutPoint] = append(w.spentBy[in.PreviousOutPoint], txid)
				if w.locked[in.PreviousOutPoint] {
					// Core unlocks the coins a wallet transaction spends.
					delete(w.locked, in.PreviousOutPoint)
					if err := b.EraseLockedUTXO(in.PreviousOutPoint); err != nil {
						return false, err
					}
				}
			}
		}
	} else if len(tx.TxIn) > 0 && len(tx.TxIn[0].Witness) > 0 && len(t.tx.TxIn[0].Witness) == 0 {
		t.tx = tx // keep the witness version
	}
	if t.state == stateAbandoned && state == stateInactive {
		state = stateAbandoned
	}
	t.state = state
	if blk != nil {
		t.blockHash, t.blockHeight, t.blockIndex, t.blockTime = blk.hash, blk.height, blk.index, blk.time
	}
	if err := w.markScriptsUsed(b, tx); err != nil {
		return false, err
	}
	return true, w.writeTx(b, t)
}

// blockPos is where a transaction was confirmed.
type blockPos struct {
	hash   chainhash.Hash
	height int32
	index  int32
	time   int64
}

// markScriptsUsed advances descriptors past the positions tx pays to.
func (w *Wallet) markScriptsUsed(b *store.Batch, tx *wire.MsgTx) error {
	for _, o := range tx.TxOut {
		r, ok := w.isMine(o.PkScript)
		if !ok {
			continue
		}
		s := w.spkms[r.id]
		changed, err := w.markUsed(s, r.index)
		if err != nil {
			return err
		}
		if changed {
			if err := w.writeDescriptor(b, s); err != nil {
				return err
			}
		}
	}
	return nil
}

func isCoinbase(tx *wire.MsgTx) bool {
	return len(tx.TxIn) == 1 && tx.TxIn[0].PreviousOutPoint.Index == wire.MaxPrevOutIndex &&
		tx.TxIn[0].PreviousOutPoint.Hash == chainhash.Hash{}
}

// depth is Core's GetDepthInMainChain: confirmations, negative for
// conflicted transactions, 0 otherwise.
func (w *Wallet) depth(t *walletTx) int32 {
	switch t.state {
	case stateConfirmed:
		return w.synced.Height - t.blockHeight + 1
	case stateConflicted:
		return -(w.synced.Height - t.blockHeight + 1)
	}
	return 0
}

// immatureBlocks is how many more blocks a coinbase needs (0 otherwise).
func (w *Wallet) immatureBlocks(t *walletTx) int32 {
	if !isCoinbase(t.tx) {
		return 0
	}
	if n := coinbaseMaturity + 1 - w.depth(t); n > 0 {
		return n
	}
	return 0
}

// isSpent reports whether a non-conflicted, non-abandoned wallet tx spends op.
func (w *Wallet) isSpent(op wire.OutPoint) bool {
	for _, id := range w.spentBy[op] {
		if t, ok := w.txs[id]; ok && t.state != stateAbandoned && t.state != stateConflicted {
			if t.state == stateInactive && !t.fromMe {
				continue
			}
			return true
		}
	}
	return false
}

// trusted is Core's CachedTxIsTrusted.
func (w *Wallet) trusted(t *walletTx, seen map[chainhash.Hash]bool) bool {
	d := w.depth(t)
	if d >= 1 {
		return true
	}
	if d < 0 || t.state != stateMempool || !t.fromMe {
		return false
	}
	if seen == nil {
		seen = map[chainhash.Hash]bool{}
	}
	seen[t.txid] = true
	for _, in := range t.tx.TxIn {
		parent, ok := w.txs[in.PreviousOutPoint.Hash]
		if !ok {
			return false
		}
		o := parent.tx.TxOut[in.PreviousOutPoint.Index]
		if _, mine := w.isMine(o.PkScript); !mine {
			return false
		}
		if seen[parent.txid] {
			continue
		}
		if !w.trusted(parent, seen) {
			return false
		}
	}
	return true
}

// Balances are Core's getbalances "mine" amounts in satoshis.
type Balances struct {
	Trusted, UntrustedPending, Immature int64
}

// balances sums unspent outputs by trust (Core's GetBalance).
func (w *Wallet) balances(minDepth int32) Balances {
	var b Balances
	for _, t := range w.txs {
		d := w.depth(t)
		if d < 0 || t.state == stateAbandoned {
			continue
		}
		trusted := w.trusted(t, nil)
		immature := w.immatureBlocks(t) > 0
		for i, o := range t.tx.TxOut {
			if _, mine := w.isMine(o.PkScript); !mine {
				continue
			}
			if w.isSpent(wire.OutPoint{Hash: t.txid, Index: uint32(i)}) {
				continue
			}
			switch {
			case immature:
				b.Immature += o.Value
			case trusted && d >= minDepth:
				b.Trusted += o.Value
			case !trusted && t.state == stateMempool:
				b.UntrustedPending += o.Value
			}
		}
	}
	return b
}

// Balances returns the wallet's balances.
func (w *Wallet) Balances(minDepth int32) Balances {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.balances(minDepth)
}
