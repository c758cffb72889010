package rpc

import (
	"bytes"
	"encoding/base64"
	"encoding/json"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/btcec/v2/ecdsa"
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"

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
			Help: "Derives one or more addresses corresponding to an output descriptor.",
			Args: []rs.Arg{
				{Name: "descriptor", Type: rs.ArgString, Help: "The descriptor."},
				{Name: "range", Type: rs.ArgRange, Optional: true, Help: "If a ranged descriptor is used, this specifies the end or the range (in [begin,end] notation) to derive."},
			},
			Examples: ex("deriveaddresses", "\"wpkh([d34db33f/84h/0h/0h]xpub6DJ2dNUysrn5Vt36jH2KLBT2i1auw1tTSSomg8PhqNiUtx8QX2SvC9nrHu81fT41fvDUnhMjEzQgXnQjKEu3oaqMSzhSrHMxyyoEAmUHQbY/0/*)#cjjspncu\" \"[0,2]\""),
			Handler:  n.deriveaddresses},
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

func (n *Node) deriveaddresses(r *rs.Request) (any, error) {
	desc, err := stringArg(r.Arg(0))
	if err != nil {
		return nil, err
	}
	if r.Arg(1) != nil {
		return nil, rs.NewError(rs.InvalidParameter, "Range should not be specified for an un-ranged descriptor")
	}
	if !bytes.ContainsRune([]byte(desc), '#') {
		return nil, rs.NewError(rs.InvalidAddressOrKey, "Missing checksum")
	}
	raw, _ := json.Marshal(desc)
	scripts, err := evalDescriptor(raw, n.Chain.Params)
	if err != nil {
		return nil, err
	}
	out := univalue.NewArray()
	for _, s := range scripts {
		_, addrs, _, err := txscript.ExtractPkScriptAddrs(s.script, n.Chain.Params)
		if err != nil || len(addrs) != 1 || txscript.GetScriptClass(s.script) == txscript.PubKeyTy {
			continue
		}
		out.Push(univalue.NewString(addrs[0].EncodeAddress()))
	}
	if out.Len() == 0 {
		return nil, rs.NewError(rs.InvalidAddressOrKey, "Descriptor does not have a corresponding address")
	}
	return out, nil
}
