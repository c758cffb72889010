package notify

import (
	"context"
	"fmt"
	"sync"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

// Hub queues the node's events and delivers them to its subscribers. The
// publish methods never block on subscribers. The zero Hub is not usable;
// call NewHub. A nil *Hub accepts (and drops) every publication, so
// components can publish without checking whether a hub was wired in.
type Hub struct {
	mu     sync.Mutex
	subs   []*queue
	closed bool
}

// NewHub returns a hub with no subscribers.
func NewHub() *Hub { return &Hub{} }

// Subscribe starts delivering events published from now on to s, on a
// goroutine of its own. unsubscribe stops the delivery and returns once no
// callback of s is running any more; events still queued for s are
// dropped. It must not be called from within one of s's callbacks. After
// Close, Subscribe registers nothing.
func (h *Hub) Subscribe(s Subscriber) (unsubscribe func()) {
	q := newQueue(s)
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return func() {}
	}
	h.subs = append(h.subs, q)
	h.mu.Unlock()
	go q.run()
	var once sync.Once
	return func() {
		once.Do(func() {
			h.mu.Lock()
			for i, o := range h.subs {
				if o == q {
					h.subs = append(h.subs[:i:i], h.subs[i+1:]...)
					break
				}
			}
			h.mu.Unlock()
			q.stop(false)
		})
	}
}

// Sync returns once every event published before the call has been
// delivered to every subscriber (Core's SyncWithValidationInterfaceQueue),
// or with ctx's error. It must not be called from within a callback.
func (h *Hub) Sync(ctx context.Context) error {
	if h == nil {
		return nil
	}
	h.mu.Lock()
	marks := make([]chan struct{}, 0, len(h.subs))
	for _, q := range h.subs {
		m := make(chan struct{})
		q.push(item{mark: m})
		marks = append(marks, m)
	}
	h.mu.Unlock()
	for _, m := range marks {
		select {
		case <-m:
		case <-ctx.Done():
			return fmt.Errorf("waiting for the validation interface queue: %w", ctx.Err())
		}
	}
	return nil
}

// Close delivers what is queued, stops every subscriber's goroutine and
// returns when they have ended. Later publications are dropped.
func (h *Hub) Close() {
	if h == nil {
		return
	}
	h.mu.Lock()
	subs := h.subs
	h.subs, h.closed = nil, true
	h.mu.Unlock()
	for _, q := range subs {
		q.stop(true)
	}
}

// publish queues call for every subscriber. Holding h.mu while pushing
// keeps one order across publishers.
func (h *Hub) publish(call func(Subscriber)) {
	if h == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, q := range h.subs {
		q.push(item{call: call})
	}
}

// BlockConnected publishes Subscriber.BlockConnected.
func (h *Hub) BlockConnected(block *wire.MsgBlock, height int32) {
	h.publish(func(s Subscriber) { s.BlockConnected(block, height) })
}

// BlockDisconnected publishes Subscriber.BlockDisconnected.
func (h *Hub) BlockDisconnected(block *wire.MsgBlock, height int32) {
	h.publish(func(s Subscriber) { s.BlockDisconnected(block, height) })
}

// TransactionAdded publishes Subscriber.TransactionAddedToMempool.
func (h *Hub) TransactionAdded(tx *wire.MsgTx, mempoolSequence uint64) {
	h.publish(func(s Subscriber) { s.TransactionAddedToMempool(tx, mempoolSequence) })
}

// TransactionRemoved publishes Subscriber.TransactionRemovedFromMempool.
func (h *Hub) TransactionRemoved(tx *wire.MsgTx, reason string, mempoolSequence uint64) {
	h.publish(func(s Subscriber) { s.TransactionRemovedFromMempool(tx, reason, mempoolSequence) })
}

// UpdatedTip publishes Subscriber.UpdatedBlockTip.
func (h *Hub) UpdatedTip(hash chainhash.Hash, height int32, initialDownload bool) {
	h.publish(func(s Subscriber) { s.UpdatedBlockTip(hash, height, initialDownload) })
}
