package rpc

import (
	"encoding/json"

	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/node/mempool"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// decodeRawTx is decodeTx with Core's error for the raw transaction
// commands.
func decodeRawTx(s string) (*wire.MsgTx, error) {
	tx, ok := decodeTx(s, true, true)
	if !ok {
		return nil, rs.NewError(rs.DeserializationError, "TX decode failed. Make sure the tx has at least one input.")
	}
	return tx, nil
}

func (n *Node) rawTxCommands() []rs.Command {
	return []rs.Command{
		{Name: "sendrawtransaction", Category: "rawtransactions",
			Help: "Submit a raw transaction (serialized, hex-encoded) to local node and network.\n\nThe transaction will be sent unconditionally to all peers, so using sendrawtransaction\nfor manual rebroadcast may degrade privacy by leaking the transaction's origin, as\nnodes will normally not rebroadcast non-wallet transactions already in their mempool.",
			Args: []rs.Arg{
				{Name: "hexstring", Type: rs.ArgString, Help: "The hex string of the raw transaction"},
				{Name: "maxfeerate", Type: rs.ArgAmount, Default: "0.10", Help: "Reject transactions whose fee rate is higher than the specified value, expressed in BTC/kvB.\nFee rates larger than 1BTC/kvB are rejected.\nSet to 0 to accept any fee rate."},
				{Name: "maxburnamount", Type: rs.ArgAmount, Default: "0", Help: "Reject transactions with provably unspendable outputs (e.g. 'datacarrier' outputs that use the OP_RETURN opcode) greater than the specified value, expressed in BTC.\nIf burning funds through unspendable outputs is desired, increase this value.\nThis check is based on heuristics and does not guarantee spendability of outputs.\n"},
			},
			Result:   "\"hex\"    (string) The transaction hash in hex",
			Examples: ex("sendrawtransaction", "\"signedhex\""),
			Handler:  n.sendrawtransaction},
		{Name: "testmempoolaccept", Category: "rawtransactions",
			Help: "Returns result of mempool acceptance tests indicating if raw transaction(s) (serialized, hex-encoded) would be accepted by mempool.",
			Args: []rs.Arg{
				{Name: "rawtxs", Type: rs.ArgArray, Help: "An array of hex strings of raw transactions.", Inner: []rs.Arg{{Name: "rawtx", Type: rs.ArgString, Optional: true, Help: ""}}},
				{Name: "maxfeerate", Type: rs.ArgAmount, Default: "0.10", Help: "Reject transactions whose fee rate is higher than the specified value, expressed in BTC/kvB"},
			},
			Examples: ex("testmempoolaccept", "[\"signedhex\"]"),
			Handler:  n.testmempoolaccept},
	}
}

func (n *Node) sendrawtransaction(r *rs.Request) (any, error) {
	s, err := stringArg(r.Arg(0))
	if err != nil {
		return nil, err
	}
	msg, err := decodeRawTx(s)
	if err != nil {
		return nil, err
	}
	tx := btcutil.NewTx(msg)
	if n.Pool.Have(tx.Hash()) {
		return tx.Hash().String(), nil // Core: already in the mempool is success
	}
	if _, err := n.Pool.Submit(tx); err != nil {
		reason, code := mempool.RejectReason(err)
		return nil, rs.NewError(code, "%s", reason)
	}
	return tx.Hash().String(), nil
}

func (n *Node) testmempoolaccept(r *rs.Request) (any, error) {
	var raws []string
	if err := json.Unmarshal(r.Arg(0), &raws); err != nil {
		return nil, rs.NewError(rs.TypeError, "JSON value is not an array as expected")
	}
	if len(raws) == 0 || len(raws) > 25 {
		return nil, rs.NewError(rs.InvalidParameter, "Array must contain between 1 and 25 transactions.")
	}
	out := univalue.NewArray()
	for _, s := range raws {
		msg, err := decodeRawTx(s)
		if err != nil {
			return nil, err
		}
		tx := btcutil.NewTx(msg)
		o := univalue.NewObject()
		o.PushKV("txid", univalue.NewString(tx.Hash().String()))
		o.PushKV("wtxid", univalue.NewString(tx.WitnessHash().String()))
		res, err := n.Pool.Check(tx)
		if err != nil {
			reason, _ := mempool.RejectReason(err)
			o.PushKV("allowed", univalue.NewBool(false))
			o.PushKV("reject-reason", univalue.NewString(reason))
		} else {
			o.PushKV("allowed", univalue.NewBool(true))
			o.PushKV("vsize", univalue.NewInt(res.VSize))
			fees := univalue.NewObject()
			fees.PushKV("base", rs.ValueFromAmount(res.Fee))
			fees.PushKV("effective-feerate", rs.ValueFromAmount(res.Fee*1000/max(res.VSize, 1)))
			wt := univalue.NewArray()
			wt.Push(univalue.NewString(tx.WitnessHash().String()))
			fees.PushKV("effective-includes", wt)
			o.PushKV("fees", fees)
		}
		out.Push(o)
	}
	return out, nil
}
