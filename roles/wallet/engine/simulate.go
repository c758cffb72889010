package engine

import (
	"context"
	"errors"
	"fmt"

	"github.com/btcsuite/btcd/wire/v2"
)

// Errors of simulaterawtransaction, with Core's texts.
var (
	ErrDoubleSpendInSimulation = errors.New("Transaction(s) are spending the same output more than once")
	ErrInputsMissing           = errors.New("One or more transaction inputs are missing or have been spent already")
)

// SimulateBalanceChange is Core's simulaterawtransaction: how the
// wallet's balance would change if txs were signed and broadcast in
// order. Inputs spend either an output of an earlier tx of txs or an
// unspent coin the node knows; the wallet loses its own coins spent and
// gains its outputs.
func (w *Wallet) SimulateBalanceChange(ctx context.Context, txs []*wire.MsgTx) (int64, error) {
	var change int64
	created := map[wire.OutPoint]int64{}
	spent := map[wire.OutPoint]bool{}
	for _, tx := range txs {
		var lookup []wire.OutPoint
		for _, in := range tx.TxIn {
			if _, ok := created[in.PreviousOutPoint]; !ok {
				lookup = append(lookup, in.PreviousOutPoint)
			}
		}
		coins, err := w.chain.FindCoins(ctx, lookup)
		if err != nil {
			return 0, fmt.Errorf("find coins: %w", err)
		}
		found := map[wire.OutPoint]bool{}
		for i, c := range coins {
			if i < len(lookup) && c.Found {
				found[lookup[i]] = true
			}
		}
		w.mu.Lock()
		for _, in := range tx.TxIn {
			op := in.PreviousOutPoint
			if spent[op] {
				w.mu.Unlock()
				return 0, ErrDoubleSpendInSimulation
			}
			if v, ok := created[op]; ok {
				change -= v
				delete(created, op)
			} else {
				if !found[op] {
					w.mu.Unlock()
					return 0, ErrInputsMissing
				}
				if o, ok := w.prevOut(op); ok {
					if _, mine := w.isMine(o.PkScript); mine {
						change -= o.Value
					}
				}
			}
			spent[op] = true
		}
		txid := tx.TxHash()
		for i, o := range tx.TxOut {
			var v int64
			if _, mine := w.isMine(o.PkScript); mine {
				v = o.Value
			}
			created[wire.OutPoint{Hash: txid, Index: uint32(i)}] = v
			change += v
		}
		w.mu.Unlock()
	}
	return change, nil
}
