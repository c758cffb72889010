package chain

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/mining"
	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

// ErrMaxTries is returned when no nonce within the budget solved a block.
var ErrMaxTries = errors.New("max tries reached before a block was solved")

// Generate mines n blocks on the tip paying the subsidy to payTo, each with
// the given extra transactions (nil: coinbase only), trying at most
// maxTries nonces per block (Core's generatetoaddress). It returns the
// hashes of the blocks it added.
func (c *Chain) Generate(ctx context.Context, n int, payTo []byte, maxTries uint64) ([]chainhash.Hash, error) {
	c.genMu.Lock()
	defer c.genMu.Unlock()
	var out []chainhash.Hash
	for i := 0; i < n; i++ {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		var txs []*wire.MsgTx
		var fees int64
		if src := c.txSource(); src != nil {
			txs, fees = src.Select(maxBlockWeight - blockReservedWeight)
		}
		blk, err := c.newBlock(payTo, txs, fees)
		if err != nil {
			return out, err
		}
		solved, tries := solve(blk.MsgBlock(), maxTries)
		maxTries -= tries
		if !solved {
			return out, ErrMaxTries
		}
		blk = btcutil.NewBlock(blk.MsgBlock())
		if reason, err := c.Submit(blk); err != nil {
			return out, err
		} else if reason != "" {
			return out, fmt.Errorf("ProcessNewBlock, block not accepted: %s", reason)
		}
		out = append(out, *blk.Hash())
	}
	return out, nil
}

// GenerateBlock mines one block with exactly txs after the coinbase
// (generateblock). With submit false the block is returned unprocessed.
func (c *Chain) GenerateBlock(payTo []byte, txs []*wire.MsgTx, submit bool) (*btcutil.Block, error) {
	c.genMu.Lock()
	defer c.genMu.Unlock()
	blk, err := c.newBlock(payTo, txs, 0)
	if err != nil {
		return nil, err
	}
	if solved, _ := solve(blk.MsgBlock(), 1<<32); !solved {
		return nil, ErrMaxTries
	}
	blk = btcutil.NewBlock(blk.MsgBlock())
	if submit {
		if reason, err := c.Submit(blk); err != nil {
			return nil, err
		} else if reason != "" {
			return nil, fmt.Errorf("TestBlockValidity failed: %s", reason)
		}
	}
	return blk, nil
}

// newBlock assembles an unsolved block on the tip: a BIP34 coinbase paying
// subsidy plus fees to payTo, txs after it, the witness commitment Core
// always adds, and the next required difficulty.
func (c *Chain) newBlock(payTo []byte, txs []*wire.MsgTx, fees int64) (*btcutil.Block, error) {
	c.assembled.Store(true)
	tip := c.bc.BestSnapshot()
	height := tip.Height + 1
	sigScript, err := txscript.NewScriptBuilder().AddInt64(int64(height)).AddOp(txscript.OP_0).Script()
	if err != nil {
		return nil, err
	}
	cb := wire.NewMsgTx(2)
	cb.AddTxIn(&wire.TxIn{
		PreviousOutPoint: *wire.NewOutPoint(&chainhash.Hash{}, wire.MaxPrevOutIndex),
		SignatureScript:  sigScript,
		Sequence:         wire.MaxTxInSequenceNum,
	})
	cb.AddTxOut(wire.NewTxOut(blockchain.CalcBlockSubsidy(height, c.Params)+fees, payTo))
	all := []*btcutil.Tx{btcutil.NewTx(cb)}
	for _, tx := range txs {
		all = append(all, btcutil.NewTx(tx))
	}
	mining.AddWitnessCommitment(all[0], all)

	ts := c.Clock.Now().Truncate(time.Second)
	if mtp := tip.MedianTime.Add(time.Second); ts.Before(mtp) {
		ts = mtp
	}
	// Core's ComputeBlockVersion: the version bits top bits plus the bits
	// of deployments being voted on or locked in (regtest's testdummy).
	version, err := c.NextBlockVersion()
	if err != nil {
		return nil, fmt.Errorf("block version: %w", err)
	}
	bits, err := c.bc.CalcNextRequiredDifficulty(ts)
	if err != nil {
		return nil, fmt.Errorf("difficulty: %w", err)
	}
	msg := &wire.MsgBlock{Header: wire.BlockHeader{
		Version:    version,
		PrevBlock:  tip.Hash,
		MerkleRoot: blockchain.CalcMerkleRoot(all, false),
		Timestamp:  ts,
		Bits:       bits,
	}}
	for _, tx := range all {
		msg.AddTransaction(tx.MsgTx())
	}
	return btcutil.NewBlock(msg), nil
}

// solve searches nonces until the header hash meets its target; it returns
// whether it succeeded and how many nonces it tried.
func solve(msg *wire.MsgBlock, maxTries uint64) (bool, uint64) {
	target := blockchain.CompactToBig(msg.Header.Bits)
	var tries uint64
	for tries < maxTries {
		h := msg.Header.BlockHash()
		tries++
		if blockchain.HashToBig(&h).Cmp(target) <= 0 {
			return true, tries
		}
		if msg.Header.Nonce == ^uint32(0) {
			return false, tries
		}
		msg.Header.Nonce++
	}
	return false, tries
}

// blockReservedWeight is Core's DEFAULT_BLOCK_RESERVED_WEIGHT.
const blockReservedWeight = 8000

// LastAssembled is what getmininginfo reports of the last block template:
// its weight (the reserved weight plus the mempool transactions selected)
// and the number of mempool transactions; ok is false until a block was
// assembled. With no mempool yet, templates hold no selected
// transactions (generateblock's own transactions are not counted, as in
// Core).
func (c *Chain) LastAssembled() (weight, txs int64, ok bool) {
	if !c.assembled.Load() {
		return 0, 0, false
	}
	return blockReservedWeight, 0, true
}

// maxBlockWeight is the consensus block weight limit.
const maxBlockWeight = 4000000

// TxSource supplies the transactions a generated block carries after its
// coinbase (the mempool's selection, parents first) and their total fee.
type TxSource interface {
	Select(maxWeight int64) ([]*wire.MsgTx, int64)
}

// SetTxSource makes Generate fill blocks from src (the mempool).
func (c *Chain) SetTxSource(src TxSource) {
	c.srcMu.Lock()
	c.src = src
	c.srcMu.Unlock()
}

func (c *Chain) txSource() TxSource {
	c.srcMu.Lock()
	defer c.srcMu.Unlock()
	return c.src
}

// SetBlockVersion overrides the version of blocks this node builds
// (Core's regtest-only -blockversion); 0 restores the computed one.
func (c *Chain) SetBlockVersion(v int32) { c.blockVersion.Store(v) }

// NextBlockVersion is the version of the next block this node builds:
// the -blockversion override, else Core's ComputeBlockVersion (btcd's).
func (c *Chain) NextBlockVersion() (int32, error) {
	if v := c.blockVersion.Load(); v != 0 {
		return v, nil
	}
	return c.bc.CalcNextBlockVersion()
}
