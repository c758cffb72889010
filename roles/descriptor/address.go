package descriptor

import (
	"errors"
	"fmt"
	"strings"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/address/v2/base58"
	"github.com/btcsuite/btcd/address/v2/bech32"
	"github.com/btcsuite/btcd/chaincfg/v2"
	"github.com/btcsuite/btcd/txscript/v2"
)

// ScriptAddress returns the address of a scriptPubKey the way Core's
// ExtractDestination + EncodeDestination do: P2PKH, P2SH and every witness
// program (including future versions and pay-to-anchor). P2PK, bare
// multisig, OP_RETURN and non-standard scripts have no address.
func ScriptAddress(script []byte, params *chaincfg.Params) (string, bool) {
	switch {
	case len(script) == 25 && script[0] == txscript.OP_DUP && script[1] == txscript.OP_HASH160 &&
		script[2] == 20 && script[23] == txscript.OP_EQUALVERIFY && script[24] == txscript.OP_CHECKSIG:
		return base58.CheckEncode(script[3:23], params.PubKeyHashAddrID), true
	case len(script) == 23 && script[0] == txscript.OP_HASH160 && script[1] == 20 && script[22] == txscript.OP_EQUAL:
		return base58.CheckEncode(script[2:22], params.ScriptHashAddrID), true
	}
	v, prog, ok := witnessProgram(script)
	if !ok || len(prog) < 2 || len(prog) > 40 {
		return "", false
	}
	if v == 0 && len(prog) != 20 && len(prog) != 32 {
		return "", false
	}
	s, err := encodeSegwit(params.Bech32HRPSegwit, byte(v), prog)
	if err != nil {
		return "", false
	}
	return s, true
}

func encodeSegwit(hrp string, version byte, prog []byte) (string, error) {
	conv, err := bech32.ConvertBits(prog, 8, 5, true)
	if err != nil {
		return "", fmt.Errorf("segwit program: %w", err)
	}
	data := append([]byte{version}, conv...)
	if version == 0 {
		return bech32.Encode(hrp, data)
	}
	return bech32.EncodeM(hrp, data)
}

// AddressScript decodes an address of params' network (Core's
// DecodeDestination) and returns its scriptPubKey.
func AddressScript(s string, params *chaincfg.Params) ([]byte, error) {
	if hrp, data, ver, err := bech32.DecodeGeneric(s); err == nil {
		if !strings.EqualFold(hrp, params.Bech32HRPSegwit) {
			return nil, errors.New("invalid or unsupported Segwit (Bech32) or Base58 encoding")
		}
		if len(data) < 1 || data[0] > 16 {
			return nil, errors.New("invalid Bech32 address witness version")
		}
		if (data[0] == 0) != (ver == bech32.Version0) {
			return nil, errors.New("wrong Bech32 variant for witness version")
		}
		prog, err := bech32.ConvertBits(data[1:], 5, 8, false)
		if err != nil {
			return nil, fmt.Errorf("invalid padding in Bech32 data section: %w", err)
		}
		if len(prog) < 2 || len(prog) > 40 || (data[0] == 0 && len(prog) != 20 && len(prog) != 32) {
			return nil, errors.New("invalid Bech32 address program size")
		}
		op := byte(txscript.OP_0)
		if data[0] > 0 {
			op = txscript.OP_1 + data[0] - 1
		}
		return append([]byte{op, byte(len(prog))}, prog...), nil
	}
	a, err := address.DecodeAddress(s, params)
	if err != nil {
		return nil, fmt.Errorf("decode address: %w", err)
	}
	switch a.(type) {
	case *address.AddressPubKeyHash, *address.AddressScriptHash:
	default:
		return nil, errors.New("invalid or unsupported Base58 address")
	}
	if !a.IsForNet(params) {
		return nil, errors.New("address is for another network")
	}
	script, err := txscript.PayToAddrScript(a)
	if err != nil {
		return nil, fmt.Errorf("address script: %w", err)
	}
	return script, nil
}
