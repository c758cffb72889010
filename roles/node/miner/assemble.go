package miner

import (
	"fmt"
	"time"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/mining"
	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/interfaces"
)

// Consensus and policy limits used to assemble templates.
const (
	maxBlockWeight              = 4000000 // MAX_BLOCK_WEIGHT
	minimumBlockReservedWeight  = 2000    // MINIMUM_BLOCK_RESERVED_WEIGHT
	coinbaseSequence            = wire.MaxTxInSequenceNum - 1
	coinbaseVersion             = 2
	witnessReservedValueSize    = 32
	defaultCoinbaseOutputOpTrue = txscript.OP_TRUE
)

// assembled is the content of one template: the block with its dummy
// coinbase (Core's CBlockTemplate).
type assembled struct {
	block    *wire.MsgBlock
	fees     []int64 // per transaction after the coinbase
	sigops   []int64
	coinbase interfaces.CoinbaseTx
}

// totalFees is the sum of the template's transaction fees.
func (a *assembled) totalFees() int64 {
	var t int64
	for _, f := range a.fees {
		t += f
	}
	return t
}

// clampReserved is Core's ClampOptions for the reserved weight.
func clampReserved(w uint64) int64 {
	return int64(min(max(w, minimumBlockReservedWeight), maxBlockWeight))
}

// assemble builds a template on the current tip (Core's
// BlockAssembler::CreateNewBlock): the mempool's selection (unless
// opts.UseMempool is false), a coinbase paying subsidy plus fees to
// OP_TRUE with a BIP34 height prefix, nSequence 0xfffffffe and nLockTime
// height-1, and the witness commitment.
func (m *Miner) assemble(opts interfaces.BlockCreateOptions) (*assembled, error) {
	c := m.chain
	tip := c.Tip()
	height := tip.Height + 1
	var txs []*wire.MsgTx
	if opts.UseMempool && m.pool != nil {
		txs, _ = m.pool.Select(maxBlockWeight - clampReserved(opts.BlockReservedWeight))
	}
	fees, sigops := m.describe(txs, height)
	// Core keeps the block's sigop cost, with the coinbase's allowance,
	// below the limit; the selection puts parents first, so a cut keeps
	// every kept transaction's parents.
	n := sigopFit(sigops, opts.CoinbaseOutputMaxAdditionalSigops)
	txs, fees, sigops = txs[:n], fees[:n], sigops[:n]
	var total int64
	for _, f := range fees {
		total += f
	}

	prefix, err := txscript.NewScriptBuilder().AddInt64(int64(height)).Script()
	if err != nil {
		return nil, fmt.Errorf("coinbase height: %w", err)
	}
	reward := blockchain.CalcBlockSubsidy(height, c.Params) + total
	cb := wire.NewMsgTx(coinbaseVersion)
	cb.AddTxIn(&wire.TxIn{
		PreviousOutPoint: *wire.NewOutPoint(&chainhash.Hash{}, wire.MaxPrevOutIndex),
		SignatureScript:  prefix,
		Sequence:         coinbaseSequence,
	})
	cb.AddTxOut(wire.NewTxOut(reward, []byte{defaultCoinbaseOutputOpTrue}))
	cb.LockTime = uint32(height - 1)
	all := make([]*btcutil.Tx, 0, len(txs)+1)
	all = append(all, btcutil.NewTx(cb))
	for _, tx := range txs {
		all = append(all, btcutil.NewTx(tx))
	}
	// Core commits to the witness root in every block once segwit is
	// active (always, on the chains this node runs).
	mining.AddWitnessCommitment(all[0], all)

	ts := c.Clock.Now().Truncate(time.Second)
	if mtp := tip.MedianTime.Add(time.Second); ts.Before(mtp) {
		ts = mtp
	}
	version, err := c.NextBlockVersion()
	if err != nil {
		return nil, fmt.Errorf("block version: %w", err)
	}
	bits, err := c.BlockChain().CalcNextRequiredDifficulty(ts)
	if err != nil {
		return nil, fmt.Errorf("difficulty: %w", err)
	}
	// As Core's template, the merkle root is left unset: the miner's
	// coinbase changes it.
	blk := &wire.MsgBlock{Header: wire.BlockHeader{
		Version:   version,
		PrevBlock: tip.Hash,
		Timestamp: ts,
		Bits:      bits,
	}}
	for _, tx := range all {
		blk.AddTransaction(tx.MsgTx())
	}
	info := interfaces.CoinbaseTx{
		Version:              coinbaseVersion,
		Sequence:             coinbaseSequence,
		ScriptSigPrefix:      prefix,
		BlockRewardRemaining: reward,
		LockTime:             cb.LockTime,
	}
	if w := cb.TxIn[0].Witness; len(w) == 1 && len(w[0]) == witnessReservedValueSize {
		info.Witness = append([]byte(nil), w[0]...)
	}
	if i := witnessCommitmentIndex(cb); i >= 0 {
		out := *cb.TxOut[i]
		info.RequiredOutputs = []*wire.TxOut{&out}
	}
	return &assembled{block: blk, fees: fees, sigops: sigops, coinbase: info}, nil
}

// maxBlockSigopsCost is MAX_BLOCK_SIGOPS_COST.
const maxBlockSigopsCost = 80000

// sigopFit is how many of the leading transactions fit the sigop limit
// after reserving coinbaseSigops (BlockAssembler::TestChunkBlockLimits).
func sigopFit(sigops []int64, coinbaseSigops uint64) int {
	total := int64(min(coinbaseSigops, maxBlockSigopsCost))
	for i, s := range sigops {
		if total+s >= maxBlockSigopsCost {
			return i
		}
		total += s
	}
	return len(sigops)
}

// witnessCommitmentIndex is Core's GetWitnessCommitmentIndex: the last
// output that carries a witness commitment, -1 if none.
func witnessCommitmentIndex(cb *wire.MsgTx) int {
	idx := -1
	for i, out := range cb.TxOut {
		s := out.PkScript
		if len(s) >= 38 && s[0] == txscript.OP_RETURN && s[1] == 0x24 &&
			s[2] == 0xaa && s[3] == 0x21 && s[4] == 0xa9 && s[5] == 0xed {
			idx = i
		}
	}
	return idx
}

// describe returns each transaction's fee and sigop cost. Inputs that
// spend earlier transactions of the block are resolved from them.
func (m *Miner) describe(txs []*wire.MsgTx, height int32) (fees, sigops []int64) {
	fees = make([]int64, len(txs))
	sigops = make([]int64, len(txs))
	if len(txs) == 0 {
		return fees, sigops
	}
	poolFee := map[chainhash.Hash]int64{}
	for _, d := range m.pool.Descs() {
		poolFee[*d.Tx.Hash()] = d.Fee
	}
	inBlock := map[chainhash.Hash]*btcutil.Tx{}
	bc := m.chain.BlockChain()
	for i, msg := range txs {
		tx := btcutil.NewTx(msg)
		fees[i] = poolFee[*tx.Hash()]
		view, err := bc.FetchUtxoView(tx)
		if err == nil {
			for _, in := range msg.TxIn {
				if e := view.LookupEntry(in.PreviousOutPoint); e != nil && !e.IsSpent() {
					continue
				}
				if parent, ok := inBlock[in.PreviousOutPoint.Hash]; ok {
					view.AddTxOut(parent, in.PreviousOutPoint.Index, height)
				}
			}
			if cost, err := blockchain.GetSigOpCost(tx, false, view, true, true); err == nil {
				sigops[i] = int64(cost)
			}
		}
		inBlock[*tx.Hash()] = tx
	}
	return fees, sigops
}

// merklePath is Core's TransactionMerklePath for the coinbase: at each
// level of the txid tree, the hash paired with the coinbase's branch.
func merklePath(block *wire.MsgBlock) []chainhash.Hash {
	level := make([]chainhash.Hash, len(block.Transactions))
	for i, tx := range block.Transactions {
		level[i] = tx.TxHash()
	}
	var path []chainhash.Hash
	for len(level) > 1 {
		path = append(path, level[1])
		next := make([]chainhash.Hash, 0, (len(level)+1)/2)
		for i := 0; i < len(level); i += 2 {
			j := i + 1
			if j == len(level) {
				j = i
			}
			next = append(next, blockchain.HashMerkleBranches(&level[i], &level[j]))
		}
		level = next
	}
	return path
}
