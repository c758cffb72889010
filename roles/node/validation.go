package node

import (
	"context"

	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	"github.com/mpbitcoin/mpbitcoin/roles/node/mempool"
	"github.com/mpbitcoin/mpbitcoin/roles/node/notify"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
)

// startNotify creates the validation interface (n.notify), makes the chain
// and the pool publish to it, and registers the RPC that waits for it.
// Node.shutdown closes it.
func (n *Node) startNotify(c *chain.Chain, pool *mempool.Pool) error {
	n.notify = notify.NewHub()
	c.SetNotify(n.notify)
	pool.SetNotify(n.notify)
	return n.table.Register(rs.Command{
		Name: "syncwithvalidationinterfacequeue", Category: "hidden", Hidden: true,
		Help:     "Waits for the validation interface queue to catch up on everything that was there when we entered this function.",
		Examples: rs.HelpExampleCli("syncwithvalidationinterfacequeue", "") + rs.HelpExampleRPC("syncwithvalidationinterfacequeue", ""),
		Handler: func(r *rs.Request) (any, error) {
			ctx := r.Context
			if ctx == nil {
				ctx = context.Background()
			}
			return nil, n.notify.Sync(ctx)
		},
	})
}
