package rpc

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/txscript/v2"

	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// Multisig limits (Core's MAX_PUBKEYS_PER_MULTISIG, MAX_SCRIPT_ELEMENT_SIZE).
const (
	maxPubkeysPerMultisig = 20
	maxScriptElementSize  = 520
)

// isHex is Core's IsHex: a non-empty, even-length string of hex digits.
func isHex(s string) bool {
	if s == "" || len(s)%2 != 0 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// hexToPubKey is Core's HexToPubKey.
func hexToPubKey(s string) ([]byte, error) {
	if !isHex(s) {
		return nil, rs.NewError(rs.InvalidAddressOrKey, "Pubkey \"%s\" must be a hex string", s)
	}
	if len(s) != 66 && len(s) != 130 {
		return nil, rs.NewError(rs.InvalidAddressOrKey, "Pubkey \"%s\" must have a length of either 33 or 65 bytes", s)
	}
	b, _ := hex.DecodeString(s)
	if _, err := btcec.ParsePubKey(b); err != nil {
		return nil, rs.NewError(rs.InvalidAddressOrKey, "Pubkey \"%s\" must be cryptographically valid.", s)
	}
	return b, nil
}

// multisigScript is Core's GetScriptForMultisig.
func multisigScript(required int, keys [][]byte) []byte {
	b := txscript.NewScriptBuilder().AddInt64(int64(required))
	for _, k := range keys {
		b.AddData(k)
	}
	s, _ := b.AddInt64(int64(len(keys))).AddOp(txscript.OP_CHECKMULTISIG).Script()
	return s
}

// multisigResult is what createmultisig computes.
type multisigResult struct {
	address, descriptor string
	redeemScript        []byte
	warning             bool // the chosen type was replaced by legacy
}

// makeMultisig is Core's AddAndGetMultisigDestination with the inferred
// descriptor: outputType is "legacy", "p2sh-segwit" or "bech32".
func (n *Node) makeMultisig(required int, keys [][]byte, outputType string) (*multisigResult, error) {
	if required < 1 {
		return nil, rs.NewError(rs.InvalidParameter, "a multisignature address must require at least one key to redeem")
	}
	if len(keys) < required {
		return nil, rs.NewError(rs.InvalidParameter, "not enough keys supplied (got %d keys, but need at least %d to redeem)", len(keys), required)
	}
	if len(keys) > maxPubkeysPerMultisig {
		return nil, rs.NewError(rs.InvalidParameter, "Number of keys involved in the multisignature address creation > %d\nReduce the number", maxPubkeysPerMultisig)
	}
	script := multisigScript(required, keys)
	chosen := outputType
	for _, k := range keys {
		if len(k) != 33 {
			outputType = "legacy"
			break
		}
	}
	if outputType == "legacy" && len(script) > maxScriptElementSize {
		return nil, rs.NewError(rs.InvalidParameter, "redeemScript exceeds size limit: %d > %d", len(script), maxScriptElementSize)
	}
	params := n.Chain.Params
	hexKeys := make([]string, 0, len(keys)+1)
	hexKeys = append(hexKeys, strconv.Itoa(required))
	for _, k := range keys {
		hexKeys = append(hexKeys, hex.EncodeToString(k))
	}
	multi := "multi(" + strings.Join(hexKeys, ",") + ")"
	res := &multisigResult{redeemScript: script, warning: chosen != outputType}
	var err error
	switch outputType {
	case "legacy":
		res.descriptor = "sh(" + multi + ")"
		var a address.Address
		a, err = address.NewAddressScriptHash(script, params)
		if err == nil {
			res.address = a.EncodeAddress()
		}
	default:
		wsh := txscript.NewScriptBuilder().AddOp(txscript.OP_0)
		sum := sha256.Sum256(script)
		prog := sum[:]
		witnessScript, _ := wsh.AddData(prog).Script()
		if outputType == "bech32" {
			res.descriptor = "wsh(" + multi + ")"
			res.address = segwitAddress(params.Bech32HRPSegwit, 0, prog)
		} else {
			res.descriptor = "sh(wsh(" + multi + "))"
			var a address.Address
			a, err = address.NewAddressScriptHash(witnessScript, params)
			if err == nil {
				res.address = a.EncodeAddress()
			}
		}
	}
	if err != nil {
		return nil, fmt.Errorf("multisig address: %w", err)
	}
	res.descriptor = addChecksum(res.descriptor)
	return res, nil
}

func (n *Node) createmultisigCommand() rs.Command {
	return rs.Command{Name: "createmultisig", Category: "util",
		Help: "Creates a multi-signature address with n signatures of m keys required.\nIt returns a json object with the address and redeemScript.",
		Args: []rs.Arg{
			{Name: "nrequired", Type: rs.ArgNumber, Help: "The number of required signatures out of the m keys."},
			{Name: "keys", Type: rs.ArgArray, Help: "The hex-encoded public keys.",
				Inner: []rs.Arg{{Name: "key", Type: rs.ArgHex, Optional: true, Help: "The hex-encoded public key"}}},
			{Name: "address_type", Type: rs.ArgString, Default: `"legacy"`, Help: "The address type to use. Options are \"legacy\", \"p2sh-segwit\", and \"bech32\"."},
		},
		ResultDocs: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
			{Type: rs.ResStr, Key: "address", Help: "The value of the new multisig address."},
			{Type: rs.ResHex, Key: "redeemScript", Help: "The string value of the hex-encoded redemption script."},
			{Type: rs.ResStr, Key: "descriptor", Help: "The descriptor for this multisig"},
			{Type: rs.ResArr, Key: "warnings", Optional: true, Help: "Any warnings resulting from the creation of this multisig",
				Inner: []rs.ResultDoc{{Type: rs.ResStr}}},
		}}},
		Examples: "\nCreate a multisig address from 2 public keys\n" +
			rs.HelpExampleCli("createmultisig", "2 \"[\\\"03789ed0bb717d88f7d321a368d905e7430207ebbd82bd342cf11ae157a7ace5fd\\\",\\\"03dbc6764b8884a92e871274b87583e6d5c2a58819473e17e107ef3f6aa5a61626\\\"]\"") +
			"\nAs a JSON-RPC call\n" +
			rs.HelpExampleRPC("createmultisig", "2, [\"03789ed0bb717d88f7d321a368d905e7430207ebbd82bd342cf11ae157a7ace5fd\",\"03dbc6764b8884a92e871274b87583e6d5c2a58819473e17e107ef3f6aa5a61626\"]"),
		Handler: n.createmultisig}
}

func (n *Node) createmultisig(r *rs.Request) (any, error) {
	required, err := intArg(r.Arg(0), 0)
	if err != nil {
		return nil, err
	}
	var rawKeys []json.RawMessage
	if err := json.Unmarshal(r.Arg(1), &rawKeys); err != nil {
		return nil, rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type array", jsonType(r.Arg(1)))
	}
	keys := make([][]byte, 0, len(rawKeys))
	for _, raw := range rawKeys {
		s, err := stringArg(raw)
		if err != nil {
			return nil, err
		}
		k, err := hexToPubKey(s)
		if err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	outputType := "legacy"
	if raw := r.Arg(2); raw != nil {
		s, err := stringArg(raw)
		if err != nil {
			return nil, err
		}
		switch s {
		case "legacy", "p2sh-segwit", "bech32":
			outputType = s
		case "bech32m":
			return nil, rs.NewError(rs.InvalidAddressOrKey, "createmultisig cannot create bech32m multisig addresses")
		default:
			return nil, rs.NewError(rs.InvalidAddressOrKey, "Unknown address type '%s'", s)
		}
	}
	if required != int64(int32(required)) {
		return nil, rs.NewError(rs.RPCMiscError, "JSON integer out of range")
	}
	res, err := n.makeMultisig(int(required), keys, outputType)
	if err != nil {
		return nil, err
	}
	o := univalue.NewObject()
	o.PushKV("address", univalue.NewString(res.address))
	o.PushKV("redeemScript", univalue.NewString(hex.EncodeToString(res.redeemScript)))
	o.PushKV("descriptor", univalue.NewString(res.descriptor))
	if res.warning {
		o.PushKV("warnings", univalue.NewArray(univalue.NewString("Unable to make chosen address type, please ensure no uncompressed public keys are present.")))
	}
	return o, nil
}
