package mempool

import (
	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/node/notify"
)

// removeForReorg takes out what a disconnection left invalid for the next
// block, with descendants (reason reorg), as Core's removeForReorg: pool
// transactions that are no longer final, spend an output that no longer
// exists or a coinbase output not mature at the next block's height, or
// (all inputs confirmed) whose sequence locks no longer hold. p.ev.mu is
// held.
func (p *Pool) removeForReorg() {
	var stale []*btcutil.Tx
	for _, d := range p.tx.TxDescs() {
		if p.staleAfterReorg(d.Tx) {
			stale = append(stale, d.Tx)
		}
	}
	if len(stale) == 0 {
		return
	}
	var atRisk []wire.OutPoint
	for _, tx := range stale {
		atRisk = append(atRisk, spent(tx)...)
	}
	_ = p.removing(notify.ReasonReorg, atRisk, func() error {
		for _, tx := range stale {
			p.tx.RemoveTransaction(tx, true)
		}
		return nil
	})
}

// staleAfterReorg reports whether tx no longer fits the next block.
func (p *Pool) staleAfterReorg(tx *btcutil.Tx) bool {
	tip := p.chain.Tip()
	next := tip.Height + 1
	if !blockchain.IsFinalizedTransaction(tx, next, tip.MedianTime) {
		return true
	}
	maturity := int32(p.chain.Params.CoinbaseMaturity)
	confirmed := true
	for _, in := range tx.MsgTx().TxIn {
		op := in.PreviousOutPoint
		if p.tx.IsTransactionInPool(&op.Hash) {
			confirmed = false
			continue
		}
		coin, err := p.chain.UTXO(op)
		if err != nil {
			return false // not known to be stale
		}
		if coin == nil || coin.Coinbase && next-coin.Height < maturity {
			return true
		}
	}
	if !confirmed {
		return false
	}
	bc := p.chain.BlockChain()
	view, err := bc.FetchUtxoView(tx)
	if err != nil {
		return false
	}
	lock, err := bc.CalcSequenceLock(tx, view, true)
	if err != nil {
		return false
	}
	return !blockchain.SequenceLockActive(lock, next, tip.MedianTime)
}
