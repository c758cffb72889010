package rpc

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"regexp"
	"strconv"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"

	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
	"github.com/mpbitcoin/mpbitcoin/roles/sign"
)

// signRawCommands are signrawtransactionwithkey and combinerawtransaction.
func (n *Node) signRawCommands() []rs.Command {
	return []rs.Command{
		{Name: "signrawtransactionwithkey", Category: "rawtransactions",
			Help: "Sign inputs for raw transaction (serialized, hex-encoded).\nThe second argument is an array of base58-encoded private\nkeys that will be the only keys used to sign the transaction.\nThe third optional argument (may be null) is an array of previous transaction outputs that\nthis transaction depends on but may not yet be in the block chain.",
			Args: []rs.Arg{
				{Name: "hexstring", Type: rs.ArgString, Help: "The transaction hex string"},
				{Name: "privkeys", Type: rs.ArgArray, Help: "The base58-encoded private keys for signing", Inner: []rs.Arg{
					{Name: "privatekey", Type: rs.ArgHex, Optional: true, Help: "private key in base58-encoding"},
				}},
				{Name: "prevtxs", Type: rs.ArgArray, Optional: true, Help: "The previous dependent transaction outputs", Inner: []rs.Arg{
					{Type: rs.ArgObject, Optional: true, Inner: []rs.Arg{
						{Name: "txid", Type: rs.ArgHex, Help: "The transaction id"},
						{Name: "vout", Type: rs.ArgNumber, Help: "The output number"},
						{Name: "scriptPubKey", Type: rs.ArgHex, Help: "output script"},
						{Name: "redeemScript", Type: rs.ArgHex, Optional: true, Help: "(required for P2SH) redeem script"},
						{Name: "witnessScript", Type: rs.ArgHex, Optional: true, Help: "(required for P2WSH or P2SH-P2WSH) witness script"},
						{Name: "amount", Type: rs.ArgAmount, Optional: true, Help: "(required for Segwit inputs) the amount spent"},
					}},
				}},
				{Name: "sighashtype", Type: rs.ArgString, Default: "DEFAULT for Taproot, ALL otherwise", Help: "The signature hash type. Must be one of:\n       \"DEFAULT\"\n       \"ALL\"\n       \"NONE\"\n       \"SINGLE\"\n       \"ALL|ANYONECANPAY\"\n       \"NONE|ANYONECANPAY\"\n       \"SINGLE|ANYONECANPAY\"\n"},
			},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
				{Type: rs.ResHex, Key: "hex", Help: "The hex-encoded raw transaction with signature(s)"},
				{Type: rs.ResBool, Key: "complete", Help: "If the transaction has a complete set of signatures"},
				{Type: rs.ResArr, Key: "errors", Optional: true, Help: "Script verification errors (if there are any)", Inner: []rs.ResultDoc{
					{Type: rs.ResObj, Inner: []rs.ResultDoc{
						{Type: rs.ResHex, Key: "txid", Help: "The hash of the referenced, previous transaction"},
						{Type: rs.ResNum, Key: "vout", Help: "The index of the output to spent and used as input"},
						{Type: rs.ResArr, Key: "witness", Inner: []rs.ResultDoc{{Type: rs.ResHex, Key: "witness"}}},
						{Type: rs.ResHex, Key: "scriptSig", Help: "The hex-encoded signature script"},
						{Type: rs.ResNum, Key: "sequence", Help: "Script sequence number"},
						{Type: rs.ResStr, Key: "error", Help: "Verification or signing error related to the input"},
					}},
				}},
			}}},
			Examples: rs.HelpExampleCli("signrawtransactionwithkey", "\"myhex\" \"[\\\"key1\\\",\\\"key2\\\"]\"") +
				rs.HelpExampleRPC("signrawtransactionwithkey", "\"myhex\", \"[\\\"key1\\\",\\\"key2\\\"]\""),
			Handler: n.signrawtransactionwithkey},
		{Name: "combinerawtransaction", Category: "rawtransactions",
			Help: "Combine multiple partially signed transactions into one transaction.\nThe combined transaction may be another partially signed transaction or a \nfully signed transaction.",
			Args: []rs.Arg{
				{Name: "txs", Type: rs.ArgArray, Help: "The hex strings of partially signed transactions", Inner: []rs.Arg{
					{Name: "hexstring", Type: rs.ArgHex, Optional: true, Help: "A hex-encoded raw transaction"},
				}},
			},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResStr, Help: "The hex-encoded raw transaction with signature(s)"}},
			Examples:   rs.HelpExampleCli("combinerawtransaction", `'["myhex1", "myhex2", "myhex3"]'`),
			Handler:    n.combinerawtransaction},
	}
}

// findCoins is Core's FindCoins: the outputs the inputs spend, from the
// mempool and the UTXO set.
func (n *Node) findCoins(tx *wire.MsgTx) (map[wire.OutPoint]sign.Prevout, error) {
	coins := map[wire.OutPoint]sign.Prevout{}
	for _, in := range tx.TxIn {
		op := in.PreviousOutPoint
		if n.Pool != nil {
			if ptx, err := n.Pool.Fetch(&op.Hash); err == nil && int(op.Index) < len(ptx.MsgTx().TxOut) {
				out := ptx.MsgTx().TxOut[op.Index]
				coins[op] = sign.Prevout{Script: out.PkScript, Value: out.Value}
				continue
			}
		}
		coin, err := n.Chain.UTXO(op)
		if err != nil {
			return nil, err
		}
		if coin != nil {
			coins[op] = sign.Prevout{Script: coin.PkScript, Value: coin.Amount}
		}
	}
	return coins, nil
}

func (n *Node) signrawtransactionwithkey(r *rs.Request) (any, error) {
	s, err := stringArg(r.Arg(0))
	if err != nil {
		return nil, err
	}
	tx, err := decodeRawTx(s)
	if err != nil {
		return nil, err
	}
	var keys []json.RawMessage
	if err := json.Unmarshal(r.Arg(1), &keys); err != nil {
		return nil, rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type array", jsonType(r.Arg(1)))
	}
	var kp sign.Flat
	for _, raw := range keys {
		k, err := stringArg(raw)
		if err != nil {
			return nil, err
		}
		w, err := btcutil.DecodeWIF(k)
		if err != nil || !w.IsForNet(n.Chain.Params) {
			return nil, rs.NewError(rs.InvalidAddressOrKey, "Invalid private key")
		}
		kp.AddKey(w.PrivKey, w.CompressPubKey)
	}
	coins, err := n.findCoins(tx)
	if err != nil {
		return nil, err
	}
	if err := parsePrevouts(r.Arg(2), &kp, coins); err != nil {
		return nil, err
	}
	hashType := "DEFAULT"
	if raw := r.Arg(3); raw != nil {
		if hashType, err = stringArg(raw); err != nil {
			return nil, err
		}
		if hashType == "" {
			return nil, rs.NewError(rs.InvalidParameter, "'' is not a valid sighash parameter.")
		}
	}
	complete, errs, err := sign.SignTx(tx, coins, &kp, hashType)
	if err != nil {
		return nil, rs.NewError(rs.InvalidParameter, "%s", err.Error())
	}
	return signResultJSON(tx, complete, errs, coins)
}

// signResultJSON is Core's SignTransactionResultToJSON.
func signResultJSON(tx *wire.MsgTx, complete bool, errs []sign.InputError, coins map[wire.OutPoint]sign.Prevout) (univalue.Value, error) {
	list := univalue.NewArray()
	for _, e := range errs {
		in := tx.TxIn[e.Index]
		if e.Error == sign.ErrMissingAmount {
			c := coins[in.PreviousOutPoint]
			spk := hex.EncodeToString(c.Script)
			if len(spk) > 30 {
				spk = spk[:30]
			}
			return univalue.Value{}, rs.NewError(rs.TypeError, "Missing amount for CTxOut(nValue=%d.%08d, scriptPubKey=%s)", c.Value/1e8, c.Value%1e8, spk)
		}
		o := univalue.NewObject()
		o.PushKV("txid", univalue.NewString(in.PreviousOutPoint.Hash.String()))
		o.PushKV("vout", univalue.NewInt(int64(in.PreviousOutPoint.Index)))
		wit := univalue.NewArray()
		for _, item := range in.Witness {
			wit.Push(univalue.NewString(hex.EncodeToString(item)))
		}
		o.PushKV("witness", wit)
		o.PushKV("scriptSig", univalue.NewString(hex.EncodeToString(in.SignatureScript)))
		o.PushKV("sequence", univalue.NewInt(int64(in.Sequence)))
		o.PushKV("error", univalue.NewString(e.Error))
		list.Push(o)
	}
	var b bytes.Buffer
	if err := tx.Serialize(&b); err != nil {
		return univalue.Value{}, err
	}
	out := univalue.NewObject()
	out.PushKV("hex", univalue.NewString(hex.EncodeToString(b.Bytes())))
	out.PushKV("complete", univalue.NewBool(complete))
	if list.Len() > 0 {
		out.PushKV("errors", list)
	}
	return out, nil
}

// parsePrevouts is Core's ParsePrevouts: the prevtxs argument adds coins
// and, for P2SH and P2WSH outputs, their scripts to kp.
func parsePrevouts(raw json.RawMessage, kp *sign.Flat, coins map[wire.OutPoint]sign.Prevout) error {
	if raw == nil {
		return nil
	}
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil {
		return rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type array", jsonType(raw))
	}
	for _, item := range list {
		var obj map[string]json.RawMessage
		if jsonType(item) != "object" || json.Unmarshal(item, &obj) != nil {
			return rs.NewError(rs.DeserializationError, "expected object with {\"txid'\",\"vout\",\"scriptPubKey\"}")
		}
		field := func(k string) json.RawMessage {
			if v, ok := obj[k]; ok && jsonType(v) != "null" {
				return v
			}
			return nil
		}
		// Core checks the fields in key order.
		for _, f := range []struct{ key, typ string }{{"scriptPubKey", "string"}, {"txid", "string"}, {"vout", "number"}} {
			v := field(f.key)
			if v == nil {
				return rs.NewError(rs.TypeError, "Missing %s", f.key)
			}
			if jsonType(v) != f.typ {
				return rs.NewError(rs.TypeError, "JSON value of type %s for field %s is not of expected type %s", jsonType(v), f.key, f.typ)
			}
		}
		txid, err := hashArg(field("txid"), "txid")
		if err != nil {
			return err
		}
		vout, err := intArg(field("vout"), 0)
		if err != nil || vout > 0x7fffffff || vout < -0x80000000 {
			return rs.NewError(rs.TypeError, "JSON integer out of range")
		}
		if vout < 0 {
			return rs.NewError(rs.DeserializationError, "vout cannot be negative")
		}
		spk, err := hexField(field("scriptPubKey"), "scriptPubKey")
		if err != nil {
			return err
		}
		op := wire.OutPoint{Hash: txid, Index: uint32(vout)}
		if c, ok := coins[op]; ok && !bytes.Equal(c.Script, spk) {
			return rs.NewError(rs.DeserializationError, "Previous output scriptPubKey mismatch:\n%s\nvs:\n%s", scriptAsm(c.Script, false), scriptAsm(spk, false))
		}
		coin := sign.Prevout{Script: spk, Value: sign.MaxMoney}
		if a := field("amount"); a != nil {
			if coin.Value, err = signAmountArg(a); err != nil {
				return err
			}
		}
		coins[op] = coin
		isP2SH, isP2WSH := txscript.IsPayToScriptHash(spk), txscript.IsPayToWitnessScriptHash(spk)
		if !isP2SH && !isP2WSH {
			continue
		}
		if err := addPrevoutScripts(field, spk, isP2SH, kp); err != nil {
			return err
		}
	}
	return nil
}

// addPrevoutScripts adds the redeemScript/witnessScript of a P2SH or P2WSH
// prevout to kp with Core's checks.
func addPrevoutScripts(field func(string) json.RawMessage, spk []byte, isP2SH bool, kp *sign.Flat) error {
	for _, k := range []string{"redeemScript", "witnessScript"} {
		if v := field(k); v != nil && jsonType(v) != "string" {
			return rs.NewError(rs.TypeError, "JSON value of type %s for field %s is not of expected type string", jsonType(v), k)
		}
	}
	rsRaw, wsRaw := field("redeemScript"), field("witnessScript")
	if rsRaw == nil && wsRaw == nil {
		return rs.NewError(rs.InvalidParameter, "Missing redeemScript/witnessScript")
	}
	var script []byte
	var err error
	if wsRaw != nil {
		script, err = hexField(wsRaw, "witnessScript")
	} else {
		script, err = hexField(rsRaw, "redeemScript")
	}
	if err != nil {
		return err
	}
	kp.AddScript(script)
	wsh := sha256.Sum256(script)
	p2wsh := append([]byte{txscript.OP_0, 32}, wsh[:]...)
	kp.AddScript(p2wsh)
	if rsRaw != nil && wsRaw != nil && !bytes.Equal(rsRaw, wsRaw) {
		redeem, err := hexField(rsRaw, "redeemScript")
		if err != nil {
			return err
		}
		if !bytes.Equal(redeem, p2wsh) {
			return rs.NewError(rs.InvalidParameter, "redeemScript does not correspond to witnessScript")
		}
	}
	p2sh := func(s []byte) []byte {
		return append(append([]byte{txscript.OP_HASH160, 20}, address.Hash160(s)...), txscript.OP_EQUAL)
	}
	if isP2SH {
		if !bytes.Equal(spk, p2sh(script)) && !bytes.Equal(spk, p2sh(p2wsh)) {
			return rs.NewError(rs.InvalidParameter, "redeemScript/witnessScript does not match scriptPubKey")
		}
	} else if !bytes.Equal(spk, p2wsh) {
		return rs.NewError(rs.InvalidParameter, "redeemScript/witnessScript does not match scriptPubKey")
	}
	return nil
}

// hexField is Core's ParseHexV.
func hexField(raw json.RawMessage, name string) ([]byte, error) {
	var s string
	_ = json.Unmarshal(raw, &s)
	b, err := hex.DecodeString(s)
	if err != nil || len(s) == 0 {
		return nil, rs.NewError(rs.InvalidParameter, "%s must be hexadecimal string (not '%s')", name, s)
	}
	return b, nil
}

// fixedPoint is the syntax Core's ParseFixedPoint accepts.
var fixedPoint = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)

// signAmountArg is Core's AmountFromValue: a number or string of BTC with
// at most 8 decimals, within the money range.
func signAmountArg(raw json.RawMessage) (int64, error) {
	var s string
	switch jsonType(raw) {
	case "number":
		s = string(raw)
	case "string":
		_ = json.Unmarshal(raw, &s)
	default:
		return 0, rs.NewError(rs.TypeError, "Amount is not a number or string")
	}
	if !fixedPoint.MatchString(s) || len(s) > 40 {
		return 0, rs.NewError(rs.TypeError, "Invalid amount")
	}
	v, ok := new(big.Rat).SetString(s)
	if !ok {
		return 0, rs.NewError(rs.TypeError, "Invalid amount")
	}
	v.Mul(v, big.NewRat(1e8, 1))
	if !v.IsInt() || !v.Num().IsInt64() {
		return 0, rs.NewError(rs.TypeError, "Invalid amount")
	}
	sat := v.Num().Int64()
	if sat < 0 || sat > sign.MaxMoney {
		return 0, rs.NewError(rs.TypeError, "Amount out of range")
	}
	return sat, nil
}

func (n *Node) combinerawtransaction(r *rs.Request) (any, error) {
	var raws []json.RawMessage
	if err := json.Unmarshal(r.Arg(0), &raws); err != nil {
		return nil, rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type array", jsonType(r.Arg(0)))
	}
	var txs []*wire.MsgTx
	for i, raw := range raws {
		s, err := stringArg(raw)
		if err != nil {
			return nil, err
		}
		tx, ok := decodeTx(s, true, true)
		if !ok {
			return nil, rs.NewError(rs.DeserializationError, "TX decode failed for tx %s. Make sure the tx has at least one input.", strconv.Itoa(i))
		}
		txs = append(txs, tx)
	}
	if len(txs) == 0 {
		return nil, rs.NewError(rs.DeserializationError, "Missing transactions")
	}
	coins, err := n.findCoins(txs[0])
	if err != nil {
		return nil, err
	}
	merged, err := sign.Combine(txs, coins)
	if errors.Is(err, sign.ErrCombineInputNotFound) {
		return nil, rs.NewError(rs.VerifyError, "Input not found or already spent")
	}
	if err != nil {
		return nil, fmt.Errorf("combine: %w", err)
	}
	var b bytes.Buffer
	if err := merged.Serialize(&b); err != nil {
		return nil, err
	}
	return hex.EncodeToString(b.Bytes()), nil
}
