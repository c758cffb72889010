package walletchain

import (
	"context"
	"sync"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/interfaces"
)

// subscriber adapts interfaces.ChainNotifications to the hub.
type subscriber struct{ n interfaces.ChainNotifications }

func (s subscriber) BlockConnected(b *wire.MsgBlock, h int32)    { s.n.BlockConnected(b, h) }
func (s subscriber) BlockDisconnected(b *wire.MsgBlock, h int32) { s.n.BlockDisconnected(b, h) }
func (s subscriber) TransactionAddedToMempool(tx *wire.MsgTx, seq uint64) {
	s.n.TransactionAddedToMempool(tx, seq)
}
func (s subscriber) TransactionRemovedFromMempool(tx *wire.MsgTx, reason string, seq uint64) {
	s.n.TransactionRemovedFromMempool(tx, reason, seq)
}
func (s subscriber) UpdatedBlockTip(chainhash.Hash, int32, bool) { s.n.UpdatedBlockTip() }

// handler unsubscribes once.
type handler struct {
	once  sync.Once
	unsub func()
}

func (h *handler) Disconnect() { h.once.Do(h.unsub) }

// HandleNotifications subscribes n on the node's hub.
func (c *Chain) HandleNotifications(_ context.Context, n interfaces.ChainNotifications) (interfaces.Handler, error) {
	return &handler{unsub: c.Hub.Subscribe(subscriber{n})}, nil
}

// WaitForNotificationsIfTipChanged flushes the hub's queue when the tip
// moved away from oldTip.
func (c *Chain) WaitForNotificationsIfTipChanged(ctx context.Context, oldTip chainhash.Hash) error {
	if c.Chain.Tip().Hash == oldTip {
		return nil
	}
	return c.Hub.Sync(ctx)
}
