package ipc_test

import (
	"context"
	"errors"
	"testing"
	"time"

	capnp "capnproto.org/go/capnp/v3"

	"github.com/mpbitcoin/mpbitcoin/capnp/messages"
	"github.com/mpbitcoin/mpbitcoin/ipc"
	"github.com/mpbitcoin/mpbitcoin/roles/interfaces"
)

// blockingInit serves Init whose makeMining blocks until its context ends,
// reporting the cancellation: an in-flight call cut off by a disconnect.
type blockingInit struct {
	interfaces.Init
	started  chan struct{}
	canceled chan struct{}
}

func (b *blockingInit) MakeMining(ctx context.Context, call messages.Init_makeMining) error {
	cx, _ := call.Args().Context()
	return b.Session.Run(ctx, call, cx, func(ctx context.Context) error {
		close(b.started)
		<-ctx.Done()
		close(b.canceled)
		return ctx.Err()
	})
}

func TestDisconnectCancelsInFlight(t *testing.T) {
	a, bconn := socketPair(t)
	bi := &blockingInit{started: make(chan struct{}), canceled: make(chan struct{})}
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = ipc.Serve(context.Background(), newProc(t, "bitcoin-node", nil), a, func(s *ipc.Session) capnp.Client {
			bi.Session = s
			return s.Export(messages.Init_Methods(nil, bi), bi)
		})
	}()
	c := ipc.Connect(newProc(t, "bitcoin-gui", nil), bconn)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c.Handshake(ctx, "waiter")
	callErr := make(chan error, 1)
	go func() {
		callErr <- c.Do(func() error {
			f, rel := c.Init.MakeMining(ctx, func(p messages.Init_makeMining_Params) error { return c.SetContext(p.NewContext) })
			defer rel()
			_, err := f.Struct()
			return err
		})
	}()
	select {
	case <-bi.started:
	case <-ctx.Done():
		t.Fatal("call never started")
	}
	// The peer goes away: the server must cancel the running call and the
	// client's in-flight call must fail at once.
	bconn.Close()
	select {
	case <-bi.canceled:
	case <-time.After(5 * time.Second):
		t.Fatal("server call not cancelled after disconnect")
	}
	select {
	case err := <-callErr:
		if !errors.Is(err, ipc.ErrInterruptedByDisconnect) {
			t.Fatalf("in-flight call error = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("client call hangs after disconnect")
	}
	select {
	case <-served:
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return")
	}
	if err := c.Do(func() error { return nil }); !errors.Is(err, ipc.ErrCalledAfterDisconnect) {
		t.Fatalf("later call: %v", err)
	}
}
