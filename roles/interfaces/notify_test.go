package interfaces

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	capnp "capnproto.org/go/capnp/v3"

	"github.com/mpbitcoin/mpbitcoin/capnp/messages"
)

// publish sends n mixed events the way the node's hub does (one goroutine,
// each call returning before the next) and returns what the wallet must
// see.
func publish(nc ChainNotifications, n int) []string {
	var want []string
	for i := 0; i < n; i++ {
		u := uint32(i)
		switch i % 5 {
		case 0:
			nc.TransactionAddedToMempool(testTx(u), uint64(i))
			want = append(want, fmt.Sprintf("add %d %d", u, i))
		case 1:
			nc.TransactionRemovedFromMempool(testTx(u), "conflict", uint64(i))
			want = append(want, fmt.Sprintf("remove %d conflict %d", u, i))
		case 2:
			nc.BlockConnected(testBlock(u), int32(i))
			want = append(want, fmt.Sprintf("connect %d %d", u, i))
		case 3:
			nc.BlockDisconnected(testBlock(u), int32(i))
			want = append(want, fmt.Sprintf("disconnect %d %d", u, i))
		default:
			nc.UpdatedBlockTip()
			want = append(want, "tip")
		}
	}
	return want
}

func TestNotificationsInOrder(t *testing.T) {
	bothWays(t, func(t *testing.T, s chainSetup) {
		ctx := testCtx(t)
		rec := newRecorder()
		h, err := s.chain.HandleNotifications(ctx, rec)
		if err != nil {
			t.Fatal(err)
		}
		nc := s.fake.notifications()
		if nc == nil {
			t.Fatal("the node has no registration")
		}
		want := publish(nc, 200)
		// Each notification returned only once the wallet had processed it.
		if got := rec.list(); !reflect.DeepEqual(got, want) {
			t.Fatalf("wallet saw %d events, first differences:\n got %.5q\nwant %.5q", len(got), got, want)
		}

		h.Disconnect()
		select {
		case <-s.fake.disconned:
		case <-time.After(5 * time.Second):
			t.Fatal("Handler.Disconnect did not reach the node's handler")
		}
		start := time.Now()
		publish(nc, 10)
		if d := time.Since(start); d > time.Second {
			t.Errorf("notifications after disconnect took %v", d)
		}
		if got := rec.list(); len(got) != 200 {
			t.Errorf("wallet saw %d events after disconnect: %q", len(got)-200, got[200:])
		}
		h.Disconnect() // a second time is a no-op
		s.fake.mu.Lock()
		discons := s.fake.discons
		s.fake.mu.Unlock()
		if discons != 1 {
			t.Errorf("node handler disconnected %d times", discons)
		}
	})
}

func TestNotificationsAfterConnectionLoss(t *testing.T) {
	bothWays(t, func(t *testing.T, s chainSetup) {
		rec := newRecorder()
		if _, err := s.chain.HandleNotifications(testCtx(t), rec); err != nil {
			t.Fatal(err)
		}
		nc := s.fake.notifications()
		s.stop()
		// The connection's end releases the handler: the node stops.
		select {
		case <-s.fake.disconned:
		case <-time.After(5 * time.Second):
			t.Fatal("losing the connection did not disconnect the node's handler")
		}
		start := time.Now()
		publish(nc, 20)
		if d := time.Since(start); d > time.Second {
			t.Errorf("notifications after the connection ended took %v", d)
		}
	})
}

// rawChain returns the Chain capability of a makeChain setup.
func rawChain(s chainSetup) messages.Chain { return s.chain.remote }

func TestHandlerReleaseDisconnects(t *testing.T) {
	s := viaMakeChain(t, nil)
	ctx := testCtx(t)
	local := &notifyServer{n: newRecorder()}
	capN := messages.ChainNotifications_ServerToClient(local)
	f, rel := rawChain(s).HandleNotifications(ctx, func(p messages.Chain_handleNotifications_Params) error {
		return p.SetNotifications(capN)
	})
	res, err := f.Struct()
	if err != nil {
		t.Fatal(err)
	}
	h := res.Handler().AddRef()
	rel()
	select {
	case <-s.fake.disconned:
		t.Fatal("disconnected while the handler is held")
	case <-time.After(50 * time.Millisecond):
	}
	h.Release()
	select {
	case <-s.fake.disconned:
	case <-time.After(5 * time.Second):
		t.Fatal("releasing the Handler did not disconnect")
	}
}

func TestNullNotifications(t *testing.T) {
	s := viaMakeChain(t, nil)
	f, rel := rawChain(s).HandleNotifications(testCtx(t), nil)
	defer rel()
	if _, err := f.Struct(); !contains(err, "null capability") {
		t.Fatalf("err = %v", err)
	}
	if _, err := s.chain.HandleNotifications(testCtx(t), nil); err == nil {
		t.Fatal("HandleNotifications(nil) succeeded")
	}
}

// TestNotificationServerOrder checks the wallet side alone: calls sent
// without waiting (pipelined) are still processed in arrival order.
func TestNotificationServerOrder(t *testing.T) {
	rec := newRecorder()
	rec.slow = true // concurrent processing would reorder
	local := &notifyServer{n: rec}
	c := serveCap(t, capnp.Client(messages.ChainNotifications_ServerToClient(local)))
	remote := messages.ChainNotifications(capnp.Client(c.Init).AddRef())
	defer remote.Release()
	ctx := testCtx(t)
	var rels []capnp.ReleaseFunc
	var futs []messages.ChainNotifications_blockConnected_Results_Future
	for i := 0; i < 200; i++ {
		raw, err := blockBytes(testBlock(uint32(i)))
		if err != nil {
			t.Fatal(err)
		}
		f, rel := remote.BlockConnected(ctx, func(p messages.ChainNotifications_blockConnected_Params) error {
			p.SetHeight(int32(i))
			return p.SetBlock(raw)
		})
		futs, rels = append(futs, f), append(rels, rel)
	}
	for i, f := range futs {
		if _, err := f.Struct(); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
		rels[i]()
	}
	got := rec.list()
	for i, e := range got {
		if want := fmt.Sprintf("connect %d %d", i, i); e != want {
			t.Fatalf("event %d = %q, want %q", i, e, want)
		}
	}
	if len(got) != 200 {
		t.Fatalf("%d events", len(got))
	}
}
