package rpc

import (
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/btcsuite/btcd/address/v2/bech32"
	"github.com/btcsuite/btcd/btcec/v2/ecdsa"
	"github.com/btcsuite/btcd/chaincfg/v2"
	"github.com/btcsuite/btcd/txscript/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// Script rendering as Core's RPCs show it (core_write.cpp ScriptToAsmStr
// and ScriptToUniv, solver.cpp Solver, descriptor.cpp InferDescriptor with
// no signing provider). Script classification and parsing are btcd's;
// this file only formats.

// opNames holds Core's GetOpName for the non-push opcodes 0x61..0xba.
var opNames = [...]string{
	"OP_NOP", "OP_VER", "OP_IF", "OP_NOTIF", "OP_VERIF", "OP_VERNOTIF", "OP_ELSE", "OP_ENDIF", // 0x61
	"OP_VERIFY", "OP_RETURN", "OP_TOALTSTACK", "OP_FROMALTSTACK", "OP_2DROP", "OP_2DUP", "OP_3DUP", // 0x69
	"OP_2OVER", "OP_2ROT", "OP_2SWAP", "OP_IFDUP", "OP_DEPTH", "OP_DROP", "OP_DUP", "OP_NIP", // 0x70
	"OP_OVER", "OP_PICK", "OP_ROLL", "OP_ROT", "OP_SWAP", "OP_TUCK", "OP_CAT", "OP_SUBSTR", // 0x78
	"OP_LEFT", "OP_RIGHT", "OP_SIZE", "OP_INVERT", "OP_AND", "OP_OR", "OP_XOR", "OP_EQUAL", // 0x80
	"OP_EQUALVERIFY", "OP_RESERVED1", "OP_RESERVED2", "OP_1ADD", "OP_1SUB", "OP_2MUL", "OP_2DIV", "OP_NEGATE", // 0x88
	"OP_ABS", "OP_NOT", "OP_0NOTEQUAL", "OP_ADD", "OP_SUB", "OP_MUL", "OP_DIV", "OP_MOD", // 0x90
	"OP_LSHIFT", "OP_RSHIFT", "OP_BOOLAND", "OP_BOOLOR", "OP_NUMEQUAL", "OP_NUMEQUALVERIFY", "OP_NUMNOTEQUAL", "OP_LESSTHAN", // 0x98
	"OP_GREATERTHAN", "OP_LESSTHANOREQUAL", "OP_GREATERTHANOREQUAL", "OP_MIN", "OP_MAX", "OP_WITHIN", "OP_RIPEMD160", "OP_SHA1", // 0xa0
	"OP_SHA256", "OP_HASH160", "OP_HASH256", "OP_CODESEPARATOR", "OP_CHECKSIG", "OP_CHECKSIGVERIFY", "OP_CHECKMULTISIG", "OP_CHECKMULTISIGVERIFY", // 0xa8
	"OP_NOP1", "OP_CHECKLOCKTIMEVERIFY", "OP_CHECKSEQUENCEVERIFY", "OP_NOP4", "OP_NOP5", "OP_NOP6", "OP_NOP7", "OP_NOP8", // 0xb0
	"OP_NOP9", "OP_NOP10", "OP_CHECKSIGADD", // 0xb8
}

// opName is Core's GetOpName for an opcode above OP_PUSHDATA4.
func opName(op byte) string {
	switch {
	case op == txscript.OP_1NEGATE:
		return "-1"
	case op == txscript.OP_RESERVED:
		return "OP_RESERVED"
	case op >= txscript.OP_1 && op <= txscript.OP_16:
		return strconv.Itoa(int(op - txscript.OP_1 + 1))
	case op >= txscript.OP_NOP && int(op-txscript.OP_NOP) < len(opNames):
		return opNames[op-txscript.OP_NOP]
	case op == txscript.OP_INVALIDOPCODE:
		return "OP_INVALIDOPCODE"
	}
	return "OP_UNKNOWN"
}

// scriptNum decodes a push of at most 4 bytes as Core's CScriptNum
// (little-endian, sign bit in the last byte, minimal encoding not required).
func scriptNum(b []byte) int64 {
	if len(b) == 0 {
		return 0
	}
	var v int64
	for i, c := range b {
		v |= int64(c) << (8 * i)
	}
	if b[len(b)-1]&0x80 != 0 {
		return -(v &^ (int64(0x80) << (8 * (len(b) - 1))))
	}
	return v
}

var sigHashNames = map[byte]string{
	0x01: "ALL", 0x81: "ALL|ANYONECANPAY",
	0x02: "NONE", 0x82: "NONE|ANYONECANPAY",
	0x03: "SINGLE", 0x83: "SINGLE|ANYONECANPAY",
}

// isUnspendable is Core's CScript::IsUnspendable.
func isUnspendable(s []byte) bool {
	return (len(s) > 0 && s[0] == txscript.OP_RETURN) || len(s) > txscript.MaxScriptSize
}

// scriptAsm is Core's ScriptToAsmStr. With sighashDecode (scriptSigs),
// pushes that are DER signatures with a defined sighash type end in
// "[ALL]" and the like.
func scriptAsm(script []byte, sighashDecode bool) string {
	var b strings.Builder
	tok := txscript.MakeScriptTokenizer(0, script)
	for pos := 0; pos < len(script); pos = int(tok.ByteIndex()) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		if !tok.Next() {
			b.WriteString("[error]")
			break
		}
		op, data := tok.Opcode(), tok.Data()
		switch {
		case op > txscript.OP_PUSHDATA4:
			b.WriteString(opName(op))
		case len(data) <= 4:
			b.WriteString(strconv.FormatInt(scriptNum(data), 10))
		case sighashDecode && !isUnspendable(script):
			suffix := ""
			if name, ok := sigHashNames[data[len(data)-1]]; ok {
				if _, err := ecdsa.ParseDERSignature(data[:len(data)-1]); err == nil {
					suffix = "[" + name + "]"
					data = data[:len(data)-1]
				}
			}
			b.WriteString(hex.EncodeToString(data) + suffix)
		default:
			b.WriteString(hex.EncodeToString(data))
		}
	}
	return b.String()
}

// scriptInfo is what Core's Solver and ExtractDestination find in an output
// script.
type scriptInfo struct {
	typ     string   // Core's GetTxnOutputType name
	address string   // encoded destination, "" when none
	pubkeys [][]byte // pubkey: the key; multisig: the keys
	nreq    int      // multisig: required signatures
}

// solveScript classifies an output script the way Core's Solver does, on
// btcd's script classes, and encodes its destination for params.
func solveScript(script []byte, params *chaincfg.Params) scriptInfo {
	if txscript.IsPayToScriptHash(script) {
		return scriptInfo{typ: "scripthash", address: legacyAddress(script, params)}
	}
	if version, prog, err := txscript.ExtractWitnessProgramInfo(script); err == nil {
		info := scriptInfo{typ: "witness_unknown"}
		switch {
		case version == 0 && len(prog) == 20:
			info.typ = "witness_v0_keyhash"
		case version == 0 && len(prog) == 32:
			info.typ = "witness_v0_scripthash"
		case version == 1 && len(prog) == 32:
			info.typ = "witness_v1_taproot"
		case txscript.IsPayToAnchorScript(script):
			info.typ = "anchor"
		case version == 0:
			return scriptInfo{typ: "nonstandard"}
		}
		info.address = segwitAddress(params.Bech32HRPSegwit, byte(version), prog)
		return info
	}
	if len(script) > 0 && script[0] == txscript.OP_RETURN && txscript.IsPushOnlyScript(script[1:]) {
		return scriptInfo{typ: "nulldata"}
	}
	switch txscript.GetScriptClass(script) {
	case txscript.PubKeyTy:
		pushes, _ := txscript.PushedData(script)
		return scriptInfo{typ: "pubkey", pubkeys: pushes}
	case txscript.PubKeyHashTy:
		return scriptInfo{typ: "pubkeyhash", address: legacyAddress(script, params)}
	case txscript.MultiSigTy:
		pushes, _ := txscript.PushedData(script)
		_, nreq, err := txscript.CalcMultiSigStats(script)
		if err == nil {
			return scriptInfo{typ: "multisig", pubkeys: pushes, nreq: nreq}
		}
	}
	return scriptInfo{typ: "nonstandard"}
}

// legacyAddress encodes a P2PKH or P2SH script's base58 address.
func legacyAddress(script []byte, params *chaincfg.Params) string {
	_, addrs, _, err := txscript.ExtractPkScriptAddrs(script, params)
	if err != nil || len(addrs) != 1 {
		return ""
	}
	return addrs[0].EncodeAddress()
}

// segwitAddress encodes any witness program (bech32 for v0, bech32m
// otherwise), as Core's EncodeDestination does for unknown versions too.
func segwitAddress(hrp string, version byte, prog []byte) string {
	conv, err := bech32.ConvertBits(prog, 8, 5, true)
	if err != nil {
		return ""
	}
	data := append([]byte{version}, conv...)
	var s string
	if version == 0 {
		s, err = bech32.Encode(hrp, data)
	} else {
		s, err = bech32.EncodeM(hrp, data)
	}
	if err != nil {
		return ""
	}
	return s
}

// inferDescriptor is Core's InferDescriptor(script, DUMMY_SIGNING_PROVIDER)
// with its checksum: pk(), multi(), rawtr(), addr() or raw().
func inferDescriptor(script []byte, info scriptInfo) string {
	return descriptor.InferWithAddress(script, info.address)
}

// scriptPubKeyJSON is Core's ScriptToUniv with hex and address: asm, desc,
// hex, address (when the script has one), type.
func scriptPubKeyJSON(script []byte, params *chaincfg.Params) univalue.Value {
	info := solveScript(script, params)
	o := univalue.NewObject()
	o.PushKV("asm", univalue.NewString(scriptAsm(script, false)))
	o.PushKV("desc", univalue.NewString(inferDescriptor(script, info)))
	o.PushKV("hex", univalue.NewString(hex.EncodeToString(script)))
	if info.address != "" {
		o.PushKV("address", univalue.NewString(info.address))
	}
	o.PushKV("type", univalue.NewString(info.typ))
	return o
}

// descChecksum returns the 8-character checksum of a descriptor, "" when
// it holds a character outside the descriptor alphabet.
func descChecksum(s string) string {
	sum, err := descriptor.Checksum(s)
	if err != nil {
		return ""
	}
	return sum
}

func addChecksum(desc string) string { return desc + "#" + descChecksum(desc) }
