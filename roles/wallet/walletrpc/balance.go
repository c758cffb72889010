package walletrpc

import (
	"encoding/hex"
	"encoding/json"
	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/engine"

	"github.com/btcsuite/btcd/wire/v2"

	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

func (s *Server) balanceCommands() []rs.Command {
	return []rs.Command{
		{Name: "getbalance", Category: "wallet", Help: "Returns the total available balance.\nThe available balance is what the wallet considers currently spendable, and is\nthus affected by options which limit spendability such as -spendzeroconfchange.",
			Args: []rs.Arg{
				{Name: "dummy", Type: rs.ArgString, Optional: true, Help: "Remains for backward compatibility. Must be excluded or set to \"*\"."},
				{Name: "minconf", Type: rs.ArgNumber, Default: "0", Help: "Only include transactions confirmed at least this many times."},
				{Name: "include_watchonly", Type: rs.ArgBool, Default: "true for watch-only wallets, otherwise false", Help: "No longer used"},
				{Name: "avoid_reuse", Type: rs.ArgBool, Default: "true", Help: "(only available if avoid_reuse wallet flag is set) Do not include balance in dirty outputs; addresses are considered dirty if they have previously been used in a transaction."},
			},
			Examples: ex("getbalance", ""), Handler: s.getbalance},
		{Name: "getbalances", Category: "wallet", Help: "Returns an object with all balances in BTC.",
			Examples: ex("getbalances", ""), Handler: s.getbalances},
		{Name: "listunspent", Category: "wallet", Help: "Returns array of unspent transaction outputs\nwith between minconf and maxconf (inclusive) confirmations.\nOptionally filter to only include txouts paid to specified addresses.",
			Args: []rs.Arg{
				{Name: "minconf", Type: rs.ArgNumber, Default: "1", Help: "The minimum confirmations to filter"},
				{Name: "maxconf", Type: rs.ArgNumber, Default: "9999999", Help: "The maximum confirmations to filter"},
				{Name: "addresses", Type: rs.ArgArray, Default: "[]", Help: "The bitcoin addresses to filter", Inner: []rs.Arg{{Name: "address", Type: rs.ArgString, Help: "bitcoin address"}}},
				{Name: "include_unsafe", Type: rs.ArgBool, Default: "true", Help: "Include outputs that are not safe to spend\nSee description of \"safe\" attribute below."},
				{Name: "query_options", Type: rs.ArgNamedParams, Optional: true, Help: "", Inner: []rs.Arg{
					{Name: "minimumAmount", Type: rs.ArgAmount, Default: "0", Help: "Minimum value of each UTXO in BTC"},
					{Name: "maximumAmount", Type: rs.ArgAmount, Default: "unlimited", Help: "Maximum value of each UTXO in BTC"},
					{Name: "maximumCount", Type: rs.ArgNumber, Default: "unlimited", Help: "Maximum number of UTXOs"},
					{Name: "minimumSumAmount", Type: rs.ArgAmount, Default: "unlimited", Help: "Minimum sum value of all UTXOs in BTC"},
					{Name: "include_immature_coinbase", Type: rs.ArgBool, Default: "false", Help: "Include immature coinbase UTXOs"},
				}},
			},
			Examples: ex("listunspent", ""), Handler: s.listunspent},
		{Name: "lockunspent", Category: "wallet", Help: "Updates list of temporarily unspendable outputs.",
			Args: []rs.Arg{
				{Name: "unlock", Type: rs.ArgBool, Help: "Whether to unlock (true) or lock (false) the specified transactions"},
				{Name: "transactions", Type: rs.ArgArray, Default: "[]", Help: "The transaction outputs and within each, the txid (string) vout (numeric).", Inner: []rs.Arg{{Name: "", Type: rs.ArgObject, Inner: []rs.Arg{{Name: "txid", Type: rs.ArgHex, Help: "The transaction id"}, {Name: "vout", Type: rs.ArgNumber, Help: "The output number"}}}}},
				{Name: "persistent", Type: rs.ArgBool, Default: "false", Help: "Whether to write/erase this lock in the wallet database, or keep the change in memory only. Ignored for unlocking."},
			},
			Examples: ex("lockunspent", "false"), Handler: s.lockunspent},
		{Name: "listlockunspent", Category: "wallet", Help: "Returns list of temporarily unspendable outputs.\nSee the lockunspent call to lock and unlock transactions for spending.",
			Examples: ex("listlockunspent", ""), Handler: s.listlockunspent},
	}
}

func (s *Server) getbalance(r *rs.Request) (any, error) {
	w, err := s.synced(r)
	if err != nil {
		return nil, err
	}
	if d, _ := strArg(r.Arg(0), "*"); !isNull(r.Arg(0)) && d != "*" {
		return nil, rs.NewError(rs.MethodDeprecated, "dummy first argument must be excluded or set to \"*\".")
	}
	minconf, err := intArg(r.Arg(1), 0)
	if err != nil {
		return nil, err
	}
	b := w.Balances(int32(minconf))
	return rs.ValueFromAmount(b.Trusted), nil
}

func (s *Server) getbalances(r *rs.Request) (any, error) {
	w, err := s.synced(r)
	if err != nil {
		return nil, err
	}
	b := w.Balances(0)
	mine := univalue.NewObject()
	mine.PushKV("trusted", rs.ValueFromAmount(b.Trusted))
	mine.PushKV("untrusted_pending", rs.ValueFromAmount(b.UntrustedPending))
	mine.PushKV("immature", rs.ValueFromAmount(b.Immature))
	out := univalue.NewObject()
	out.PushKV("mine", mine)
	in := w.Info()
	lb := univalue.NewObject()
	lb.PushKV("hash", univalue.NewString(in.LastProcessedHash.String()))
	lb.PushKV("height", univalue.NewInt(int64(in.LastProcessedHeight)))
	out.PushKV("lastprocessedblock", lb)
	return out, nil
}

func (s *Server) listunspent(r *rs.Request) (any, error) {
	w, err := s.synced(r)
	if err != nil {
		return nil, err
	}
	minconf, err := intArg(r.Arg(0), 1)
	if err != nil {
		return nil, err
	}
	maxconf, err := intArg(r.Arg(1), 9999999)
	if err != nil {
		return nil, err
	}
	filter := map[string]bool{}
	if !isNull(r.Arg(2)) {
		var addrs []string
		if err := json.Unmarshal(r.Arg(2), &addrs); err != nil {
			return nil, rs.NewError(rs.TypeError, "addresses must be an array of strings")
		}
		for _, a := range addrs {
			if filter[a] {
				return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter, duplicated address: %s", a)
			}
			filter[a] = true
		}
	}
	unsafe, err := boolArg(r.Arg(3), true)
	if err != nil {
		return nil, err
	}
	var q struct {
		MinAmount json.RawMessage `json:"minimumAmount"`
		MaxAmount json.RawMessage `json:"maximumAmount"`
		MaxCount  *int64          `json:"maximumCount"`
		MinSum    json.RawMessage `json:"minimumSumAmount"`
		Immature  bool            `json:"include_immature_coinbase"`
	}
	if !isNull(r.Arg(4)) {
		if err := json.Unmarshal(r.Arg(4), &q); err != nil {
			return nil, rs.NewError(rs.TypeError, "query_options: %v", err)
		}
	}
	minAmount, maxAmount, minSum := int64(0), int64(-1), int64(-1)
	for _, a := range []struct {
		raw json.RawMessage
		dst *int64
	}{{q.MinAmount, &minAmount}, {q.MaxAmount, &maxAmount}, {q.MinSum, &minSum}} {
		if !isNull(a.raw) {
			v, err := amountArg(a.raw)
			if err != nil {
				return nil, err
			}
			*a.dst = v
		}
	}
	out := univalue.NewArray()
	var sum int64
	for _, u := range w.ListUnspentWith(engine.UnspentFilter{MinConf: int32(minconf), MaxConf: int32(maxconf), IncludeUnsafe: unsafe, IncludeImmature: q.Immature}) {
		if len(filter) > 0 && !filter[u.Address] {
			continue
		}
		if u.Value < minAmount || maxAmount >= 0 && u.Value > maxAmount {
			continue
		}
		if q.MaxCount != nil && *q.MaxCount > 0 && int64(len(out.Elems)) >= *q.MaxCount {
			break
		}
		if minSum >= 0 && sum >= minSum {
			break
		}
		sum += u.Value
		o := univalue.NewObject()
		o.PushKV("txid", univalue.NewString(u.OutPoint.Hash.String()))
		o.PushKV("vout", univalue.NewInt(int64(u.OutPoint.Index)))
		if u.Address != "" {
			o.PushKV("address", univalue.NewString(u.Address))
		}
		if u.HasLabel {
			o.PushKV("label", univalue.NewString(u.Label))
		}
		o.PushKV("scriptPubKey", univalue.NewString(hex.EncodeToString(u.Script)))
		if u.Redeem != nil {
			o.PushKV("redeemScript", univalue.NewString(hex.EncodeToString(u.Redeem)))
		}
		if u.Witness != nil {
			o.PushKV("witnessScript", univalue.NewString(hex.EncodeToString(u.Witness)))
		}
		o.PushKV("amount", rs.ValueFromAmount(u.Value))
		o.PushKV("confirmations", univalue.NewInt(int64(u.Depth)))
		if u.Depth == 0 {
			o.PushKV("ancestorcount", univalue.NewInt(1))
		}
		o.PushKV("spendable", univalue.NewBool(true))
		o.PushKV("solvable", univalue.NewBool(true))
		o.PushKV("desc", univalue.NewString(descriptor.InferOutput(u.Out, s.m.Options().Params)))
		pd := univalue.NewArray(univalue.NewString(u.ParentDesc))
		o.PushKV("parent_descs", pd)
		o.PushKV("safe", univalue.NewBool(u.Safe))
		out.Push(o)
	}
	return out, nil
}

type outpointJSON struct {
	Txid string `json:"txid"`
	Vout *int64 `json:"vout"`
}

func (s *Server) lockunspent(r *rs.Request) (any, error) {
	w, err := s.synced(r)
	if err != nil {
		return nil, err
	}
	unlock, err := boolArg(r.Arg(0), false)
	if err != nil {
		return nil, err
	}
	persist, err := boolArg(r.Arg(2), false)
	if err != nil {
		return nil, err
	}
	if isNull(r.Arg(1)) {
		if unlock {
			if err := w.UnlockAll(); err != nil {
				return nil, walletErr(err)
			}
		}
		return true, nil
	}
	var items []outpointJSON
	if err := json.Unmarshal(r.Arg(1), &items); err != nil {
		return nil, rs.NewError(rs.TypeError, "transactions must be an array of objects")
	}
	var ops []wire.OutPoint
	for _, it := range items {
		h, err := hashParam(it.Txid, "txid")
		if err != nil {
			return nil, err
		}
		if it.Vout == nil || *it.Vout < 0 {
			return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter, vout cannot be negative")
		}
		ops = append(ops, wire.OutPoint{Hash: h, Index: uint32(*it.Vout)})
	}
	if err := w.LockUnspent(unlock, ops, persist); err != nil {
		return nil, rs.NewError(rs.InvalidParameter, "%v", err)
	}
	return true, nil
}

func (s *Server) listlockunspent(r *rs.Request) (any, error) {
	w, err := s.wallet(r)
	if err != nil {
		return nil, err
	}
	out := univalue.NewArray()
	for _, op := range w.Locked() {
		o := univalue.NewObject()
		o.PushKV("txid", univalue.NewString(op.Hash.String()))
		o.PushKV("vout", univalue.NewInt(int64(op.Index)))
		out.Push(o)
	}
	return out, nil
}
