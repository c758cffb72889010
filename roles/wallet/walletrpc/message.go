package walletrpc

import (
	"encoding/json"
	"errors"

	"github.com/btcsuite/btcd/wire/v2"

	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/engine"
)

func (s *Server) messageCommands() []rs.Command {
	return []rs.Command{
		{Name: "signmessage", Category: "wallet",
			Help: "Sign a message with the private key of an address" + helpRequiringPassphrase,
			Args: []rs.Arg{
				{Name: "address", Type: rs.ArgString, Help: "The bitcoin address to use for the private key."},
				{Name: "message", Type: rs.ArgString, Help: "The message to create a signature of."},
			},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResStr, Key: "signature", Help: "The signature of the message encoded in base 64"}},
			Examples: "\nUnlock the wallet for 30 seconds\n" + rs.HelpExampleCli("walletpassphrase", `"mypassphrase" 30`) +
				"\nCreate the signature\n" + rs.HelpExampleCli("signmessage", `"1D1ZrZNe3JUo7ZycKEYQQiQAWd9y54F4XX" "my message"`) +
				"\nVerify the signature\n" + rs.HelpExampleCli("verifymessage", `"1D1ZrZNe3JUo7ZycKEYQQiQAWd9y54F4XX" "signature" "my message"`) +
				"\nAs a JSON-RPC call\n" + rs.HelpExampleRPC("signmessage", `"1D1ZrZNe3JUo7ZycKEYQQiQAWd9y54F4XX", "my message"`),
			Handler: s.signmessage},
		{Name: "simulaterawtransaction", Category: "wallet",
			Help: "Calculate the balance change resulting in the signing and broadcasting of the given transaction(s).",
			Args: []rs.Arg{
				{Name: "rawtxs", Type: rs.ArgArray, Optional: true, Help: "An array of hex strings of raw transactions.\n", Inner: []rs.Arg{{Name: "rawtx", Type: rs.ArgHex, Optional: true}}},
				{Name: "options", Type: rs.ArgNamedParams, Optional: true, Inner: []rs.Arg{
					{Name: "include_watchonly", Type: rs.ArgBool, Default: "false", Help: "(DEPRECATED) No longer used"},
				}},
			},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
				{Type: rs.ResStrAmount, Key: "balance_change", Help: "The wallet balance change (negative means decrease)."},
			}}},
			Examples: ex("simulaterawtransaction", `["myhex"]`), Handler: s.simulaterawtransaction},
	}
}

func (s *Server) signmessage(r *rs.Request) (any, error) {
	w, err := s.wallet(r)
	if err != nil {
		return nil, err
	}
	if w.IsLocked() { // Core's EnsureWalletIsUnlocked comes first
		return nil, walletErr(engine.ErrUnlockNeeded)
	}
	addr, err := strArg(r.Arg(0), "")
	if err != nil {
		return nil, err
	}
	msg, err := strArg(r.Arg(1), "")
	if err != nil {
		return nil, err
	}
	sig, err := w.SignMessage(addr, msg)
	switch {
	case err == nil:
		return sig, nil
	case errors.Is(err, engine.ErrInvalidSignAddress):
		return nil, rs.NewError(rs.InvalidAddressOrKey, "Invalid address")
	case errors.Is(err, engine.ErrNotKeyAddress):
		return nil, rs.NewError(rs.TypeError, "Address does not refer to key")
	}
	return nil, walletErr(err)
}

func (s *Server) simulaterawtransaction(r *rs.Request) (any, error) {
	w, err := s.wallet(r)
	if err != nil {
		return nil, err
	}
	var hexes []string
	if !isNull(r.Arg(0)) {
		if err := json.Unmarshal(r.Arg(0), &hexes); err != nil {
			return nil, rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type string", "array element")
		}
	}
	txs := make([]*wire.MsgTx, 0, len(hexes))
	for _, h := range hexes {
		tx, err := decodeTx(h)
		if err != nil {
			return nil, rs.NewError(rs.DeserializationError, "Transaction hex string decoding failure.")
		}
		txs = append(txs, tx)
	}
	change, err := w.SimulateBalanceChange(r.Context, txs)
	switch {
	case errors.Is(err, engine.ErrDoubleSpendInSimulation), errors.Is(err, engine.ErrInputsMissing):
		return nil, rs.NewError(rs.InvalidParameter, "%s", err.Error())
	case err != nil:
		return nil, walletErr(err)
	}
	o := univalue.NewObject()
	o.PushKV("balance_change", rs.ValueFromAmount(change))
	return o, nil
}
