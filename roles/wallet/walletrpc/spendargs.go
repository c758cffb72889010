package walletrpc

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"

	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/engine"
)

// Argument parsing shared by the PSBT, send, sendall and bumpfee RPCs
// (Core's rawtransaction_util and wallet/rpc/spend.cpp helpers).

const (
	maxBIP125Sequence   = wire.MaxTxInSequenceNum - 2
	maxSequenceNonFinal = wire.MaxTxInSequenceNum - 1
	maxConfTarget       = 1008 // Core's estimateMaxBlocks
)

// anyKind accepts every JSON type in checkObject.
const anyKind univalue.Kind = 255

func parseValue(raw json.RawMessage) (univalue.Value, error) {
	if isNull(raw) {
		return univalue.Value{}, nil
	}
	v, err := univalue.Parse(raw)
	if err != nil {
		return v, rs.NewError(rs.ParseError, "Parse error")
	}
	return v, nil
}

// checkObject is Core's RPCTypeCheckObj with fAllowNull and fStrict.
func checkObject(o univalue.Value, spec map[string]univalue.Kind) error {
	for i, k := range o.Keys {
		want, ok := spec[k]
		if !ok {
			return rs.NewError(rs.TypeError, "Unexpected key %s", k)
		}
		got := o.Elems[i].Kind
		if want == anyKind || got == univalue.Null || got == want {
			continue
		}
		return rs.NewError(rs.TypeError, "JSON value of type %s for field %s is not of expected type %s", got.TypeName(), k, want.TypeName())
	}
	return nil
}

func raw(v univalue.Value) json.RawMessage {
	if v.Kind == univalue.Null {
		return nil
	}
	return json.RawMessage(v.Append(nil, 0, 0))
}

// output is one parsed recipient: its key as the user wrote it.
type output struct {
	key string
	out *wire.TxOut
}

// parseOutputs is Core's NormalizeOutputs, ParseOutputs and AddOutputs:
// an object of address: amount pairs, or an array of one-pair objects,
// "data" making an OP_RETURN output.
func (s *Server) parseOutputs(rawOut json.RawMessage) ([]output, error) {
	v, err := parseValue(rawOut)
	if err != nil {
		return nil, err
	}
	var keys []string
	var vals []univalue.Value
	switch v.Kind {
	case univalue.Null:
		return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter, output argument must be non-null")
	case univalue.Object:
		keys, vals = v.Keys, v.Elems
	case univalue.Array:
		for _, o := range v.Elems {
			if o.Kind != univalue.Object {
				return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter, key-value pair not an object as expected")
			}
			if len(o.Keys) != 1 {
				return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter, key-value pair must contain exactly one key")
			}
			keys, vals = append(keys, o.Keys[0]), append(vals, o.Elems[0])
		}
	default:
		return nil, rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type array", v.Kind.TypeName())
	}
	var out []output
	seen := map[string]bool{}
	hasData := false
	for i, key := range keys {
		if key == "data" {
			if hasData {
				return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter, duplicate key: data")
			}
			hasData = true
			data, err := hex.DecodeString(vals[i].Str)
			if err != nil || (vals[i].Kind != univalue.String && vals[i].Kind != univalue.Number) {
				return nil, rs.NewError(rs.InvalidParameter, "Data must be hexadecimal string (not '%s')", vals[i].Str)
			}
			script, err := txscript.NewScriptBuilder().AddOp(txscript.OP_RETURN).AddFullData(data).Script()
			if err != nil {
				return nil, rs.NewError(rs.InvalidParameter, "Data must be hexadecimal string (not '%s')", vals[i].Str)
			}
			out = append(out, output{key: key, out: wire.NewTxOut(0, script)})
			continue
		}
		script, err := descriptor.AddressScript(key, s.m.Options().Params)
		if err != nil {
			return nil, rs.NewError(rs.InvalidAddressOrKey, "Invalid Bitcoin address: %s", key)
		}
		if seen[string(script)] {
			return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter, duplicated address: %s", key)
		}
		seen[string(script)] = true
		amount, err := amountArg(raw(vals[i]))
		if err != nil {
			return nil, err
		}
		out = append(out, output{key: key, out: wire.NewTxOut(amount, script)})
	}
	return out, nil
}

// parseInputs is Core's AddInputs: txid, vout and an optional sequence,
// which defaults by replaceability and lock time.
func parseInputs(rawIn json.RawMessage, rbf bool, locktime uint32) ([]*wire.TxIn, error) {
	v, err := parseValue(rawIn)
	if err != nil {
		return nil, err
	}
	if v.Kind != univalue.Null && v.Kind != univalue.Array {
		return nil, rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type array", v.Kind.TypeName())
	}
	var ins []*wire.TxIn
	for _, in := range v.Elems {
		if in.Kind != univalue.Object {
			return nil, rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type object", in.Kind.TypeName())
		}
		idV, _ := in.Find("txid")
		if idV.Kind != univalue.String {
			return nil, rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type string", idV.Kind.TypeName())
		}
		h, err := hashParam(idV.Str, "txid")
		if err != nil {
			return nil, err
		}
		voutV, _ := in.Find("vout")
		if voutV.Kind != univalue.Number {
			return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter, missing vout key")
		}
		vout, ok := voutV.Int()
		if !ok || vout != int64(int32(vout)) {
			return nil, rs.NewError(rs.RPCMiscError, "JSON integer out of range")
		}
		if vout < 0 {
			return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter, vout cannot be negative")
		}
		seq := uint32(wire.MaxTxInSequenceNum)
		switch {
		case rbf:
			seq = maxBIP125Sequence
		case locktime != 0:
			seq = maxSequenceNonFinal
		}
		if seqV, _ := in.Find("sequence"); seqV.Kind == univalue.Number {
			n, ok := seqV.Int()
			if !ok || n < 0 || n > int64(wire.MaxTxInSequenceNum) {
				return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter, sequence number is out of range")
			}
			seq = uint32(n)
		}
		ins = append(ins, &wire.TxIn{PreviousOutPoint: wire.OutPoint{Hash: h, Index: uint32(vout)}, Sequence: seq})
	}
	return ins, nil
}

// locktimeArg is ConstructTransaction's locktime check.
func locktimeArg(v univalue.Value) (uint32, bool, error) {
	if v.Kind == univalue.Null {
		return 0, false, nil
	}
	n, ok := v.Int()
	if v.Kind != univalue.Number || !ok {
		return 0, false, rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type number", v.Kind.TypeName())
	}
	if n < 0 || n > 0xffffffff {
		return 0, false, rs.NewError(rs.InvalidParameter, "Invalid parameter, locktime out of range")
	}
	return uint32(n), true, nil
}

// sffoArg is Core's InterpretSubtractFeeFromOutputInstructions: indexes or
// output keys.
func sffoArg(v univalue.Value, outs []output) (map[int]bool, error) {
	set := map[int]bool{}
	if v.Kind == univalue.Null {
		return set, nil
	}
	for _, e := range v.Elems {
		pos := -1
		switch e.Kind {
		case univalue.String:
			for i, o := range outs {
				if o.key == e.Str {
					pos = i
					break
				}
			}
			if pos < 0 {
				return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter 'subtract fee from output', destination %s not found in tx outputs", e.Str)
			}
		case univalue.Number:
			n, ok := e.Int()
			if !ok {
				return nil, rs.NewError(rs.TypeError, "JSON integer out of range")
			}
			pos = int(n)
		default:
			return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter 'subtract fee from output', invalid value type: %s", e.Kind.TypeName())
		}
		if set[pos] {
			return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter 'subtract fee from output', duplicated position: %d", pos)
		}
		if pos < 0 {
			return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter 'subtract fee from output', negative position: %d", pos)
		}
		if pos >= len(outs) {
			return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter 'subtract fee from output', position too large: %d", pos)
		}
		set[pos] = true
	}
	return set, nil
}

// feeEstimate is Core's SetFeeEstimateMode on o.
func feeEstimate(o *engine.SendOptions, confTarget, mode, feeRate univalue.Value) error {
	if feeRate.Kind != univalue.Null {
		if confTarget.Kind != univalue.Null {
			return rs.NewError(rs.InvalidParameter, "Cannot specify both conf_target and fee_rate. Please provide either a confirmation target in blocks for automatic fee estimation, or an explicit fee rate.")
		}
		if mode.Kind != univalue.Null && mode.Str != "unset" {
			return rs.NewError(rs.InvalidParameter, "Cannot specify both estimate_mode and fee_rate")
		}
		rate, err := feeRate3(feeRate)
		if err != nil {
			return err
		}
		o.FeeRate, o.ExplicitFeeRate = rate, true
		if o.Replaceable == nil {
			t := true
			o.Replaceable = &t
		}
		return nil
	}
	if mode.Kind != univalue.Null {
		switch strings.ToLower(mode.Str) {
		case "unset", "economical", "conservative":
		default:
			return rs.NewError(rs.InvalidParameter, "Invalid estimate_mode parameter, must be one of: \"unset\", \"economical\", \"conservative\"")
		}
	}
	if confTarget.Kind != univalue.Null {
		n, ok := confTarget.Int()
		if confTarget.Kind != univalue.Number || !ok {
			return rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type number", confTarget.Kind.TypeName())
		}
		if n < 1 || n > maxConfTarget {
			return rs.NewError(rs.InvalidParameter, "Invalid conf_target, must be between 1 and %d", maxConfTarget)
		}
		o.ConfTarget = int(n)
	}
	return nil
}

// feeRate3 is AmountFromValue(fee_rate, 3): sat/vB with at most three
// decimals, as sat/kvB.
func feeRate3(v univalue.Value) (int64, error) {
	if v.Kind != univalue.Number && v.Kind != univalue.String {
		return 0, rs.NewError(rs.TypeError, "Amount is not a number or string")
	}
	// Three decimals of sat/vB are whole sat/kvB: scale to 1e-8 units and
	// check the value has no more than three decimals.
	units, err := parseFixed8(v.Str)
	if err != nil || units%100_000 != 0 {
		return 0, rs.NewError(rs.TypeError, "Invalid amount")
	}
	if units < 0 {
		return 0, rs.NewError(rs.TypeError, "Amount out of range")
	}
	return units / 100_000, nil
}

// spendErr maps an engine refusal to Core's codes.
func spendErr(err error) error {
	var se *engine.SpendError
	if !errors.As(err, &se) {
		return walletErr(err)
	}
	code := map[engine.SpendErrorKind]int{
		engine.SpendInvalidAddressOrKey: rs.InvalidAddressOrKey,
		engine.SpendInvalidRequest:      rs.InvalidRequest,
		engine.SpendInvalidParameter:    rs.InvalidParameter,
		engine.SpendWalletError:         rs.WalletError,
		engine.SpendMiscError:           rs.RPCMiscError,
		engine.SpendInsufficientFunds:   rs.WalletInsufficientFunds,
	}[se.Kind]
	return rs.NewError(code, "%s", se.Msg)
}
