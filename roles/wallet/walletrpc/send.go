package walletrpc

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/engine"
)

func (s *Server) sendCommands() []rs.Command {
	feeArgs := []rs.Arg{
		{Name: "replaceable", Type: rs.ArgBool, Default: "wallet default", Help: "Signal that this transaction can be replaced by a transaction (BIP 125)"},
		{Name: "conf_target", Type: rs.ArgNumber, Default: "wallet -txconfirmtarget", Help: "Confirmation target in blocks"},
		{Name: "estimate_mode", Type: rs.ArgString, Default: `"unset"`, Help: "The fee estimate mode, must be one of (case insensitive):\n\"unset\"\n\"economical\"\n\"conservative\""},
	}
	return []rs.Command{
		{Name: "sendtoaddress", Category: "wallet", Help: "Send an amount to a given address.",
			Args: append(append([]rs.Arg{
				{Name: "address", Type: rs.ArgString, Help: "The bitcoin address to send to."},
				{Name: "amount", Type: rs.ArgAmount, Help: "The amount in BTC to send. eg 0.1"},
				{Name: "comment", Type: rs.ArgString, Optional: true, Help: "A comment used to store what the transaction is for.\nThis is not part of the transaction, just kept in your wallet."},
				{Name: "comment_to", Type: rs.ArgString, Optional: true, Help: "A comment to store the name of the person or organization\nto which you're sending the transaction. This is not part of the \ntransaction, just kept in your wallet."},
				{Name: "subtractfeefromamount", Type: rs.ArgBool, Default: "false", Help: "The fee will be deducted from the amount being sent.\nThe recipient will receive less bitcoins than you enter in the amount field."},
			}, feeArgs...),
				rs.Arg{Name: "avoid_reuse", Type: rs.ArgBool, Default: "true", Help: "(only available if avoid_reuse wallet flag is set) Avoid spending from dirty addresses; addresses are considered\ndirty if they have previously been used in a transaction. If true, this also activates avoidpartialspends, grouping outputs by their addresses."},
				rs.Arg{Name: "fee_rate", Type: rs.ArgAmount, Default: "not set, falls back to wallet fee estimation", Help: "Specify a fee rate in sat/vB."},
				rs.Arg{Name: "verbose", Type: rs.ArgBool, Default: "false", Help: "If true, return extra information about the transaction."}),
			Examples: ex("sendtoaddress", "\"bc1q09vm5lfy0j5reeulh4x5752q25uqqvz34hufdl\" 0.1"),
			Handler:  s.sendtoaddress},
		{Name: "sendmany", Category: "wallet", Help: "Send multiple times. Amounts are double-precision floating point numbers.",
			Args: append(append([]rs.Arg{
				{Name: "dummy", Type: rs.ArgString, Default: `""`, Help: "Must be set to \"\" for backwards compatibility.", OneLine: `""`},
				{Name: "amounts", Type: rs.ArgObjectUserKeys, Help: "The addresses and amounts", Inner: []rs.Arg{{Name: "address", Type: rs.ArgAmount, Help: "The bitcoin address is the key, the numeric amount (can be string) in BTC is the value"}}},
				{Name: "minconf", Type: rs.ArgNumber, Optional: true, Help: "Ignored dummy value"},
				{Name: "comment", Type: rs.ArgString, Optional: true, Help: "A comment"},
				{Name: "subtractfeefrom", Type: rs.ArgArray, Optional: true, Help: "The addresses.", Inner: []rs.Arg{{Name: "address", Type: rs.ArgString, Help: "Subtract fee from this address"}}},
			}, feeArgs...),
				rs.Arg{Name: "fee_rate", Type: rs.ArgAmount, Default: "not set, falls back to wallet fee estimation", Help: "Specify a fee rate in sat/vB."},
				rs.Arg{Name: "verbose", Type: rs.ArgBool, Default: "false", Help: "If true, return extra infomration about the transaction."}),
			Examples: ex("sendmany", "\"\" \"{\\\"bc1q09vm5lfy0j5reeulh4x5752q25uqqvz34hufdl\\\":0.01}\""),
			Handler:  s.sendmany},
	}
}

type sendParams struct {
	recipients []engine.Recipient
	opts       engine.SendOptions
	verbose    bool
}

func (s *Server) recipient(addr string, amount int64, sffo bool) (engine.Recipient, error) {
	script, err := descriptor.AddressScript(addr, s.m.Options().Params)
	if err != nil {
		return engine.Recipient{}, rs.NewError(rs.InvalidAddressOrKey, "Invalid Bitcoin address: %s", addr)
	}
	if amount <= 0 {
		return engine.Recipient{}, rs.NewError(rs.TypeError, "Invalid amount for send")
	}
	return engine.Recipient{Script: script, Amount: amount, SubtractFeeFromAmt: sffo}, nil
}

// feeOptions reads replaceable, conf_target, estimate_mode and fee_rate at
// the given argument positions.
func feeOptions(r *rs.Request, o *engine.SendOptions, replaceable, confTarget, mode, feeRate int) error {
	var err error
	if o.Replaceable, err = optBool(r.Arg(replaceable)); err != nil {
		return err
	}
	ct, err := intArg(r.Arg(confTarget), 0)
	if err != nil {
		return err
	}
	o.ConfTarget = int(ct)
	if isNull(r.Arg(feeRate)) { // Core's SetFeeEstimateMode without a fee rate
		if m, err := strArg(r.Arg(mode), "unset"); err != nil {
			return err
		} else if lm := strings.ToLower(m); lm != "unset" && lm != "economical" && lm != "conservative" {
			return rs.NewError(rs.InvalidParameter, "Invalid estimate_mode parameter, must be one of: \"unset\", \"economical\", \"conservative\"")
		}
		if !isNull(r.Arg(confTarget)) && (ct < 1 || ct > 1008) {
			return rs.NewError(rs.InvalidParameter, "Invalid conf_target, must be between 1 and 1008")
		}
	}
	if !isNull(r.Arg(feeRate)) {
		if ct != 0 {
			return rs.NewError(rs.InvalidParameter, "Cannot specify both conf_target and fee_rate. Please provide either a confirmation target in blocks for automatic fee estimation, or an explicit fee rate.")
		}
		if m, _ := strArg(r.Arg(mode), "unset"); m != "unset" && m != "" {
			return rs.NewError(rs.InvalidParameter, "Cannot specify both estimate_mode and fee_rate")
		}
		if o.FeeRate, err = feeRateArg(r.Arg(feeRate)); err != nil {
			return err
		}
		// An explicit 0 fails the minimum fee rate check (-6), as Core.
		o.ExplicitFeeRate = true
	}
	return nil
}

func (s *Server) sendtoaddress(r *rs.Request) (any, error) {
	w, err := s.synced(r)
	if err != nil {
		return nil, err
	}
	addr, err := strArg(r.Arg(0), "")
	if err != nil {
		return nil, err
	}
	amount, err := amountArg(r.Arg(1))
	if err != nil {
		return nil, err
	}
	var p sendParams
	if p.opts.Comment, err = strArg(r.Arg(2), ""); err != nil {
		return nil, err
	}
	if p.opts.CommentTo, err = strArg(r.Arg(3), ""); err != nil {
		return nil, err
	}
	sffo, err := boolArg(r.Arg(4), false)
	if err != nil {
		return nil, err
	}
	rc, err := s.recipient(addr, amount, sffo)
	if err != nil {
		return nil, err
	}
	p.recipients = []engine.Recipient{rc}
	if err := feeOptions(r, &p.opts, 5, 6, 7, 9); err != nil {
		return nil, err
	}
	if p.verbose, err = boolArg(r.Arg(10), false); err != nil {
		return nil, err
	}
	return s.send(r, w, p)
}

func (s *Server) sendmany(r *rs.Request) (any, error) {
	w, err := s.synced(r)
	if err != nil {
		return nil, err
	}
	if d, _ := strArg(r.Arg(0), ""); d != "" {
		return nil, rs.NewError(rs.InvalidParameter, "Dummy value must be set to \"\"")
	}
	v, err := univalue.Parse(r.Arg(1))
	if err != nil || v.Kind != univalue.Object {
		return nil, rs.NewError(rs.TypeError, "amounts must be an object")
	}
	var p sendParams
	if p.opts.Comment, err = strArg(r.Arg(3), ""); err != nil {
		return nil, err
	}
	sub := map[string]bool{}
	if !isNull(r.Arg(4)) {
		var list []string
		if err := json.Unmarshal(r.Arg(4), &list); err != nil {
			return nil, rs.NewError(rs.TypeError, "subtractfeefrom must be an array of strings")
		}
		for _, a := range list {
			sub[a] = true
		}
	}
	seen := map[string]bool{}
	keys := append([]string(nil), v.Keys...)
	for i, addr := range keys {
		if seen[addr] {
			return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter, duplicated address: %s", addr)
		}
		seen[addr] = true
		amount, err := amountArg(json.RawMessage(v.Elems[i].Append(nil, 0, 0)))
		if err != nil {
			return nil, err
		}
		rc, err := s.recipient(addr, amount, sub[addr])
		if err != nil {
			return nil, err
		}
		p.recipients = append(p.recipients, rc)
	}
	if err := feeOptions(r, &p.opts, 5, 6, 7, 8); err != nil {
		return nil, err
	}
	if p.verbose, err = boolArg(r.Arg(9), false); err != nil {
		return nil, err
	}
	return s.send(r, w, p)
}

func (s *Server) send(r *rs.Request, w *engine.Wallet, p sendParams) (any, error) {
	created, err := w.CreateTransaction(r.Context, p.recipients, p.opts)
	if err != nil {
		// Core's SendMoney: any CreateTransaction failure is -6, after the
		// private-keys and unlock checks.
		if errors.Is(err, engine.ErrUnlockNeeded) || errors.Is(err, engine.ErrPrivateKeysOff) {
			return nil, walletErr(err)
		}
		return nil, rs.NewError(rs.WalletInsufficientFunds, "%s", err.Error())
	}
	if err := w.CommitTransaction(r.Context, created.Tx, p.opts.Comment, p.opts.CommentTo, true); err != nil {
		return nil, walletErr(err)
	}
	txid := created.Tx.TxHash().String()
	if !p.verbose {
		return txid, nil
	}
	o := univalue.NewObject()
	o.PushKV("txid", univalue.NewString(txid))
	o.PushKV("fee_reason", univalue.NewString("Fallback fee"))
	return o, nil
}
