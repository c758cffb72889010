package mempool

import (
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/node/notify"
)

// removeForReorg takes out what a disconnection left unspendable: pool
// transactions spending an output that no longer exists, or a coinbase
// output not mature at the next block's height, with their descendants
// (reason reorg), as Core's removeForReorg. Finality and sequence locks
// are not re-checked. p.ev.mu is held.
func (p *Pool) removeForReorg() {
	next := p.chain.Tip().Height + 1
	maturity := int32(p.chain.Params.CoinbaseMaturity)
	var stale []*btcutil.Tx
	for _, d := range p.tx.TxDescs() {
		for _, in := range d.Tx.MsgTx().TxIn {
			op := in.PreviousOutPoint
			if p.tx.IsTransactionInPool(&op.Hash) {
				continue
			}
			coin, err := p.chain.UTXO(op)
			if err != nil {
				continue // not known to be stale
			}
			if coin == nil || coin.Coinbase && next-coin.Height < maturity {
				stale = append(stale, d.Tx)
				break
			}
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
