package rpc

import (
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// Policy defaults Core v30 reports in getmempoolinfo.
const (
	defaultMaxMempool       = 300 * 1000 * 1000
	defaultMaxDatacarrier   = 100000
	defaultMinRelayFeeBTC   = "0.00000100"
	defaultIncrementalFeeBT = "0.00000100"
)

// mempoolCommands report the mempool (empty when the node runs none).
func (n *Node) mempoolCommands() []rs.Command {
	return []rs.Command{
		{Name: "getmempoolinfo", Category: "blockchain",
			Help:     "Returns details on the active state of the TX memory pool.",
			Examples: ex("getmempoolinfo", ""),
			Handler: func(*rs.Request) (any, error) {
				o := univalue.NewObject()
				o.PushKV("loaded", univalue.NewBool(true))
				var count int
				var size, fees int64
				if n.Pool != nil {
					count, size, fees = n.Pool.Stats()
				}
				o.PushKV("size", univalue.NewInt(int64(count)))
				o.PushKV("bytes", univalue.NewInt(size))
				o.PushKV("usage", univalue.NewInt(0))
				o.PushKV("total_fee", rs.ValueFromAmount(fees))
				o.PushKV("maxmempool", univalue.NewInt(defaultMaxMempool))
				o.PushKV("mempoolminfee", univalue.NewNumber(defaultMinRelayFeeBTC))
				o.PushKV("minrelaytxfee", univalue.NewNumber(defaultMinRelayFeeBTC))
				o.PushKV("incrementalrelayfee", univalue.NewNumber(defaultIncrementalFeeBT))
				o.PushKV("unbroadcastcount", univalue.NewInt(0))
				o.PushKV("fullrbf", univalue.NewBool(true))
				o.PushKV("permitbaremultisig", univalue.NewBool(true))
				o.PushKV("maxdatacarriersize", univalue.NewInt(defaultMaxDatacarrier))
				return o, nil
			}},
		{Name: "getrawmempool", Category: "blockchain",
			Help: "Returns all transaction ids in memory pool as a json array of string transaction ids.\n\nHint: use getmempoolentry to fetch a specific transaction from the mempool.",
			Args: []rs.Arg{
				{Name: "verbose", Type: rs.ArgBool, Default: "false", Help: "True for a json object, false for array of transaction ids"},
				{Name: "mempool_sequence", Type: rs.ArgBool, Default: "false", Help: "If verbose=false, returns a json object with transaction list and mempool sequence number attached."},
			},
			Examples: ex("getrawmempool", "true"),
			Handler: func(r *rs.Request) (any, error) {
				verbose, err := boolArg(r.Arg(0), false)
				if err != nil {
					return nil, err
				}
				seq, err := boolArg(r.Arg(1), false)
				if err != nil {
					return nil, err
				}
				if verbose && seq {
					return nil, rs.NewError(rs.InvalidParameter, "Verbose results cannot contain mempool sequence values.")
				}
				v := n.poolView()
				if verbose {
					return n.entriesJSON(v, v.order, true), nil
				}
				txids := hashArray(v.order)
				if seq {
					o := univalue.NewObject()
					o.PushKV("txids", txids)
					sequence := uint64(1)
					if n.Pool != nil {
						sequence = n.Pool.Sequence()
					}
					o.PushKV("mempool_sequence", univalue.NewInt(int64(sequence)))
					return o, nil
				}
				return txids, nil
			}},
	}
}
