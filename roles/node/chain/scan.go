package chain

import (
	"context"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

// UTXO is an unspent output found by ScanUTXOs.
type UTXO struct {
	OutPoint  wire.OutPoint
	PkScript  []byte
	Amount    int64
	Coinbase  bool
	Height    int32
	BlockHash chainhash.Hash
}

// ScanResult is the outcome of ScanUTXOs (Core's scantxoutset).
type ScanResult struct {
	TxOuts  int64 // size of the UTXO set scanned
	Height  int32
	Tip     chainhash.Hash
	Unspent []UTXO // in block order
}

// ScanUTXOs finds the unspent outputs whose script satisfies match. btcd
// has no cursor over its UTXO set, so this reads the main chain's blocks
// and confirms each candidate with btcd's UTXO view: exact, and quick for
// regtest-sized chains. progress, when set, receives the share done (0-1).
func (c *Chain) ScanUTXOs(ctx context.Context, match func(script []byte) bool, progress func(float64)) (ScanResult, error) {
	tip := c.bc.BestSnapshot()
	res := ScanResult{Height: tip.Height, Tip: tip.Hash}
	// The genesis block's outputs are not spendable and not in the set.
	for h := int32(1); h <= tip.Height; h++ {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		if progress != nil {
			progress(float64(h) / float64(tip.Height+1))
		}
		blk, err := c.bc.BlockByHeight(h)
		if err != nil {
			return res, err
		}
		for i, tx := range blk.Transactions() {
			if i > 0 {
				res.TxOuts -= int64(len(tx.MsgTx().TxIn))
			}
			for n, out := range tx.MsgTx().TxOut {
				// Core keeps every output but provably unspendable ones.
				if (len(out.PkScript) > 0 && out.PkScript[0] == txscript.OP_RETURN) || len(out.PkScript) > txscript.MaxScriptSize {
					continue
				}
				res.TxOuts++
				if !match(out.PkScript) {
					continue
				}
				op := wire.OutPoint{Hash: *tx.Hash(), Index: uint32(n)}
				entry, err := c.bc.FetchUtxoEntry(op)
				if err != nil {
					return res, err
				}
				if entry == nil || entry.IsSpent() {
					continue
				}
				res.Unspent = append(res.Unspent, UTXO{
					OutPoint: op, PkScript: out.PkScript, Amount: out.Value,
					Coinbase: i == 0, Height: h, BlockHash: *blk.Hash(),
				})
			}
		}
	}
	return res, nil
}
