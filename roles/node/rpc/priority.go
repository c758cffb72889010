package rpc

import (
	"encoding/json"
	"strconv"

	"github.com/btcsuite/btcd/chainhash/v2"
	btcdpool "github.com/btcsuite/btcd/mempool"

	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// dustRelayFeeBtcd is the min relay fee at which btcd's IsDust applies
// Core's dust rule with -dustrelayfee=3000 sat/kvB (btcd uses 3x).
const dustRelayFeeBtcd = 1000

// feeDelta is a transaction's prioritisation (0 without a mempool).
func (n *Node) feeDelta(h chainhash.Hash) int64 {
	if n.Pool == nil {
		return 0
	}
	return n.Pool.FeeDelta(h)
}

func (n *Node) priorityCommands() []rs.Command {
	return []rs.Command{
		{Name: "prioritisetransaction", Category: "mining",
			Help: "Accepts the transaction into mined blocks at a higher (or lower) priority",
			Args: []rs.Arg{
				{Name: "txid", Type: rs.ArgHex, Help: "The transaction id."},
				{Name: "dummy", Type: rs.ArgNumber, Optional: true, Help: "API-Compatibility for previous API. Must be zero or null.\n                  DEPRECATED. For forward compatibility use named arguments and omit this parameter."},
				{Name: "fee_delta", Type: rs.ArgNumber, Help: "The fee value (in satoshis) to add (or subtract, if negative).\n" +
					"                  Note, that this value is not a fee rate. It is a value to modify absolute fee of the TX.\n" +
					"                  The fee is not actually paid, only the algorithm for selecting transactions into a block\n" +
					"                  considers the transaction as it would have paid a higher (or lower) fee."},
			},
			Result:   "true|false    (boolean) Returns true",
			Examples: rs.HelpExampleCli("prioritisetransaction", "\"txid\" 0.0 10000") + rs.HelpExampleRPC("prioritisetransaction", "\"txid\", 0.0, 10000"),
			Handler:  n.prioritisetransaction},
		{Name: "getprioritisedtransactions", Category: "mining",
			Help: "Returns a map of all user-created (see prioritisetransaction) fee deltas by txid, and whether the tx is present in mempool.",
			ResultDocs: []rs.ResultDoc{{Type: rs.ResObjDyn, Help: "prioritisation keyed by txid", Inner: []rs.ResultDoc{
				{Type: rs.ResObj, Key: "<transactionid>", Inner: []rs.ResultDoc{
					{Type: rs.ResNum, Key: "fee_delta", Help: "transaction fee delta in satoshis"},
					{Type: rs.ResBool, Key: "in_mempool", Help: "whether this transaction is currently in mempool"},
					{Type: rs.ResNum, Key: "modified_fee", Optional: true, Help: "modified fee in satoshis. Only returned if in_mempool=true"},
				}},
			}}},
			Examples: ex("getprioritisedtransactions", ""),
			Handler: func(*rs.Request) (any, error) {
				v := n.poolView()
				o := univalue.NewObject()
				for _, p := range n.Pool.Prioritised() {
					e := univalue.NewObject()
					e.PushKV("fee_delta", univalue.NewInt(p.Delta))
					d, in := v.descs[p.Txid]
					e.PushKV("in_mempool", univalue.NewBool(in))
					if in {
						e.PushKV("modified_fee", univalue.NewInt(d.Fee+p.Delta))
					}
					o.PushKV(p.Txid.String(), e)
				}
				return o, nil
			}},
	}
}

func (n *Node) prioritisetransaction(r *rs.Request) (any, error) {
	txid, err := hashArg(r.Arg(0), "txid")
	if err != nil {
		return nil, err
	}
	if raw := r.Arg(1); raw != nil {
		var num json.Number
		if err := json.Unmarshal(raw, &num); err != nil {
			return nil, rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type number", jsonType(raw))
		}
		if f, err := strconv.ParseFloat(num.String(), 64); err != nil || f != 0 {
			return nil, rs.NewError(rs.InvalidParameter, "Priority is no longer supported, dummy argument to prioritisetransaction must be 0.")
		}
	}
	delta, err := intArg(r.Arg(2), 0)
	if err != nil {
		return nil, err
	}
	if tx, err := n.Pool.Fetch(&txid); err == nil {
		for _, out := range tx.MsgTx().TxOut {
			if btcdpool.IsDust(out, dustRelayFeeBtcd) {
				return nil, rs.NewError(rs.InvalidParameter, "Priority is not supported for transactions with dust outputs.")
			}
		}
	}
	n.Pool.Prioritise(txid, delta)
	return true, nil
}
