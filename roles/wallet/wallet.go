// Package wallet owns the bitcoin-wallet role: the wallet process of a
// parent node (spawned with -ipcfd) and, without -ipcfd, Core's offline
// wallet tool. The wallet engine arrives with the wallet issue; until then
// the spawned process serves Init/Echo so the node can supervise it.
package wallet

import (
	"context"
	"fmt"
	"os"

	"github.com/mpbitcoin/mpbitcoin/ipc"
	"github.com/mpbitcoin/mpbitcoin/roles/interfaces"
	"github.com/mpbitcoin/mpbitcoin/roles/process"
)

// Main runs bitcoin-wallet.
func Main(ctx context.Context, argv []string) int {
	if code, spawned := process.MaybeServeSpawned(ctx, "bitcoin-wallet", argv, func(*process.Env) ipc.InitFactory {
		return interfaces.NewInitFactory(nil)
	}); spawned {
		return code
	}
	fmt.Fprintln(os.Stderr, "Error: the offline wallet tool (create, info, dump, createfromdump) is not implemented yet")
	return 1
}
