// Package launcher owns the `bitcoin` command: Core's wrapper surface
// (`bitcoin [-m|-M] COMMAND args…`) on urfave/cli, which re-executes this
// binary as the chosen role.
package launcher

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"

	"github.com/urfave/cli/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/process"
)

// Exec replaces the process with role and args (argv[0] = role).
type Exec func(role string, args []string) error

// ExecSelf re-executes the running binary as role.
func ExecSelf(role string, args []string) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("finding own executable: %w", err)
	}
	return syscall.Exec(exe, append([]string{role}, args...), os.Environ())
}

// multiprocessArgs are the options that make `bitcoin node|gui` pick the
// multiprocess executable even without -m.
func wantsMultiprocess(args []string) bool {
	for _, a := range args {
		a = strings.TrimLeft(a, "-")
		for _, p := range []string{"ipcbind", "ipcconnect", "ipcfd"} {
			if a == p || strings.HasPrefix(a, p+"=") {
				return true
			}
		}
	}
	return false
}

// Main runs the `bitcoin` command with argv (argv[0] included).
func Main(ctx context.Context, argv []string, stdout, stderr io.Writer, exec Exec) int {
	multi := false
	pick := func(multiName, monoName string) func(*cli.Context) error {
		return func(c *cli.Context) error {
			args := c.Args().Slice()
			if multi || wantsMultiprocess(args) {
				return exec(multiName, args)
			}
			return exec(monoName, args)
		}
	}
	app := &cli.App{
		Name:            "bitcoin",
		Usage:           "run a Bitcoin node, wallet or tool (mpbitcoin)",
		UsageText:       "bitcoin [OPTIONS] COMMAND...",
		Version:         "v" + process.Version,
		Writer:          stdout,
		ErrWriter:       stderr,
		HideHelpCommand: false,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "multiprocess", Aliases: []string{"m"}, Usage: "Run multiprocess binaries bitcoin-node, bitcoin-gui.", Destination: &multi},
			&cli.BoolFlag{Name: "monolithic", Aliases: []string{"M"}, Usage: "Run monolithic binaries bitcoind (Default behavior; the GUI is always bitcoin-gui).",
				Action: func(*cli.Context, bool) error { multi = false; return nil }},
		},
		Commands: []*cli.Command{
			{Name: "node", Usage: "Start node, equivalent to running 'bitcoind [ARGS]' or 'bitcoin-node [ARGS]'.", SkipFlagParsing: true,
				Action: pick("bitcoin-node", "bitcoind")},
			{Name: "gui", Usage: "Start GUI, equivalent to running 'bitcoin-gui [ARGS]'.", SkipFlagParsing: true,
				Action: pick("bitcoin-gui", "bitcoin-gui")},
			{Name: "rpc", Usage: "Call RPC method, equivalent to running 'bitcoin-cli -named [ARGS]'.", SkipFlagParsing: true,
				Action: func(c *cli.Context) error {
					return exec("bitcoin-cli", append([]string{"-named"}, c.Args().Slice()...))
				}},
			{Name: "wallet", Usage: "Call wallet command, equivalent to running 'bitcoin-wallet [ARGS]'.", SkipFlagParsing: true,
				Action: func(c *cli.Context) error { return exec("bitcoin-wallet", c.Args().Slice()) }},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return fmt.Errorf("Unrecognized command: '%s'", c.Args().First())
			}
			_ = cli.ShowAppHelp(c)
			return cli.Exit("", 1)
		},
	}
	if err := app.RunContext(ctx, argv); err != nil {
		var ec cli.ExitCoder
		if errors.As(err, &ec) {
			if msg := ec.Error(); msg != "" {
				fmt.Fprintln(stderr, msg)
			}
			return ec.ExitCode()
		}
		fmt.Fprintf(stderr, "Error: %v\nTry '%s --help' for more information.\n", err, argv[0])
		return 1
	}
	return 0
}
