package walletrpc

import (
	"encoding/hex"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/engine"
)

// fundOptionKinds are the option keys Core's FundTransaction accepts.
var fundOptionKinds = map[string]univalue.Kind{
	"add_inputs": univalue.Bool, "include_unsafe": univalue.Bool, "add_to_wallet": univalue.Bool,
	"changeAddress": univalue.String, "change_address": univalue.String,
	"changePosition": univalue.Number, "change_position": univalue.Number,
	"change_type": univalue.String, "includeWatching": univalue.Bool, "include_watching": univalue.Bool,
	"inputs": univalue.Array, "lockUnspents": univalue.Bool, "lock_unspents": univalue.Bool,
	"locktime": univalue.Number, "fee_rate": anyKind, "feeRate": anyKind, "psbt": univalue.Bool,
	"solving_data": univalue.Object, "subtractFeeFromOutputs": univalue.Array, "subtract_fee_from_outputs": univalue.Array,
	"replaceable": univalue.Bool, "conf_target": univalue.Number, "estimate_mode": univalue.String,
	"minconf": univalue.Number, "maxconf": univalue.Number, "input_weights": univalue.Array, "max_tx_weight": univalue.Number,
}

// either returns the first present option of the names.
func either(o univalue.Value, names ...string) (univalue.Value, bool) {
	for _, n := range names {
		if v, ok := o.Find(n); ok {
			return v, true
		}
	}
	return univalue.Value{}, false
}

func intOpt(v univalue.Value) (int64, error) {
	n, ok := v.Int()
	if !ok {
		return 0, rs.NewError(rs.TypeError, "JSON integer out of range")
	}
	return n, nil
}

// fundOptions is the options part of Core's FundTransaction (the RPC
// helper): it fills o and reports lockUnspents. nRecipients bounds the
// change position.
func (s *Server) fundOptions(options univalue.Value, nRecipients int, o *engine.SendOptions) (bool, error) {
	if options.Kind == univalue.Null || options.Kind == univalue.Bool {
		return false, nil // a bool is the old includeWatching and does nothing
	}
	if options.Kind != univalue.Object {
		return false, rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type object", options.Kind.TypeName())
	}
	if err := checkObject(options, fundOptionKinds); err != nil {
		return false, err
	}
	get := func(name string) univalue.Value { return options.Get(name) }
	if v := get("add_inputs"); v.Kind == univalue.Bool {
		o.AddInputs = v.Bool
	}
	if v, ok := either(options, "change_address", "changeAddress"); ok && v.Kind == univalue.String {
		script, err := descriptor.AddressScript(v.Str, s.m.Options().Params)
		if err != nil {
			return false, rs.NewError(rs.InvalidAddressOrKey, "Change address must be a valid bitcoin address")
		}
		o.ChangeScript = script
	}
	if v, ok := either(options, "change_position", "changePosition"); ok && v.Kind == univalue.Number {
		pos, err := intOpt(v)
		if err != nil {
			return false, err
		}
		if pos < 0 || pos > int64(nRecipients) {
			return false, rs.NewError(rs.InvalidParameter, "changePosition out of bounds")
		}
		o.ChangePos = int(pos)
	}
	if v := get("change_type"); v.Kind == univalue.String {
		if _, ok := either(options, "change_address", "changeAddress"); ok {
			return false, rs.NewError(rs.InvalidParameter, "Cannot specify both change address and address type options")
		}
		if !addressTypes[v.Str] {
			return false, rs.NewError(rs.InvalidAddressOrKey, "Unknown change type '%s'", v.Str)
		}
		o.ChangeType = v.Str
	}
	lock := false
	if v, ok := either(options, "lock_unspents", "lockUnspents"); ok && v.Kind == univalue.Bool {
		lock = v.Bool
	}
	if v := get("include_unsafe"); v.Kind == univalue.Bool {
		o.IncludeUnsafe = v.Bool
	}
	if v, ok := options.Find("feeRate"); ok {
		if _, both := options.Find("fee_rate"); both {
			return false, rs.NewError(rs.InvalidParameter, "Cannot specify both fee_rate (sat/vB) and feeRate (BTC/kvB)")
		}
		if _, both := options.Find("conf_target"); both {
			return false, rs.NewError(rs.InvalidParameter, "Cannot specify both conf_target and feeRate. Please provide either a confirmation target in blocks for automatic fee estimation, or an explicit fee rate.")
		}
		if _, both := options.Find("estimate_mode"); both {
			return false, rs.NewError(rs.InvalidParameter, "Cannot specify both estimate_mode and feeRate")
		}
		rate, err := amountArg(raw(v))
		if err != nil {
			return false, err
		}
		o.FeeRate, o.ExplicitFeeRate, o.OverrideMinFee = rate, true, true
	}
	if v := get("replaceable"); v.Kind == univalue.Bool {
		b := v.Bool
		o.Replaceable = &b
	}
	if v := get("minconf"); v.Kind == univalue.Number {
		n, err := intOpt(v)
		if err != nil {
			return false, err
		}
		if n < 0 {
			return false, rs.NewError(rs.InvalidParameter, "Negative minconf")
		}
		o.MinConf = int(n)
	}
	if v := get("maxconf"); v.Kind == univalue.Number {
		n, err := intOpt(v)
		if err != nil {
			return false, err
		}
		if int(n) < o.MinConf {
			return false, rs.NewError(rs.InvalidParameter, "maxconf can't be lower than minconf: %d < %d", n, o.MinConf)
		}
		m := int(n)
		o.MaxConf = &m
	}
	if err := feeEstimate(o, get("conf_target"), get("estimate_mode"), get("fee_rate")); err != nil {
		return false, err
	}
	if v := get("solving_data"); v.Kind == univalue.Object {
		sd, err := s.solvingData(v)
		if err != nil {
			return false, err
		}
		o.Solving = sd
	}
	if v := get("max_tx_weight"); v.Kind == univalue.Number {
		n, err := intOpt(v)
		if err != nil {
			return false, err
		}
		if n < 260 || n > 400_000 {
			return false, rs.NewError(rs.WalletError, "Maximum transaction weight must be between 260 and 400000")
		}
		o.MaxTxWeight = int(n)
	}
	if v := get("input_weights"); v.Kind == univalue.Array {
		weights, err := inputWeights(v.Elems)
		if err != nil {
			return false, err
		}
		o.InputWeights = weights
	}
	return lock, nil
}

// inputWeights is the input_weights part of Core's FundTransaction: txid,
// vout and a weight between an empty input's and the standard maximum.
func inputWeights(entries []univalue.Value) (map[wire.OutPoint]int64, error) {
	out := map[wire.OutPoint]int64{}
	for _, in := range entries {
		idV := in.Get("txid")
		if idV.Kind != univalue.String {
			return nil, rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type string", idV.Kind.TypeName())
		}
		h, err := hashParam(idV.Str, "txid")
		if err != nil {
			return nil, err
		}
		voutV := in.Get("vout")
		if voutV.Kind != univalue.Number {
			return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter, missing vout key")
		}
		vout, ok := voutV.Int()
		if !ok {
			return nil, rs.NewError(rs.RPCMiscError, "JSON integer out of range")
		}
		if vout < 0 {
			return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter, vout cannot be negative")
		}
		wV := in.Get("weight")
		if wV.Kind != univalue.Number {
			return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter, missing weight key")
		}
		n, ok := wV.Int()
		if !ok {
			return nil, rs.NewError(rs.RPCMiscError, "JSON integer out of range")
		}
		if n < 165 {
			return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter, weight cannot be less than 165 (41 bytes (size of outpoint + sequence + empty scriptSig) * 4 (witness scaling factor)) + 1 (empty witness)")
		}
		if n > 400_000 {
			return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter, weight cannot be greater than the maximum standard tx weight of 400000")
		}
		out[wire.OutPoint{Hash: h, Index: uint32(vout)}] = n
	}
	return out, nil
}

// weightedInputs are the inputs argument's entries with a weight (Core's
// SetOptionsInputWeights).
func weightedInputs(inputs univalue.Value) (map[wire.OutPoint]int64, error) {
	var with []univalue.Value
	for _, in := range inputs.Elems {
		if _, ok := in.Find("weight"); ok {
			with = append(with, in)
		}
	}
	return inputWeights(with)
}

// solvingData is the solving_data option: public keys, scripts and
// descriptors that make inputs of others solvable.
func (s *Server) solvingData(v univalue.Value) (*engine.SolvingData, error) {
	sd := &engine.SolvingData{}
	for _, pk := range v.Get("pubkeys").Elems {
		b, err := hex.DecodeString(pk.Str)
		if err != nil || pk.Kind != univalue.String {
			return nil, rs.NewError(rs.InvalidAddressOrKey, "Pubkey \"%s\" must be a hex string", pk.Str)
		}
		if _, err := btcec.ParsePubKey(b); err != nil || (len(b) != 33 && len(b) != 65) {
			return nil, rs.NewError(rs.InvalidAddressOrKey, "Pubkey \"%s\" must have a length of either 33 or 65 bytes", pk.Str)
		}
		sd.PubKeys = append(sd.PubKeys, b)
	}
	for _, sc := range v.Get("scripts").Elems {
		b, err := hex.DecodeString(sc.Str)
		if err != nil || sc.Kind != univalue.String {
			return nil, rs.NewError(rs.InvalidAddressOrKey, "'%s' is not hex", sc.Str)
		}
		sd.Scripts = append(sd.Scripts, b)
	}
	for _, d := range v.Get("descriptors").Elems {
		if _, err := descriptor.Parse(d.Str, s.m.Options().Params, false); err != nil {
			return nil, rs.NewError(rs.InvalidParameter, "Unable to parse descriptor '%s': %v", d.Str, err)
		}
		sd.Descriptors = append(sd.Descriptors, d.Str)
	}
	return sd, nil
}
