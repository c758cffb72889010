package walletrpc

import (
	"bytes"
	"encoding/hex"
	"errors"

	noderpc "github.com/mpbitcoin/mpbitcoin/roles/node/rpc"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/engine"
)

func (s *Server) txCommands() []rs.Command {
	return []rs.Command{
		{Name: "gettransaction", Category: "wallet", Help: "Get detailed information about in-wallet transaction <txid>",
			Args: []rs.Arg{
				{Name: "txid", Type: rs.ArgString, Help: "The transaction id"},
				{Name: "include_watchonly", Type: rs.ArgBool, Default: "true for watch-only wallets, otherwise false", Help: "Whether to include watch-only addresses in balance calculation and details[]"},
				{Name: "verbose", Type: rs.ArgBool, Default: "false", Help: "Whether to include a `decoded` field containing the decoded transaction (equivalent to RPC decoderawtransaction)"},
			},
			Examples: ex("gettransaction", "\"1075db55d416d3ca199f55b6084e2115b9345e16c5cf302fc80e9d5fbf5d48d\""),
			Handler:  s.gettransaction},
		{Name: "listtransactions", Category: "wallet", Help: "If a label name is provided, this will return only incoming transactions paying to addresses with the specified label.\n\nReturns up to 'count' most recent transactions skipping the first 'from' transactions.",
			Args: []rs.Arg{
				{Name: "label|dummy", Type: rs.ArgString, Optional: true, Help: "If set, should be a valid label name to return only incoming transactions\nwith the specified label, or \"*\" to disable filtering and return all transactions."},
				{Name: "count", Type: rs.ArgNumber, Default: "10", Help: "The number of transactions to return"},
				{Name: "skip", Type: rs.ArgNumber, Default: "0", Help: "The number of transactions to skip"},
				{Name: "include_watchonly", Type: rs.ArgBool, Default: "true for watch-only wallets, otherwise false", Help: "Include transactions to watch-only addresses (see 'importaddress')"},
			},
			Examples: ex("listtransactions", ""), Handler: s.listtransactions},
		{Name: "rescanblockchain", Category: "wallet", Help: "Rescan the local blockchain for wallet related transactions.\nNote: Use \"getwalletinfo\" to query the scanning progress.\nThe rescan is significantly faster if block filters are available\n(using startup option \"-blockfilterindex=1\").",
			Args: []rs.Arg{
				{Name: "start_height", Type: rs.ArgNumber, Default: "0", Help: "block height where the rescan should start"},
				{Name: "stop_height", Type: rs.ArgNumber, Optional: true, Help: "the last block height that should be scanned. If none is provided it will rescan up to the tip at return time of this call."},
			},
			Examples: ex("rescanblockchain", "100000 120000"), Handler: s.rescanblockchain},
	}
}

// txCommon is Core's WalletTxToJSON.
func txCommon(o *univalue.Value, v engine.TxView) {
	o.PushKV("confirmations", univalue.NewInt(int64(v.Depth)))
	if v.Coinbase {
		o.PushKV("generated", univalue.NewBool(true))
	}
	if v.Depth <= 0 { // Core: every state but confirmed
		o.PushKV("trusted", univalue.NewBool(v.Trusted))
	}
	if v.Depth > 0 {
		o.PushKV("blockhash", univalue.NewString(v.BlockHash.String()))
		o.PushKV("blockheight", univalue.NewInt(int64(v.BlockHeight)))
		o.PushKV("blockindex", univalue.NewInt(int64(v.BlockIndex)))
		o.PushKV("blocktime", univalue.NewInt(v.BlockTime))
	}
	o.PushKV("txid", univalue.NewString(v.TxID.String()))
	o.PushKV("wtxid", univalue.NewString(v.Tx.WitnessHash().String()))
	conf := univalue.NewArray()
	for _, c := range v.Conflicts {
		conf.Push(univalue.NewString(c.String()))
	}
	o.PushKV("walletconflicts", conf)
	if v.ReplacedBy != nil {
		o.PushKV("replaced_by_txid", univalue.NewString(v.ReplacedBy.String()))
	}
	if v.Replaces != nil {
		o.PushKV("replaces_txid", univalue.NewString(v.Replaces.String()))
	}
	o.PushKV("mempoolconflicts", univalue.NewArray())
	o.PushKV("time", univalue.NewInt(v.Time()))
	o.PushKV("timereceived", univalue.NewInt(v.TimeReceived))
	if v.Comment != "" {
		o.PushKV("comment", univalue.NewString(v.Comment))
	}
	if v.To != "" {
		o.PushKV("to", univalue.NewString(v.To))
	}
	o.PushKV("bip125-replaceable", univalue.NewString(v.Replaceable))
}

func (s *Server) gettransaction(r *rs.Request) (any, error) {
	w, err := s.synced(r)
	if err != nil {
		return nil, err
	}
	txidStr, err := strArg(r.Arg(0), "")
	if err != nil {
		return nil, err
	}
	h, err := hashParam(txidStr, "txid")
	if err != nil {
		return nil, err
	}
	v, ok := w.Transaction(h)
	if !ok {
		return nil, rs.NewError(rs.InvalidAddressOrKey, "Invalid or non-wallet transaction id")
	}
	var credit int64
	for _, ov := range v.Outputs {
		if ov.Mine {
			credit += ov.Value
		}
	}
	o := univalue.NewObject()
	amount := credit - v.Debit
	if v.HasFee {
		amount += v.Fee
	}
	if v.Coinbase && v.Depth >= 0 {
		amount = credit
	}
	o.PushKV("amount", rs.ValueFromAmount(amount))
	if v.HasFee {
		o.PushKV("fee", rs.ValueFromAmount(-v.Fee))
	}
	txCommon(&o, v)
	details := univalue.NewArray()
	for _, e := range longEntries(v, 0, nil, false) {
		d := univalue.NewObject()
		for i, k := range e.Keys {
			switch k {
			case "address", "category", "amount", "label", "vout", "fee", "abandoned", "parent_descs":
				d.PushKV(k, e.Elems[i])
			}
		}
		details.Push(d)
	}
	o.PushKV("details", details)
	var buf bytes.Buffer
	_ = v.Tx.Serialize(&buf)
	o.PushKV("hex", univalue.NewString(hex.EncodeToString(buf.Bytes())))
	if verbose, err := boolArg(r.Arg(2), false); err != nil {
		return nil, err
	} else if verbose {
		o.PushKV("decoded", noderpc.DecodedTx(v.Tx, s.m.Options().Params))
	}
	return o, nil
}

func (s *Server) listtransactions(r *rs.Request) (any, error) {
	w, err := s.synced(r)
	if err != nil {
		return nil, err
	}
	var filter *string
	if !isNull(r.Arg(0)) {
		l, err := strArg(r.Arg(0), "")
		if err != nil {
			return nil, err
		}
		if l != "*" {
			filter = &l
		}
	}
	count, err := intArg(r.Arg(1), 10)
	if err != nil {
		return nil, err
	}
	skip, err := intArg(r.Arg(2), 0)
	if err != nil {
		return nil, err
	}
	if count < 0 {
		return nil, rs.NewError(rs.InvalidParameter, "Negative count")
	}
	if skip < 0 {
		return nil, rs.NewError(rs.InvalidParameter, "Negative from")
	}
	var all []univalue.Value
	for _, v := range w.Transactions() {
		all = append(all, longEntries(v, 0, filter, false)...)
	}
	// The newest count entries after skipping skip from the end, oldest first.
	end := int64(len(all)) - skip
	if end < 0 {
		end = 0
	}
	start := end - count
	if start < 0 {
		start = 0
	}
	return univalue.NewArray(all[start:end]...), nil
}

func (s *Server) rescanblockchain(r *rs.Request) (any, error) {
	w, err := s.synced(r)
	if err != nil {
		return nil, err
	}
	start, err := intArg(r.Arg(0), 0)
	if err != nil {
		return nil, err
	}
	stop, err := intArg(r.Arg(1), -1)
	if err != nil {
		return nil, err
	}
	tip, err := s.m.Chain().Tip(r.Context)
	if err != nil {
		return nil, walletErr(err)
	}
	if start < 0 || start > int64(tip.Height) {
		return nil, rs.NewError(rs.InvalidParameter, "Invalid start_height")
	}
	if !isNull(r.Arg(1)) && (stop < 0 || stop > int64(tip.Height)) {
		return nil, rs.NewError(rs.InvalidParameter, "Invalid stop_height")
	}
	if !isNull(r.Arg(1)) && stop < start {
		return nil, rs.NewError(rs.InvalidParameter, "stop_height must be greater than start_height")
	}
	last, err := w.ScanChain(r.Context, int32(start), int32(stop))
	switch {
	case errors.Is(err, engine.ErrRescanning):
		return nil, rs.NewError(rs.WalletError, "%s", err.Error())
	case errors.Is(err, engine.ErrRescanAborted):
		return nil, rs.NewError(rs.RPCMiscError, "%s", err.Error())
	case err != nil:
		return nil, rs.NewError(rs.RPCMiscError, "Rescan failed: %v", err)
	}
	o := univalue.NewObject()
	o.PushKV("start_height", univalue.NewInt(start))
	o.PushKV("stop_height", univalue.NewInt(int64(last.Height)))
	return o, nil
}
