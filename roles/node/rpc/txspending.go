package rpc

import (
	"github.com/btcsuite/btcd/wire/v2"

	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// checkObjKeys is Core's RPCTypeCheckObj with fStrict: every key present
// with its JSON kind, and no other key.
func checkObjKeys(o univalue.Value, want []string, kinds []univalue.Kind) error {
	for i, k := range want {
		v, ok := o.Find(k)
		if !ok || v.Kind == univalue.Null {
			return rs.NewError(rs.TypeError, "Missing %s", k)
		}
		if v.Kind != kinds[i] {
			return rs.NewError(rs.TypeError, "JSON value of type %s for field %s is not of expected type %s", v.Kind.TypeName(), k, kinds[i].TypeName())
		}
	}
	for _, k := range o.Keys {
		known := false
		for _, w := range want {
			known = known || k == w
		}
		if !known {
			return rs.NewError(rs.TypeError, "Unexpected key %s", k)
		}
	}
	return nil
}

func (n *Node) gettxspendingprevoutCommand() rs.Command {
	example := "\"[{\\\"txid\\\":\\\"a08e6907dbbd3d809776dbfc5d82e371b764ed838b5655e72f463568df1aadf0\\\",\\\"vout\\\":3}]\""
	return rs.Command{Name: "gettxspendingprevout", Category: "blockchain",
		Help: "Scans the mempool to find transactions spending any of the given outputs",
		Args: []rs.Arg{{Name: "outputs", Type: rs.ArgArray, Help: "The transaction outputs that we want to check, and within each, the txid (string) vout (numeric).",
			Inner: []rs.Arg{{Type: rs.ArgObject, Optional: true, Inner: []rs.Arg{
				{Name: "txid", Type: rs.ArgHex, Help: "The transaction id"},
				{Name: "vout", Type: rs.ArgNumber, Help: "The output number"},
			}}}}},
		ResultDocs: []rs.ResultDoc{{Type: rs.ResArr, Inner: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
			{Type: rs.ResHex, Key: "txid", Help: "the transaction id of the checked output"},
			{Type: rs.ResNum, Key: "vout", Help: "the vout value of the checked output"},
			{Type: rs.ResHex, Key: "spendingtxid", Optional: true, Help: "the transaction id of the mempool transaction spending this output (omitted if unspent)"},
		}}}}},
		Examples: ex("gettxspendingprevout", example),
		Handler: func(r *rs.Request) (any, error) {
			params, err := parseJSON(r.Arg(0))
			if err != nil {
				return nil, err
			}
			if params.Kind != univalue.Array {
				return nil, typeErr(params, univalue.Array)
			}
			if len(params.Elems) == 0 {
				return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter, outputs are missing")
			}
			var ops []wire.OutPoint
			for _, o := range params.Elems {
				if o.Kind != univalue.Object {
					return nil, typeErr(o, univalue.Object)
				}
				if err := checkObjKeys(o, []string{"txid", "vout"}, []univalue.Kind{univalue.String, univalue.Number}); err != nil {
					return nil, err
				}
				txid, err := hashField(o, "txid")
				if err != nil {
					return nil, err
				}
				vv, _ := o.Find("vout")
				vout, ok := vv.Int()
				if !ok || vout != int64(int32(vout)) {
					return nil, rs.NewError(rs.RPCMiscError, "JSON integer out of range")
				}
				if vout < 0 {
					return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter, vout cannot be negative")
				}
				ops = append(ops, wire.OutPoint{Hash: txid, Index: uint32(vout)})
			}
			spender := map[wire.OutPoint]string{}
			v := n.poolView()
			for _, h := range v.order {
				for _, in := range v.descs[h].Tx.MsgTx().TxIn {
					spender[in.PreviousOutPoint] = h.String()
				}
			}
			out := univalue.NewArray()
			for _, op := range ops {
				o := univalue.NewObject()
				o.PushKV("txid", univalue.NewString(op.Hash.String()))
				o.PushKV("vout", univalue.NewInt(int64(op.Index)))
				if s, ok := spender[op]; ok {
					o.PushKV("spendingtxid", univalue.NewString(s))
				}
				out.Push(o)
			}
			return out, nil
		}}
}
