package walletrpc

import (
	"errors"

	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/psbt"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
	"github.com/mpbitcoin/mpbitcoin/roles/sign"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/engine"
)

const sighashHelp = "The signature hash type to sign with if not specified by the PSBT. Must be one of\n       \"DEFAULT\"\n       \"ALL\"\n       \"NONE\"\n       \"SINGLE\"\n       \"ALL|ANYONECANPAY\"\n       \"NONE|ANYONECANPAY\"\n       \"SINGLE|ANYONECANPAY\""

const estimateModeHelp = "The fee estimate mode, must be one of (case insensitive):\n\"unset\"\n\"economical\"\n\"conservative\"\nunset means no mode set (economical mode is used if the transaction is replaceable;\notherwise, conservative mode is used). \neconomical estimates use a shorter time horizon, making them more\nresponsive to short-term drops in the prevailing fee market. This mode\npotentially returns a lower fee rate estimate.\nconservative estimates use a longer time horizon, making them\nless responsive to short-term drops in the prevailing fee market. This mode\npotentially returns a higher fee rate estimate.\n"

// fundTxDoc is Core's FundTxDoc: the options every funding RPC shares.
func fundTxDoc(solvingData bool) []rs.Arg {
	args := []rs.Arg{
		{Name: "conf_target", Type: rs.ArgNumber, Default: "wallet -txconfirmtarget", Help: "Confirmation target in blocks"},
		{Name: "estimate_mode", Type: rs.ArgString, Default: `"unset"`, Help: estimateModeHelp},
		{Name: "replaceable", Type: rs.ArgBool, Default: "wallet default", Help: "Marks this transaction as BIP125-replaceable.\nAllows this transaction to be replaced by a transaction with higher fees"},
	}
	if solvingData {
		args = append(args, rs.Arg{Name: "solving_data", Type: rs.ArgObject, Optional: true, Help: "Keys and scripts needed for producing a final transaction with a dummy signature.\nUsed for fee estimation during coin selection.", Inner: []rs.Arg{
			{Name: "pubkeys", Type: rs.ArgArray, Default: "[]", Help: "Public keys involved in this transaction.", Inner: []rs.Arg{{Name: "pubkey", Type: rs.ArgHex, Optional: true, Help: "A public key"}}},
			{Name: "scripts", Type: rs.ArgArray, Default: "[]", Help: "Scripts involved in this transaction.", Inner: []rs.Arg{{Name: "script", Type: rs.ArgHex, Optional: true, Help: "A script"}}},
			{Name: "descriptors", Type: rs.ArgArray, Default: "[]", Help: "Descriptors that provide solving data for this transaction.", Inner: []rs.Arg{{Name: "descriptor", Type: rs.ArgString, Optional: true, Help: "A descriptor"}}},
		}})
	}
	return args
}

// outputsDoc is Core's OutputsDoc.
func outputsDoc() []rs.Arg {
	return []rs.Arg{
		{Name: "", Type: rs.ArgObjectUserKeys, Optional: true, Inner: []rs.Arg{{Name: "address", Type: rs.ArgAmount, Help: "A key-value pair. The key (string) is the bitcoin address,\nthe value (float or string) is the amount in BTC"}}},
		{Name: "", Type: rs.ArgObject, Optional: true, Inner: []rs.Arg{{Name: "data", Type: rs.ArgHex, Help: "A key-value pair. The key must be \"data\", the value is hex-encoded data that becomes a part of an OP_RETURN output"}}},
	}
}

func inputsDoc(seqHelp string) []rs.Arg {
	return []rs.Arg{{Name: "", Type: rs.ArgObject, Optional: true, Inner: []rs.Arg{
		{Name: "txid", Type: rs.ArgHex, Help: "The transaction id"},
		{Name: "vout", Type: rs.ArgNumber, Help: "The output number"},
		{Name: "sequence", Type: rs.ArgNumber, Default: seqHelp, Help: "The sequence number"},
		{Name: "weight", Type: rs.ArgNumber, Default: "Calculated from wallet and solving data", Help: "The maximum weight for this input, including the weight of the outpoint and sequence number. Note that signature sizes are not guaranteed to be consistent, so the maximum DER signatures size of 73 bytes should be used when considering ECDSA signatures.Remember to convert serialized sizes to weight units when necessary."},
	}}}
}

func (s *Server) psbtCommands() []rs.Command {
	sffoDoc := rs.Arg{Name: "vout_index", Type: rs.ArgNumber, Optional: true, Help: "The zero-based output index, before a change output is added."}
	return []rs.Command{
		{Name: "walletprocesspsbt", Category: "wallet", Help: "Update a PSBT with input information from our wallet and then sign inputs\nthat we can sign for.\nRequires wallet passphrase to be set with walletpassphrase call if wallet is encrypted.",
			Args: []rs.Arg{
				{Name: "psbt", Type: rs.ArgString, Help: "The transaction base64 string"},
				{Name: "sign", Type: rs.ArgBool, Default: "true", Help: "Also sign the transaction when updating (requires wallet to be unlocked)"},
				{Name: "sighashtype", Type: rs.ArgString, Default: "DEFAULT for Taproot, ALL otherwise", Help: sighashHelp},
				{Name: "bip32derivs", Type: rs.ArgBool, Default: "true", Help: "Include BIP 32 derivation paths for public keys if we know them"},
				{Name: "finalize", Type: rs.ArgBool, Default: "true", Help: "Also finalize inputs if possible"},
			},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
				{Type: rs.ResStr, Key: "psbt", Help: "The base64-encoded partially signed transaction"},
				{Type: rs.ResBool, Key: "complete", Help: "If the transaction has a complete set of signatures"},
				{Type: rs.ResHex, Key: "hex", Optional: true, Help: "The hex-encoded network transaction if complete"},
			}}},
			Examples: rs.HelpExampleCli("walletprocesspsbt", "\"psbt\""), Handler: s.walletprocesspsbt},
		{Name: "walletcreatefundedpsbt", Category: "wallet", Help: "Creates and funds a transaction in the Partially Signed Transaction format.\nImplements the Creator and Updater roles.\nAll existing inputs must either have their previous output transaction be in the wallet\nor be in the UTXO set. Solving data must be provided for non-wallet inputs.",
			Args: []rs.Arg{
				{Name: "inputs", Type: rs.ArgArray, Optional: true, Help: "Leave empty to add inputs automatically. See add_inputs option.", Inner: inputsDoc("depends on the value of the 'locktime' and 'options.replaceable' arguments")},
				{Name: "outputs", Type: rs.ArgArray, SkipTypeCheck: true, Help: "The outputs specified as key-value pairs.\nEach key may only appear once, i.e. there can only be one 'data' output, and no address may be duplicated.\nAt least one output of either type must be specified.\nFor compatibility reasons, a dictionary, which holds the key-value pairs directly, is also\naccepted as second parameter.", Inner: outputsDoc()},
				{Name: "locktime", Type: rs.ArgNumber, Default: "0", Help: "Raw locktime. Non-0 value also locktime-activates inputs"},
				{Name: "options", Type: rs.ArgNamedParams, Optional: true, OneLine: "options", Inner: append([]rs.Arg{
					{Name: "add_inputs", Type: rs.ArgBool, Default: "false when \"inputs\" are specified, true otherwise", Help: "Automatically include coins from the wallet to cover the target amount.\n"},
					{Name: "include_unsafe", Type: rs.ArgBool, Default: "false", Help: "Include inputs that are not safe to spend (unconfirmed transactions from outside keys and unconfirmed replacement transactions).\nWarning: the resulting transaction may become invalid if one of the unsafe inputs disappears.\nIf that happens, you will need to fund the transaction with different inputs and republish it."},
					{Name: "minconf", Type: rs.ArgNumber, Default: "0", Help: "If add_inputs is specified, require inputs with at least this many confirmations."},
					{Name: "maxconf", Type: rs.ArgNumber, Optional: true, Help: "If add_inputs is specified, require inputs with at most this many confirmations."},
					{Name: "changeAddress", Type: rs.ArgString, Default: "automatic", Help: "The bitcoin address to receive the change"},
					{Name: "changePosition", Type: rs.ArgNumber, Default: "random", Help: "The index of the change output"},
					{Name: "change_type", Type: rs.ArgString, Default: "set by -changetype", Help: "The output type to use. Only valid if changeAddress is not specified. Options are \"legacy\", \"p2sh-segwit\", \"bech32\", and \"bech32m\"."},
					{Name: "includeWatching", Type: rs.ArgBool, Default: "false", Help: "(DEPRECATED) No longer used"},
					{Name: "lockUnspents", Type: rs.ArgBool, Default: "false", Help: "Lock selected unspent outputs"},
					{Name: "fee_rate", Type: rs.ArgAmount, Default: "not set, fall back to wallet fee estimation", Help: "Specify a fee rate in sat/vB."},
					{Name: "feeRate", Type: rs.ArgAmount, Default: "not set, fall back to wallet fee estimation", Help: "Specify a fee rate in BTC/kvB."},
					{Name: "subtractFeeFromOutputs", Type: rs.ArgArray, Default: "[]", Help: "The outputs to subtract the fee from.\nThe fee will be equally deducted from the amount of each specified output.\nThose recipients will receive less bitcoins than you enter in their corresponding amount field.\nIf no outputs are specified here, the sender pays the fee.", Inner: []rs.Arg{sffoDoc}},
					{Name: "max_tx_weight", Type: rs.ArgNumber, Default: "400000", Help: "The maximum acceptable transaction weight.\nTransaction building will fail if this can not be satisfied."},
				}, fundTxDoc(true)...)},
				{Name: "bip32derivs", Type: rs.ArgBool, Default: "true", Help: "Include BIP 32 derivation paths for public keys if we know them"},
				{Name: "version", Type: rs.ArgNumber, Default: "2", Help: "Transaction version"},
			},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
				{Type: rs.ResStr, Key: "psbt", Help: "The resulting raw transaction (base64-encoded string)"},
				{Type: rs.ResStrAmount, Key: "fee", Help: "Fee in BTC the resulting transaction pays"},
				{Type: rs.ResNum, Key: "changepos", Help: "The position of the added change output, or -1"},
			}}},
			Examples: "\nCreate a PSBT with automatically picked inputs that sends 0.5 BTC to an address and has a fee rate of 2 sat/vB:\n" +
				rs.HelpExampleCli("walletcreatefundedpsbt", "\"[]\" \"[{\\\"bc1q09vm5lfy0j5reeulh4x5752q25uqqvz34hufdl\\\":0.5}]\" 0 \"{\\\"add_inputs\\\":true,\\\"fee_rate\\\":2}\"") +
				"\nCreate the same PSBT as the above one instead using named arguments:\n" +
				rs.HelpExampleCli("-named walletcreatefundedpsbt", "outputs=\"[{\\\"bc1q09vm5lfy0j5reeulh4x5752q25uqqvz34hufdl\\\":0.5}]\" add_inputs=true fee_rate=2"),
			Handler: s.walletcreatefundedpsbt},
	}
}

// psbtErr is Core's JSONRPCPSBTError.
func psbtErr(err error) error {
	switch {
	case errors.Is(err, psbt.ErrSighashMismatch):
		return rs.NewError(rs.DeserializationError, "%s", err.Error())
	case errors.Is(err, engine.ErrUnlockNeeded):
		return walletErr(err)
	}
	return rs.NewError(rs.TransactionError, "%s", err.Error())
}

// fundErr is how Core's funding RPCs report a failed FundTransaction.
func fundErr(err error) error {
	var re *rs.Error
	if errors.As(err, &re) || errors.Is(err, engine.ErrUnlockNeeded) {
		return walletErr(err)
	}
	return rs.NewError(rs.WalletError, "%s", err.Error())
}

func (s *Server) walletprocesspsbt(r *rs.Request) (any, error) {
	w, err := s.synced(r)
	if err != nil {
		return nil, err
	}
	text, err := strArg(r.Arg(0), "")
	if err != nil {
		return nil, err
	}
	p, err := psbt.DecodeBase64(text)
	if err != nil {
		return nil, rs.NewError(rs.DeserializationError, "TX decode failed %s", psbt.RPCText(err))
	}
	var sighash *txscript.SigHashType
	if !isNull(r.Arg(2)) {
		name, err := strArg(r.Arg(2), "")
		if err != nil {
			return nil, err
		}
		ht, err := sign.ParseSigHashType(name)
		if err != nil {
			return nil, rs.NewError(rs.InvalidParameter, "%v", err)
		}
		sighash = &ht
	}
	signIt, err := boolArg(r.Arg(1), true)
	if err != nil {
		return nil, err
	}
	derivs, err := boolArg(r.Arg(3), true)
	if err != nil {
		return nil, err
	}
	finalize, err := boolArg(r.Arg(4), true)
	if err != nil {
		return nil, err
	}
	complete, err := w.FillPSBT(p, sighash, signIt, derivs, finalize)
	if err != nil {
		return nil, psbtErr(err)
	}
	b64, err := p.B64()
	if err != nil {
		return nil, rs.NewError(rs.RPCMiscError, "%v", err)
	}
	out := univalue.NewObject()
	out.PushKV("psbt", univalue.NewString(b64))
	out.PushKV("complete", univalue.NewBool(complete))
	if complete {
		tx, err := p.Extract()
		if err != nil {
			return nil, rs.NewError(rs.RPCMiscError, "%v", err)
		}
		out.PushKV("hex", univalue.NewString(txHex(tx)))
	}
	return out, nil
}

// constructTx is Core's ConstructTransaction for the wallet RPCs: the
// inputs and outputs, lock time, replaceability and version.
func (s *Server) constructTx(inputs, outputs []byte, locktime univalue.Value, rbf bool, version int64) (*wire.MsgTx, []output, bool, error) {
	if version < 1 || version > 3 {
		return nil, nil, false, rs.NewError(rs.InvalidParameter, "Invalid parameter, version out of range(1~3)")
	}
	tx := wire.NewMsgTx(int32(version))
	lt, hasLocktime, err := locktimeArg(locktime)
	if err != nil {
		return nil, nil, false, err
	}
	tx.LockTime = lt
	ins, err := parseInputs(inputs, rbf, lt)
	if err != nil {
		return nil, nil, false, err
	}
	tx.TxIn = ins
	outs, err := s.parseOutputs(outputs)
	if err != nil {
		return nil, nil, false, err
	}
	for _, o := range outs {
		tx.AddTxOut(o.out)
	}
	if rbf && len(tx.TxIn) > 0 {
		signals := false
		for _, in := range tx.TxIn {
			signals = signals || in.Sequence <= maxBIP125Sequence
		}
		if !signals {
			return nil, nil, false, rs.NewError(rs.InvalidParameter, "Invalid parameter combination: Sequence number(s) contradict replaceable option")
		}
	}
	return tx, outs, hasLocktime, nil
}

func (s *Server) walletcreatefundedpsbt(r *rs.Request) (any, error) {
	w, err := s.synced(r)
	if err != nil {
		return nil, err
	}
	options, err := parseValue(r.Arg(3))
	if err != nil {
		return nil, err
	}
	rbf := s.m.Options().WalletRBF
	if v := options.Get("replaceable"); v.Kind == univalue.Bool {
		rbf = v.Bool
	}
	version, err := intArg(r.Arg(5), 2)
	if err != nil {
		return nil, err
	}
	locktime, err := parseValue(r.Arg(2))
	if err != nil {
		return nil, err
	}
	tx, outs, _, err := s.constructTx(r.Arg(0), r.Arg(1), locktime, rbf, version)
	if err != nil {
		return nil, err
	}
	sffo, err := sffoArg(options.Get("subtractFeeFromOutputs"), outs)
	if err != nil {
		return nil, err
	}
	// walletcreatefundedpsbt takes an explicit fee rate as is (Core's
	// override_min_fee).
	o := engine.SendOptions{ChangePos: -1, AddInputs: len(tx.TxIn) == 0, Version: tx.Version, OverrideMinFee: true}
	if _, ok := options.Find("input_weights"); ok {
		return nil, rs.NewError(rs.InvalidParameter, "Input weights should be specified in inputs rather than in options.")
	}
	lock, err := s.fundOptions(options, len(outs), &o)
	if err != nil {
		return nil, err
	}
	inputsV, err := parseValue(r.Arg(0))
	if err != nil {
		return nil, err
	}
	if o.InputWeights, err = weightedInputs(inputsV); err != nil {
		return nil, err
	}
	if len(outs) == 0 {
		return nil, rs.NewError(rs.InvalidParameter, "TX must have at least one output")
	}
	derivs, err := boolArg(r.Arg(4), true)
	if err != nil {
		return nil, err
	}
	p, created, err := w.CreateFundedPSBT(r.Context, tx, sffo, o, lock, derivs)
	if err != nil {
		return nil, fundErr(err)
	}
	b64, err := p.B64()
	if err != nil {
		return nil, rs.NewError(rs.RPCMiscError, "%v", err)
	}
	out := univalue.NewObject()
	out.PushKV("psbt", univalue.NewString(b64))
	out.PushKV("fee", rs.ValueFromAmount(created.Fee))
	out.PushKV("changepos", univalue.NewInt(int64(created.ChangePos)))
	return out, nil
}
