package node

import (
	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	"github.com/mpbitcoin/mpbitcoin/roles/node/mempool"
	"github.com/mpbitcoin/mpbitcoin/roles/node/rest"
)

// prepareREST builds the REST server when -rest is set; startRPC mounts it
// on the RPC port under /rest/.
func (n *Node) prepareREST(c *chain.Chain, pool *mempool.Pool) {
	if !n.env.Args.GetBool("rest", false) {
		return
	}
	srv := rest.New(rest.Config{Chain: c, Pool: pool, Table: n.table})
	for _, p := range srv.Prefixes() {
		n.env.Log.Debugf("http", "Registering HTTP handler for %s (exactmatch 0)", p)
	}
	n.rest = srv
}
