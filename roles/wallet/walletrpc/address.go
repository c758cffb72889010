package walletrpc

import (
	"errors"

	"github.com/mpbitcoin/mpbitcoin/roles/wallet/engine"
	"sort"

	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

var addressTypes = map[string]bool{"legacy": true, "p2sh-segwit": true, "bech32": true, "bech32m": true}

func (s *Server) addressCommands() []rs.Command {
	return []rs.Command{
		{Name: "getnewaddress", Category: "wallet", Help: "Returns a new Bitcoin address for receiving payments.\nIf 'label' is specified, it is added to the address book \nso payments received with the address will be associated with 'label'.",
			Args: []rs.Arg{
				{Name: "label", Type: rs.ArgString, Default: `""`, Help: "The label name for the address to be linked to. It can also be set to the empty string \"\" to represent the default label. The label does not need to exist, it will be created if there is no label by the given name."},
				{Name: "address_type", Type: rs.ArgString, Default: "set by -addresstype", Help: "The address type to use. Options are \"legacy\", \"p2sh-segwit\", \"bech32\", and \"bech32m\"."},
			},
			Examples: ex("getnewaddress", ""), Handler: s.getnewaddress},
		{Name: "getrawchangeaddress", Category: "wallet", Help: "Returns a new Bitcoin address, for receiving change.\nThis is for use with raw transactions, NOT normal use.",
			Args:     []rs.Arg{{Name: "address_type", Type: rs.ArgString, Default: "set by -changetype", Help: "The address type to use. Options are \"legacy\", \"p2sh-segwit\", \"bech32\", and \"bech32m\"."}},
			Examples: ex("getrawchangeaddress", ""), Handler: s.getrawchangeaddress},
		{Name: "setlabel", Category: "wallet", Help: "Sets the label associated with the given address.",
			Args: []rs.Arg{
				{Name: "address", Type: rs.ArgString, Help: "The bitcoin address to be associated with a label."},
				{Name: "label", Type: rs.ArgString, Help: "The label to assign to the address."},
			},
			Examples: ex("setlabel", "\"address\" \"tabby\""), Handler: s.setlabel},
		{Name: "listlabels", Category: "wallet", Help: "Returns the list of all labels, or labels that are assigned to addresses with a specific purpose.",
			Args:     []rs.Arg{{Name: "purpose", Type: rs.ArgString, Optional: true, Help: "Address purpose to list labels for ('send','receive'). An empty string is the same as not providing this argument."}},
			Examples: ex("listlabels", ""), Handler: s.listlabels},
		{Name: "getaddressinfo", Category: "wallet", Help: "Return information about the given bitcoin address.\nSome of the information will only be present if the address is in the active wallet.",
			Args:     []rs.Arg{{Name: "address", Type: rs.ArgString, Help: "The bitcoin address for which to get information."}},
			Examples: ex("getaddressinfo", "\"address\""), Handler: s.getaddressinfo},
	}
}

func (s *Server) addrType(raw []byte, def string) (string, error) {
	t, err := strArg(raw, def)
	if err != nil {
		return "", err
	}
	if !addressTypes[t] {
		return "", rs.NewError(rs.InvalidAddressOrKey, "Unknown address type '%s'", t)
	}
	return t, nil
}

func (s *Server) getnewaddress(r *rs.Request) (any, error) {
	w, err := s.wallet(r)
	if err != nil {
		return nil, err
	}
	label, err := strArg(r.Arg(0), "")
	if err != nil {
		return nil, err
	}
	if label == "*" {
		return nil, rs.NewError(rs.WalletInvalidLabelName, "Invalid label name")
	}
	t, err := s.addrType(r.Arg(1), s.m.Options().DefaultAddressType())
	if err != nil {
		return nil, err
	}
	a, err := w.NewAddress(t, label)
	if err != nil {
		return nil, addrErr(err)
	}
	return a, nil
}

func (s *Server) getrawchangeaddress(r *rs.Request) (any, error) {
	w, err := s.wallet(r)
	if err != nil {
		return nil, err
	}
	t, err := s.addrType(r.Arg(0), s.m.Options().DefaultChangeType())
	if err != nil {
		return nil, err
	}
	a, err := w.NewChangeAddress(t)
	if err != nil {
		return nil, addrErr(err)
	}
	return a, nil
}

func (s *Server) setlabel(r *rs.Request) (any, error) {
	w, err := s.wallet(r)
	if err != nil {
		return nil, err
	}
	addr, err := strArg(r.Arg(0), "")
	if err != nil {
		return nil, err
	}
	label, err := strArg(r.Arg(1), "")
	if err != nil {
		return nil, err
	}
	if label == "*" {
		return nil, rs.NewError(rs.WalletInvalidLabelName, "Invalid label name")
	}
	if err := w.SetLabel(addr, label); err != nil {
		return nil, rs.NewError(rs.InvalidAddressOrKey, "Invalid Bitcoin address")
	}
	return nil, nil
}

func (s *Server) listlabels(r *rs.Request) (any, error) {
	w, err := s.wallet(r)
	if err != nil {
		return nil, err
	}
	purpose, err := strArg(r.Arg(0), "")
	if err != nil {
		return nil, err
	}
	if purpose != "" && purpose != "send" && purpose != "receive" && purpose != "refund" {
		return nil, rs.NewError(rs.InvalidParameter, "Invalid 'purpose' argument, must be a known purpose string, typically 'send', or 'receive'.")
	}
	set := map[string]bool{}
	for _, e := range w.Labels() {
		if purpose == "" || e[1] == purpose {
			set[e[0]] = true
		}
	}
	var names []string
	for n := range set {
		names = append(names, n)
	}
	sort.Strings(names)
	out := univalue.NewArray()
	for _, n := range names {
		out.Push(univalue.NewString(n))
	}
	return out, nil
}

// addrErr gives address errors Core's codes.
func addrErr(err error) error {
	if errors.Is(err, engine.ErrNoKeys) {
		return rs.NewError(rs.WalletError, "%s", err.Error())
	}
	return rs.NewError(rs.WalletKeypoolRanOut, "%s", err.Error())
}
