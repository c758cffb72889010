package walletrpc

import (
	"errors"
	"sort"

	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/engine"
)

// exampleAddress is Core's EXAMPLE_ADDRESS[0].
const exampleAddress = "bc1q09vm5lfy0j5reeulh4x5752q25uqqvz34hufdl"

func (s *Server) receivedCommands() []rs.Command {
	minconf := rs.Arg{Name: "minconf", Type: rs.ArgNumber, Default: "1", Help: "Only include transactions confirmed at least this many times."}
	immature := rs.Arg{Name: "include_immature_coinbase", Type: rs.ArgBool, Default: "false", Help: "Include immature coinbase transactions."}
	listMinconf := rs.Arg{Name: "minconf", Type: rs.ArgNumber, Default: "1", Help: "The minimum number of confirmations before payments are included."}
	watchonly := rs.Arg{Name: "include_watchonly", Type: rs.ArgBool, Default: "false", Help: "(DEPRECATED) No longer used"}
	conf := rs.ResultDoc{Type: rs.ResNum, Key: "confirmations", Help: "The number of confirmations of the most recent transaction included"}
	label := rs.ResultDoc{Type: rs.ResStr, Key: "label", Help: "The label of the receiving address. The default label is \"\""}
	cli := rs.HelpExampleCli
	return []rs.Command{
		{Name: "getreceivedbyaddress", Category: "wallet", Help: "Returns the total amount received by the given address in transactions with at least minconf confirmations.",
			Args:       []rs.Arg{{Name: "address", Type: rs.ArgString, Help: "The bitcoin address for transactions."}, minconf, immature},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResStrAmount, Key: "amount", Help: "The total amount in BTC received at this address."}},
			Examples: "\nThe amount from transactions with at least 1 confirmation\n" + cli("getreceivedbyaddress", `"`+exampleAddress+`"`) +
				"\nThe amount including unconfirmed transactions, zero confirmations\n" + cli("getreceivedbyaddress", `"`+exampleAddress+`" 0`) +
				"\nThe amount with at least 6 confirmations\n" + cli("getreceivedbyaddress", `"`+exampleAddress+`" 6`) +
				"\nThe amount with at least 6 confirmations including immature coinbase outputs\n" + cli("getreceivedbyaddress", `"`+exampleAddress+`" 6 true`) +
				"\nAs a JSON-RPC call\n" + rs.HelpExampleRPC("getreceivedbyaddress", `"`+exampleAddress+`", 6`),
			Handler: s.getreceivedbyaddress},
		{Name: "getreceivedbylabel", Category: "wallet", Help: "Returns the total amount received by addresses with <label> in transactions with at least [minconf] confirmations.",
			Args:       []rs.Arg{{Name: "label", Type: rs.ArgString, Help: "The selected label, may be the default label using \"\"."}, minconf, immature},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResStrAmount, Key: "amount", Help: "The total amount in BTC received for this label."}},
			Examples: "\nAmount received by the default label with at least 1 confirmation\n" + cli("getreceivedbylabel", `""`) +
				"\nAmount received at the tabby label including unconfirmed amounts with zero confirmations\n" + cli("getreceivedbylabel", `"tabby" 0`) +
				"\nThe amount with at least 6 confirmations\n" + cli("getreceivedbylabel", `"tabby" 6`) +
				"\nThe amount with at least 6 confirmations including immature coinbase outputs\n" + cli("getreceivedbylabel", `"tabby" 6 true`) +
				"\nAs a JSON-RPC call\n" + rs.HelpExampleRPC("getreceivedbylabel", `"tabby", 6, true`),
			Handler: s.getreceivedbylabel},
		{Name: "listreceivedbyaddress", Category: "wallet", Help: "List balances by receiving address.",
			Args: []rs.Arg{listMinconf,
				{Name: "include_empty", Type: rs.ArgBool, Default: "false", Help: "Whether to include addresses that haven't received any payments."},
				watchonly,
				{Name: "address_filter", Type: rs.ArgString, Optional: true, Help: "If present and non-empty, only return information on this address."},
				immature},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResArr, Inner: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
				{Type: rs.ResStr, Key: "address", Help: "The receiving address"},
				{Type: rs.ResStrAmount, Key: "amount", Help: "The total amount in BTC received by the address"},
				conf, label,
				{Type: rs.ResArr, Key: "txids", Inner: []rs.ResultDoc{{Type: rs.ResHex, Key: "txid", Help: "The ids of transactions received with the address"}}},
			}}}}},
			Examples: cli("listreceivedbyaddress", "") + cli("listreceivedbyaddress", "6 true") + cli("listreceivedbyaddress", `6 true true "" true`) +
				rs.HelpExampleRPC("listreceivedbyaddress", "6, true, true") + rs.HelpExampleRPC("listreceivedbyaddress", `6, true, true, "`+exampleAddress+`", true`),
			Handler: s.listreceivedbyaddress},
		{Name: "listreceivedbylabel", Category: "wallet", Help: "List received transactions by label.",
			Args: []rs.Arg{listMinconf,
				{Name: "include_empty", Type: rs.ArgBool, Default: "false", Help: "Whether to include labels that haven't received any payments."},
				watchonly, immature},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResArr, Inner: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
				{Type: rs.ResStrAmount, Key: "amount", Help: "The total amount received by addresses with this label"},
				conf, label,
			}}}}},
			Examples: cli("listreceivedbylabel", "") + cli("listreceivedbylabel", "6 true") + rs.HelpExampleRPC("listreceivedbylabel", "6, true, true, true"),
			Handler:  s.listreceivedbylabel},
		{Name: "getaddressesbylabel", Category: "wallet", Help: "Returns the list of addresses assigned the specified label.",
			Args: []rs.Arg{{Name: "label", Type: rs.ArgString, Help: "The label."}},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResObjDyn, Help: "json object with addresses as keys", Inner: []rs.ResultDoc{
				{Type: rs.ResObj, Key: "address", Help: "json object with information about address", Inner: []rs.ResultDoc{
					{Type: rs.ResStr, Key: "purpose", Help: "Purpose of address (\"send\" for sending address, \"receive\" for receiving address)"},
				}},
			}}},
			Examples: ex("getaddressesbylabel", `"tabby"`), Handler: s.getaddressesbylabel},
	}
}

// labelArg is Core's LabelFromValue: any string but "*".
func labelArg(raw []byte) (string, error) {
	l, err := strArg(raw, "")
	if err != nil {
		return "", err
	}
	if l == "*" {
		return "", rs.NewError(rs.WalletInvalidLabelName, "Invalid label name")
	}
	return l, nil
}

// receivedErr gives the tally errors Core's codes.
func receivedErr(err error) error {
	if errors.Is(err, engine.ErrInvalidAddress) {
		return rs.NewError(rs.InvalidAddressOrKey, "%s", err.Error())
	}
	return walletErr(err)
}

func (s *Server) getreceivedbyaddress(r *rs.Request) (any, error) {
	w, err := s.synced(r)
	if err != nil {
		return nil, err
	}
	addr, err := strArg(r.Arg(0), "")
	if err != nil {
		return nil, err
	}
	minconf, err := intArg(r.Arg(1), 1)
	if err != nil {
		return nil, err
	}
	immature, err := boolArg(r.Arg(2), false)
	if err != nil {
		return nil, err
	}
	amount, err := w.ReceivedByAddress(addr, int32(minconf), immature)
	if err != nil {
		return nil, receivedErr(err)
	}
	return rs.ValueFromAmount(amount), nil
}

func (s *Server) getreceivedbylabel(r *rs.Request) (any, error) {
	w, err := s.synced(r)
	if err != nil {
		return nil, err
	}
	label, err := labelArg(r.Arg(0))
	if err != nil {
		return nil, err
	}
	minconf, err := intArg(r.Arg(1), 1)
	if err != nil {
		return nil, err
	}
	immature, err := boolArg(r.Arg(2), false)
	if err != nil {
		return nil, err
	}
	amount, err := w.ReceivedByLabel(label, int32(minconf), immature)
	if err != nil {
		return nil, receivedErr(err)
	}
	return rs.ValueFromAmount(amount), nil
}

// listReceived parses the shared arguments of listreceivedby*: minconf,
// include_empty, then include_immature_coinbase at immatureArg.
func (s *Server) listReceived(r *rs.Request, byLabel bool, filter string, immatureArg int) (any, error) {
	w, err := s.synced(r)
	if err != nil {
		return nil, err
	}
	minconf, err := intArg(r.Arg(0), 1)
	if err != nil {
		return nil, err
	}
	empty, err := boolArg(r.Arg(1), false)
	if err != nil {
		return nil, err
	}
	if _, err := boolArg(r.Arg(2), false); err != nil {
		return nil, err
	}
	immature, err := boolArg(r.Arg(immatureArg), false)
	if err != nil {
		return nil, err
	}
	rows, err := w.ListReceived(int32(minconf), empty, immature, byLabel, filter)
	if err != nil {
		return nil, rs.NewError(rs.WalletError, "address_filter parameter was invalid")
	}
	out := univalue.NewArray()
	for _, row := range rows {
		o := univalue.NewObject()
		if !byLabel {
			o.PushKV("address", univalue.NewString(row.Address))
		}
		o.PushKV("amount", rs.ValueFromAmount(row.Amount))
		o.PushKV("confirmations", univalue.NewInt(int64(row.Confirmations)))
		o.PushKV("label", univalue.NewString(row.Label))
		if !byLabel {
			ids := univalue.NewArray()
			for _, id := range row.TxIDs {
				ids.Push(univalue.NewString(id.String()))
			}
			o.PushKV("txids", ids)
		}
		out.Push(o)
	}
	return out, nil
}

func (s *Server) listreceivedbyaddress(r *rs.Request) (any, error) {
	filter, err := strArg(r.Arg(3), "")
	if err != nil {
		return nil, err
	}
	return s.listReceived(r, false, filter, 4)
}

func (s *Server) listreceivedbylabel(r *rs.Request) (any, error) {
	return s.listReceived(r, true, "", 3)
}

func (s *Server) getaddressesbylabel(r *rs.Request) (any, error) {
	w, err := s.wallet(r)
	if err != nil {
		return nil, err
	}
	label, err := labelArg(r.Arg(0))
	if err != nil {
		return nil, err
	}
	found := w.AddressesByLabel(label)
	if len(found) == 0 {
		return nil, rs.NewError(rs.WalletInvalidLabelName, "No addresses with label %s", label)
	}
	addrs := make([]string, 0, len(found))
	for a := range found {
		addrs = append(addrs, a)
	}
	sort.Strings(addrs)
	out := univalue.NewObject()
	for _, a := range addrs {
		o := univalue.NewObject()
		o.PushKV("purpose", univalue.NewString(found[a]))
		out.PushKV(a, o)
	}
	return out, nil
}
