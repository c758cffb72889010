// Package wallet owns the bitcoin-wallet role: the wallet process of a
// parent node (spawned with -ipcfd) and, without -ipcfd, Core's offline
// wallet tool. The spawned process serves Init (Echo, and makeWalletLoader:
// the wallets on the node's Chain, with their RPC through makeRpc).
package wallet

import (
	"context"
	"os"

	"github.com/mpbitcoin/mpbitcoin/ipc"
	"github.com/mpbitcoin/mpbitcoin/roles/config"
	"github.com/mpbitcoin/mpbitcoin/roles/interfaces"
	"github.com/mpbitcoin/mpbitcoin/roles/process"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/tool"
)

// Main runs bitcoin-wallet.
func Main(ctx context.Context, argv []string) int {
	if code, spawned := process.MaybeServeSpawned(ctx, "bitcoin-wallet", argv, func(env *process.Env) ipc.InitFactory {
		logf := func(format string, args ...any) { env.Log.Infof(format, args...) }
		load := MakeLoader(logf)
		return interfaces.NewInitFactory(nil, interfaces.WithWalletLoader(func(ctx context.Context, c interfaces.Chain, args []byte) (interfaces.WalletLoader, interfaces.RPCExecutor, error) {
			// Log only what the node asked for: formatting every IPC
			// message at trace level costs the wallet process dearly.
			if a, err := config.Import(args, config.NodeOptions()); err == nil {
				if err := env.Log.Restrict(a.GetAll("debug"), a.GetAll("debugexclude"), a.GetAll("loglevel")); err != nil {
					return nil, nil, err
				}
			}
			return load(ctx, c, args)
		}))
	}); spawned {
		return code
	}
	return tool.Main(ctx, argv[1:], os.Stdout, os.Stderr, tool.Options{Create: createOffline})
}
