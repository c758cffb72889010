package miner

import (
	"context"
	"fmt"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/interfaces"
	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
)

// merkleRoot is the block's txid merkle root (Core's BlockMerkleRoot).
func merkleRoot(b *wire.MsgBlock) chainhash.Hash {
	txs := make([]*btcutil.Tx, len(b.Transactions))
	for i, tx := range b.Transactions {
		txs[i] = btcutil.NewTx(tx)
	}
	return blockchain.CalcMerkleRoot(txs, false)
}

// bip22 turns a chain reject reason into Core's reason and debug message
// for blk.
func bip22(reason string, blk *wire.MsgBlock) (string, string) {
	switch reason {
	case "bad-version":
		v := uint32(blk.Header.Version)
		return fmt.Sprintf("bad-version(0x%08x)", v), fmt.Sprintf("rejected nVersion=0x%08x block", v)
	case "high-hash":
		return reason, "proof of work failed"
	case "bad-txnmrklroot":
		return reason, "hashMerkleRoot mismatch"
	case "bad-diffbits":
		return reason, "incorrect proof of work"
	case "bad-cb-length":
		return reason, "coinbase script size"
	case "bad-witness-nonce-size":
		return reason, "CheckWitnessMalleation : invalid witness reserved value size"
	case "bad-witness-merkle-match":
		return reason, "CheckWitnessMalleation : witness merkle commitment mismatch"
	}
	return reason, ""
}

// CheckBlock is Core's TestBlockValidity on the tip: the block must build
// on the tip ("inconclusive-not-best-prevblk"), pass proof of work if
// asked, its merkle root if asked, and connect to the tip.
func (c *Client) CheckBlock(ctx context.Context, blk *wire.MsgBlock, opts interfaces.BlockCheckOptions) (interfaces.BlockResult, error) {
	ch := c.m.chain
	if blk.Header.PrevBlock != ch.Tip().Hash {
		return interfaces.BlockResult{Reason: "inconclusive-not-best-prevblk"}, nil
	}
	if opts.CheckPow {
		if err := blockchain.CheckProofOfWork(btcutil.NewBlock(blk), ch.Params.PowLimit); err != nil {
			r, d := bip22(chain.RejectReason(err), blk)
			return interfaces.BlockResult{Reason: r, Debug: d}, nil
		}
	}
	check := blk
	if !opts.CheckMerkleRoot {
		check = &wire.MsgBlock{Header: blk.Header, Transactions: blk.Transactions}
		check.Header.MerkleRoot = merkleRoot(blk)
	}
	if err := ch.BlockChain().CheckConnectBlockTemplate(btcutil.NewBlock(check)); err != nil {
		r, d := bip22(chain.RejectReason(err), blk)
		if d == "" {
			d = err.Error()
		}
		return interfaces.BlockResult{Reason: r, Debug: d}, nil
	}
	return interfaces.BlockResult{OK: true}, nil
}

// SubmitBlock processes blk as the submitblock RPC does (a missing
// coinbase witness is not added).
func (c *Client) SubmitBlock(ctx context.Context, blk *wire.MsgBlock) (interfaces.BlockResult, error) {
	return c.m.submit(blk)
}

// submit is Core's ProcessNewBlock with the submitblock result: OK when
// the block is accepted, also as "duplicate" (already had it) or
// "inconclusive" (stored, not on the best chain).
func (m *Miner) submit(blk *wire.MsgBlock) (interfaces.BlockResult, error) {
	reason, err := m.chain.Submit(btcutil.NewBlock(blk))
	if err != nil {
		return interfaces.BlockResult{}, fmt.Errorf("processing block: %w", err)
	}
	switch reason {
	case "":
		return interfaces.BlockResult{OK: true}, nil
	case "duplicate", "inconclusive":
		return interfaces.BlockResult{OK: true, Reason: reason}, nil
	}
	r, d := bip22(reason, blk)
	return interfaces.BlockResult{Reason: r, Debug: d}, nil
}
