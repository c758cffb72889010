package walletrpc

import (
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/btcsuite/btcd/txscript/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// getaddressinfo is Core's getaddressinfo for descriptor wallets.
func (s *Server) getaddressinfo(r *rs.Request) (any, error) {
	w, err := s.wallet(r)
	if err != nil {
		return nil, err
	}
	addr, err := strArg(r.Arg(0), "")
	if err != nil {
		return nil, err
	}
	params := s.m.Options().Params
	script, err := descriptor.AddressScript(addr, params)
	if err != nil {
		return nil, rs.NewError(rs.InvalidAddressOrKey, "Invalid address")
	}
	o := univalue.NewObject()
	o.PushKV("address", univalue.NewString(addr))
	o.PushKV("scriptPubKey", univalue.NewString(hex.EncodeToString(script)))
	info, mine := w.AddressInfo(script)
	o.PushKV("ismine", univalue.NewBool(mine))
	o.PushKV("solvable", univalue.NewBool(mine))
	if mine {
		o.PushKV("desc", univalue.NewString(descriptor.InferOutput(info.Out, params)))
		o.PushKV("parent_desc", univalue.NewString(info.Parent))
	}
	o.PushKV("iswatchonly", univalue.NewBool(false))
	describe(&o, script, info.Out)
	// Core's ScriptIsChange: ours and not in the address book.
	_, inBook := w.Labels()[addr]
	o.PushKV("ischange", univalue.NewBool(mine && !inBook))
	if mine {
		o.PushKV("timestamp", univalue.NewInt(info.Timestamp))
		if len(info.Out.Keys) == 1 && len(info.Out.Keys[0].Path) > 0 {
			k := info.Out.Keys[0]
			o.PushKV("hdkeypath", univalue.NewString(keyPath(k.Path)))
			o.PushKV("hdmasterfingerprint", univalue.NewString(hex.EncodeToString(k.Fingerprint[:])))
		}
	}
	labels := univalue.NewArray()
	if e, ok := w.Labels()[addr]; ok {
		labels.Push(univalue.NewString(e[0]))
	}
	o.PushKV("labels", labels)
	return o, nil
}

// keyPath formats a BIP32 path as Core's WriteHDKeypath ("m/84h/1h/0h/0/5").
func keyPath(path []uint32) string {
	var b strings.Builder
	b.WriteString("m")
	for _, p := range path {
		if p >= 0x80000000 {
			fmt.Fprintf(&b, "/%dh", p-0x80000000)
		} else {
			fmt.Fprintf(&b, "/%d", p)
		}
	}
	return b.String()
}

// describe adds Core's DescribeWalletAddress fields.
func describe(o *univalue.Value, script []byte, out descriptor.Output) {
	class := txscript.GetScriptClass(script)
	pushKey := func() {
		if len(out.Keys) == 1 && !out.Keys[0].XOnly {
			o.PushKV("pubkey", univalue.NewString(hex.EncodeToString(out.Keys[0].Pub)))
			o.PushKV("iscompressed", univalue.NewBool(len(out.Keys[0].Pub) == 33))
		}
	}
	switch class {
	case txscript.PubKeyHashTy:
		o.PushKV("isscript", univalue.NewBool(false))
		o.PushKV("iswitness", univalue.NewBool(false))
		pushKey()
	case txscript.WitnessV0PubKeyHashTy:
		o.PushKV("isscript", univalue.NewBool(false))
		o.PushKV("iswitness", univalue.NewBool(true))
		o.PushKV("witness_version", univalue.NewInt(0))
		o.PushKV("witness_program", univalue.NewString(hex.EncodeToString(script[2:])))
		pushKey()
	case txscript.ScriptHashTy:
		o.PushKV("isscript", univalue.NewBool(true))
		o.PushKV("iswitness", univalue.NewBool(false))
		if out.RedeemScript != nil {
			inner := out.RedeemScript
			o.PushKV("script", univalue.NewString(scriptTypeName(inner)))
			o.PushKV("hex", univalue.NewString(hex.EncodeToString(inner)))
			emb := univalue.NewObject()
			emb.PushKV("scriptPubKey", univalue.NewString(hex.EncodeToString(inner)))
			describe(&emb, inner, descriptor.Output{Keys: out.Keys, WitnessScript: out.WitnessScript})
			o.PushKV("embedded", emb)
		}
	case txscript.WitnessV0ScriptHashTy:
		o.PushKV("isscript", univalue.NewBool(true))
		o.PushKV("iswitness", univalue.NewBool(true))
		o.PushKV("witness_version", univalue.NewInt(0))
		o.PushKV("witness_program", univalue.NewString(hex.EncodeToString(script[2:])))
		if out.WitnessScript != nil {
			o.PushKV("script", univalue.NewString(scriptTypeName(out.WitnessScript)))
			o.PushKV("hex", univalue.NewString(hex.EncodeToString(out.WitnessScript)))
		}
	case txscript.WitnessV1TaprootTy:
		o.PushKV("isscript", univalue.NewBool(true))
		o.PushKV("iswitness", univalue.NewBool(true))
		o.PushKV("witness_version", univalue.NewInt(1))
		o.PushKV("witness_program", univalue.NewString(hex.EncodeToString(script[2:])))
	default:
		o.PushKV("isscript", univalue.NewBool(false))
		o.PushKV("iswitness", univalue.NewBool(false))
	}
}

// scriptTypeName is Core's GetTxnOutputType name of a script.
func scriptTypeName(script []byte) string {
	switch txscript.GetScriptClass(script) {
	case txscript.PubKeyTy:
		return "pubkey"
	case txscript.PubKeyHashTy:
		return "pubkeyhash"
	case txscript.ScriptHashTy:
		return "scripthash"
	case txscript.MultiSigTy:
		return "multisig"
	case txscript.NullDataTy:
		return "nulldata"
	case txscript.WitnessV0PubKeyHashTy:
		return "witness_v0_keyhash"
	case txscript.WitnessV0ScriptHashTy:
		return "witness_v0_scripthash"
	case txscript.WitnessV1TaprootTy:
		return "witness_v1_taproot"
	}
	return "nonstandard"
}
