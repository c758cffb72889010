package engine

import (
	"context"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

// ancestorBumpFee approximates Core's Chain::calculateCombinedBumpFee:
// what it costs to bring the unconfirmed parents of the spent outpoints up
// to rate, so that the new transaction's package pays rate. Each parent in
// the mempool whose own fee rate is below rate adds the difference; its
// fee comes from the node's view of what it spends. Deeper ancestors and
// shared ancestry are not modelled. The caller holds w.mu.
func (w *Wallet) ancestorBumpFee(ctx context.Context, spent []wire.OutPoint, rate int64) int64 {
	seen := map[chainhash.Hash]bool{}
	var total int64
	for _, op := range spent {
		if seen[op.Hash] {
			continue
		}
		seen[op.Hash] = true
		t, ok := w.txs[op.Hash]
		if !ok || t.state != stateMempool || isCoinbase(t.tx) {
			continue
		}
		ins := make([]wire.OutPoint, len(t.tx.TxIn))
		for i, in := range t.tx.TxIn {
			ins[i] = in.PreviousOutPoint
		}
		coins, err := w.chain.FindCoins(ctx, ins)
		if err != nil {
			continue
		}
		fee := int64(0)
		known := true
		for _, c := range coins {
			if !c.Found {
				known = false
				break
			}
			fee += c.Value
		}
		if !known {
			continue
		}
		for _, o := range t.tx.TxOut {
			fee -= o.Value
		}
		if need := feeFor(rate, txVSize(t.tx)); need > fee {
			total += need - fee
		}
	}
	return total
}
