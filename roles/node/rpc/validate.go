package rpc

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/btcsuite/btcd/address/v2/base58"
	"github.com/btcsuite/btcd/chaincfg/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/txscript/v2"

	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// destKind is the kind of a decoded address (Core's CTxDestination
// alternatives that have an address).
type destKind int

const (
	destPKH destKind = iota + 1
	destSH
	destWitness // any witness program; version and program tell which
)

// destination is a decoded address.
type destination struct {
	kind    destKind
	hash    []byte // PKH/SH hash or witness program
	version int    // witness version
}

// script is the destination's output script.
func (d destination) script() []byte {
	switch d.kind {
	case destPKH:
		s, _ := txscript.NewScriptBuilder().AddOp(txscript.OP_DUP).AddOp(txscript.OP_HASH160).
			AddData(d.hash).AddOp(txscript.OP_EQUALVERIFY).AddOp(txscript.OP_CHECKSIG).Script()
		return s
	case destSH:
		s, _ := txscript.NewScriptBuilder().AddOp(txscript.OP_HASH160).AddData(d.hash).AddOp(txscript.OP_EQUAL).Script()
		return s
	}
	op := byte(txscript.OP_0)
	if d.version > 0 {
		op = byte(txscript.OP_1 + d.version - 1)
	}
	s, _ := txscript.NewScriptBuilder().AddOp(op).AddData(d.hash).Script()
	return s
}

// isAnchor reports Core's PayToAnchor (witness v1, program 4e73).
func (d destination) isAnchor() bool {
	return d.kind == destWitness && d.version == 1 && bytes.Equal(d.hash, []byte{0x4e, 0x73})
}

// base58Decode is Core's DecodeBase58 with a length limit: leading and
// trailing spaces are ignored, an empty string decodes to nothing.
func base58Decode(s string, maxLen int) ([]byte, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return []byte{}, true
	}
	b := base58.Decode(s)
	if len(b) == 0 || len(b) > maxLen {
		return nil, false
	}
	return b, true
}

// base58CheckDecode is Core's DecodeBase58Check: at most maxLen payload
// bytes and a valid 4-byte checksum.
func base58CheckDecode(s string, maxLen int) ([]byte, bool) {
	b, ok := base58Decode(s, maxLen+4)
	if !ok || len(b) < 4 {
		return nil, false
	}
	payload := b[:len(b)-4]
	sum := chainhash.DoubleHashB(payload)
	if !bytes.Equal(sum[:4], b[len(b)-4:]) {
		return nil, false
	}
	return payload, true
}

// decodeDestination is Core's DecodeDestination: the address, or why it
// is not one and, for Bech32 strings, where the errors likely are.
func decodeDestination(s string, params *chaincfg.Params) (destination, string, []int) {
	hrp := params.Bech32HRPSegwit
	isBech32 := len(s) >= len(hrp) && strings.ToLower(s[:len(hrp)]) == hrp
	if !isBech32 {
		if data, ok := base58CheckDecode(s, 21); ok {
			if len(data) == 21 && data[0] == params.PubKeyHashAddrID {
				return destination{kind: destPKH, hash: data[1:]}, "", nil
			}
			if len(data) == 21 && data[0] == params.ScriptHashAddrID {
				return destination{kind: destSH, hash: data[1:]}, "", nil
			}
			if len(data) >= 1 && (data[0] == params.PubKeyHashAddrID || data[0] == params.ScriptHashAddrID) {
				return destination{}, "Invalid length for Base58 address (P2PKH or P2SH)", nil
			}
			return destination{}, "Invalid or unsupported Base58-encoded address.", nil
		}
		if _, ok := base58Decode(s, 100); !ok {
			return destination{}, "Invalid or unsupported Segwit (Bech32) or Base58 encoding.", nil
		}
		return destination{}, "Invalid checksum or length of Base58 address (P2PKH or P2SH)", nil
	}
	dec := bech32Decode(s)
	if dec.enc == encInvalid {
		msg, locs := bech32LocateErrors(s)
		return destination{}, msg, locs
	}
	if len(dec.data) == 0 {
		return destination{}, "Empty Bech32 data section", nil
	}
	if dec.hrp != hrp {
		return destination{}, fmt.Sprintf("Invalid or unsupported prefix for Segwit (Bech32) address (expected %s, got %s).", hrp, dec.hrp), nil
	}
	version := int(dec.data[0])
	if version == 0 && dec.enc != encBech32 {
		return destination{}, "Version 0 witness address must use Bech32 checksum", nil
	}
	if version != 0 && dec.enc != encBech32m {
		return destination{}, "Version 1+ witness address must use Bech32m checksum", nil
	}
	prog, ok := convertBits5to8(dec.data[1:])
	if !ok {
		return destination{}, "Invalid padding in Bech32 data section", nil
	}
	unit := "bytes"
	if len(prog) == 1 {
		unit = "byte"
	}
	d := destination{kind: destWitness, hash: prog, version: version}
	switch {
	case version == 0 && (len(prog) == 20 || len(prog) == 32):
		return d, "", nil
	case version == 0:
		return destination{}, fmt.Sprintf("Invalid Bech32 v0 address program size (%d %s), per BIP141", len(prog), unit), nil
	case version == 1 && len(prog) == 32, d.isAnchor():
		return d, "", nil
	case version > 16:
		return destination{}, "Invalid Bech32 address witness version", nil
	case len(prog) < 2 || len(prog) > 40:
		return destination{}, fmt.Sprintf("Invalid Bech32 address program size (%d %s)", len(prog), unit), nil
	}
	return d, "", nil
}

// convertBits5to8 regroups 5-bit symbols into bytes; the padding must be
// under 5 bits and zero.
func convertBits5to8(in []byte) ([]byte, bool) {
	var acc, bits uint
	out := make([]byte, 0, len(in)*5/8)
	for _, v := range in {
		acc = acc<<5 | uint(v)
		bits += 5
		for bits >= 8 {
			bits -= 8
			out = append(out, byte(acc>>bits))
		}
	}
	if bits >= 5 || acc&(1<<bits-1) != 0 {
		return nil, false
	}
	return out, true
}

// encodeDestination is Core's EncodeDestination.
func encodeDestination(d destination, params *chaincfg.Params) string {
	switch d.kind {
	case destPKH:
		return base58.CheckEncode(d.hash, params.PubKeyHashAddrID)
	case destSH:
		return base58.CheckEncode(d.hash, params.ScriptHashAddrID)
	}
	return segwitAddress(params.Bech32HRPSegwit, byte(d.version), d.hash)
}

// describeAddress is Core's DescribeAddress.
func describeAddress(o *univalue.Value, d destination) {
	switch {
	case d.kind == destPKH:
		o.PushKV("isscript", univalue.NewBool(false))
		o.PushKV("iswitness", univalue.NewBool(false))
	case d.kind == destSH:
		o.PushKV("isscript", univalue.NewBool(true))
		o.PushKV("iswitness", univalue.NewBool(false))
	case d.isAnchor():
		o.PushKV("isscript", univalue.NewBool(true))
		o.PushKV("iswitness", univalue.NewBool(true))
	case d.version == 0 || (d.version == 1 && len(d.hash) == 32):
		o.PushKV("isscript", univalue.NewBool(d.version == 1 || len(d.hash) == 32))
		o.PushKV("iswitness", univalue.NewBool(true))
		o.PushKV("witness_version", univalue.NewInt(int64(d.version)))
		o.PushKV("witness_program", univalue.NewString(hex.EncodeToString(d.hash)))
	default:
		o.PushKV("iswitness", univalue.NewBool(true))
		o.PushKV("witness_version", univalue.NewInt(int64(d.version)))
		o.PushKV("witness_program", univalue.NewString(hex.EncodeToString(d.hash)))
	}
}

func (n *Node) validateaddressCommand() rs.Command {
	example := "\"bc1q09vm5lfy0j5reeulh4x5752q25uqqvz34hufdl\""
	return rs.Command{Name: "validateaddress", Category: "util",
		Help:     "Return information about the given bitcoin address.",
		Args:     []rs.Arg{{Name: "address", Type: rs.ArgString, Help: "The bitcoin address to validate"}},
		Examples: ex("validateaddress", example),
		ResultDocs: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
			{Type: rs.ResBool, Key: "isvalid", Help: "If the address is valid or not"},
			{Type: rs.ResStr, Key: "address", Optional: true, Help: "The bitcoin address validated"},
			{Type: rs.ResHex, Key: "scriptPubKey", Optional: true, Help: "The hex-encoded output script generated by the address"},
			{Type: rs.ResBool, Key: "isscript", Optional: true, Help: "If the key is a script"},
			{Type: rs.ResBool, Key: "iswitness", Optional: true, Help: "If the address is a witness address"},
			{Type: rs.ResNum, Key: "witness_version", Optional: true, Help: "The version number of the witness program"},
			{Type: rs.ResHex, Key: "witness_program", Optional: true, Help: "The hex value of the witness program"},
			{Type: rs.ResStr, Key: "error", Optional: true, Help: "Error message, if any"},
			{Type: rs.ResArr, Key: "error_locations", Optional: true, Help: "Indices of likely error locations in address, if known (e.g. Bech32 errors)",
				Inner: []rs.ResultDoc{{Type: rs.ResNum, Key: "index", Help: "index of a potential error"}}},
		}}},
		Handler: func(r *rs.Request) (any, error) {
			s, err := stringArg(r.Arg(0))
			if err != nil {
				return nil, err
			}
			d, msg, locs := decodeDestination(s, n.Chain.Params)
			o := univalue.NewObject()
			o.PushKV("isvalid", univalue.NewBool(msg == ""))
			if msg == "" {
				o.PushKV("address", univalue.NewString(encodeDestination(d, n.Chain.Params)))
				o.PushKV("scriptPubKey", univalue.NewString(hex.EncodeToString(d.script())))
				describeAddress(&o, d)
				return o, nil
			}
			arr := univalue.NewArray()
			for _, i := range locs {
				arr.Push(univalue.NewInt(int64(i)))
			}
			o.PushKV("error_locations", arr)
			o.PushKV("error", univalue.NewString(msg))
			return o, nil
		}}
}
