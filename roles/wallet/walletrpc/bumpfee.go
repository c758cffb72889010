package walletrpc

import (
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/psbt"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/engine"
)

func (s *Server) bumpCommands() []rs.Command {
	return []rs.Command{s.bumpCommand("bumpfee"), s.bumpCommand("psbtbumpfee")}
}

// bumpCommand is Core's bumpfee_helper.
func (s *Server) bumpCommand(method string) rs.Command {
	wantPSBT := method == "psbtbumpfee"
	help := "Bumps the fee of a transaction T, replacing it with a new transaction B.\n"
	if wantPSBT {
		help += "Returns a PSBT instead of creating and signing a new transaction.\n"
	}
	help += "A transaction with the given txid must be in the wallet.\n" +
		"The command will pay the additional fee by reducing change outputs or adding inputs when necessary.\n" +
		"It may add a new change output if one does not already exist.\n" +
		"All inputs in the original transaction will be included in the replacement transaction.\n" +
		"The command will fail if the wallet or mempool contains a transaction that spends one of T's outputs.\n" +
		"By default, the new fee will be calculated automatically using the estimatesmartfee RPC.\n" +
		"The user can specify a confirmation target for estimatesmartfee.\n" +
		"Alternatively, the user can specify a fee rate in sat/vB for the new transaction.\n" +
		"At a minimum, the new fee rate must be high enough to pay an additional new relay fee (incrementalfee\n" +
		"returned by getnetworkinfo) to enter the node's mempool.\n" +
		"* WARNING: before version 0.21, fee_rate was in BTC/kvB. As of 0.21, fee_rate is in sat/vB. *"
	first := rs.ResultDoc{Type: rs.ResHex, Key: "txid", Help: "The id of the new transaction."}
	what := "txid"
	if wantPSBT {
		first = rs.ResultDoc{Type: rs.ResStr, Key: "psbt", Help: "The base64-encoded unsigned PSBT of the new transaction."}
		what = "psbt"
	}
	return rs.Command{Name: method, Category: "wallet", Help: help,
		Args: []rs.Arg{
			{Name: "txid", Type: rs.ArgHex, Help: "The txid to be bumped"},
			{Name: "options", Type: rs.ArgNamedParams, Optional: true, OneLine: "options", Inner: []rs.Arg{
				{Name: "conf_target", Type: rs.ArgNumber, Default: "wallet -txconfirmtarget", Help: "Confirmation target in blocks\n"},
				{Name: "fee_rate", Type: rs.ArgAmount, Default: "not set, fall back to wallet fee estimation", Help: "\nSpecify a fee rate in sat/vB instead of relying on the built-in fee estimator.\nMust be at least 0.100 sat/vB higher than the current transaction fee rate.\nWARNING: before version 0.21, fee_rate was in BTC/kvB. As of 0.21, fee_rate is in sat/vB.\n"},
				{Name: "replaceable", Type: rs.ArgBool, Default: "true", Help: "Whether the new transaction should be\nmarked bip-125 replaceable. If true, the sequence numbers in the transaction will\nbe set to 0xfffffffd. If false, any input sequence numbers in the\ntransaction will be set to 0xfffffffe\nso the new transaction will not be explicitly bip-125 replaceable (though it may\nstill be replaceable in practice, for example if it has unconfirmed ancestors which\nare replaceable).\n"},
				{Name: "estimate_mode", Type: rs.ArgString, Default: `"unset"`, Help: estimateModeHelp},
				{Name: "outputs", Type: rs.ArgArray, Default: "[]", SkipTypeCheck: true, Help: "The outputs specified as key-value pairs.\nEach key may only appear once, i.e. there can only be one 'data' output, and no address may be duplicated.\nAt least one output of either type must be specified.\nCannot be provided if 'original_change_index' is specified.", Inner: outputsDoc()},
				{Name: "original_change_index", Type: rs.ArgNumber, Default: "not set, detect change automatically", Help: "The 0-based index of the change output on the original transaction. The indicated output will be recycled into the new change output on the bumped transaction. The remainder after paying the recipients and fees will be sent to the output script of the original change output. The change output’s amount can increase if bumping the transaction adds new inputs, otherwise it will decrease. Cannot be used in combination with the 'outputs' option."},
			}},
		},
		ResultDocs: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
			first,
			{Type: rs.ResStrAmount, Key: "origfee", Help: "The fee of the replaced transaction."},
			{Type: rs.ResStrAmount, Key: "fee", Help: "The fee of the new transaction."},
			{Type: rs.ResArr, Key: "errors", Help: "Errors encountered during processing (may be empty).", Inner: []rs.ResultDoc{{Type: rs.ResStr}}},
		}}},
		Examples: "\nBump the fee, get the new transaction's " + what + "\n" + rs.HelpExampleCli(method, "<txid>"),
		Handler:  func(r *rs.Request) (any, error) { return s.bumpfee(r, wantPSBT) }}
}

var bumpOptionKinds = map[string]univalue.Kind{
	"confTarget": univalue.Number, "conf_target": univalue.Number, "fee_rate": anyKind,
	"replaceable": univalue.Bool, "estimate_mode": univalue.String, "outputs": anyKind,
	"original_change_index": univalue.Number,
}

func (s *Server) bumpfee(r *rs.Request, wantPSBT bool) (any, error) {
	w, err := s.wallet(r)
	if err != nil {
		return nil, err
	}
	if w.PrivateKeysDisabled() && w.Flags()&engine.FlagExternalSigner == 0 && !wantPSBT {
		return nil, rs.NewError(rs.WalletError, "bumpfee is not available with wallets that have private keys disabled. Use psbtbumpfee instead.")
	}
	idText, err := strArg(r.Arg(0), "")
	if err != nil {
		return nil, err
	}
	txid, err := hashParam(idText, "txid")
	if err != nil {
		return nil, err
	}
	bo := engine.BumpOptions{Replaceable: true, RequireMine: !wantPSBT}
	options, err := parseValue(r.Arg(1))
	if err != nil {
		return nil, err
	}
	if options.Kind != univalue.Null {
		if options.Kind != univalue.Object {
			return nil, rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type object", options.Kind.TypeName())
		}
		if err := checkObject(options, bumpOptionKinds); err != nil {
			return nil, err
		}
		_, a := options.Find("confTarget")
		_, b := options.Find("conf_target")
		if a && b {
			return nil, rs.NewError(rs.InvalidParameter, "confTarget and conf_target options should not both be set. Use conf_target (confTarget is deprecated).")
		}
		confTarget := options.Get("conf_target")
		if a {
			confTarget = options.Get("confTarget")
		}
		if v := options.Get("replaceable"); v.Kind == univalue.Bool {
			bo.Replaceable = v.Bool
		}
		so := engine.SendOptions{Replaceable: &bo.Replaceable}
		if err := feeEstimate(&so, confTarget, options.Get("estimate_mode"), options.Get("fee_rate")); err != nil {
			return nil, err
		}
		bo.FeeRate, bo.ExplicitFeeRate, bo.ConfTarget = so.FeeRate, so.ExplicitFeeRate, so.ConfTarget
		if v := options.Get("outputs"); !v.IsNull() {
			if v.Kind == univalue.Array && v.Len() == 0 {
				return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter, output argument cannot be an empty array")
			}
			outs, err := s.parseOutputs(raw(v))
			if err != nil {
				return nil, err
			}
			bo.Outputs = []*wire.TxOut{}
			for _, o := range outs {
				bo.Outputs = append(bo.Outputs, o.out)
			}
		}
		if v := options.Get("original_change_index"); v.Kind == univalue.Number {
			n, ok := v.Int()
			if !ok || n < 0 || n > 0xffffffff {
				return nil, rs.NewError(rs.RPCMiscError, "JSON integer out of range")
			}
			i := int(n)
			bo.ChangeIndex = &i
		}
	}
	if err := w.BlockUntilSynced(r.Context); err != nil {
		return nil, rs.NewError(rs.WalletError, "%v", err)
	}
	if w.KeysLocked() {
		return nil, walletErr(engine.ErrUnlockNeeded)
	}
	bumped, err := w.CreateBumpTransaction(r.Context, txid, bo)
	if err != nil {
		return nil, spendErr(err)
	}
	out := univalue.NewObject()
	if !wantPSBT {
		complete, _, err := w.SignTransaction(r.Context, bumped.Tx, nil, "DEFAULT")
		if err != nil || !complete {
			if w.Flags()&engine.FlagExternalSigner != 0 {
				return nil, rs.NewError(rs.WalletError, "Transaction incomplete. Try psbtbumpfee instead.")
			}
			return nil, rs.NewError(rs.WalletError, "Can't sign transaction.")
		}
		newID, err := w.CommitBumpTransaction(r.Context, txid, bumped.Tx)
		if err != nil {
			return nil, rs.NewError(rs.WalletError, "%s", err.Error())
		}
		out.PushKV("txid", univalue.NewString(newID.String()))
	} else {
		p, err := psbt.New(psbt.Strip(bumped.Tx))
		if err != nil {
			return nil, rs.NewError(rs.RPCMiscError, "%v", err)
		}
		if _, err := w.FillPSBT(p, nil, false, true, true); err != nil {
			return nil, psbtErr(err)
		}
		b64, err := p.B64()
		if err != nil {
			return nil, rs.NewError(rs.RPCMiscError, "%v", err)
		}
		out.PushKV("psbt", univalue.NewString(b64))
	}
	out.PushKV("origfee", rs.ValueFromAmount(bumped.OldFee))
	out.PushKV("fee", rs.ValueFromAmount(bumped.NewFee))
	out.PushKV("errors", univalue.NewArray())
	return out, nil
}
