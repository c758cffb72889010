package node

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/mpbitcoin/mpbitcoin/ipc"
	"github.com/mpbitcoin/mpbitcoin/roles/interfaces"
)

// startWallet runs the bitcoin-wallet child under a supervisor: spawned at
// start, restarted with backoff if it dies, stopped first at shutdown.
// Setup hands the child this node's Chain and settings
// (Init.makeWalletLoader) and points the wallet RPC forwarders at it.
func (n *Node) startWallet(ctx context.Context) <-chan struct{} {
	first := make(chan struct{})
	var firstOnce sync.Once
	n.wallet = &ipc.Supervisor{
		Proc:  n.env.IPC,
		Role:  "bitcoin-wallet",
		Spawn: ipc.SpawnOptions{Output: n.env.Log.Forward},
		Setup: func(ctx context.Context, c *ipc.Child) error {
			defer firstOnce.Do(func() { close(first) })
			ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
			defer cancel()
			// The settings as they are now: settings.json may have changed
			// since the last wallet process (load_on_startup).
			args, err := n.env.Args.Export()
			if err != nil {
				return err
			}
			c.Client.Handshake(ctx, "wallet-loader")
			conn := interfaces.Conn{Client: c.Client, Log: n.env.IPC.Log}
			_, rpc, err := interfaces.CallMakeWalletLoader(ctx, conn, n.walletChain, args)
			if err != nil {
				return fmt.Errorf("wallet process: %w", err)
			}
			n.walletRoute.reload(ctx, rpc, func(f string, a ...any) { n.env.Log.Warnf(f, a...) })
			n.walletRoute.set(rpc)
			return nil
		},
	}
	sup := n.wallet
	n.walletRoute.mu.Lock()
	n.walletRoute.up = func() bool { return sup.Current() != nil }
	n.walletRoute.mu.Unlock()
	done := make(chan struct{})
	n.done = append([]chan struct{}{done}, n.done...)
	go func() {
		defer close(done)
		defer firstOnce.Do(func() { close(first) })
		n.wallet.Run(ctx)
	}()
	return first
}
