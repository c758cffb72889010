package chain

import (
	"context"
	"sync"

	"github.com/btcsuite/btcd/blockchain"
)

// tipWatch hands out a channel that is closed at the next tip change.
type tipWatch struct {
	mu sync.Mutex
	ch chan struct{}
}

func (w *tipWatch) changed() <-chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ch == nil {
		w.ch = make(chan struct{})
	}
	return w.ch
}

func (w *tipWatch) fire() {
	w.mu.Lock()
	if w.ch != nil {
		close(w.ch)
		w.ch = nil
	}
	w.mu.Unlock()
}

// subscribe routes btcd's connect/disconnect notifications to the watch
// and to the validation events (events.go).
func (c *Chain) subscribe() {
	c.bc.Subscribe(func(n *blockchain.Notification) {
		switch n.Type {
		case blockchain.NTBlockConnected, blockchain.NTBlockDisconnected:
			c.tip.fire()
			c.onBlockEvent(n)
		}
	})
}

// WaitTip blocks until done(tip) holds for the current tip, re-checking at
// every tip change, or until ctx ends. It returns the tip it saw last.
func (c *Chain) WaitTip(ctx context.Context, done func(*blockchain.BestState) bool) *blockchain.BestState {
	for {
		ch := c.tip.changed()
		tip := c.bc.BestSnapshot()
		if done(tip) {
			return tip
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return c.bc.BestSnapshot()
		}
	}
}
