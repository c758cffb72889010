package rpc

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math/rand/v2"

	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/psbt"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
	"github.com/mpbitcoin/mpbitcoin/roles/sign"
)

const sighashTypeHelp = "The signature hash type to sign with if not specified by the PSBT. Must be one of\n" +
	"       \"DEFAULT\"\n       \"ALL\"\n       \"NONE\"\n       \"SINGLE\"\n" +
	"       \"ALL|ANYONECANPAY\"\n       \"NONE|ANYONECANPAY\"\n       \"SINGLE|ANYONECANPAY\""

// descriptorsArg is the "descriptors" argument of utxoupdatepsbt and
// descriptorprocesspsbt.
func descriptorsArg(optional bool) rs.Arg {
	return rs.Arg{Name: "descriptors", Type: rs.ArgArray, Optional: optional, Help: "An array of either strings or objects", Inner: []rs.Arg{
		{Type: rs.ArgString, Optional: true, Help: "An output descriptor"},
		{Type: rs.ArgObject, Optional: true, Help: "An object with an output descriptor and extra information", Inner: []rs.Arg{
			{Name: "desc", Type: rs.ArgString, Help: "An output descriptor"},
			{Name: "range", Type: rs.ArgRange, Default: "1000", Help: "Up to what index HD chains should be explored (either end or [begin,end])"},
		}},
	}}
}

func psbtArg() rs.Arg {
	return rs.Arg{Name: "psbt", Type: rs.ArgString, Help: "A base64 string of a PSBT"}
}

func psbtListArg(elemOptional bool) rs.Arg {
	return rs.Arg{Name: "txs", Type: rs.ArgArray, Help: "The base64 strings of partially signed transactions", Inner: []rs.Arg{
		{Name: "psbt", Type: rs.ArgString, Optional: elemOptional, Help: "A base64 string of a PSBT"},
	}}
}

var base64Result = []rs.ResultDoc{{Type: rs.ResStr, Help: "The resulting raw transaction (base64-encoded string)"}}

// psbtCommands are Core's PSBT commands of the node (category
// rawtransactions).
func (n *Node) psbtCommands() []rs.Command {
	return []rs.Command{
		{Name: "decodepsbt", Category: "rawtransactions",
			Help:       "Return a JSON object representing the serialized, base64-encoded partially signed Bitcoin transaction.",
			Args:       []rs.Arg{{Name: "psbt", Type: rs.ArgString, Help: "The PSBT base64 string"}},
			ResultDocs: decodepsbtDoc(),
			Examples:   rs.HelpExampleCli("decodepsbt", "\"psbt\""),
			Handler:    n.decodepsbt},
		{Name: "combinepsbt", Category: "rawtransactions",
			Help:       "Combine multiple partially signed Bitcoin transactions into one transaction.\nImplements the Combiner role.\n",
			Args:       []rs.Arg{psbtListArg(true)},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResStr, Help: "The base64-encoded partially signed transaction"}},
			Examples:   rs.HelpExampleCli("combinepsbt", `'["mybase64_1", "mybase64_2", "mybase64_3"]'`),
			Handler:    combinepsbt},
		{Name: "finalizepsbt", Category: "rawtransactions",
			Help: "Finalize the inputs of a PSBT. If the transaction is fully signed, it will produce a\n" +
				"network serialized transaction which can be broadcast with sendrawtransaction. Otherwise a PSBT will be\n" +
				"created which has the final_scriptSig and final_scriptwitness fields filled for inputs that are complete.\n" +
				"Implements the Finalizer and Extractor roles.\n",
			Args: []rs.Arg{psbtArg(), {Name: "extract", Type: rs.ArgBool, Default: "true", Help: "If true and the transaction is complete,\n" +
				"                             extract and return the complete transaction in normal network serialization instead of the PSBT."}},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
				{Type: rs.ResStr, Key: "psbt", Optional: true, Help: "The base64-encoded partially signed transaction if not extracted"},
				{Type: rs.ResHex, Key: "hex", Optional: true, Help: "The hex-encoded network transaction if extracted"},
				{Type: rs.ResBool, Key: "complete", Help: "If the transaction has a complete set of signatures"},
			}}},
			Examples: rs.HelpExampleCli("finalizepsbt", "\"psbt\""),
			Handler:  finalizepsbt},
		{Name: "createpsbt", Category: "rawtransactions",
			Help: "Creates a transaction in the Partially Signed Transaction format.\n" +
				"Implements the Creator role.\n" +
				"Note that the transaction's inputs are not signed, and\n" +
				"it is not stored in the wallet or transmitted to the network.\n",
			Args:       createTxArgs(),
			ResultDocs: base64Result,
			Examples:   rs.HelpExampleCli("createpsbt", "\"[{\\\"txid\\\":\\\"myid\\\",\\\"vout\\\":0}]\" \"[{\\\"address\\\":0.01}]\""),
			Handler:    n.createpsbt},
		{Name: "converttopsbt", Category: "rawtransactions",
			Help: "Converts a network serialized transaction to a PSBT. This should be used only with createrawtransaction and fundrawtransaction\n" +
				"createpsbt and walletcreatefundedpsbt should be used for new applications.\n",
			Args: []rs.Arg{
				{Name: "hexstring", Type: rs.ArgHex, Help: "The hex string of a raw transaction"},
				{Name: "permitsigdata", Type: rs.ArgBool, Default: "false", Help: "If true, any signatures in the input will be discarded and conversion\n" +
					"                              will continue. If false, RPC will fail if any signatures are present."},
				{Name: "iswitness", Type: rs.ArgBool, Default: "depends on heuristic tests", Help: "Whether the transaction hex is a serialized witness transaction.\n" +
					"If iswitness is not present, heuristic tests will be used in decoding.\n" +
					"If true, only witness deserialization will be tried.\n" +
					"If false, only non-witness deserialization will be tried.\n" +
					"This boolean should reflect whether the transaction has inputs\n" +
					"(e.g. fully valid, or on-chain transactions), if known by the caller."},
			},
			ResultDocs: base64Result,
			Examples: "\nCreate a transaction\n" +
				rs.HelpExampleCli("createrawtransaction", "\"[{\\\"txid\\\":\\\"myid\\\",\\\"vout\\\":0}]\" \"[{\\\"data\\\":\\\"00010203\\\"}]\"") +
				"\nConvert the transaction to a PSBT\n" +
				rs.HelpExampleCli("converttopsbt", "\"rawtransaction\""),
			Handler: converttopsbt},
		{Name: "utxoupdatepsbt", Category: "rawtransactions",
			Help:       "Updates all segwit inputs and outputs in a PSBT with data from output descriptors, the UTXO set, txindex, or the mempool.\n",
			Args:       []rs.Arg{psbtArg(), descriptorsArg(true)},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResStr, Help: "The base64-encoded partially signed transaction with inputs updated"}},
			Examples:   rs.HelpExampleCli("utxoupdatepsbt", "\"psbt\""),
			Handler:    n.utxoupdatepsbt},
		{Name: "joinpsbts", Category: "rawtransactions",
			Help: "Joins multiple distinct PSBTs with different inputs and outputs into one PSBT with inputs and outputs from all of the PSBTs\n" +
				"No input in any of the PSBTs can be in more than one of the PSBTs.\n",
			Args:       []rs.Arg{psbtListArg(false)},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResStr, Help: "The base64-encoded partially signed transaction"}},
			Examples:   rs.HelpExampleCli("joinpsbts", "\"psbt\""),
			Handler:    joinpsbts},
		{Name: "analyzepsbt", Category: "rawtransactions",
			Help: "Analyzes and provides information about the current status of a PSBT and its inputs\n",
			Args: []rs.Arg{psbtArg()},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
				{Type: rs.ResArr, Key: "inputs", Optional: true, Inner: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
					{Type: rs.ResBool, Key: "has_utxo", Help: "Whether a UTXO is provided"},
					{Type: rs.ResBool, Key: "is_final", Help: "Whether the input is finalized"},
					{Type: rs.ResObj, Key: "missing", Optional: true, Help: "Things that are missing that are required to complete this input", Inner: []rs.ResultDoc{
						{Type: rs.ResArr, Key: "pubkeys", Optional: true, Inner: []rs.ResultDoc{
							{Type: rs.ResHex, Key: "keyid", Help: "Public key ID, hash160 of the public key, of a public key whose BIP 32 derivation path is missing"},
						}},
						{Type: rs.ResArr, Key: "signatures", Optional: true, Inner: []rs.ResultDoc{
							{Type: rs.ResHex, Key: "keyid", Help: "Public key ID, hash160 of the public key, of a public key whose signature is missing"},
						}},
						{Type: rs.ResHex, Key: "redeemscript", Optional: true, Help: "Hash160 of the redeem script that is missing"},
						{Type: rs.ResHex, Key: "witnessscript", Optional: true, Help: "SHA256 of the witness script that is missing"},
					}},
					{Type: rs.ResStr, Key: "next", Optional: true, Help: "Role of the next person that this input needs to go to"},
				}}}},
				{Type: rs.ResNum, Key: "estimated_vsize", Optional: true, Help: "Estimated vsize of the final signed transaction"},
				{Type: rs.ResStrAmount, Key: "estimated_feerate", Optional: true, Help: "Estimated feerate of the final signed transaction in BTC/kvB. Shown only if all UTXO slots in the PSBT have been filled"},
				{Type: rs.ResStrAmount, Key: "fee", Optional: true, Help: "The transaction fee paid. Shown only if all UTXO slots in the PSBT have been filled"},
				{Type: rs.ResStr, Key: "next", Help: "Role of the next person that this psbt needs to go to"},
				{Type: rs.ResStr, Key: "error", Optional: true, Help: "Error message (if there is one)"},
			}}},
			Examples: rs.HelpExampleCli("analyzepsbt", "\"psbt\""),
			Handler:  analyzepsbt},
		{Name: "descriptorprocesspsbt", Category: "rawtransactions",
			Help: "Update all segwit inputs in a PSBT with information from output descriptors, the UTXO set or the mempool. \n" +
				"Then, sign the inputs we are able to with information from the output descriptors. ",
			Args: []rs.Arg{
				{Name: "psbt", Type: rs.ArgString, Help: "The transaction base64 string"},
				descriptorsArg(false),
				{Name: "sighashtype", Type: rs.ArgString, Default: "DEFAULT for Taproot, ALL otherwise", Help: sighashTypeHelp},
				{Name: "bip32derivs", Type: rs.ArgBool, Default: "true", Help: "Include BIP 32 derivation paths for public keys if we know them"},
				{Name: "finalize", Type: rs.ArgBool, Default: "true", Help: "Also finalize inputs if possible"},
			},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
				{Type: rs.ResStr, Key: "psbt", Help: "The base64-encoded partially signed transaction"},
				{Type: rs.ResBool, Key: "complete", Help: "If the transaction has a complete set of signatures"},
				{Type: rs.ResHex, Key: "hex", Optional: true, Help: "The hex-encoded network transaction if complete"},
			}}},
			Examples: rs.HelpExampleCli("descriptorprocesspsbt", "\"psbt\" \"[\\\"descriptor1\\\", \\\"descriptor2\\\"]\"") +
				rs.HelpExampleCli("descriptorprocesspsbt", "\"psbt\" \"[{\\\"desc\\\":\\\"mydescriptor\\\", \\\"range\\\":21}]\""),
			Handler: n.descriptorprocesspsbt},
	}
}

func encodePSBT(p *psbt.Packet) (string, error) {
	s, err := p.B64()
	if err != nil {
		return "", rs.NewError(rs.InternalError, "%s", err.Error())
	}
	return s, nil
}

func networkTxHex(tx *wire.MsgTx) (string, error) {
	var b bytes.Buffer
	if err := tx.Serialize(&b); err != nil {
		return "", rs.NewError(rs.InternalError, "%s", err.Error())
	}
	return hex.EncodeToString(b.Bytes()), nil
}

func (n *Node) decodepsbt(r *rs.Request) (any, error) {
	p, err := decodePSBTArg(r.Arg(0))
	if err != nil {
		return nil, err
	}
	p.SortMaps()
	return psbtJSON(p, n.Chain.Params), nil
}

// psbtList decodes the "txs" array of combinepsbt and joinpsbts.
func psbtList(raw json.RawMessage) ([]*psbt.Packet, error) {
	var txs []json.RawMessage
	if err := json.Unmarshal(raw, &txs); err != nil {
		return nil, rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type array", jsonType(raw))
	}
	ps := make([]*psbt.Packet, 0, len(txs))
	for _, t := range txs {
		p, err := decodePSBTArg(t)
		if err != nil {
			return nil, err
		}
		ps = append(ps, p)
	}
	return ps, nil
}

func combinepsbt(r *rs.Request) (any, error) {
	ps, err := psbtList(r.Arg(0))
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, rs.NewError(rs.InvalidParameter, "Parameter 'txs' cannot be empty")
	}
	merged, err := psbt.Combine(ps)
	if err != nil {
		return nil, rs.NewError(rs.InvalidParameter, "%s", psbt.ErrNotCompatible.Error())
	}
	return encodePSBT(merged)
}

func finalizepsbt(r *rs.Request) (any, error) {
	p, err := decodePSBTArg(r.Arg(0))
	if err != nil {
		return nil, err
	}
	extract, err := boolArg(r.Arg(1), true)
	if err != nil {
		return nil, err
	}
	tx, err := p.Extract() // finalizes p in place
	complete := err == nil
	res := univalue.NewObject()
	if complete && extract {
		h, err := networkTxHex(tx)
		if err != nil {
			return nil, err
		}
		res.PushKV("hex", univalue.NewString(h))
	} else {
		s, err := encodePSBT(p)
		if err != nil {
			return nil, err
		}
		res.PushKV("psbt", univalue.NewString(s))
	}
	res.PushKV("complete", univalue.NewBool(complete))
	return res, nil
}

func (n *Node) createpsbt(r *rs.Request) (any, error) {
	tx, err := n.constructTransaction(r)
	if err != nil {
		return nil, err
	}
	p, err := psbt.New(tx)
	if err != nil {
		return nil, rs.NewError(rs.InternalError, "%s", err.Error())
	}
	return encodePSBT(p)
}

func converttopsbt(r *rs.Request) (any, error) {
	s, err := stringArg(r.Arg(0))
	if err != nil {
		return nil, err
	}
	permitSigData, err := boolArg(r.Arg(1), false)
	if err != nil {
		return nil, err
	}
	tryWitness, tryNoWitness := true, true
	if raw := r.Arg(2); raw != nil {
		w, err := boolArg(raw, false)
		if err != nil {
			return nil, err
		}
		tryWitness, tryNoWitness = w, !w
	}
	tx, ok := decodeTx(s, tryNoWitness, tryWitness)
	if !ok {
		return nil, rs.NewError(rs.DeserializationError, "TX decode failed")
	}
	if !permitSigData {
		for _, in := range tx.TxIn {
			if len(in.SignatureScript) != 0 || len(in.Witness) != 0 {
				return nil, rs.NewError(rs.DeserializationError, "Inputs must not have scriptSigs and scriptWitnesses")
			}
		}
	}
	p, err := psbt.New(psbt.Strip(tx))
	if err != nil {
		return nil, rs.NewError(rs.InternalError, "%s", err.Error())
	}
	return encodePSBT(p)
}

func (n *Node) utxoupdatepsbt(r *rs.Request) (any, error) {
	f, err := descriptorProvider(r.Arg(1), n.Chain.Params, false)
	if err != nil {
		return nil, err
	}
	// Private keys are not needed: hidden as a precaution, as Core.
	p, err := n.processPSBT(r.Arg(0), hidingProvider{Provider: f, hideSecret: true}, nil, false)
	if err != nil {
		return nil, err
	}
	return encodePSBT(p)
}

func joinpsbts(r *rs.Request) (any, error) {
	var txs []json.RawMessage
	if err := json.Unmarshal(r.Arg(0), &txs); err != nil {
		return nil, rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type array", jsonType(r.Arg(0)))
	}
	if len(txs) <= 1 {
		return nil, rs.NewError(rs.InvalidParameter, "At least two PSBTs are required to join PSBTs.")
	}
	ps, err := psbtList(r.Arg(0))
	if err != nil {
		return nil, err
	}
	joined, err := psbt.Join(ps, rand.Shuffle)
	var dup *psbt.DuplicateInputError
	if errors.As(err, &dup) {
		return nil, rs.NewError(rs.InvalidParameter, "%s", dup.Error())
	}
	if err != nil {
		return nil, err
	}
	return encodePSBT(joined)
}

func hexList(hashes [][]byte) univalue.Value {
	arr := univalue.NewArray()
	for _, h := range hashes {
		arr.Push(hexStr(h))
	}
	return arr
}

func analyzepsbt(r *rs.Request) (any, error) {
	p, err := decodePSBTArg(r.Arg(0))
	if err != nil {
		return nil, err
	}
	a := psbt.Analyze(p)
	res := univalue.NewObject()
	inputs := univalue.NewArray()
	for _, in := range a.Inputs {
		o := univalue.NewObject()
		o.PushKV("has_utxo", univalue.NewBool(in.HasUTXO))
		o.PushKV("is_final", univalue.NewBool(in.IsFinal))
		o.PushKV("next", univalue.NewString(in.Next.String()))
		missing := univalue.NewObject()
		if len(in.MissingPubKeys) != 0 {
			missing.PushKV("pubkeys", hexList(in.MissingPubKeys))
		}
		if in.MissingRedeemScript != nil {
			missing.PushKV("redeemscript", hexStr(in.MissingRedeemScript))
		}
		if in.MissingWitnessScript != nil {
			missing.PushKV("witnessscript", hexStr(in.MissingWitnessScript))
		}
		if len(in.MissingSigs) != 0 {
			missing.PushKV("signatures", hexList(in.MissingSigs))
		}
		if missing.Len() != 0 {
			o.PushKV("missing", missing)
		}
		inputs.Push(o)
	}
	if inputs.Len() != 0 {
		res.PushKV("inputs", inputs)
	}
	if a.EstimatedVSize != nil {
		res.PushKV("estimated_vsize", univalue.NewInt(*a.EstimatedVSize))
	}
	if a.EstimatedFeeRate != nil {
		res.PushKV("estimated_feerate", rs.ValueFromAmount(*a.EstimatedFeeRate))
	}
	if a.Fee != nil {
		res.PushKV("fee", rs.ValueFromAmount(*a.Fee))
	}
	res.PushKV("next", univalue.NewString(a.Next.String()))
	if a.Error != "" {
		res.PushKV("error", univalue.NewString(a.Error))
	}
	return res, nil
}

// sighashArg is Core's ParseSighashString: nil when absent.
func sighashArg(raw json.RawMessage) (*txscript.SigHashType, error) {
	if raw == nil {
		return nil, nil
	}
	s, err := stringArg(raw)
	if err != nil {
		return nil, err
	}
	if s == "" {
		return nil, rs.NewError(rs.InvalidParameter, "'' is not a valid sighash parameter.")
	}
	ht, err := sign.ParseSigHashType(s)
	if err != nil {
		return nil, rs.NewError(rs.InvalidParameter, "%s", err.Error())
	}
	return &ht, nil
}

func (n *Node) descriptorprocesspsbt(r *rs.Request) (any, error) {
	f, err := descriptorProvider(r.Arg(1), n.Chain.Params, true)
	if err != nil {
		return nil, err
	}
	sighash, err := sighashArg(r.Arg(2))
	if err != nil {
		return nil, err
	}
	bip32derivs, err := boolArg(r.Arg(3), true)
	if err != nil {
		return nil, err
	}
	finalize, err := boolArg(r.Arg(4), true)
	if err != nil {
		return nil, err
	}
	p, err := n.processPSBT(r.Arg(0), hidingProvider{Provider: f, hideOrigin: !bip32derivs}, sighash, finalize)
	if err != nil {
		return nil, err
	}
	complete := true
	for i := range p.Inputs {
		complete = complete && inputSigned(&p.Inputs[i])
	}
	s, err := encodePSBT(p)
	if err != nil {
		return nil, err
	}
	res := univalue.NewObject()
	res.PushKV("psbt", univalue.NewString(s))
	res.PushKV("complete", univalue.NewBool(complete))
	if complete {
		c, err := p.Clone()
		if err != nil {
			return nil, rs.NewError(rs.InternalError, "%s", err.Error())
		}
		tx, err := c.Extract()
		if err != nil {
			return nil, errors.New("Internal bug detected: FinalizeAndExtractPSBT(psbtx_copy, mtx)")
		}
		h, err := networkTxHex(tx)
		if err != nil {
			return nil, err
		}
		res.PushKV("hex", univalue.NewString(h))
	}
	return res, nil
}
