package miner

import (
	"context"
	"sync"
	"time"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/interfaces"
)

// Template is one block template (Core's BlockTemplateImpl). Its block is
// changed by SubmitSolution; mu guards it.
type Template struct {
	m    *Miner
	opts interfaces.BlockCreateOptions
	intr interrupter

	mu sync.Mutex
	a  *assembled
}

var _ interfaces.BlockTemplate = (*Template)(nil)

func newTemplate(m *Miner, opts interfaces.BlockCreateOptions, a *assembled) *Template {
	return &Template{m: m, opts: opts, a: a}
}

// Block returns a copy of the template's block.
func (t *Template) Block() *wire.MsgBlock {
	t.mu.Lock()
	defer t.mu.Unlock()
	b := &wire.MsgBlock{Header: t.a.block.Header, Transactions: make([]*wire.MsgTx, len(t.a.block.Transactions))}
	for i, tx := range t.a.block.Transactions {
		b.Transactions[i] = tx.Copy()
	}
	return b
}

func (t *Template) TxFees() []int64 { return append([]int64{}, t.a.fees...) }

func (t *Template) TxSigops() []int64 { return append([]int64{}, t.a.sigops...) }

func (t *Template) CoinbaseTx() interfaces.CoinbaseTx { return t.a.coinbase }

// CoinbaseMerklePath is computed on the block as it is now.
func (t *Template) CoinbaseMerklePath() []chainhash.Hash {
	t.mu.Lock()
	defer t.mu.Unlock()
	return merklePath(t.a.block)
}

// SubmitSolution is Core's submitSolution: the coinbase and header fields
// replace the template's (AddMerkleRootAndCoinbase; no witness is added
// to the coinbase), then the block is processed as submitted.
func (t *Template) SubmitSolution(ctx context.Context, version, timestamp, nonce uint32, coinbase *wire.MsgTx) (interfaces.BlockResult, error) {
	t.mu.Lock()
	blk := t.a.block
	if len(blk.Transactions) == 0 {
		blk.Transactions = []*wire.MsgTx{coinbase}
	} else {
		blk.Transactions[0] = coinbase
	}
	blk.Header.Version = int32(version)
	blk.Header.Timestamp = time.Unix(int64(timestamp), 0)
	blk.Header.Nonce = nonce
	blk.Header.MerkleRoot = merkleRoot(blk)
	cp := &wire.MsgBlock{Header: blk.Header, Transactions: append([]*wire.MsgTx(nil), blk.Transactions...)}
	t.mu.Unlock()
	return t.m.submit(cp)
}

// WaitNext is Core's WaitAndCreateNewBlock: it waits for a new tip, and
// with a fee threshold below MaxMoney rebuilds a template every tick to
// see whether the fees rose by it. nil on timeout, interrupt or shutdown.
func (t *Template) WaitNext(ctx context.Context, opts interfaces.BlockWaitOptions) (interfaces.BlockTemplate, error) {
	m := t.m
	prev := t.a.block.Header.PrevBlock
	current := int64(-1)
	now := time.Now()
	var deadline time.Time
	if opts.Timeout < interfaces.Forever {
		deadline = now.Add(opts.Timeout)
	}
	for {
		step := m.tick
		if !deadline.IsZero() {
			step = min(step, max(deadline.Sub(now), 0))
		}
		ref, ok := m.waitTip(ctx, &t.intr, prev, step)
		if !ok {
			return nil, nil
		}
		tipChanged := ref.Hash != prev
		if !tipChanged && m.chain.Params.ReduceMinDifficulty {
			// Test networks: a minimum difficulty block after 20 minutes.
			if hdr, err := m.chain.HeaderByHash(&ref.Hash); err == nil && now.After(hdr.Timestamp.Add(20*time.Minute)) {
				tipChanged = true
			}
		}
		if opts.FeeThreshold < interfaces.MaxMoney || tipChanged {
			a, err := m.assemble(t.opts)
			if err != nil {
				return nil, err
			}
			if tipChanged {
				return newTemplate(m, t.opts, a), nil
			}
			if current < 0 {
				current = t.a.totalFees()
			}
			if a.totalFees() >= current+opts.FeeThreshold {
				return newTemplate(m, t.opts, a), nil
			}
		}
		now = time.Now()
		if !deadline.IsZero() && !now.Before(deadline) {
			return nil, nil
		}
	}
}

// InterruptWait wakes the WaitNext in progress, or makes the next one
// return nil.
func (t *Template) InterruptWait() { t.intr.Interrupt() }

// Destroy frees nothing the garbage collector does not.
func (t *Template) Destroy() {}
