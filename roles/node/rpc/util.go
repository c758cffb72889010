package rpc

import (
	"bytes"
	"encoding/base64"
	"encoding/json"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/btcec/v2/ecdsa"
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/chaincfg/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// messageMagic prefixes signed messages (Core's MESSAGE_MAGIC).
const messageMagic = "Bitcoin Signed Message:\n"

// messageHash is Core's MessageHash: SHA256d of the serialized magic and
// message strings.
func messageHash(msg string) []byte {
	var b bytes.Buffer
	_ = wire.WriteVarString(&b, 0, messageMagic)
	_ = wire.WriteVarString(&b, 0, msg)
	return chainhash.DoubleHashB(b.Bytes())
}

func (n *Node) utilCommands() []rs.Command {
	return []rs.Command{
		{Name: "signmessagewithprivkey", Category: "util",
			Help: "Sign a message with the private key of an address",
			Args: []rs.Arg{
				{Name: "privkey", Type: rs.ArgString, Help: "The private key to sign the message with."},
				{Name: "message", Type: rs.ArgString, Help: "The message to create a signature of."},
			},
			Result:   "\"str\"    (string) The signature of the message encoded in base 64",
			Examples: ex("signmessagewithprivkey", "\"privkey\" \"my message\""),
			Handler: func(r *rs.Request) (any, error) {
				key, err := stringArg(r.Arg(0))
				if err != nil {
					return nil, err
				}
				msg, err := stringArg(r.Arg(1))
				if err != nil {
					return nil, err
				}
				w, err := btcutil.DecodeWIF(key)
				if err != nil || !w.IsForNet(n.Chain.Params) {
					return nil, rs.NewError(rs.InvalidAddressOrKey, "Invalid private key")
				}
				sig := ecdsa.SignCompact(w.PrivKey, messageHash(msg), w.CompressPubKey)
				return base64.StdEncoding.EncodeToString(sig), nil
			}},
		{Name: "verifymessage", Category: "util",
			Help: "Verify a signed message.",
			Args: []rs.Arg{
				{Name: "address", Type: rs.ArgString, Help: "The bitcoin address to use for the signature."},
				{Name: "signature", Type: rs.ArgString, Help: "The signature provided by the signer in base 64 encoding (see signmessage)."},
				{Name: "message", Type: rs.ArgString, Help: "The message that was signed."},
			},
			Result:   "true|false    (boolean) If the signature is verified or not.",
			Examples: ex("verifymessage", "\"1D1ZrZNe3JUo7ZycKEYQQiQAWd9y54F4XX\", \"signature\", \"my message\""),
			Handler:  n.verifymessage},
		{Name: "deriveaddresses", Category: "util",
			Help: "Derives one or more addresses corresponding to an output descriptor.\n" +
				"Examples of output descriptors are:\n" +
				"    pkh(<pubkey>)                                     P2PKH outputs for the given pubkey\n" +
				"    wpkh(<pubkey>)                                    Native segwit P2PKH outputs for the given pubkey\n" +
				"    sh(multi(<n>,<pubkey>,<pubkey>,...))              P2SH-multisig outputs for the given threshold and pubkeys\n" +
				"    raw(<hex script>)                                 Outputs whose output script equals the specified hex-encoded bytes\n" +
				"    tr(<pubkey>,multi_a(<n>,<pubkey>,<pubkey>,...))   P2TR-multisig outputs for the given threshold and pubkeys\n" +
				"\nIn the above, <pubkey> either refers to a fixed public key in hexadecimal notation, or to an xpub/xprv optionally followed by one\n" +
				"or more path elements separated by \"/\", where \"h\" represents a hardened child key.\n" +
				"For more information on output descriptors, see the documentation in the doc/descriptors.md file.",
			Args: []rs.Arg{
				{Name: "descriptor", Type: rs.ArgString, Help: "The descriptor."},
				{Name: "range", Type: rs.ArgRange, Optional: true, Help: "If a ranged descriptor is used, this specifies the end or the range (in [begin,end] notation) to derive."},
			},
			ResultDocs: []rs.ResultDoc{
				{Cond: "for single derivation descriptors", Type: rs.ResArr, Inner: []rs.ResultDoc{
					{Type: rs.ResStr, Key: "address", Help: "the derived addresses"},
				}},
				{Cond: "for multipath descriptors", Type: rs.ResArr, Help: "The derived addresses for each of the multipath expansions of the descriptor, in multipath specifier order", Inner: []rs.ResultDoc{
					{Type: rs.ResArr, Help: "The derived addresses for a multipath descriptor expansion", Inner: []rs.ResultDoc{
						{Type: rs.ResStr, Key: "address", Help: "the derived address"},
					}},
				}},
			},
			Examples: "First three native segwit receive addresses\n" +
				rs.HelpExampleCli("deriveaddresses", "\""+exampleDescriptor+"\" \"[0,2]\"") +
				rs.HelpExampleRPC("deriveaddresses", "\""+exampleDescriptor+"\", \"[0,2]\""),
			Handler: n.deriveaddresses},
		{Name: "getdescriptorinfo", Category: "util",
			Help: "Analyses a descriptor.",
			Args: []rs.Arg{
				{Name: "descriptor", Type: rs.ArgString, Help: "The descriptor."},
			},
			ResultDocs: []rs.ResultDoc{
				{Type: rs.ResObj, Inner: []rs.ResultDoc{
					{Type: rs.ResStr, Key: "descriptor", Help: "The descriptor in canonical form, without private keys. For a multipath descriptor, only the first will be returned."},
					{Type: rs.ResArr, Key: "multipath_expansion", Optional: true, Help: "All descriptors produced by expanding multipath derivation elements. Only if the provided descriptor specifies multipath derivation elements.", Inner: []rs.ResultDoc{
						{Type: rs.ResStr},
					}},
					{Type: rs.ResStr, Key: "checksum", Help: "The checksum for the input descriptor"},
					{Type: rs.ResBool, Key: "isrange", Help: "Whether the descriptor is ranged"},
					{Type: rs.ResBool, Key: "issolvable", Help: "Whether the descriptor is solvable"},
					{Type: rs.ResBool, Key: "hasprivatekeys", Help: "Whether the input descriptor contained at least one private key"},
				}},
			},
			Examples: "Analyse a descriptor\n" +
				ex("getdescriptorinfo", "\"wpkh([d34db33f/84h/0h/0h]0279be667ef9dcbbac55a06295Ce870b07029Bfcdb2dce28d959f2815b16f81798)\""),
			Handler: n.getdescriptorinfo},
	}
}

func (n *Node) verifymessage(r *rs.Request) (any, error) {
	addrStr, err := stringArg(r.Arg(0))
	if err != nil {
		return nil, err
	}
	sigStr, err := stringArg(r.Arg(1))
	if err != nil {
		return nil, err
	}
	msg, err := stringArg(r.Arg(2))
	if err != nil {
		return nil, err
	}
	a, err := address.DecodeAddress(addrStr, n.Chain.Params)
	if err != nil || !a.IsForNet(n.Chain.Params) {
		return nil, rs.NewError(rs.InvalidAddressOrKey, "Invalid address")
	}
	pkh, ok := a.(*address.AddressPubKeyHash)
	if !ok {
		return nil, rs.NewError(rs.TypeError, "Address does not refer to key")
	}
	sig, err := base64.StdEncoding.DecodeString(sigStr)
	if err != nil {
		return nil, rs.NewError(rs.TypeError, "Malformed base64 encoding")
	}
	pub, compressed, err := ecdsa.RecoverCompact(sig, messageHash(msg))
	if err != nil {
		return false, nil
	}
	ser := pub.SerializeUncompressed()
	if compressed {
		ser = pub.SerializeCompressed()
	}
	return bytes.Equal(address.Hash160(ser), pkh.ScriptAddress()), nil
}

// exampleDescriptor is the descriptor of Core's deriveaddresses examples.
const exampleDescriptor = "wpkh([d34db33f/84h/0h/0h]xpub6DJ2dNUysrn5Vt36jH2KLBT2i1auw1tTSSomg8PhqNiUtx8QX2SvC9nrHu81fT41fvDUnhMjEzQgXnQjKEu3oaqMSzhSrHMxyyoEAmUHQbY/0/*)#cjjspncu"

// parseDescriptorRange is Core's ParseDescriptorRange: a number (end, from
// 0) or [begin,end], within [0, 2^31) and at most a million long.
func parseDescriptorRange(raw json.RawMessage) (int64, int64, error) {
	var lo, hi int64
	var pair []json.RawMessage
	switch {
	case len(raw) > 0 && raw[0] != '[' && raw[0] != '"' && raw[0] != '{' && raw[0] != 't' && raw[0] != 'f' && raw[0] != 'n':
		v, err := intArg(raw, 0)
		if err != nil {
			return 0, 0, err
		}
		hi = v
	case json.Unmarshal(raw, &pair) == nil && len(pair) == 2 && isJSONNumber(pair[0]) && isJSONNumber(pair[1]):
		var err error
		if lo, err = intArg(pair[0], 0); err != nil {
			return 0, 0, err
		}
		if hi, err = intArg(pair[1], 0); err != nil {
			return 0, 0, err
		}
		if lo > hi {
			return 0, 0, rs.NewError(rs.InvalidParameter, "Range specified as [begin,end] must not have begin after end")
		}
	default:
		return 0, 0, rs.NewError(rs.InvalidParameter, "Range must be specified as end or as [begin,end]")
	}
	if lo < 0 {
		return 0, 0, rs.NewError(rs.InvalidParameter, "Range should be greater or equal than 0")
	}
	if hi>>31 != 0 {
		return 0, 0, rs.NewError(rs.InvalidParameter, "End of range is too high")
	}
	if hi >= lo+1000000 {
		return 0, 0, rs.NewError(rs.InvalidParameter, "Range is too large")
	}
	return lo, hi, nil
}

func isJSONNumber(raw json.RawMessage) bool {
	return len(raw) > 0 && (raw[0] == '-' || (raw[0] >= '0' && raw[0] <= '9'))
}

// deriveAddresses is Core's DeriveAddresses for one descriptor.
func deriveAddresses(d *descriptor.Descriptor, lo, hi int64, params *chaincfg.Params) (univalue.Value, error) {
	out := univalue.NewArray()
	for i := lo; i <= hi; i++ {
		outs, err := d.Expand(uint32(i))
		if err != nil {
			return univalue.Value{}, rs.NewError(rs.InvalidAddressOrKey, "Cannot derive script without private keys")
		}
		for _, o := range outs {
			a, ok := descriptor.ScriptAddress(o.Script, params)
			if !ok {
				// combo() also yields P2PK, which has no address.
				if _, isPK := p2pkScriptKey(o.Script); len(outs) > 1 && isPK {
					continue
				}
				return univalue.Value{}, rs.NewError(rs.InvalidAddressOrKey, "Descriptor does not have a corresponding address")
			}
			out.Push(univalue.NewString(a))
		}
	}
	if out.Len() == 0 {
		return univalue.Value{}, rs.NewError(rs.RPCMiscError, "Unexpected empty result")
	}
	return out, nil
}

// p2pkScriptKey returns the key of a <pubkey> OP_CHECKSIG script.
func p2pkScriptKey(s []byte) ([]byte, bool) {
	if (len(s) == 35 && s[0] == 33 || len(s) == 67 && s[0] == 65) && s[len(s)-1] == txscript.OP_CHECKSIG {
		return s[1 : len(s)-1], true
	}
	return nil, false
}

func (n *Node) deriveaddresses(r *rs.Request) (any, error) {
	descStr, err := stringArg(r.Arg(0))
	if err != nil {
		return nil, err
	}
	var lo, hi int64
	if r.Arg(1) != nil {
		if lo, hi, err = parseDescriptorRange(r.Arg(1)); err != nil {
			return nil, err
		}
	}
	d, err := descriptor.Parse(descStr, n.Chain.Params, true)
	if err != nil {
		return nil, rs.NewError(rs.InvalidAddressOrKey, "%s", err.Error())
	}
	if !d.IsRange() && len(r.Params) > 1 {
		return nil, rs.NewError(rs.InvalidParameter, "Range should not be specified for an un-ranged descriptor")
	}
	if d.IsRange() && len(r.Params) == 1 {
		return nil, rs.NewError(rs.InvalidParameter, "Range must be specified for a ranged descriptor")
	}
	alts := d.Multipath()
	first, err := deriveAddresses(alts[0], lo, hi, n.Chain.Params)
	if err != nil {
		return nil, err
	}
	if len(alts) == 1 {
		return first, nil
	}
	all := univalue.NewArray()
	all.Push(first)
	for _, a := range alts[1:] {
		addrs, err := deriveAddresses(a, lo, hi, n.Chain.Params)
		if err != nil {
			return nil, err
		}
		all.Push(addrs)
	}
	return all, nil
}

func (n *Node) getdescriptorinfo(r *rs.Request) (any, error) {
	descStr, err := stringArg(r.Arg(0))
	if err != nil {
		return nil, err
	}
	d, err := descriptor.Parse(descStr, n.Chain.Params, false)
	if err != nil {
		return nil, rs.NewError(rs.InvalidAddressOrKey, "%s", err.Error())
	}
	o := univalue.NewObject()
	o.PushKV("descriptor", univalue.NewString(d.String()))
	if d.IsMultipath() {
		exp := univalue.NewArray()
		for _, a := range d.Multipath() {
			exp.Push(univalue.NewString(a.String()))
		}
		o.PushKV("multipath_expansion", exp)
	}
	o.PushKV("checksum", univalue.NewString(descriptor.DescriptorChecksum(descStr)))
	o.PushKV("isrange", univalue.NewBool(d.IsRange()))
	o.PushKV("issolvable", univalue.NewBool(d.IsSolvable()))
	o.PushKV("hasprivatekeys", univalue.NewBool(d.HasPrivateKeys()))
	return o, nil
}
