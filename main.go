// Command bitcoin is mpbitcoin's one executable. It runs the role named by
// argv[0] (bitcoind, bitcoin-node, bitcoin-wallet, bitcoin-gui, bitcoin-cli,
// bitcoin-echo) or, as `bitcoin [-m|-M] COMMAND args…`, re-executes itself
// as the role COMMAND names.
package main

import (
	"context"
	"io"
	"os"

	"github.com/mpbitcoin/mpbitcoin/roles"
	"github.com/mpbitcoin/mpbitcoin/roles/cli"
	"github.com/mpbitcoin/mpbitcoin/roles/echo"
	"github.com/mpbitcoin/mpbitcoin/roles/gui"
	"github.com/mpbitcoin/mpbitcoin/roles/launcher"
	"github.com/mpbitcoin/mpbitcoin/roles/node"
	"github.com/mpbitcoin/mpbitcoin/roles/process"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet"
)

func main() {
	reg := roles.NewRegistry()
	reg.Register("bitcoind", node.Monolithic)
	reg.Register("bitcoin-node", node.Multiprocess)
	reg.Register("bitcoin-wallet", wallet.Main)
	reg.Register("bitcoin-gui", gui.Main)
	reg.Register("bitcoin-echo", echo.Main)
	reg.Register("bitcoin-cli", func(ctx context.Context, argv []string) int {
		return cli.Run(ctx, argv[1:], os.Stdin, os.Stdout, os.Stderr, cli.Options{
			Version: "v" + process.Version,
			Dial: func(ctx context.Context, addr string) (cli.IPCCaller, io.Closer, error) {
				return process.DialRPC(ctx, addr)
			},
		})
	})
	reg.Register("bitcoin", func(ctx context.Context, argv []string) int {
		return launcher.Main(ctx, argv, os.Stdout, os.Stderr, launcher.ExecSelf)
	})
	os.Exit(reg.Dispatch(context.Background(), os.Args, os.Stderr))
}
