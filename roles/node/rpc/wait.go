package rpc

import (
	"context"
	"encoding/json"
	"time"

	"github.com/btcsuite/btcd/blockchain"

	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

func (n *Node) waitCommands() []rs.Command {
	timeout := rs.Arg{Name: "timeout", Type: rs.ArgNumber, Default: "0", Help: "Time in milliseconds to wait for a response. 0 indicates no timeout."}
	result := "{                       (json object)\n  \"hash\" : \"hex\",        (string) The blockhash\n  \"height\" : n           (numeric) Block height\n}"
	return []rs.Command{
		{Name: "waitfornewblock", Category: "hidden", Hidden: true,
			Help:   "Waits for any new block and returns useful info about it.\n\nReturns the current block on timeout or exit.\n\nMake sure to use no RPC timeout (bitcoin-cli -rpcclienttimeout=0)",
			Args:   []rs.Arg{timeout, {Name: "current_tip", Type: rs.ArgHex, Optional: true, Help: "Method waits for the chain tip to differ from this."}},
			Result: result, Examples: ex("waitfornewblock", "1000"),
			Handler: func(r *rs.Request) (any, error) {
				start := n.Chain.Tip().Hash
				if raw := r.Arg(1); raw != nil {
					h, err := hashArg(raw, "current_tip")
					if err != nil {
						return nil, err
					}
					start = h
				}
				return n.wait(r, r.Arg(0), func(t *blockchain.BestState) bool { return t.Hash != start })
			}},
		{Name: "waitforblock", Category: "hidden", Hidden: true,
			Help:   "Waits for a specific new block and returns useful info about it.\n\nReturns the current block on timeout or exit.\n\nMake sure to use no RPC timeout (bitcoin-cli -rpcclienttimeout=0)",
			Args:   []rs.Arg{{Name: "blockhash", Type: rs.ArgHex, Help: "Block hash to wait for."}, timeout},
			Result: result, Examples: ex("waitforblock", "\"0000000000079f8ef3d2c688c244eb7a4570b24c9ed7b4a8c619eb02596f8862\" 1000"),
			Handler: func(r *rs.Request) (any, error) {
				h, err := hashArg(r.Arg(0), "blockhash")
				if err != nil {
					return nil, err
				}
				return n.wait(r, r.Arg(1), func(t *blockchain.BestState) bool { return t.Hash == h })
			}},
		{Name: "waitforblockheight", Category: "hidden", Hidden: true,
			Help:   "Waits for (at least) block height and returns the height and hash\nof the current tip.\n\nReturns the current block on timeout or exit.\n\nMake sure to use no RPC timeout (bitcoin-cli -rpcclienttimeout=0)",
			Args:   []rs.Arg{{Name: "height", Type: rs.ArgNumber, Help: "Block height to wait for."}, timeout},
			Result: result, Examples: ex("waitforblockheight", "100 1000"),
			Handler: func(r *rs.Request) (any, error) {
				h, err := intArg(r.Arg(0), 0)
				if err != nil {
					return nil, err
				}
				return n.wait(r, r.Arg(1), func(t *blockchain.BestState) bool { return int64(t.Height) >= h })
			}},
	}
}

// wait blocks until cond holds for the tip, the timeout (ms) passes, the
// client goes away or the node shuts down, and returns the tip then.
func (n *Node) wait(r *rs.Request, rawTimeout json.RawMessage, cond func(*blockchain.BestState) bool) (any, error) {
	ms, err := intArg(rawTimeout, 0)
	if err != nil {
		return nil, err
	}
	if ms < 0 {
		return nil, rs.NewError(rs.RPCMiscError, "Negative timeout")
	}
	ctx := r.Context
	if ctx == nil {
		ctx = context.Background()
	}
	if n.Shutdown != nil {
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		defer cancel()
		stop := context.AfterFunc(n.Shutdown, cancel)
		defer stop()
	}
	if ms > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Duration(ms)*time.Millisecond)
		defer cancel()
	}
	tip := n.Chain.WaitTip(ctx, cond)
	o := univalue.NewObject()
	o.PushKV("hash", univalue.NewString(tip.Hash.String()))
	o.PushKV("height", univalue.NewInt(int64(tip.Height)))
	return o, nil
}
