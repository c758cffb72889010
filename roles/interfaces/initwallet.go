package interfaces

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/mpbitcoin/mpbitcoin/capnp/messages"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
)

// loadingWallet is the warm-up text of a wallet process's RPC until its
// wallets are loaded (Core's init message).
const loadingWallet = "Loading wallet…"

var errLoaderTwice = errors.New("makeWalletLoader may be called only once per connection")

// MakeChain returns the node's Chain, or a null capability where the role
// serves none.
func (i *Init) MakeChain(ctx context.Context, call messages.Init_makeChain) error {
	cx, _ := call.Args().Context()
	return i.Session.Run(ctx, call, cx, func(context.Context) error {
		res, err := call.AllocResults()
		if err != nil || i.Chain == nil {
			return err
		}
		return res.SetResult(ExportChain(Conn{Session: i.Session}, i.Chain))
	})
}

// MakeNode returns a null capability until the GUI issue.
func (i *Init) MakeNode(ctx context.Context, call messages.Init_makeNode) error {
	cx, _ := call.Args().Context()
	return i.Session.Run(ctx, call, cx, func(context.Context) error {
		_, err := call.AllocResults()
		return err
	})
}

// MakeWalletLoader loads the wallets with LoadWallets on the caller's
// chain and returns their loader; from then on this connection's makeRpc
// executes on the wallets' RPC. A null capability where the role serves
// no wallets.
func (i *Init) MakeWalletLoader(ctx context.Context, call messages.Init_makeWalletLoader) error {
	cx, _ := call.Args().Context()
	return i.Session.Run(ctx, call, cx, func(ctx context.Context) error {
		res, err := call.AllocResults()
		if err != nil || i.LoadWallets == nil {
			return err
		}
		a := call.Args()
		if !a.HasChain() {
			return errors.New("makeWalletLoader: null chain")
		}
		raw, err := a.Args()
		if err != nil {
			return fmt.Errorf("makeWalletLoader: reading args: %w", err)
		}
		args := append([]byte(nil), raw...)
		if err := i.walletRPC.begin(); err != nil {
			return err
		}
		conn := Conn{Session: i.Session}
		chain := NewChainClient(conn, a.Chain().AddRef())
		loader, exec, err := i.LoadWallets(ctx, chain, args)
		if err == nil && (loader == nil || exec == nil) {
			err = errors.New("wallet role returned no loader or no RPC executor")
		}
		if err != nil {
			i.walletRPC.abort()
			chain.Close()
			return fmt.Errorf("loading wallets: %w", err)
		}
		i.walletRPC.ready(exec)
		return res.SetResult(ExportWalletLoader(conn, loader))
	})
}

// walletRPC is a wallet process's RPCExecutor for one connection: until
// makeWalletLoader has returned every request fails with Core's warm-up
// error (-28, "Loading wallet…"); then requests run on the wallets' RPC.
type walletRPC struct {
	mu      sync.Mutex
	started bool
	exec    RPCExecutor
	warmup  *rpcserver.Table
}

func (w *walletRPC) begin() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.started {
		return errLoaderTwice
	}
	w.started = true
	return nil
}

// abort allows another makeWalletLoader after a failed one.
func (w *walletRPC) abort() {
	w.mu.Lock()
	w.started = false
	w.mu.Unlock()
}

func (w *walletRPC) ready(exec RPCExecutor) {
	w.mu.Lock()
	w.exec = exec
	w.mu.Unlock()
}

// Execute implements RPCExecutor.
func (w *walletRPC) Execute(ctx context.Context, body []byte, uri, user string) ([]byte, int) {
	w.mu.Lock()
	exec := w.exec
	if exec == nil {
		if w.warmup == nil {
			w.warmup = rpcserver.NewTable()
			w.warmup.SetWarmup(loadingWallet)
		}
		exec = w.warmup
	}
	w.mu.Unlock()
	return exec.Execute(ctx, body, uri, user)
}
