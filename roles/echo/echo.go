// Package echo owns the bitcoin-echo role: a test helper that serves only
// Init and Echo on the socket it was spawned with (the echoipc RPC).
package echo

import (
	"context"
	"fmt"
	"os"

	"github.com/mpbitcoin/mpbitcoin/ipc"
	"github.com/mpbitcoin/mpbitcoin/roles/interfaces"
	"github.com/mpbitcoin/mpbitcoin/roles/process"
)

// Main runs bitcoin-echo; it only runs as a spawned child.
func Main(ctx context.Context, argv []string) int {
	if code, spawned := process.MaybeServeSpawned(ctx, "bitcoin-echo", argv, func(*process.Env) ipc.InitFactory {
		return interfaces.NewInitFactory(nil)
	}); spawned {
		return code
	}
	fmt.Fprintln(os.Stderr, "Error: bitcoin-echo is a test helper spawned by the echoipc RPC; it runs only as \"bitcoin-echo -ipcfd N\"")
	return 1
}
