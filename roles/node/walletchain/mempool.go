package walletchain

import (
	"context"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

// MempoolTransactions lists the mempool with parents before children.
func (c *Chain) MempoolTransactions(context.Context) ([]*wire.MsgTx, error) {
	if c.Pool == nil {
		return nil, nil
	}
	byID := map[chainhash.Hash]*wire.MsgTx{}
	var order []chainhash.Hash
	for _, d := range c.Pool.Descs() {
		byID[*d.Tx.Hash()] = d.Tx.MsgTx()
		order = append(order, *d.Tx.Hash())
	}
	done := map[chainhash.Hash]bool{}
	var out []*wire.MsgTx
	var visit func(id chainhash.Hash)
	visit = func(id chainhash.Hash) {
		if done[id] {
			return
		}
		done[id] = true
		for _, in := range byID[id].TxIn {
			if _, ok := byID[in.PreviousOutPoint.Hash]; ok {
				visit(in.PreviousOutPoint.Hash)
			}
		}
		out = append(out, byID[id])
	}
	for _, id := range order {
		visit(id)
	}
	return out, nil
}
