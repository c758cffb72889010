package walletrpc

import (
	"errors"

	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/engine"
)

func (s *Server) sinceBlockCommands() []rs.Command {
	return []rs.Command{
		{Name: "listsinceblock", Category: "wallet",
			Help: "Get all transactions in blocks since block [blockhash], or all transactions if omitted.\nIf \"blockhash\" is no longer a part of the main chain, transactions from the fork point onward are included.\nAdditionally, if include_removed is set, transactions affecting the wallet which were removed are returned in the \"removed\" array.",
			Args: []rs.Arg{
				{Name: "blockhash", Type: rs.ArgString, Optional: true, Help: "If set, the block hash to list transactions since, otherwise list all transactions."},
				{Name: "target_confirmations", Type: rs.ArgNumber, Default: "1", Help: "Return the nth block hash from the main chain. e.g. 1 would mean the best block hash. Note: this is not used as a filter, but only affects [lastblock] in the return value"},
				{Name: "include_watchonly", Type: rs.ArgBool, Default: "false", Help: "(DEPRECATED) No longer used"},
				{Name: "include_removed", Type: rs.ArgBool, Default: "true", Help: "Show transactions that were removed due to a reorg in the \"removed\" array\n(not guaranteed to work on pruned nodes)"},
				{Name: "include_change", Type: rs.ArgBool, Default: "false", Help: "Also add entries for change outputs.\n"},
				{Name: "label", Type: rs.ArgString, Optional: true, Help: "Return only incoming transactions paying to addresses with the specified label.\n"},
			},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
				{Type: rs.ResArr, Key: "transactions", Inner: []rs.ResultDoc{{Type: rs.ResObj, Inner: sinceBlockEntryDocs()}}},
				{Type: rs.ResArr, Key: "removed", Optional: true, Help: "<structure is the same as \"transactions\" above, only present if include_removed=true>\nNote: transactions that were re-added in the active chain will appear as-is in this array, and may thus have a positive confirmation count.", Inner: []rs.ResultDoc{{Type: rs.ResElision}}},
				{Type: rs.ResHex, Key: "lastblock", Help: "The hash of the block (target_confirmations-1) from the best block on the main chain, or the genesis hash if the referenced block does not exist yet. This is typically used to feed back into listsinceblock the next time you call it. So you would generally use a target_confirmations of say 6, so you will be continually re-notified of transactions until they've reached 6 confirmations plus any new ones"},
			}}},
			Examples: rs.HelpExampleCli("listsinceblock", "") +
				rs.HelpExampleCli("listsinceblock", `"000000000000000bacf66f7497b7dc45ef753ee9a7d38571037cdb1a57f663ad" 6`) +
				rs.HelpExampleRPC("listsinceblock", `"000000000000000bacf66f7497b7dc45ef753ee9a7d38571037cdb1a57f663ad", 6`),
			Handler: s.listsinceblock},
	}
}

func sinceBlockEntryDocs() []rs.ResultDoc {
	return []rs.ResultDoc{
		{Type: rs.ResStr, Key: "address", Optional: true, Help: "The bitcoin address of the transaction (not returned if the output does not have an address, e.g. OP_RETURN null data)."},
		{Type: rs.ResStr, Key: "category", Help: "The transaction category.\n\"send\"                  Transactions sent.\n\"receive\"               Non-coinbase transactions received.\n\"generate\"              Coinbase transactions received with more than 100 confirmations.\n\"immature\"              Coinbase transactions received with 100 or fewer confirmations.\n\"orphan\"                Orphaned coinbase transactions received."},
		{Type: rs.ResStrAmount, Key: "amount", Help: "The amount in BTC. This is negative for the 'send' category, and is positive\nfor all other categories"},
		{Type: rs.ResNum, Key: "vout", Help: "the vout value"},
		{Type: rs.ResStrAmount, Key: "fee", Optional: true, Help: "The amount of the fee in BTC. This is negative and only available for the\n'send' category of transactions."},
		{Type: rs.ResNum, Key: "confirmations", Help: "The number of confirmations for the transaction. Negative confirmations means the\ntransaction conflicted that many blocks ago."},
		{Type: rs.ResBool, Key: "generated", Optional: true, Help: "Only present if the transaction's only input is a coinbase one."},
		{Type: rs.ResBool, Key: "trusted", Optional: true, Help: "Whether we consider the transaction to be trusted and safe to spend from.\nOnly present when the transaction has 0 confirmations (or negative confirmations, if conflicted)."},
		{Type: rs.ResHex, Key: "blockhash", Optional: true, Help: "The block hash containing the transaction."},
		{Type: rs.ResNum, Key: "blockheight", Optional: true, Help: "The block height containing the transaction."},
		{Type: rs.ResNum, Key: "blockindex", Optional: true, Help: "The index of the transaction in the block that includes it."},
		{Type: rs.ResNumTime, Key: "blocktime", Optional: true, Help: "The block time expressed in UNIX epoch time."},
		{Type: rs.ResHex, Key: "txid", Help: "The transaction id."},
		{Type: rs.ResHex, Key: "wtxid", Help: "The hash of serialized transaction, including witness data."},
		{Type: rs.ResArr, Key: "walletconflicts", Help: "Confirmed transactions that have been detected by the wallet to conflict with this transaction.", Inner: []rs.ResultDoc{{Type: rs.ResHex, Key: "txid", Help: "The transaction id."}}},
		{Type: rs.ResHex, Key: "replaced_by_txid", Optional: true, Help: "Only if 'category' is 'send'. The txid if this tx was replaced."},
		{Type: rs.ResHex, Key: "replaces_txid", Optional: true, Help: "Only if 'category' is 'send'. The txid if this tx replaces another."},
		{Type: rs.ResArr, Key: "mempoolconflicts", Help: "Transactions in the mempool that directly conflict with either this transaction or an ancestor transaction", Inner: []rs.ResultDoc{{Type: rs.ResHex, Key: "txid", Help: "The transaction id."}}},
		{Type: rs.ResStr, Key: "to", Optional: true, Help: "If a comment to is associated with the transaction."},
		{Type: rs.ResNumTime, Key: "time", Help: "The transaction time expressed in UNIX epoch time."},
		{Type: rs.ResNumTime, Key: "timereceived", Help: "The time received expressed in UNIX epoch time."},
		{Type: rs.ResStr, Key: "comment", Optional: true, Help: "If a comment is associated with the transaction, only present if not empty."},
		{Type: rs.ResStr, Key: "bip125-replaceable", Help: "(\"yes|no|unknown\") Whether this transaction signals BIP125 replaceability or has an unconfirmed ancestor signaling BIP125 replaceability.\nMay be unknown for unconfirmed transactions not in the mempool because their unconfirmed ancestors are unknown."},
		{Type: rs.ResArr, Key: "parent_descs", Optional: true, Help: "Only if 'category' is 'received'. List of parent descriptors for the output script of this coin.", Inner: []rs.ResultDoc{{Type: rs.ResStr, Key: "desc", Help: "The descriptor string."}}},
		{Type: rs.ResBool, Key: "abandoned", Help: "'true' if the transaction has been abandoned (inputs are respendable)."},
		{Type: rs.ResStr, Key: "label", Optional: true, Help: "A comment for the address/transaction, if any"},
	}
}

// longEntries is Core's ListTransactions with fLong: one "send" entry per
// output when the wallet paid for the transaction (change only with
// includeChange), one receive entry per output of the wallet when the
// transaction is at least minDepth deep; filter keeps only receives with
// that label.
func longEntries(v engine.TxView, minDepth int32, filter *string, includeChange bool) []univalue.Value {
	var sent, received []engine.OutView
	var valueOut int64
	for _, ov := range v.Outputs {
		valueOut += ov.Value
	}
	for _, ov := range v.Outputs {
		if v.Debit > 0 {
			isChange := ov.Mine && (ov.Address == "" || !ov.HasLabel)
			if isChange && !includeChange {
				continue
			}
			sent = append(sent, ov)
		} else if !ov.Mine {
			continue
		}
		if ov.Mine {
			received = append(received, ov)
		}
	}
	var out []univalue.Value
	if filter == nil {
		for _, ov := range sent {
			e := univalue.NewObject()
			if ov.Address != "" {
				e.PushKV("address", univalue.NewString(ov.Address))
			}
			e.PushKV("category", univalue.NewString("send"))
			e.PushKV("amount", rs.ValueFromAmount(-ov.Value))
			if ov.HasLabel {
				e.PushKV("label", univalue.NewString(ov.Label))
			}
			e.PushKV("vout", univalue.NewInt(int64(ov.Index)))
			e.PushKV("fee", rs.ValueFromAmount(-(v.Debit - valueOut)))
			txCommon(&e, v)
			e.PushKV("abandoned", univalue.NewBool(v.Abandoned))
			out = append(out, e)
		}
	}
	if len(received) == 0 || v.Depth < minDepth {
		return out
	}
	for _, ov := range received {
		if filter != nil && ov.Label != *filter {
			continue
		}
		e := univalue.NewObject()
		if ov.Address != "" {
			e.PushKV("address", univalue.NewString(ov.Address))
		}
		if ov.ParentDesc != "" {
			e.PushKV("parent_descs", univalue.NewArray(univalue.NewString(ov.ParentDesc)))
		}
		cat := "receive"
		if v.Coinbase {
			switch {
			case v.Depth < 1:
				cat = "orphan"
			case v.Immature:
				cat = "immature"
			default:
				cat = "generate"
			}
		}
		e.PushKV("category", univalue.NewString(cat))
		e.PushKV("amount", rs.ValueFromAmount(ov.Value))
		if ov.HasLabel {
			e.PushKV("label", univalue.NewString(ov.Label))
		}
		e.PushKV("vout", univalue.NewInt(int64(ov.Index)))
		e.PushKV("abandoned", univalue.NewBool(v.Abandoned))
		txCommon(&e, v)
		out = append(out, e)
	}
	return out
}

func (s *Server) listsinceblock(r *rs.Request) (any, error) {
	w, err := s.synced(r)
	if err != nil {
		return nil, err
	}
	hashStr, err := strArg(r.Arg(0), "")
	if err != nil {
		return nil, err
	}
	target, err := intArg(r.Arg(1), 1)
	if err != nil {
		return nil, err
	}
	if !isNull(r.Arg(1)) && target < 1 {
		return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter")
	}
	if _, err := boolArg(r.Arg(2), false); err != nil {
		return nil, err
	}
	includeRemoved, err := boolArg(r.Arg(3), true)
	if err != nil {
		return nil, err
	}
	includeChange, err := boolArg(r.Arg(4), false)
	if err != nil {
		return nil, err
	}
	var filter *string
	if !isNull(r.Arg(5)) {
		l, err := labelArg(r.Arg(5))
		if err != nil {
			return nil, err
		}
		filter = &l
	}
	res, err := s.sinceBlock(r, w, hashStr, int32(min(target, 1<<30)), includeRemoved)
	if err != nil {
		return nil, err
	}
	txs := univalue.NewArray()
	for _, v := range res.Txs {
		for _, e := range longEntries(v, 0, filter, includeChange) {
			txs.Push(e)
		}
	}
	o := univalue.NewObject()
	o.PushKV("transactions", txs)
	if includeRemoved {
		removed := univalue.NewArray()
		for _, v := range res.Removed {
			for _, e := range longEntries(v, -100000000, filter, includeChange) {
				removed.Push(e)
			}
		}
		o.PushKV("removed", removed)
	}
	o.PushKV("lastblock", univalue.NewString(res.LastBlock.String()))
	return o, nil
}

// sinceBlock runs the engine query with the request's block hash.
func (s *Server) sinceBlock(r *rs.Request, w *engine.Wallet, hashStr string, target int32, includeRemoved bool) (engine.SinceBlock, error) {
	if hashStr == "" {
		return w.ListSinceBlock(r.Context, nil, target, includeRemoved)
	}
	h, err := hashParam(hashStr, "blockhash")
	if err != nil {
		return engine.SinceBlock{}, err
	}
	res, err := w.ListSinceBlock(r.Context, &h, target, includeRemoved)
	switch {
	case errors.Is(err, engine.ErrBlockNotFound):
		return res, rs.NewError(rs.InvalidAddressOrKey, "Block not found")
	case errors.Is(err, engine.ErrBlockUnreadable):
		return res, rs.NewError(rs.InternalError, "Can't read block from disk")
	case err != nil:
		return res, walletErr(err)
	}
	return res, nil
}
