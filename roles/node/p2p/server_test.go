package p2p

import (
	"context"
	"testing"
	"time"

	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
)

func newServer(t *testing.T) (*Server, *chain.Chain) {
	t.Helper()
	p, _ := chain.Params("regtest")
	c, err := chain.Open(t.TempDir(), p, &chain.Clock{})
	if err != nil {
		t.Fatal(err)
	}
	s := New(Config{Chain: c, Listen: []string{"127.0.0.1:0"}, UserAgent: "test", Version: "0.1.0", AllowSelfConns: true})
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Stop(); c.Close() })
	return s, c
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestSyncAndRelay(t *testing.T) {
	a, ca := newServer(t)
	b, cb := newServer(t)
	if _, err := ca.Generate(context.Background(), 30, []byte{0x51}, 1e6); err != nil {
		t.Fatal(err)
	}
	if err := b.Connect(a.listeners[0].Addr().String()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "initial sync", func() bool { return cb.Tip().Hash == ca.Tip().Hash })
	if _, err := ca.Generate(context.Background(), 1, []byte{0x51}, 1e6); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "relay", func() bool { return cb.Tip().Height == 31 })
	// Counters and ping.
	b.PingAll()
	waitFor(t, "pong", func() bool {
		ps := b.Peers()
		return len(ps) == 1 && ps[0].Stats(time.Now()).RecvPerMsg["pong"] >= 32 && ps[0].Stats(time.Now()).PingTime > 0
	})
	if len(a.Peers()) != 1 || !a.Peers()[0].Inbound() {
		t.Fatal("a should have one inbound peer")
	}
	// Disconnect by address, and the network switch.
	if !b.Disconnect(a.listeners[0].Addr().String(), 0) {
		t.Fatal("disconnect by address failed")
	}
	waitFor(t, "peer gone", func() bool { return len(a.Peers()) == 0 })
	b.SetNetworkActive(false)
	if err := b.Connect(a.listeners[0].Addr().String()); err == nil {
		t.Fatal("connected with networking disabled")
	}
}
