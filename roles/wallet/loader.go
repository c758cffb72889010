package wallet

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"

	"github.com/mpbitcoin/mpbitcoin/roles/config"
	"github.com/mpbitcoin/mpbitcoin/roles/interfaces"
	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/engine"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/walletrpc"
)

// Loader is a wallet process's (or bitcoind's) set of wallets behind
// interfaces.WalletLoader, with the wallet RPC table.
type Loader struct {
	m     *engine.Manager
	table *rpcserver.Table
	once  sync.Once
}

var _ interfaces.WalletLoader = (*Loader)(nil)

// Commands lists the wallet RPC commands (without handlers): what a node
// registers forwarders for.
func Commands() []rpcserver.Command {
	t, err := walletrpc.NewTable(engine.NewManager(nil, &engine.Options{}, nil))
	if err != nil {
		return nil
	}
	return commandsOf(t)
}

func commandsOf(t *rpcserver.Table) []rpcserver.Command {
	var out []rpcserver.Command
	for _, name := range t.Commands() {
		if walletrpc.Builtins[name] {
			continue
		}
		c, _ := t.Command(name)
		c.Handler = nil
		out = append(out, c)
	}
	return out
}

// RPCCommands implements interfaces.WalletLoader.
func (l *Loader) RPCCommands(context.Context) ([]rpcserver.Command, error) {
	return commandsOf(l.table), nil
}

// ListWallets implements interfaces.WalletLoader.
func (l *Loader) ListWallets(context.Context) ([]string, error) {
	var out []string
	for _, w := range l.m.Wallets() {
		out = append(out, w.Name())
	}
	return out, nil
}

// Execute runs a wallet JSON-RPC request.
func (l *Loader) Execute(ctx context.Context, body []byte, uri, user string) ([]byte, int) {
	return l.table.Execute(ctx, body, uri, user)
}

// Close unloads every wallet.
func (l *Loader) Close() error {
	l.once.Do(l.m.Close)
	return nil
}

// Load starts the wallets on chain with the node's settings (Core's
// wallet init: -wallet values and settings.json's list). A wallet that
// fails to load is logged and skipped.
func Load(ctx context.Context, c interfaces.Chain, args []byte, log func(string, ...any)) (*Loader, error) {
	a, err := config.Import(args, config.NodeOptions())
	if err != nil {
		return nil, err
	}
	params, err := chain.Params(a.Chain())
	if err != nil {
		return nil, err
	}
	opts, err := engine.OptionsFromArgs(a, params)
	if err != nil {
		return nil, err
	}
	m := engine.NewManager(c, opts, log)
	table, err := walletrpc.NewTable(m)
	if err != nil {
		return nil, err
	}
	if log != nil {
		table.SetLogger(func(cat, format string, args ...any) { log(format, args...) })
	}
	l := &Loader{m: m, table: table}
	// Core's GetArgs("wallet"): -wallet values and settings.json's list,
	// with -nowallet dropping the lower-precedence ones. With no wallet
	// setting at all, a default wallet (wallet.dat at the top of the wallet
	// directory) is loaded and remembered, as Core's VerifyWallets does.
	names := a.GetAll("wallet")
	if len(names) == 0 && !a.IsNegated("wallet") {
		if _, err := os.Stat(filepath.Join(opts.WalletDir, "wallet.dat")); err == nil {
			names = []string{""}
			if err := c.UpdateRwSetting(ctx, "wallet", json.RawMessage(`[""]`)); err != nil && log != nil {
				log("Warning: could not remember the default wallet in settings.json: %v", err)
			}
		}
	}
	for _, name := range engine.StartupNames(names, nil) {
		if _, err := m.Load(ctx, name, nil); err != nil && log != nil {
			log("Warning: wallet %q not loaded: %v", name, err)
		}
	}
	return l, nil
}

// MakeLoader is the wallet role's interfaces.MakeWalletLoader.
func MakeLoader(log func(string, ...any)) interfaces.MakeWalletLoader {
	return func(ctx context.Context, c interfaces.Chain, args []byte) (interfaces.WalletLoader, interfaces.RPCExecutor, error) {
		l, err := Load(ctx, c, args, log)
		if err != nil {
			return nil, nil, err
		}
		return l, l, nil
	}
}
