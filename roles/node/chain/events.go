package chain

import (
	"sync"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/chainhash/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/node/notify"
)

// BlockHook is the mempool's part of block (dis)connection, run inside the
// chain's notification so that its own events land in Core's order around
// the hub's: BlockConnecting runs before the hub's BlockConnected (mined
// and conflicting transactions leave the pool first), BlockDisconnected
// after the hub's BlockDisconnected (the block's transactions re-enter
// after it).
type BlockHook interface {
	BlockConnecting(block *btcutil.Block)
	BlockDisconnected(block *btcutil.Block)
}

// events publishes the chain's validation events. mu serialises the
// operations that change the active chain (Core's cs_main around
// ActivateBestChain): btcd releases its chain lock while it notifies, so
// without it two blocks processed at once could publish out of order.
type events struct {
	mu      sync.Mutex
	hub     *notify.Hub
	hook    BlockHook
	lastTip chainhash.Hash // last tip published with UpdatedTip
}

// SetNotify makes the chain publish its block events to hub. Call it
// once, before blocks are processed.
func (c *Chain) SetNotify(hub *notify.Hub) {
	c.ev.mu.Lock()
	defer c.ev.mu.Unlock()
	c.ev.hub = hub
	c.ev.lastTip = c.Tip().Hash
}

// SetBlockHook installs the mempool's hook (see BlockHook). Call it once,
// before blocks are processed.
func (c *Chain) SetBlockHook(hook BlockHook) {
	c.ev.mu.Lock()
	defer c.ev.mu.Unlock()
	c.ev.hook = hook
}

// lockValidation takes the validation lock; the returned func publishes
// UpdatedTip if the tip moved and releases it.
func (c *Chain) lockValidation() func() {
	c.ev.mu.Lock()
	return func() {
		tip := c.bc.BestSnapshot()
		if tip.Hash != c.ev.lastTip && c.ev.hub != nil {
			c.ev.lastTip = tip.Hash
			c.ev.hub.UpdatedTip(tip.Hash, tip.Height, c.IsInitialBlockDownload())
		}
		c.ev.mu.Unlock()
	}
}

// onBlockEvent runs for btcd's connect/disconnect notifications while the
// validation lock is held by the operation that caused them.
func (c *Chain) onBlockEvent(n *blockchain.Notification) {
	blk, ok := n.Data.(*btcutil.Block)
	if !ok {
		return
	}
	hub, hook := c.ev.hub, c.ev.hook
	switch n.Type {
	case blockchain.NTBlockConnected:
		if hook != nil {
			hook.BlockConnecting(blk)
		}
		hub.BlockConnected(blk.MsgBlock(), blockHeight(blk, c.Tip().Height))
	case blockchain.NTBlockDisconnected:
		hub.BlockDisconnected(blk.MsgBlock(), blockHeight(blk, c.Tip().Height+1))
		if hook != nil {
			hook.BlockDisconnected(blk)
		}
	}
}

// blockHeight is the block's height as btcd recorded it, else fallback.
func blockHeight(blk *btcutil.Block, fallback int32) int32 {
	if h := blk.Height(); h != btcutil.BlockHeightUnknown {
		return h
	}
	return fallback
}
