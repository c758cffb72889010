package rpc

import (
	"bytes"
	"encoding/hex"
	"math/big"

	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"

	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// Transaction construction constants (Core's policy and primitives).
const (
	defaultRawTxVersion   = 2
	txMinStandardVersion  = 1
	txMaxStandardVersion  = 3
	maxBIP125RBFSequence  = 0xfffffffd
	maxSequenceNonFinal   = 0xfffffffe
	sequenceFinal         = 0xffffffff
	amountDecimals        = 8
	fixedPointUpperBound  = 1000000000000000000 // 1e18
	maxMoney              = 21000000 * btcutil.SatoshiPerBitcoin
	createOutputsHelpText = "The outputs specified as key-value pairs.\n" +
		"Each key may only appear once, i.e. there can only be one 'data' output, and no address may be duplicated.\n" +
		"At least one output of either type must be specified.\n" +
		"For compatibility reasons, a dictionary, which holds the key-value pairs directly, is also\n" +
		"                             accepted as second parameter."
)

// parseFixedPoint is Core's ParseFixedPoint: a JSON number's text as an
// integer count of 10^-decimals, refusing anything not exactly
// representable or at least 10^18 in magnitude.
func parseFixedPoint(s string, decimals int) (int64, bool) {
	i := 0
	neg := i < len(s) && s[i] == '-'
	if neg {
		i++
	}
	digits := func() string {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return s[start:i]
	}
	if i >= len(s) {
		return 0, false
	}
	var intPart string
	switch {
	case s[i] == '0':
		intPart = "0"
		i++
	case s[i] >= '1' && s[i] <= '9':
		intPart = digits()
	default:
		return 0, false
	}
	frac := ""
	if i < len(s) && s[i] == '.' {
		i++
		if frac = digits(); frac == "" {
			return 0, false
		}
	}
	exp := int64(0)
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		expNeg := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			expNeg = s[i] == '-'
			i++
		}
		e := digits()
		if e == "" || len(e) > 17 {
			return 0, false
		}
		for _, c := range e {
			exp = exp*10 + int64(c-'0')
		}
		if expNeg {
			exp = -exp
		}
	}
	if i != len(s) {
		return 0, false
	}
	mantissa, _ := new(big.Int).SetString(intPart+frac, 10)
	shift := exp - int64(len(frac)) + int64(decimals)
	ten := big.NewInt(10)
	switch {
	case shift > 18:
		return 0, false
	case shift >= 0:
		mantissa.Mul(mantissa, new(big.Int).Exp(ten, big.NewInt(shift), nil))
	default:
		if -shift > 40 {
			return 0, mantissa.Sign() == 0
		}
		div := new(big.Int).Exp(ten, big.NewInt(-shift), nil)
		var rem big.Int
		if mantissa.QuoRem(mantissa, div, &rem); rem.Sign() != 0 {
			return 0, false
		}
	}
	if mantissa.Cmp(big.NewInt(fixedPointUpperBound)) >= 0 {
		return 0, false
	}
	v := mantissa.Int64()
	if neg {
		v = -v
	}
	return v, true
}

// amountFromValue is Core's AmountFromValue.
func amountFromValue(v univalue.Value) (int64, error) {
	if v.Kind != univalue.Number && v.Kind != univalue.String {
		return 0, rs.NewError(rs.TypeError, "Amount is not a number or string")
	}
	sat, ok := parseFixedPoint(v.Str, amountDecimals)
	if !ok {
		return 0, rs.NewError(rs.TypeError, "Invalid amount")
	}
	if sat < 0 || sat > maxMoney {
		return 0, rs.NewError(rs.TypeError, "Amount out of range")
	}
	return sat, nil
}

// hashField is Core's ParseHashO.
func hashField(o univalue.Value, key string) (chainhash.Hash, error) {
	v, ok := o.Find(key)
	if !ok || v.Kind == univalue.Null {
		return chainhash.Hash{}, rs.NewError(rs.TypeError, "JSON value of type null is not of expected type string")
	}
	raw, _ := v.MarshalJSON()
	return hashArg(raw, key)
}

func createTxArgs() []rs.Arg {
	return []rs.Arg{
		{Name: "inputs", Type: rs.ArgArray, Help: "The inputs", Inner: []rs.Arg{
			{Type: rs.ArgObject, Optional: true, Inner: []rs.Arg{
				{Name: "txid", Type: rs.ArgHex, Help: "The transaction id"},
				{Name: "vout", Type: rs.ArgNumber, Help: "The output number"},
				{Name: "sequence", Type: rs.ArgNumber, Default: "depends on the value of the 'replaceable' and 'locktime' arguments", Help: "The sequence number"},
			}},
		}},
		{Name: "outputs", Type: rs.ArgArray, SkipTypeCheck: true, Help: createOutputsHelpText, Inner: []rs.Arg{
			{Type: rs.ArgObjectUserKeys, Optional: true, Inner: []rs.Arg{
				{Name: "address", Type: rs.ArgAmount, Help: "A key-value pair. The key (string) is the bitcoin address, the value (float or string) is the amount in BTC"},
			}},
			{Type: rs.ArgObject, Optional: true, Inner: []rs.Arg{
				{Name: "data", Type: rs.ArgHex, Help: "A key-value pair. The key must be \"data\", the value is hex-encoded data that becomes a part of an OP_RETURN output"},
			}},
		}},
		{Name: "locktime", Type: rs.ArgNumber, Default: "0", Help: "Raw locktime. Non-0 value also locktime-activates inputs"},
		{Name: "replaceable", Type: rs.ArgBool, Default: "true", Help: "Marks this transaction as BIP125-replaceable.\nAllows this transaction to be replaced by a transaction with higher fees. If provided, it is an error if explicit sequence numbers are incompatible."},
		{Name: "version", Type: rs.ArgNumber, Default: "2", Help: "Transaction version"},
	}
}

func (n *Node) createrawtransactionCommand() rs.Command {
	return rs.Command{Name: "createrawtransaction", Category: "rawtransactions",
		Help: "Create a transaction spending the given inputs and creating new outputs.\n" +
			"Outputs can be addresses or data.\n" +
			"Returns hex-encoded raw transaction.\n" +
			"Note that the transaction's inputs are not signed, and\n" +
			"it is not stored in the wallet or transmitted to the network.",
		Args:   createTxArgs(),
		Result: "\"hex\"    (string) hex string of the transaction",
		Examples: rs.HelpExampleCli("createrawtransaction", "\"[{\\\"txid\\\":\\\"myid\\\",\\\"vout\\\":0}]\" \"[{\\\"address\\\":0.01}]\"") +
			rs.HelpExampleCli("createrawtransaction", "\"[{\\\"txid\\\":\\\"myid\\\",\\\"vout\\\":0}]\" \"[{\\\"data\\\":\\\"00010203\\\"}]\"") +
			rs.HelpExampleRPC("createrawtransaction", "\"[{\\\"txid\\\":\\\"myid\\\",\\\"vout\\\":0}]\", \"[{\\\"address\\\":0.01}]\"") +
			rs.HelpExampleRPC("createrawtransaction", "\"[{\\\"txid\\\":\\\"myid\\\",\\\"vout\\\":0}]\", \"[{\\\"data\\\":\\\"00010203\\\"}]\""),
		Handler: func(r *rs.Request) (any, error) {
			tx, err := n.constructTransaction(r)
			if err != nil {
				return nil, err
			}
			var b bytes.Buffer
			if err := tx.Serialize(&b); err != nil {
				return nil, err
			}
			return hex.EncodeToString(b.Bytes()), nil
		}}
}

// constructTransaction is Core's ConstructTransaction on the arguments
// inputs, outputs, locktime, replaceable, version.
func (n *Node) constructTransaction(r *rs.Request) (*wire.MsgTx, error) {
	var rbf *bool
	if raw := r.Arg(3); raw != nil {
		b, err := boolArg(raw, true)
		if err != nil {
			return nil, err
		}
		rbf = &b
	}
	tx := wire.NewMsgTx(defaultRawTxVersion)
	if raw := r.Arg(2); raw != nil {
		lt, err := intArg(raw, 0)
		if err != nil {
			return nil, err
		}
		if lt < 0 || lt > 0xffffffff {
			return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter, locktime out of range")
		}
		tx.LockTime = uint32(lt)
	}
	version, err := intArg(r.Arg(4), defaultRawTxVersion)
	if err != nil {
		return nil, err
	}
	if version < txMinStandardVersion || version > txMaxStandardVersion {
		return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter, version out of range(%d~%d)", txMinStandardVersion, txMaxStandardVersion)
	}
	tx.Version = int32(version)
	if err := addInputs(tx, r.Arg(0), rbf); err != nil {
		return nil, err
	}
	if err := n.addOutputs(tx, r.Arg(1)); err != nil {
		return nil, err
	}
	if rbf != nil && *rbf && len(tx.TxIn) > 0 {
		signals := false
		for _, in := range tx.TxIn {
			signals = signals || in.Sequence <= maxBIP125RBFSequence
		}
		if !signals {
			return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter combination: Sequence number(s) contradict replaceable option")
		}
	}
	return tx, nil
}

func parseJSON(raw []byte) (univalue.Value, error) {
	if raw == nil {
		return univalue.Value{}, nil
	}
	v, err := univalue.Parse(raw)
	if err != nil {
		return v, rs.NewError(rs.ParseError, "Parse error")
	}
	return v, nil
}

func typeErr(v univalue.Value, want univalue.Kind) error {
	return rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type %s", v.Kind.TypeName(), want.TypeName())
}

// addInputs is Core's AddInputs.
func addInputs(tx *wire.MsgTx, raw []byte, rbf *bool) error {
	inputs, err := parseJSON(raw)
	if err != nil {
		return err
	}
	if inputs.Kind != univalue.Null && inputs.Kind != univalue.Array {
		return typeErr(inputs, univalue.Array)
	}
	for _, in := range inputs.Elems {
		if in.Kind != univalue.Object {
			return typeErr(in, univalue.Object)
		}
		txid, err := hashField(in, "txid")
		if err != nil {
			return err
		}
		voutV, _ := in.Find("vout")
		if voutV.Kind != univalue.Number {
			return rs.NewError(rs.InvalidParameter, "Invalid parameter, missing vout key")
		}
		vout, ok := voutV.Int()
		if !ok || vout != int64(int32(vout)) {
			return rs.NewError(rs.RPCMiscError, "JSON integer out of range")
		}
		if vout < 0 {
			return rs.NewError(rs.InvalidParameter, "Invalid parameter, vout cannot be negative")
		}
		seq := uint32(sequenceFinal)
		switch {
		case rbf == nil || *rbf:
			seq = maxBIP125RBFSequence
		case tx.LockTime != 0:
			seq = maxSequenceNonFinal
		}
		if seqV, _ := in.Find("sequence"); seqV.Kind == univalue.Number {
			s, ok := seqV.Int()
			if !ok || s < 0 || s > sequenceFinal {
				return rs.NewError(rs.InvalidParameter, "Invalid parameter, sequence number is out of range")
			}
			seq = uint32(s)
		}
		tx.AddTxIn(&wire.TxIn{PreviousOutPoint: wire.OutPoint{Hash: txid, Index: uint32(vout)}, Sequence: seq})
	}
	return nil
}

// addOutputs is Core's NormalizeOutputs, ParseOutputs and AddOutputs.
func (n *Node) addOutputs(tx *wire.MsgTx, raw []byte) error {
	outputs, err := parseJSON(raw)
	if err != nil {
		return err
	}
	var keys []string
	var vals []univalue.Value
	switch outputs.Kind {
	case univalue.Null:
		return rs.NewError(rs.InvalidParameter, "Invalid parameter, output argument must be non-null")
	case univalue.Object:
		keys, vals = outputs.Keys, outputs.Elems
	case univalue.Array:
		for _, o := range outputs.Elems {
			if o.Kind != univalue.Object {
				return rs.NewError(rs.InvalidParameter, "Invalid parameter, key-value pair not an object as expected")
			}
			if len(o.Keys) != 1 {
				return rs.NewError(rs.InvalidParameter, "Invalid parameter, key-value pair must contain exactly one key")
			}
			keys, vals = append(keys, o.Keys[0]), append(vals, o.Elems[0])
		}
	default:
		return typeErr(outputs, univalue.Array)
	}
	seen := map[string]bool{}
	hasData := false
	for i, key := range keys {
		if key == "data" {
			if hasData {
				return rs.NewError(rs.InvalidParameter, "Invalid parameter, duplicate key: data")
			}
			hasData = true
			if !isHex(vals[i].Str) || (vals[i].Kind != univalue.String && vals[i].Kind != univalue.Number) {
				return rs.NewError(rs.InvalidParameter, "Data must be hexadecimal string (not '%s')", vals[i].Str)
			}
			data, _ := hex.DecodeString(vals[i].Str)
			script := append([]byte{txscript.OP_RETURN}, pushData(data)...)
			tx.AddTxOut(wire.NewTxOut(0, script))
			continue
		}
		d, msg, _ := decodeDestination(key, n.Chain.Params)
		amount, err := amountFromValue(vals[i])
		if err != nil {
			return err
		}
		if msg != "" {
			return rs.NewError(rs.InvalidAddressOrKey, "Invalid Bitcoin address: %s", key)
		}
		script := d.script()
		if seen[string(script)] {
			return rs.NewError(rs.InvalidParameter, "Invalid parameter, duplicated address: %s", key)
		}
		seen[string(script)] = true
		tx.AddTxOut(wire.NewTxOut(amount, script))
	}
	return nil
}

// pushData is CScript's push of a byte vector: the smallest push opcode
// for its length, never a small-integer opcode.
func pushData(data []byte) []byte {
	n := len(data)
	var out []byte
	switch {
	case n < txscript.OP_PUSHDATA1:
		out = []byte{byte(n)}
	case n <= 0xff:
		out = []byte{txscript.OP_PUSHDATA1, byte(n)}
	case n <= 0xffff:
		out = []byte{txscript.OP_PUSHDATA2, byte(n), byte(n >> 8)}
	default:
		out = []byte{txscript.OP_PUSHDATA4, byte(n), byte(n >> 8), byte(n >> 16), byte(n >> 24)}
	}
	return append(out, data...)
}
