// Package wallet owns the bitcoin-wallet role: the wallet process of a
// parent node (spawned with -ipcfd) and, without -ipcfd, Core's offline
// wallet tool. The spawned process serves Init (Echo, and makeWalletLoader:
// the wallets on the node's Chain, with their RPC through makeRpc).
package wallet

import (
	"context"
	"os"

	"github.com/mpbitcoin/mpbitcoin/ipc"
	"github.com/mpbitcoin/mpbitcoin/roles/interfaces"
	"github.com/mpbitcoin/mpbitcoin/roles/process"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/tool"
)

// Main runs bitcoin-wallet.
func Main(ctx context.Context, argv []string) int {
	if code, spawned := process.MaybeServeSpawned(ctx, "bitcoin-wallet", argv, func(env *process.Env) ipc.InitFactory {
		logf := func(format string, args ...any) { env.Log.Infof(format, args...) }
		return interfaces.NewInitFactory(nil, interfaces.WithWalletLoader(MakeLoader(logf)))
	}); spawned {
		return code
	}
	return tool.Main(ctx, argv[1:], os.Stdout, os.Stderr, tool.Options{Create: createOffline})
}
