package mempool

import (
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

// Spender returns the pool transaction spending op, nil if none (Core's
// CTxMemPool::isSpent).
func (p *Pool) Spender(op wire.OutPoint) *btcutil.Tx { return p.tx.CheckSpend(op) }

// Output returns output op of a pool transaction, if the pool holds it.
func (p *Pool) Output(op wire.OutPoint) (*wire.TxOut, bool) {
	tx, err := p.tx.FetchTransaction(&op.Hash)
	if err != nil || int(op.Index) >= len(tx.MsgTx().TxOut) {
		return nil, false
	}
	return tx.MsgTx().TxOut[op.Index], true
}
