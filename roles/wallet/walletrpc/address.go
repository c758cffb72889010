package walletrpc

import (
	"encoding/hex"
	"sort"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
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
	t, err := s.addrType(r.Arg(1), "bech32")
	if err != nil {
		return nil, err
	}
	if w.PrivateKeysDisabled() && len(w.Info().Name) >= 0 && w.Info().KeypoolSize == 0 {
		return nil, rs.NewError(rs.WalletError, "Error: This wallet has no available keys")
	}
	a, err := w.NewAddress(t, label)
	if err != nil {
		return nil, rs.NewError(rs.WalletKeypoolRanOut, "%v", err)
	}
	return a, nil
}

func (s *Server) getrawchangeaddress(r *rs.Request) (any, error) {
	w, err := s.wallet(r)
	if err != nil {
		return nil, err
	}
	t, err := s.addrType(r.Arg(0), "bech32")
	if err != nil {
		return nil, err
	}
	a, err := w.NewChangeAddress(t)
	if err != nil {
		return nil, rs.NewError(rs.WalletKeypoolRanOut, "%v", err)
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

func (s *Server) getaddressinfo(r *rs.Request) (any, error) {
	w, err := s.wallet(r)
	if err != nil {
		return nil, err
	}
	addr, err := strArg(r.Arg(0), "")
	if err != nil {
		return nil, err
	}
	script, err := descriptor.AddressScript(addr, s.m.Options().Params)
	if err != nil {
		return nil, rs.NewError(rs.InvalidAddressOrKey, "Invalid address")
	}
	o := univalue.NewObject()
	o.PushKV("address", univalue.NewString(addr))
	o.PushKV("scriptPubKey", univalue.NewString(hex.EncodeToString(script)))
	parent, out, mine := w.IsMineScript(script)
	o.PushKV("ismine", univalue.NewBool(mine))
	o.PushKV("solvable", univalue.NewBool(mine))
	if mine {
		o.PushKV("desc", univalue.NewString(descriptor.Infer(script, s.m.Options().Params)))
		o.PushKV("parent_desc", univalue.NewString(parent))
	}
	o.PushKV("iswatchonly", univalue.NewBool(false))
	o.PushKV("isscript", univalue.NewBool(out.RedeemScript != nil || out.WitnessScript != nil))
	o.PushKV("iswitness", univalue.NewBool(len(script) >= 4 && (script[0] == 0 || script[0] >= 0x51 && script[0] <= 0x60) && int(script[1])+2 == len(script)))
	if len(out.Keys) == 1 {
		o.PushKV("pubkey", univalue.NewString(hex.EncodeToString(out.Keys[0].Pub)))
	}
	labels := univalue.NewArray()
	book := w.Labels()
	if e, ok := book[addr]; ok {
		labels.Push(univalue.NewString(e[0]))
	}
	o.PushKV("ischange", univalue.NewBool(mine && len(labels.Elems) == 0))
	o.PushKV("labels", labels)
	return o, nil
}
