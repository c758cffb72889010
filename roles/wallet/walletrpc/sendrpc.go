package walletrpc

import (
	"context"

	"github.com/btcsuite/btcd/wire/v2"

	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/engine"
)

// spendCommands are the PSBT, send, sendall and fee bumping RPCs.
func (s *Server) spendCommands() []rs.Command {
	out := s.psbtCommands()
	out = append(out, s.sendRPCCommands()...)
	return append(out, s.bumpCommands()...)
}

var sendResultDocs = []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
	{Type: rs.ResBool, Key: "complete", Help: "If the transaction has a complete set of signatures"},
	{Type: rs.ResHex, Key: "txid", Optional: true, Help: "The transaction id for the send. Only 1 transaction is created regardless of the number of addresses."},
	{Type: rs.ResHex, Key: "hex", Optional: true, Help: "If add_to_wallet is false, the hex-encoded raw transaction with signature(s)"},
	{Type: rs.ResStr, Key: "psbt", Optional: true, Help: "If more signatures are needed, or if add_to_wallet is false, the base64-encoded (partially) signed transaction"},
}}}

func (s *Server) sendRPCCommands() []rs.Command {
	feeArgs := []rs.Arg{
		{Name: "conf_target", Type: rs.ArgNumber, Default: "wallet -txconfirmtarget", Help: "Confirmation target in blocks"},
		{Name: "estimate_mode", Type: rs.ArgString, Default: `"unset"`, Help: estimateModeHelp},
		{Name: "fee_rate", Type: rs.ArgAmount, Default: "not set, fall back to wallet fee estimation", Help: "Specify a fee rate in sat/vB."},
	}
	innerFeeRate := rs.Arg{Name: "fee_rate", Type: rs.ArgAmount, Default: "not set, fall back to wallet fee estimation", Help: "Specify a fee rate in sat/vB."}
	sendOpts := append([]rs.Arg{
		{Name: "add_inputs", Type: rs.ArgBool, Default: "false when \"inputs\" are specified, true otherwise", Help: "Automatically include coins from the wallet to cover the target amount.\n"},
		{Name: "include_unsafe", Type: rs.ArgBool, Default: "false", Help: "Include inputs that are not safe to spend (unconfirmed transactions from outside keys and unconfirmed replacement transactions).\nWarning: the resulting transaction may become invalid if one of the unsafe inputs disappears.\nIf that happens, you will need to fund the transaction with different inputs and republish it."},
		{Name: "minconf", Type: rs.ArgNumber, Default: "0", Help: "If add_inputs is specified, require inputs with at least this many confirmations."},
		{Name: "maxconf", Type: rs.ArgNumber, Optional: true, Help: "If add_inputs is specified, require inputs with at most this many confirmations."},
		{Name: "add_to_wallet", Type: rs.ArgBool, Default: "true", Help: "When false, returns a serialized transaction which will not be added to the wallet or broadcast"},
		{Name: "change_address", Type: rs.ArgString, Default: "automatic", Help: "The bitcoin address to receive the change"},
		{Name: "change_position", Type: rs.ArgNumber, Default: "random", Help: "The index of the change output"},
		{Name: "change_type", Type: rs.ArgString, Default: "set by -changetype", Help: "The output type to use. Only valid if change_address is not specified. Options are \"legacy\", \"p2sh-segwit\", \"bech32\", and \"bech32m\"."},
		innerFeeRate,
		{Name: "include_watching", Type: rs.ArgBool, Default: "false", Help: "(DEPRECATED) No longer used"},
		{Name: "inputs", Type: rs.ArgArray, Default: "[]", Help: "Specify inputs instead of adding them automatically.", Inner: inputsDoc("depends on the value of the 'replaceable' and 'locktime' arguments")},
		{Name: "locktime", Type: rs.ArgNumber, Default: "locktime close to block height to prevent fee sniping", Help: "Raw locktime. Non-0 value also locktime-activates inputs"},
		{Name: "lock_unspents", Type: rs.ArgBool, Default: "false", Help: "Lock selected unspent outputs"},
		{Name: "psbt", Type: rs.ArgBool, Default: "automatic", Help: "Always return a PSBT, implies add_to_wallet=false."},
		{Name: "subtract_fee_from_outputs", Type: rs.ArgArray, Default: "[]", Help: "Outputs to subtract the fee from, specified as integer indices.\nThe fee will be equally deducted from the amount of each specified output.\nThose recipients will receive less bitcoins than you enter in their corresponding amount field.\nIf no outputs are specified here, the sender pays the fee.", Inner: []rs.Arg{{Name: "vout_index", Type: rs.ArgNumber, Optional: true, Help: "The zero-based output index, before a change output is added."}}},
		{Name: "max_tx_weight", Type: rs.ArgNumber, Default: "400000", Help: "The maximum acceptable transaction weight.\nTransaction building will fail if this can not be satisfied."},
	}, fundTxDoc(true)...)
	sendallOpts := append([]rs.Arg{
		{Name: "add_to_wallet", Type: rs.ArgBool, Default: "true", Help: "When false, returns the serialized transaction without broadcasting or adding it to the wallet"},
		innerFeeRate,
		{Name: "include_watching", Type: rs.ArgBool, Default: "false", Help: "(DEPRECATED) No longer used"},
		{Name: "inputs", Type: rs.ArgArray, Default: "[]", Help: "Use exactly the specified inputs to build the transaction. Specifying inputs is incompatible with the send_max, minconf, and maxconf options.", Inner: []rs.Arg{{Name: "", Type: rs.ArgObject, Optional: true, Inner: []rs.Arg{
			{Name: "txid", Type: rs.ArgHex, Help: "The transaction id"},
			{Name: "vout", Type: rs.ArgNumber, Help: "The output number"},
			{Name: "sequence", Type: rs.ArgNumber, Default: "depends on the value of the 'replaceable' and 'locktime' arguments", Help: "The sequence number"},
		}}}},
		{Name: "locktime", Type: rs.ArgNumber, Default: "locktime close to block height to prevent fee sniping", Help: "Raw locktime. Non-0 value also locktime-activates inputs"},
		{Name: "lock_unspents", Type: rs.ArgBool, Default: "false", Help: "Lock selected unspent outputs"},
		{Name: "psbt", Type: rs.ArgBool, Default: "automatic", Help: "Always return a PSBT, implies add_to_wallet=false."},
		{Name: "send_max", Type: rs.ArgBool, Default: "false", Help: "When true, only use UTXOs that can pay for their own fees to maximize the output amount. When 'false' (default), no UTXO is left behind. send_max is incompatible with providing specific inputs."},
		{Name: "minconf", Type: rs.ArgNumber, Default: "0", Help: "Require inputs with at least this many confirmations."},
		{Name: "maxconf", Type: rs.ArgNumber, Optional: true, Help: "Require inputs with at most this many confirmations."},
		{Name: "version", Type: rs.ArgNumber, Default: "2", Help: "Transaction version"},
	}, fundTxDoc(true)...)
	addr0, addr1 := "bc1q09vm5lfy0j5reeulh4x5752q25uqqvz34hufdl", "bc1q02ad21edsxd23d32dfgqqsz4vv4nmtfzuklhy3"
	return []rs.Command{
		{Name: "send", Category: "wallet", Help: "EXPERIMENTAL warning: this call may be changed in future releases.\n\nSend a transaction.",
			Args: append([]rs.Arg{
				{Name: "outputs", Type: rs.ArgArray, SkipTypeCheck: true, Help: "The outputs specified as key-value pairs.\nEach key may only appear once, i.e. there can only be one 'data' output, and no address may be duplicated.\nAt least one output of either type must be specified.\nFor convenience, a dictionary, which holds the key-value pairs directly, is also accepted.", Inner: outputsDoc()},
			}, append(feeArgs,
				rs.Arg{Name: "options", Type: rs.ArgNamedParams, Optional: true, OneLine: "options", Inner: sendOpts},
				rs.Arg{Name: "version", Type: rs.ArgNumber, Default: "2", Help: "Transaction version"})...),
			ResultDocs: sendResultDocs,
			Examples: "\nSend 0.1 BTC with a confirmation target of 6 blocks in economical fee estimate mode\n" +
				rs.HelpExampleCli("send", "'{\""+addr0+"\": 0.1}' 6 economical\n") +
				"Send 0.2 BTC with a fee rate of 1.1 sat/vB using positional arguments\n" +
				rs.HelpExampleCli("send", "'{\""+addr0+"\": 0.2}' null \"unset\" 1.1\n") +
				"Send 0.2 BTC with a fee rate of 1 sat/vB using the options argument\n" +
				rs.HelpExampleCli("send", "'{\""+addr0+"\": 0.2}' null \"unset\" null '{\"fee_rate\": 1}'\n") +
				"Send 0.3 BTC with a fee rate of 25 sat/vB using named arguments\n" +
				rs.HelpExampleCli("-named send", "outputs='{\""+addr0+"\": 0.3}' fee_rate=25\n") +
				"Create a transaction that should confirm the next block, with a specific input, and return result without adding to wallet or broadcasting to the network\n" +
				rs.HelpExampleCli("send", "'{\""+addr0+"\": 0.1}' 1 economical '{\"add_to_wallet\": false, \"inputs\": [{\"txid\":\"a08e6907dbbd3d809776dbfc5d82e371b764ed838b5655e72f463568df1aadf0\", \"vout\":1}]}'"),
			Handler: s.sendRPC},
		{Name: "sendall", Category: "wallet", Help: "EXPERIMENTAL warning: this call may be changed in future releases.\n\nSpend the value of all (or specific) confirmed UTXOs and unconfirmed change in the wallet to one or more recipients.\nUnconfirmed inbound UTXOs and locked UTXOs will not be spent. Sendall will respect the avoid_reuse wallet flag.\nIf your wallet contains many small inputs, either because it received tiny payments or as a result of accumulating change, consider using `send_max` to exclude inputs that are worth less than the fees needed to spend them.",
			Args: append([]rs.Arg{
				{Name: "recipients", Type: rs.ArgArray, Help: "The sendall destinations. Each address may only appear once.\nOptionally some recipients can be specified with an amount to perform payments, but at least one address must appear without a specified amount.\n", Inner: []rs.Arg{
					{Name: "address", Type: rs.ArgString, Help: "A bitcoin address which receives an equal share of the unspecified amount."},
					{Name: "", Type: rs.ArgObjectUserKeys, Optional: true, Inner: []rs.Arg{{Name: "address", Type: rs.ArgAmount, Help: "A key-value pair. The key (string) is the bitcoin address, the value (float or string) is the amount in BTC"}}},
				}},
			}, append(feeArgs, rs.Arg{Name: "options", Type: rs.ArgNamedParams, Optional: true, OneLine: "options", Inner: sendallOpts})...),
			ResultDocs: sendResultDocs,
			Examples: "\nSpend all UTXOs from the wallet with a fee rate of 1 sat/vB using named arguments\n" +
				rs.HelpExampleCli("-named sendall", "recipients='[\""+addr0+"\"]' fee_rate=1\n") +
				"Spend all UTXOs with a fee rate of 1.1 sat/vB using positional arguments\n" +
				rs.HelpExampleCli("sendall", "'[\""+addr0+"\"]' null \"unset\" 1.1\n") +
				"Spend all UTXOs split into equal amounts to two addresses with a fee rate of 1.5 sat/vB using the options argument\n" +
				rs.HelpExampleCli("sendall", "'[\""+addr0+"\", \""+addr1+"\"]' null \"unset\" null '{\"fee_rate\": 1.5}'\n") +
				"Leave dust UTXOs in wallet, spend only UTXOs with positive effective value with a fee rate of 10 sat/vB using the options argument\n" +
				rs.HelpExampleCli("sendall", "'[\""+addr0+"\"]' null \"unset\" null '{\"fee_rate\": 10, \"send_max\": true}'\n") +
				"Spend all UTXOs with a fee rate of 1.3 sat/vB using named arguments and sending a 0.25 BTC to another recipient\n" +
				rs.HelpExampleCli("-named sendall", "recipients='[{\""+addr1+"\": 0.25}, \""+addr0+"\"]' fee_rate=1.3\n"),
			Handler: s.sendall},
	}
}

// feeInstructions is Core's InterpretFeeEstimationInstructions: the
// positional fee arguments move into a copy of options.
func feeInstructions(r *rs.Request, options univalue.Value) (univalue.Value, error) {
	if options.Kind == univalue.Null {
		options = univalue.NewObject()
	}
	if options.Kind != univalue.Object {
		return options, rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type object", options.Kind.TypeName())
	}
	o := univalue.Value{Kind: univalue.Object, Keys: append([]string(nil), options.Keys...), Elems: append([]univalue.Value(nil), options.Elems...)}
	confTarget, err := parseValue(r.Arg(1))
	if err != nil {
		return o, err
	}
	mode, err := parseValue(r.Arg(2))
	if err != nil {
		return o, err
	}
	feeRate, err := parseValue(r.Arg(3))
	if err != nil {
		return o, err
	}
	_, hasCT := o.Find("conf_target")
	_, hasEM := o.Find("estimate_mode")
	if hasCT || hasEM {
		if !confTarget.IsNull() || !mode.IsNull() {
			return o, rs.NewError(rs.InvalidParameter, "Pass conf_target and estimate_mode either as arguments or in the options object, but not both")
		}
	} else {
		o.PushKV("conf_target", confTarget)
		o.PushKV("estimate_mode", mode)
	}
	if _, ok := o.Find("fee_rate"); ok {
		if !feeRate.IsNull() {
			return o, rs.NewError(rs.InvalidParameter, "Pass the fee_rate either as an argument, or in the options object, but not both")
		}
	} else {
		o.PushKV("fee_rate", feeRate)
	}
	if ct := o.Get("conf_target"); !ct.IsNull() {
		if em := o.Get("estimate_mode"); em.IsNull() || em.Str == "unset" {
			return o, rs.NewError(rs.InvalidParameter, "Specify estimate_mode")
		}
	}
	return o, nil
}

// preventOutdatedOptions is Core's PreventOutdatedOptions.
func preventOutdatedOptions(o univalue.Value) error {
	for _, p := range [][2]string{
		{"feeRate", "Use fee_rate (sat/vB) instead of feeRate"},
		{"changeAddress", "Use change_address instead of changeAddress"},
		{"changePosition", "Use change_position instead of changePosition"},
		{"lockUnspents", "Use lock_unspents instead of lockUnspents"},
		{"subtractFeeFromOutputs", "Use subtract_fee_from_outputs instead of subtractFeeFromOutputs"},
	} {
		if _, ok := o.Find(p[0]); ok {
			return rs.NewError(rs.InvalidParameter, "%s", p[1])
		}
	}
	return nil
}

// finish is Core's FinishTransaction: sign as a PSBT, then commit it or
// hand back the PSBT and/or hex as the options ask.
func (s *Server) finish(ctx context.Context, w *engine.Wallet, tx *wire.MsgTx, options univalue.Value) (any, error) {
	_, hasLocktime := options.Find("locktime")
	f, err := w.FinishTransaction(ctx, tx, !hasLocktime)
	if err != nil {
		return nil, psbtErr(err)
	}
	psbtOptIn := options.Get("psbt").Kind == univalue.Bool && options.Get("psbt").Bool
	addToWallet := true
	if v := options.Get("add_to_wallet"); v.Kind == univalue.Bool {
		addToWallet = v.Bool
	}
	out := univalue.NewObject()
	if psbtOptIn || !f.Complete || !addToWallet {
		b64, err := f.Packet.B64()
		if err != nil {
			return nil, rs.NewError(rs.RPCMiscError, "%v", err)
		}
		out.PushKV("psbt", univalue.NewString(b64))
	}
	if f.Complete {
		out.PushKV("txid", univalue.NewString(f.Tx.TxHash().String()))
		if addToWallet && !psbtOptIn {
			if _, err := w.CommitFinished(ctx, f.Tx); err != nil {
				return nil, walletErr(err)
			}
		} else {
			out.PushKV("hex", univalue.NewString(txHex(f.Tx)))
		}
	}
	out.PushKV("complete", univalue.NewBool(f.Complete))
	return out, nil
}

func (s *Server) sendRPC(r *rs.Request) (any, error) {
	w, err := s.synced(r)
	if err != nil {
		return nil, err
	}
	opts, err := parseValue(r.Arg(4))
	if err != nil {
		return nil, err
	}
	options, err := feeInstructions(r, opts)
	if err != nil {
		return nil, err
	}
	if err := preventOutdatedOptions(options); err != nil {
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
	tx, outs, _, err := s.constructTx(raw(options.Get("inputs")), r.Arg(0), options.Get("locktime"), rbf, version)
	if err != nil {
		return nil, err
	}
	sffo, err := sffoArg(options.Get("subtract_fee_from_outputs"), outs)
	if err != nil {
		return nil, err
	}
	if _, ok := options.Find("input_weights"); ok {
		return nil, rs.NewError(rs.InvalidParameter, "Input weights should be specified in inputs rather than in options.")
	}
	o := engine.SendOptions{ChangePos: -1, AddInputs: len(tx.TxIn) == 0, Version: tx.Version}
	lock, err := s.fundOptions(options, len(outs), &o)
	if err != nil {
		return nil, err
	}
	inputsV, err := parseValue(raw(options.Get("inputs")))
	if err != nil {
		return nil, err
	}
	if o.InputWeights, err = weightedInputs(inputsV); err != nil {
		return nil, err
	}
	if len(outs) == 0 {
		return nil, rs.NewError(rs.InvalidParameter, "TX must have at least one output")
	}
	created, err := w.FundTransaction(r.Context, tx, sffo, o, lock)
	if err != nil {
		return nil, fundErr(err)
	}
	return s.finish(r.Context, w, created.Tx, options)
}

func (s *Server) sendall(r *rs.Request) (any, error) {
	w, err := s.synced(r)
	if err != nil {
		return nil, err
	}
	opts, err := parseValue(r.Arg(4))
	if err != nil {
		return nil, err
	}
	options, err := feeInstructions(r, opts)
	if err != nil {
		return nil, err
	}
	if err := preventOutdatedOptions(options); err != nil {
		return nil, err
	}
	recipients, err := parseValue(r.Arg(0))
	if err != nil {
		return nil, err
	}
	pairs := univalue.NewArray()
	withoutAmount := map[string]bool{}
	for _, rc := range recipients.Elems {
		if rc.Kind == univalue.String {
			kv := univalue.NewObject()
			kv.PushKV(rc.Str, univalue.NewInt(0))
			pairs.Push(kv)
			withoutAmount[rc.Str] = true
			continue
		}
		pairs.Push(rc)
	}
	if len(withoutAmount) == 0 {
		return nil, rs.NewError(rs.InvalidParameter, "Must provide at least one address without a specified amount")
	}
	var so engine.SendOptions
	if err := feeEstimate(&so, options.Get("conf_target"), options.Get("estimate_mode"), options.Get("fee_rate")); err != nil {
		return nil, err
	}
	req := engine.SendAllRequest{FeeRate: so.FeeRate, ExplicitFeeRate: so.ExplicitFeeRate, ConfTarget: so.ConfTarget, Version: 2}
	if v := options.Get("minconf"); v.Kind == univalue.Number {
		n, err := intOpt(v)
		if err != nil {
			return nil, err
		}
		if n < 0 {
			return nil, rs.NewError(rs.InvalidParameter, "Invalid minconf (minconf cannot be negative): %d", n)
		}
		req.MinConf = int(n)
	}
	if v := options.Get("maxconf"); v.Kind == univalue.Number {
		n, err := intOpt(v)
		if err != nil {
			return nil, err
		}
		if int(n) < req.MinConf {
			return nil, rs.NewError(rs.InvalidParameter, "maxconf can't be lower than minconf: %d < %d", n, req.MinConf)
		}
		m := int(n)
		req.MaxConf = &m
	}
	if v := options.Get("version"); v.Kind == univalue.Number {
		n, err := intOpt(v)
		if err != nil {
			return nil, err
		}
		req.Version = int32(n)
	}
	req.Replaceable = s.m.Options().WalletRBF
	if v := options.Get("replaceable"); v.Kind == univalue.Bool {
		req.Replaceable = v.Bool
	}
	tx, outs, _, err := s.constructTx(raw(options.Get("inputs")), raw(pairs), options.Get("locktime"), req.Replaceable, int64(req.Version))
	if err != nil {
		return nil, err
	}
	req.Locktime = tx.LockTime
	for _, o := range outs {
		req.Outputs = append(req.Outputs, o.out)
		req.Share = append(req.Share, withoutAmount[o.key])
	}
	_, hasInputs := options.Find("inputs")
	_, hasSendMax := options.Find("send_max")
	_, hasMin := options.Find("minconf")
	_, hasMax := options.Find("maxconf")
	switch {
	case hasInputs && hasSendMax:
		return nil, rs.NewError(rs.InvalidParameter, "Cannot combine send_max with specific inputs.")
	case hasInputs && (hasMin || hasMax):
		return nil, rs.NewError(rs.InvalidParameter, "Cannot combine minconf or maxconf with specific inputs.")
	case hasInputs:
		req.Inputs = tx.TxIn
		if req.Inputs == nil {
			req.Inputs = []*wire.TxIn{}
		}
	}
	if v := options.Get("send_max"); v.Kind == univalue.Bool {
		req.SendMax = v.Bool
	}
	if v := options.Get("lock_unspents"); v.Kind == univalue.Bool {
		req.LockUnspents = v.Bool
	}
	built, err := w.SendAll(r.Context, req)
	if err != nil {
		return nil, spendErr(err)
	}
	return s.finish(r.Context, w, built, options)
}
