package interfaces

import (
	"context"
	"errors"
	"fmt"

	capnp "capnproto.org/go/capnp/v3"

	"github.com/mpbitcoin/mpbitcoin/capnp/messages"
	"github.com/mpbitcoin/mpbitcoin/ipc"
)

// errOldMining is Core's exact answer to Init.makeMiningOld2 (@2).
var errOldMining = errors.New("Old mining interface (@2) not supported. Please update your client!")

// RPCExecutor runs a JSON-RPC request body as the HTTP server would.
type RPCExecutor interface {
	Execute(ctx context.Context, body []byte, uri, user string) (reply []byte, status int)
}

// Init is what a role can make for a client on one connection. Nil members
// are not offered: their make* methods return a null capability, as Core's
// Init does for things an executable cannot make.
type Init struct {
	Session *ipc.Session
	// RPC runs makeRpc requests (roles without LoadWallets).
	RPC RPCExecutor
	// Chain is what makeChain serves (node processes).
	Chain Chain
	// LoadWallets serves makeWalletLoader (wallet processes); makeRpc then
	// runs on the executor it returns, once it has returned. (The field
	// cannot be called MakeWalletLoader: that is the Init_Server method.)
	LoadWallets MakeWalletLoader
	// MiningSrc serves makeMining (node processes).
	MiningSrc MiningSource

	walletRPC walletRPC
}

// InitOption sets an optional member of the Init NewInitFactory serves.
type InitOption func(*Init)

// WithChain makes Init.makeChain serve c.
func WithChain(c Chain) InitOption { return func(i *Init) { i.Chain = c } }

// WithWalletLoader makes Init.makeWalletLoader load wallets with m.
func WithWalletLoader(m MakeWalletLoader) InitOption {
	return func(i *Init) { i.LoadWallets = m }
}

// NewInitFactory returns an ipc.InitFactory serving Init with the given
// executor (nil for roles that serve no RPC) and options.
func NewInitFactory(rpc RPCExecutor, opts ...InitOption) ipc.InitFactory {
	return func(s *ipc.Session) capnp.Client {
		impl := &Init{Session: s, RPC: rpc}
		for _, o := range opts {
			o(impl)
		}
		return s.Export(messages.Init_Methods(nil, impl), impl)
	}
}

// Construct returns this connection's ThreadMap.
func (i *Init) Construct(ctx context.Context, call messages.Init_construct) error {
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	return res.SetThreadMap(i.Session.ThreadMap())
}

// MakeEcho returns a new Echo.
func (i *Init) MakeEcho(ctx context.Context, call messages.Init_makeEcho) error {
	cx, _ := call.Args().Context()
	return i.Session.Run(ctx, call, cx, func(context.Context) error {
		res, err := call.AllocResults()
		if err != nil {
			return err
		}
		impl := &Echo{Session: i.Session}
		return res.SetResult(messages.Echo(i.Session.Export(messages.Echo_Methods(nil, impl), impl)))
	})
}

// MakeMiningOld2 always fails, as in Core v31+.
func (i *Init) MakeMiningOld2(ctx context.Context, call messages.Init_makeMiningOld2) error {
	return errOldMining
}

// MakeMining returns the node's Mining once its chain state is loaded
// (clients may connect during start-up), or a null capability where the
// process serves none.
func (i *Init) MakeMining(ctx context.Context, call messages.Init_makeMining) error {
	cx, _ := call.Args().Context()
	return i.Session.Run(ctx, call, cx, func(ctx context.Context) error {
		res, err := call.AllocResults()
		if err != nil || i.MiningSrc == nil {
			return err
		}
		m, err := i.MiningSrc.Mining(ctx)
		if err != nil {
			return fmt.Errorf("makeMining: %w", err)
		}
		return res.SetResult(exportMining(i.Session, m))
	})
}

// MakeRpc returns an Rpc that runs requests on this process's RPC table,
// or a null capability where the role serves none.
func (i *Init) MakeRpc(ctx context.Context, call messages.Init_makeRpc) error {
	cx, _ := call.Args().Context()
	return i.Session.Run(ctx, call, cx, func(context.Context) error {
		res, err := call.AllocResults()
		if err != nil {
			return err
		}
		exec := i.RPC
		if i.LoadWallets != nil {
			exec = &i.walletRPC
		}
		if exec == nil {
			return nil
		}
		impl := &RPC{Session: i.Session, Exec: exec}
		return res.SetResult(messages.Rpc(i.Session.Export(messages.Rpc_Methods(nil, impl), impl)))
	})
}
