// Package miner is the node's side of Core's Mining IPC interface: block
// templates from the mempool, waits for a new tip or higher fees, block
// checks and submissions, with Core's interrupt and cooldown rules.
package miner

import (
	"context"
	"errors"
	"time"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/interfaces"
	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	"github.com/mpbitcoin/mpbitcoin/roles/node/mempool"
)

// ErrShutdown is returned by calls made once the node is shutting down.
var ErrShutdown = errors.New("node is shutting down")

// Miner holds what every Mining client shares: the chain, the mempool
// and the node's shutdown context, which wakes every wait when it ends.
type Miner struct {
	chain    *chain.Chain
	pool     *mempool.Pool
	shutdown context.Context
	// tick is how often waitNext rebuilds a template to compare fees
	// (Core: one second).
	tick time.Duration
}

// New returns the Miner of chain c and pool p (p may be nil: templates
// then hold no transactions). Waits end when shutdown does.
func New(shutdown context.Context, c *chain.Chain, p *mempool.Pool) *Miner {
	return &Miner{chain: c, pool: p, shutdown: shutdown, tick: time.Second}
}

// Client returns a new Mining for one makeMining call: its own interrupt
// flag over the shared Miner.
func (m *Miner) Client() *Client { return &Client{m: m} }

// Client is one makeMining result (Core's MinerImpl).
type Client struct {
	m    *Miner
	intr interrupter
}

var _ interfaces.Mining = (*Client)(nil)

func (c *Client) IsTestChain(ctx context.Context) (bool, error) {
	return c.m.chain.Params.Net != wire.MainNet, nil
}

func (c *Client) IsInitialBlockDownload(ctx context.Context) (bool, error) {
	return c.m.chain.IsInitialBlockDownload(), nil
}

func (c *Client) Tip(ctx context.Context) (interfaces.BlockRef, bool, error) {
	t := c.m.chain.Tip()
	return interfaces.BlockRef{Hash: t.Hash, Height: t.Height}, true, nil
}

// WaitTipChanged is Core's WaitTipChanged: the tip once it is not
// current, or after timeout; nothing on interrupt or shutdown.
func (c *Client) WaitTipChanged(ctx context.Context, current chainhash.Hash, timeout time.Duration) (interfaces.BlockRef, bool, error) {
	ref, ok := c.m.waitTip(ctx, &c.intr, current, timeout)
	return ref, ok, nil
}

// waitTip waits on behalf of a client whose interrupt flag is intr.
func (m *Miner) waitTip(ctx context.Context, intr *interrupter, current chainhash.Hash, timeout time.Duration) (interfaces.BlockRef, bool) {
	wctx, stop := intr.watch(ctx, m.shutdown)
	defer stop()
	if timeout < interfaces.Forever {
		var cancel context.CancelFunc
		wctx, cancel = context.WithTimeout(wctx, timeout)
		defer cancel()
	}
	m.chain.WaitTip(wctx, func(t *blockchain.BestState) bool { return t.Hash != current })
	if intr.take() || m.shutdown.Err() != nil || ctx.Err() != nil {
		return interfaces.BlockRef{}, false
	}
	t := m.chain.Tip()
	return interfaces.BlockRef{Hash: t.Hash, Height: t.Height}, true
}

// CreateNewBlock is Core's MinerImpl::createNewBlock: with cooldown it
// waits while the node is in IBD, then while headers are ahead of the
// tip; nil when interrupted or shutting down.
func (c *Client) CreateNewBlock(ctx context.Context, opts interfaces.BlockCreateOptions, cooldown bool) (interfaces.BlockTemplate, error) {
	if c.intr.take() || c.m.shutdown.Err() != nil || ctx.Err() != nil {
		return nil, nil
	}
	tip, _, _ := c.Tip(ctx)
	if cooldown {
		for c.m.chain.IsInitialBlockDownload() {
			var ok bool
			if tip, ok = c.m.waitTip(ctx, &c.intr, tip.Hash, time.Second); !ok {
				return nil, nil
			}
		}
		if !c.m.cooldownIfHeadersAhead(ctx, &c.intr, tip) {
			return nil, nil
		}
	}
	a, err := c.m.assemble(opts)
	if err != nil {
		return nil, err
	}
	return newTemplate(c.m, opts, a), nil
}

// cooldownIfHeadersAhead is Core's CooldownIfHeadersAhead: while the best
// header is ahead of the tip, wait for the tip to move, 3 to 20 seconds
// (the number of blocks missing) at a time; every tip change restarts the
// window. It returns false when interrupted.
func (m *Miner) cooldownIfHeadersAhead(ctx context.Context, intr *interrupter, last interfaces.BlockRef) bool {
	for {
		remaining := m.chain.BestHeaderHeight() - m.chain.Tip().Height
		if remaining <= 0 {
			return true
		}
		window := time.Duration(min(max(remaining, 3), 20)) * time.Second
		deadline := time.Now().Add(window)
		ref, ok := m.waitTip(ctx, intr, last.Hash, window)
		if !ok {
			return false
		}
		if ref.Hash != last.Hash {
			last = ref
			continue
		}
		if !time.Now().Before(deadline) {
			return true
		}
	}
}

// Interrupt wakes this client's WaitTipChanged and CreateNewBlock, or
// makes the next one return nothing.
func (c *Client) Interrupt() { c.intr.Interrupt() }

func (c *Client) TransactionsByTxID(ctx context.Context, ids []chainhash.Hash) ([]*wire.MsgTx, error) {
	out := make([]*wire.MsgTx, len(ids))
	if c.m.pool == nil {
		return out, nil
	}
	for i := range ids {
		if tx, err := c.m.pool.Fetch(&ids[i]); err == nil {
			out[i] = tx.MsgTx()
		}
	}
	return out, nil
}

func (c *Client) TransactionsByWitnessID(ctx context.Context, ids []chainhash.Hash) ([]*wire.MsgTx, error) {
	out := make([]*wire.MsgTx, len(ids))
	if c.m.pool == nil || len(ids) == 0 {
		return out, nil
	}
	want := make(map[chainhash.Hash][]int, len(ids))
	for i, id := range ids {
		want[id] = append(want[id], i)
	}
	for _, d := range c.m.pool.Descs() {
		for _, i := range want[*d.Tx.WitnessHash()] {
			out[i] = d.Tx.MsgTx()
		}
	}
	return out, nil
}
