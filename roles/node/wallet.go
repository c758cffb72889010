package node

import (
	"context"
	"fmt"
	"time"

	"github.com/mpbitcoin/mpbitcoin/capnp/messages"
	"github.com/mpbitcoin/mpbitcoin/ipc"
)

// startWallet runs the bitcoin-wallet child under a supervisor: spawned at
// start, restarted with backoff if it dies, stopped first at shutdown.
// Until the wallet issue the child serves Init/Echo only; Setup checks it
// answers before it counts as up.
func (n *Node) startWallet(ctx context.Context) {
	n.wallet = &ipc.Supervisor{
		Proc:  n.env.IPC,
		Role:  "bitcoin-wallet",
		Spawn: ipc.SpawnOptions{Output: n.env.Log.Forward},
		Setup: func(ctx context.Context, c *ipc.Child) error {
			ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			c.Client.Handshake(ctx, "wallet-loader")
			return c.Client.Do(func() error {
				ef, rel := c.Client.Init.MakeEcho(ctx, func(p messages.Init_makeEcho_Params) error {
					return c.Client.SetContext(p.NewContext)
				})
				defer rel()
				rf, rel2 := ef.Result().Echo(ctx, func(p messages.Echo_echo_Params) error {
					if err := c.Client.SetContext(p.NewContext); err != nil {
						return err
					}
					return p.SetEcho("ping")
				})
				defer rel2()
				res, err := rf.Struct()
				if err != nil {
					return fmt.Errorf("wallet process did not answer: %w", err)
				}
				if s, _ := res.Result(); s != "ping" {
					return fmt.Errorf("wallet process answered %q to ping", s)
				}
				return nil
			})
		},
	}
	done := make(chan struct{})
	n.done = append([]chan struct{}{done}, n.done...)
	go func() {
		defer close(done)
		n.wallet.Run(ctx)
	}()
}
