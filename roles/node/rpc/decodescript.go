package rpc

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/txscript/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

func (n *Node) decodescriptCommand() rs.Command {
	return rs.Command{Name: "decodescript", Category: "rawtransactions",
		Help: "Decode a hex-encoded script.\n",
		Args: []rs.Arg{{Name: "hexstring", Type: rs.ArgHex, Help: "the hex-encoded script"}},
		ResultDocs: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
			{Type: rs.ResStr, Key: "asm", Help: "Disassembly of the script"},
			{Type: rs.ResStr, Key: "desc", Help: "Inferred descriptor for the script"},
			{Type: rs.ResStr, Key: "type", Help: "The output type (e.g. nonstandard, anchor, pubkey, pubkeyhash, scripthash, multisig, nulldata, witness_v0_scripthash, witness_v0_keyhash, witness_v1_taproot, witness_unknown)"},
			{Type: rs.ResStr, Key: "address", Optional: true, Help: "The Bitcoin address (only if a well-defined address exists)"},
			{Type: rs.ResStr, Key: "p2sh", Optional: true, Help: "address of P2SH script wrapping this redeem script (not returned for types that should not be wrapped)"},
			{Type: rs.ResObj, Key: "segwit", Optional: true, Help: "Result of a witness output script wrapping this redeem script (not returned for types that should not be wrapped)", Inner: []rs.ResultDoc{
				{Type: rs.ResStr, Key: "asm", Help: "Disassembly of the output script"},
				{Type: rs.ResHex, Key: "hex", Help: "The raw output script bytes, hex-encoded"},
				{Type: rs.ResStr, Key: "type", Help: "The type of the output script (e.g. witness_v0_keyhash or witness_v0_scripthash)"},
				{Type: rs.ResStr, Key: "address", Optional: true, Help: "The Bitcoin address (only if a well-defined address exists)"},
				{Type: rs.ResStr, Key: "desc", Help: "Inferred descriptor for the script"},
				{Type: rs.ResStr, Key: "p2sh-segwit", Help: "address of the P2SH script wrapping this witness redeem script"},
			}},
		}}},
		Examples: ex("decodescript", "\"hexstring\""),
		Handler:  n.decodescript}
}

// opSuccess lists the tapscript OP_SUCCESSx opcodes up to OP_NOP10 (BIP
// 342); higher ones fail Core's HasValidOps already.
var opSuccess = map[byte]bool{80: true, 98: true, 126: true, 127: true, 128: true, 129: true,
	131: true, 132: true, 133: true, 134: true, 137: true, 138: true, 141: true, 142: true,
	149: true, 150: true, 151: true, 152: true, 153: true}

// wrappable is the op check of Core's decodescript: valid opcodes (none
// above OP_NOP10, pushes within 520 bytes), not unspendable, and no
// OP_CHECKSIGADD or OP_SUCCESSx.
func wrappable(script []byte) bool {
	if isUnspendable(script) || !validOps(script) {
		return false
	}
	tok := txscript.MakeScriptTokenizer(0, script)
	for tok.Next() {
		if op := tok.Opcode(); op == txscript.OP_CHECKSIGADD || opSuccess[op] {
			return false
		}
	}
	return true
}

// validOps is Core's CScript::HasValidOps plus the MAX_SCRIPT_SIZE bound
// its callers add: every op parses, none is above OP_NOP10, no push
// exceeds 520 bytes.
func validOps(script []byte) bool {
	if len(script) > txscript.MaxScriptSize {
		return false
	}
	tok := txscript.MakeScriptTokenizer(0, script)
	for tok.Next() {
		if tok.Opcode() > txscript.OP_NOP10 || len(tok.Data()) > txscript.MaxScriptElementSize {
			return false
		}
	}
	return tok.Err() == nil
}

func (n *Node) decodescript(r *rs.Request) (any, error) {
	s, err := stringArg(r.Arg(0))
	if err != nil {
		return nil, err
	}
	script, err := hex.DecodeString(s)
	if err != nil {
		return nil, rs.NewError(rs.InvalidParameter, "argument must be hexadecimal string (not '%s')", s)
	}
	params := n.Chain.Params
	info := solveScript(script, params)
	o := univalue.NewObject()
	o.PushKV("asm", univalue.NewString(scriptAsm(script, false)))
	o.PushKV("desc", univalue.NewString(inferDescriptor(script, info)))
	if info.address != "" {
		o.PushKV("address", univalue.NewString(info.address))
	}
	o.PushKV("type", univalue.NewString(info.typ))

	switch info.typ {
	case "multisig", "nonstandard", "pubkey", "pubkeyhash", "witness_v0_keyhash", "witness_v0_scripthash":
	default:
		return o, nil
	}
	if !wrappable(script) {
		return o, nil
	}
	p2sh, err := address.NewAddressScriptHash(script, params)
	if err != nil {
		return nil, err
	}
	o.PushKV("p2sh", univalue.NewString(p2sh.EncodeAddress()))

	var segwit []byte
	desc := ""
	switch info.typ {
	case "multisig", "pubkey":
		for _, k := range info.pubkeys {
			if len(k) != 33 {
				return o, nil // uncompressed keys cannot be used with segwit
			}
		}
		if info.typ == "pubkey" {
			segwit, _ = wpkhScript(info.pubkeys[0])
		} else {
			segwit, _ = wshScript(script)
			// Core infers it with the witness script known: wsh(multi(...)).
			desc = descriptor.InferWitnessScript(script, params)
		}
	case "pubkeyhash":
		segwit, _ = txscript.NewScriptBuilder().AddOp(txscript.OP_0).AddData(script[3:23]).Script()
	case "nonstandard":
		segwit, _ = wshScript(script)
		// Miniscript, when the script is one, as Core's InferDescriptor.
		desc = descriptor.InferWitnessScript(script, params)
	default:
		return o, nil // witness programs are not wrapped again
	}
	sr := scriptPubKeyJSON(segwit, params)
	if desc != "" {
		for i, k := range sr.Keys {
			if k == "desc" {
				sr.Elems[i] = univalue.NewString(desc)
			}
		}
	}
	p2shSegwit, err := address.NewAddressScriptHash(segwit, params)
	if err != nil {
		return nil, err
	}
	sr.PushKV("p2sh-segwit", univalue.NewString(p2shSegwit.EncodeAddress()))
	o.PushKV("segwit", sr)
	return o, nil
}

// wshScript is the P2WSH output script of a witness script.
func wshScript(script []byte) ([]byte, error) {
	h := sha256.Sum256(script)
	return txscript.NewScriptBuilder().AddOp(txscript.OP_0).AddData(h[:]).Script()
}
