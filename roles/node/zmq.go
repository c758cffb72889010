package node

import (
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	"github.com/mpbitcoin/mpbitcoin/roles/node/zmq"
)

// startZMQ starts the -zmqpub… publishers on the validation interface and
// registers getzmqnotifications. As Core, a publisher that cannot be set up
// leaves the node running without ZMQ (the reason is in the zmq debug
// log). Node.shutdown closes it after the hub.
func (n *Node) startZMQ(c *chain.Chain) error {
	log := n.env.Log
	z, err := zmq.Start(n.notify, zmq.Config{
		Endpoints: zmq.Endpoints(n.env.Args),
		Block: func(h chainhash.Hash) (*wire.MsgBlock, error) {
			blk, err := c.BlockByHash(&h)
			if err != nil {
				return nil, err
			}
			return blk.MsgBlock(), nil
		},
		Debugf: func(format string, args ...any) { log.Debugf("zmq", format, args...) },
	})
	if err != nil {
		log.Debugf("zmq", "%v", err)
	}
	n.zmq = z
	return zmq.Register(n.table, z)
}
