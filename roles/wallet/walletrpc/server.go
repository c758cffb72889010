package walletrpc

import (
	"context"
	"errors"

	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/engine"
)

// Server runs the wallet RPCs on a Manager's wallets.
type Server struct {
	m *engine.Manager
}

// NewTable returns a JSON-RPC table with the wallet commands.
func NewTable(m *engine.Manager) (*rpcserver.Table, error) {
	t := rpcserver.NewTable()
	s := &Server{m: m}
	for _, c := range s.commands() {
		if err := t.Register(c); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// Builtins are the table's own commands, which the node serves itself.
var Builtins = map[string]bool{"help": true, "getrpcinfo": true}

func (s *Server) commands() []rs.Command {
	var out []rs.Command
	for _, g := range [][]rs.Command{s.loadCommands(), s.addressCommands(), s.balanceCommands(), s.sendCommands(), s.txCommands(), s.importCommands(), s.encryptCommands(), s.rawTxCommands(), s.spendCommands()} {
		out = append(out, g...)
	}
	out = append(out, s.stateCommands()...)
	out = append(out, s.groupingCommands()...)
	return out
}

// wallet is Core's GetWalletForJSONRPCRequest.
func (s *Server) wallet(r *rs.Request) (*engine.Wallet, error) {
	if name, ok := rs.WalletNameFromURI(r.URI); ok {
		w, found := s.m.Get(name)
		if !found {
			return nil, rs.NewError(rs.WalletNotFound, "Requested wallet does not exist or is not loaded")
		}
		return w, nil
	}
	ws := s.m.Wallets()
	switch len(ws) {
	case 1:
		return ws[0], nil
	case 0:
		return nil, rs.NewError(rs.WalletNotFound, "No wallet is loaded. Load a wallet using loadwallet or create a new one with createwallet. (Note: A default wallet is no longer automatically created)")
	}
	return nil, rs.NewError(rs.WalletNotSpecified, "Multiple wallets are loaded. Please select which wallet to use by requesting the RPC through the /wallet/<walletname> URI path.")
}

// synced returns the request's wallet once it has caught up with the
// node's tip.
func (s *Server) synced(r *rs.Request) (*engine.Wallet, error) {
	w, err := s.wallet(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context
	if ctx == nil {
		ctx = context.Background()
	}
	if err := w.BlockUntilSynced(ctx); err != nil {
		return nil, rs.NewError(rs.WalletError, "%v", err)
	}
	return w, nil
}

// walletErr maps engine errors to Core's codes.
func walletErr(err error) error {
	var le *engine.LoadError
	var fe *engine.FeeError
	var re *rs.Error
	switch {
	case errors.As(err, &re):
		return re
	case errors.As(err, &le):
		return rs.NewError(le.Code, "%s", le.Msg)
	case errors.Is(err, engine.ErrInsufficientFunds):
		return rs.NewError(rs.WalletInsufficientFunds, "Insufficient funds")
	case errors.As(err, &fe):
		return rs.NewError(rs.WalletError, "%s", fe.Msg)
	case errors.Is(err, engine.ErrUnlockNeeded):
		return rs.NewError(rs.WalletUnlockNeeded, "%s", err.Error())
	case errors.Is(err, engine.ErrNotFound):
		return rs.NewError(rs.WalletNotFound, "%s", err.Error())
	}
	return rs.NewError(rs.WalletError, "%s", err.Error())
}

func ex(method, args string) string {
	return rs.HelpExampleCli(method, args) + rs.HelpExampleRPC(method, args)
}
