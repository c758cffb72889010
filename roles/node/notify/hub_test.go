package notify

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

// recorder logs every event it receives as a string.
type recorder struct {
	mu     sync.Mutex
	events []string
	gate   chan struct{} // when set, every callback waits on it
}

func (r *recorder) add(s string) {
	if r.gate != nil {
		<-r.gate
	}
	r.mu.Lock()
	r.events = append(r.events, s)
	r.mu.Unlock()
}

func (r *recorder) got() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.events...)
}

func (r *recorder) BlockConnected(b *wire.MsgBlock, h int32) { r.add(fmt.Sprintf("C%d", h)) }
func (r *recorder) BlockDisconnected(b *wire.MsgBlock, h int32) {
	r.add(fmt.Sprintf("D%d", h))
}
func (r *recorder) TransactionAddedToMempool(tx *wire.MsgTx, seq uint64) {
	r.add(fmt.Sprintf("A%d", seq))
}
func (r *recorder) TransactionRemovedFromMempool(tx *wire.MsgTx, reason string, seq uint64) {
	r.add(fmt.Sprintf("R%d:%s", seq, reason))
}
func (r *recorder) UpdatedBlockTip(h chainhash.Hash, height int32, ibd bool) {
	r.add(fmt.Sprintf("T%d:%v", height, ibd))
}

func publishSome(h *Hub) []string {
	blk, tx := &wire.MsgBlock{}, &wire.MsgTx{}
	h.TransactionAdded(tx, 1)
	h.TransactionRemoved(tx, ReasonReplaced, 2)
	h.BlockConnected(blk, 5)
	h.BlockDisconnected(blk, 5)
	h.UpdatedTip(chainhash.Hash{}, 4, true)
	return []string{"A1", "R2:replaced", "C5", "D5", "T4:true"}
}

func equal(a, b []string) bool {
	return fmt.Sprint(a) == fmt.Sprint(b)
}

func TestOrderAndSync(t *testing.T) {
	h := NewHub()
	defer h.Close()
	a, b := &recorder{}, &recorder{}
	h.Subscribe(a)
	h.Subscribe(b)
	want := publishSome(h)
	if err := h.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, r := range []*recorder{a, b} {
		if got := r.got(); !equal(got, want) {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

func TestSyncWaitsForSlowSubscriber(t *testing.T) {
	h := NewHub()
	defer h.Close()
	slow := &recorder{gate: make(chan struct{})}
	fast := &recorder{}
	h.Subscribe(slow)
	h.Subscribe(fast)
	want := publishSome(h)
	synced := make(chan error, 1)
	go func() { synced <- h.Sync(context.Background()) }()
	// The fast subscriber is not held back by the slow one.
	deadline := time.Now().Add(5 * time.Second)
	for !equal(fast.got(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("fast subscriber got %v", fast.got())
		}
		time.Sleep(time.Millisecond)
	}
	select {
	case <-synced:
		t.Fatal("Sync returned before the slow subscriber got its events")
	case <-time.After(50 * time.Millisecond):
	}
	close(slow.gate)
	if err := <-synced; err != nil {
		t.Fatal(err)
	}
	if got := slow.got(); !equal(got, want) {
		t.Fatalf("slow got %v, want %v", got, want)
	}
}

func TestSyncContext(t *testing.T) {
	h := NewHub()
	stuck := &recorder{gate: make(chan struct{})}
	h.Subscribe(stuck)
	publishSome(h)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := h.Sync(ctx); err == nil {
		t.Fatal("Sync did not report the expired context")
	}
	close(stuck.gate)
	h.Close()
}

func TestUnsubscribe(t *testing.T) {
	h := NewHub()
	defer h.Close()
	a, b := &recorder{}, &recorder{}
	unsub := h.Subscribe(a)
	h.Subscribe(b)
	h.UpdatedTip(chainhash.Hash{}, 1, false)
	if err := h.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	unsub()
	unsub() // idempotent
	h.UpdatedTip(chainhash.Hash{}, 2, false)
	if err := h.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := a.got(); !equal(got, []string{"T1:false"}) {
		t.Fatalf("unsubscribed got %v", got)
	}
	if got := b.got(); !equal(got, []string{"T1:false", "T2:false"}) {
		t.Fatalf("subscribed got %v", got)
	}
}

func TestUnsubscribeReleasesSync(t *testing.T) {
	h := NewHub()
	defer h.Close()
	r := &recorder{gate: make(chan struct{})}
	unsub := h.Subscribe(r)
	publishSome(h)
	synced := make(chan error, 1)
	go func() { synced <- h.Sync(context.Background()) }()
	time.Sleep(10 * time.Millisecond)
	go func() { time.Sleep(10 * time.Millisecond); close(r.gate) }()
	unsub() // waits for the running callback, drops the rest
	select {
	case err := <-synced:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Sync hung after unsubscribe")
	}
	if n := len(r.got()); n > 1 {
		t.Fatalf("%d callbacks ran after unsubscribe", n)
	}
}

func TestCloseDrains(t *testing.T) {
	h := NewHub()
	r := &recorder{}
	h.Subscribe(r)
	want := publishSome(h)
	h.Close()
	if got := r.got(); !equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	h.UpdatedTip(chainhash.Hash{}, 9, false) // dropped, no panic
	h.Subscribe(r)()
	if err := h.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := r.got(); !equal(got, want) {
		t.Fatalf("after close got %v", got)
	}
	h.Close()
}

func TestNilHub(t *testing.T) {
	var h *Hub
	publishSome(h)
	if err := h.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.Close()
}

// TestConcurrentPublishers checks that concurrent publishers give every
// subscriber the same order.
func TestConcurrentPublishers(t *testing.T) {
	h := NewHub()
	defer h.Close()
	a, b := &recorder{}, &recorder{}
	h.Subscribe(a)
	h.Subscribe(b)
	var wg sync.WaitGroup
	for p := 0; p < 4; p++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				h.TransactionAdded(nil, uint64(p*1000+i))
			}
		}()
	}
	wg.Wait()
	if err := h.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(a.got()) != 800 || !equal(a.got(), b.got()) {
		t.Fatalf("subscribers disagree: %d vs %d events", len(a.got()), len(b.got()))
	}
}

type onlyTip struct {
	Nop
	heights []int32
}

func (o *onlyTip) UpdatedBlockTip(_ chainhash.Hash, height int32, _ bool) {
	o.heights = append(o.heights, height)
}

func TestNop(t *testing.T) {
	h := NewHub()
	s := &onlyTip{}
	h.Subscribe(s)
	publishSome(h)
	h.Close()
	if len(s.heights) != 1 || s.heights[0] != 4 {
		t.Fatalf("got tips %v", s.heights)
	}
}
