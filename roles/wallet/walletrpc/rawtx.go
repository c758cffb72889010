package walletrpc

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
	"github.com/mpbitcoin/mpbitcoin/roles/sign"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/engine"
)

func (s *Server) rawTxCommands() []rs.Command {
	return []rs.Command{
		{Name: "fundrawtransaction", Category: "rawtransactions", Help: "If the transaction has no inputs, they will be automatically selected to meet its out value.\nIt will add at most one change output to the outputs.\nNo existing outputs will be modified unless \"subtractFeeFromOutputs\" is specified.\nNote that inputs which were signed may need to be resigned after completion since in/outputs have been added.\nThe inputs added will not be signed, use signrawtransactionwithkey\nor signrawtransactionwithwallet for that.\nAll existing inputs must either have their previous output transaction be in the wallet\nor be in the UTXO set. Solving data must be provided for non-wallet inputs.\nNote that all inputs selected must be of standard form and P2SH scripts must be\nin the wallet using importdescriptors (to calculate fees).\nYou can see whether this is the case by checking the \"solvable\" field in the listunspent output.\nNote that if specifying an exact fee rate, the resulting transaction may have a higher fee rate\nif the transaction has unconfirmed inputs. This is because the wallet will attempt to make the\nentire package have the given fee rate, not the resulting transaction.",
			Args: []rs.Arg{
				{Name: "hexstring", Type: rs.ArgHex, Help: "The hex string of the raw transaction"},
				{Name: "options", Type: rs.ArgObject, Optional: true, Help: "For backward compatibility: passing in a true instead of an object will result in {\"includeWatching\":true}", SkipTypeCheck: true, Inner: []rs.Arg{
					{Name: "add_inputs", Type: rs.ArgBool, Default: "true", Help: "For a transaction with existing inputs, automatically include more if they are not enough."},
					{Name: "include_unsafe", Type: rs.ArgBool, Default: "false", Help: "Include inputs that are not safe to spend (unconfirmed transactions from outside keys and unconfirmed replacement transactions)."},
					{Name: "minconf", Type: rs.ArgNumber, Default: "0", Help: "If add_inputs is specified, require inputs with at least this many confirmations."},
					{Name: "changeAddress", Type: rs.ArgString, Default: "automatic", Help: "The bitcoin address to receive the change"},
					{Name: "changePosition", Type: rs.ArgNumber, Default: "random", Help: "The index of the change output"},
					{Name: "change_type", Type: rs.ArgString, Default: "set by -changetype", Help: "The output type to use. Only valid if changeAddress is not specified."},
					{Name: "lockUnspents", Type: rs.ArgBool, Default: "false", Help: "Lock selected unspent outputs"},
					{Name: "fee_rate", Type: rs.ArgAmount, Default: "not set, falls back to wallet fee estimation", Help: "Specify a fee rate in sat/vB."},
					{Name: "feeRate", Type: rs.ArgAmount, Default: "not set, falls back to wallet fee estimation", Help: "Specify a fee rate in BTC/kvB."},
					{Name: "subtractFeeFromOutputs", Type: rs.ArgArray, Default: "[]", Help: "The integers.", Inner: []rs.Arg{{Name: "vout_index", Type: rs.ArgNumber, Help: "The zero-based output index, before a change output is added."}}},
					{Name: "replaceable", Type: rs.ArgBool, Default: "wallet default", Help: "Marks this transaction as BIP125-replaceable."},
					{Name: "conf_target", Type: rs.ArgNumber, Default: "wallet -txconfirmtarget", Help: "Confirmation target in blocks"},
				}},
				{Name: "iswitness", Type: rs.ArgBool, Default: "depends on heuristic tests", Help: "Whether the transaction hex is a serialized witness transaction."},
			},
			Examples: ex("fundrawtransaction", "\"rawtransactionhex\""), Handler: s.fundrawtransaction},
		{Name: "signrawtransactionwithwallet", Category: "rawtransactions", Help: "Sign inputs for raw transaction (serialized, hex-encoded).\nThe second optional argument (may be null) is an array of previous transaction outputs that\nthis transaction depends on but may not yet be in the block chain.",
			Args: []rs.Arg{
				{Name: "hexstring", Type: rs.ArgString, Help: "The transaction hex string"},
				{Name: "prevtxs", Type: rs.ArgArray, Optional: true, Help: "The previous dependent transaction outputs", Inner: []rs.Arg{{Name: "", Type: rs.ArgObject, Inner: []rs.Arg{
					{Name: "txid", Type: rs.ArgHex, Help: "The transaction id"},
					{Name: "vout", Type: rs.ArgNumber, Help: "The output number"},
					{Name: "scriptPubKey", Type: rs.ArgHex, Help: "The output script"},
					{Name: "redeemScript", Type: rs.ArgHex, Optional: true, Help: "(required for P2SH) redeem script"},
					{Name: "witnessScript", Type: rs.ArgHex, Optional: true, Help: "(required for P2WSH or P2SH-P2WSH) witness script"},
					{Name: "amount", Type: rs.ArgAmount, Optional: true, Help: "(required for Segwit inputs) the amount spent"},
				}}}},
				{Name: "sighashtype", Type: rs.ArgString, Default: "DEFAULT for Taproot, ALL otherwise", Help: "The signature hash type. Must be one of\n       \"DEFAULT\"\n       \"ALL\"\n       \"NONE\"\n       \"SINGLE\"\n       \"ALL|ANYONECANPAY\"\n       \"NONE|ANYONECANPAY\"\n       \"SINGLE|ANYONECANPAY\""},
			},
			Examples: ex("signrawtransactionwithwallet", "\"myhex\""), Handler: s.signrawtransactionwithwallet},
	}
}

func decodeTx(s string) (*wire.MsgTx, error) {
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil, rs.NewError(rs.DeserializationError, "TX decode failed")
	}
	tx := &wire.MsgTx{}
	if err := tx.Deserialize(bytes.NewReader(b)); err == nil {
		return tx, nil
	}
	tx = &wire.MsgTx{}
	if err := tx.DeserializeNoWitness(bytes.NewReader(b)); err != nil {
		return nil, rs.NewError(rs.DeserializationError, "TX decode failed")
	}
	return tx, nil
}

func txHex(tx *wire.MsgTx) string {
	var b bytes.Buffer
	_ = tx.Serialize(&b)
	return hex.EncodeToString(b.Bytes())
}

type fundOptions struct {
	AddInputs     *bool           `json:"add_inputs"`
	IncludeUnsafe bool            `json:"include_unsafe"`
	MinConf       int             `json:"minconf"`
	ChangeAddress string          `json:"changeAddress"`
	ChangePos     *int            `json:"changePosition"`
	ChangeType    string          `json:"change_type"`
	LockUnspents  bool            `json:"lockUnspents"`
	FeeRateSat    json.RawMessage `json:"fee_rate"`
	FeeRateBTC    json.RawMessage `json:"feeRate"`
	SFFO          []int           `json:"subtractFeeFromOutputs"`
	Replaceable   *bool           `json:"replaceable"`
	ConfTarget    int             `json:"conf_target"`
}

func (s *Server) fundrawtransaction(r *rs.Request) (any, error) {
	w, err := s.synced(r)
	if err != nil {
		return nil, err
	}
	hexStr, err := strArg(r.Arg(0), "")
	if err != nil {
		return nil, err
	}
	tx, err := decodeTx(hexStr)
	if err != nil {
		return nil, err
	}
	var fo fundOptions
	if raw := r.Arg(1); !isNull(raw) && strings.TrimSpace(string(raw)) != "true" && strings.TrimSpace(string(raw)) != "false" {
		if err := json.Unmarshal(raw, &fo); err != nil {
			return nil, rs.NewError(rs.TypeError, "options: %v", err)
		}
	}
	o := engine.SendOptions{IncludeUnsafe: fo.IncludeUnsafe, MinConf: fo.MinConf, ChangeType: fo.ChangeType,
		Replaceable: fo.Replaceable, ConfTarget: fo.ConfTarget, ChangePos: -1, AddInputs: true}
	if fo.AddInputs != nil {
		o.AddInputs = *fo.AddInputs
	}
	if fo.ChangePos != nil {
		if *fo.ChangePos < 0 || *fo.ChangePos > len(tx.TxOut) {
			return nil, rs.NewError(rs.InvalidParameter, "changePosition out of bounds")
		}
		o.ChangePos = *fo.ChangePos
	}
	if fo.ChangeAddress != "" {
		if fo.ChangeType != "" {
			return nil, rs.NewError(rs.InvalidParameter, "Cannot specify both changeAddress and address_type options")
		}
		script, err := descriptor.AddressScript(fo.ChangeAddress, s.m.Options().Params)
		if err != nil {
			return nil, rs.NewError(rs.InvalidAddressOrKey, "Change address must be a valid bitcoin address")
		}
		o.ChangeScript = script
	}
	if fo.ChangeType != "" && !addressTypes[fo.ChangeType] {
		return nil, rs.NewError(rs.InvalidAddressOrKey, "Unknown change type '%s'", fo.ChangeType)
	}
	if !isNull(fo.FeeRateSat) {
		if o.FeeRate, err = feeRateArg(fo.FeeRateSat); err != nil {
			return nil, err
		}
	} else if !isNull(fo.FeeRateBTC) {
		v, err := amountArg(fo.FeeRateBTC)
		if err != nil {
			return nil, err
		}
		o.FeeRate = v // BTC/kvB in satoshis per kvB
	}
	sffo := map[int]bool{}
	for _, i := range fo.SFFO {
		if i < 0 || i >= len(tx.TxOut) {
			return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter, value: %d", i)
		}
		if sffo[i] {
			return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter, duplicated position: %d", i)
		}
		sffo[i] = true
	}
	if len(tx.TxOut) == 0 {
		return nil, rs.NewError(rs.InvalidParameter, "TX must have at least one output")
	}
	res, err := w.FundTransaction(r.Context, tx, sffo, o, fo.LockUnspents)
	if err != nil {
		if strings.HasPrefix(err.Error(), "Unable to find UTXO") {
			return nil, rs.NewError(rs.InvalidParameter, "%s", err.Error())
		}
		return nil, walletErr(err)
	}
	out := univalue.NewObject()
	out.PushKV("hex", univalue.NewString(txHex(res.Tx)))
	out.PushKV("fee", rs.ValueFromAmount(res.Fee))
	out.PushKV("changepos", univalue.NewInt(int64(res.ChangePos)))
	return out, nil
}

type prevTxJSON struct {
	Txid          string          `json:"txid"`
	Vout          *int64          `json:"vout"`
	ScriptPubKey  string          `json:"scriptPubKey"`
	RedeemScript  string          `json:"redeemScript"`
	WitnessScript string          `json:"witnessScript"`
	Amount        json.RawMessage `json:"amount"`
}

func (s *Server) signrawtransactionwithwallet(r *rs.Request) (any, error) {
	w, err := s.synced(r)
	if err != nil {
		return nil, err
	}
	hexStr, err := strArg(r.Arg(0), "")
	if err != nil {
		return nil, err
	}
	tx, err := decodeTx(hexStr)
	if err != nil {
		return nil, err
	}
	extra := map[wire.OutPoint]sign.Prevout{}
	if !isNull(r.Arg(1)) {
		var prevs []prevTxJSON
		if err := json.Unmarshal(r.Arg(1), &prevs); err != nil {
			return nil, rs.NewError(rs.TypeError, "prevtxs must be an array of objects")
		}
		for _, p := range prevs {
			h, err := chainhash.NewHashFromStr(p.Txid)
			if err != nil || len(p.Txid) != 64 {
				return nil, rs.NewError(rs.InvalidParameter, "txid must be hexadecimal string (not '%s')", p.Txid)
			}
			if p.Vout == nil || *p.Vout < 0 {
				return nil, rs.NewError(rs.DeserializationError, "vout cannot be negative")
			}
			script, err := hex.DecodeString(p.ScriptPubKey)
			if err != nil {
				return nil, rs.NewError(rs.InvalidParameter, "scriptPubKey must be hexadecimal string (not '%s')", p.ScriptPubKey)
			}
			amount := int64(21_000_000 * 100_000_000) // unknown: Core's MAX_MONEY
			if !isNull(p.Amount) {
				if amount, err = amountArg(p.Amount); err != nil {
					return nil, err
				}
			}
			extra[wire.OutPoint{Hash: *h, Index: uint32(*p.Vout)}] = sign.Prevout{Script: script, Value: amount}
		}
	}
	hashType, err := strArg(r.Arg(2), "DEFAULT")
	if err != nil {
		return nil, err
	}
	if _, err := sign.ParseSigHashType(hashType); err != nil {
		return nil, rs.NewError(rs.InvalidParameter, "%v", err)
	}
	complete, errs, err := w.SignTransaction(r.Context, tx, extra, hashType)
	if err != nil {
		if errors.Is(err, engine.ErrUnlockNeeded) {
			return nil, walletErr(err)
		}
		return nil, rs.NewError(rs.WalletError, "%v", err)
	}
	out := univalue.NewObject()
	out.PushKV("hex", univalue.NewString(txHex(tx)))
	out.PushKV("complete", univalue.NewBool(complete))
	if len(errs) > 0 {
		arr := univalue.NewArray()
		for _, e := range errs {
			in := tx.TxIn[e.Index]
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
			arr.Push(o)
		}
		out.PushKV("errors", arr)
	}
	return out, nil
}
