// Package tool owns Bitcoin Core's offline wallet tool, bitcoin-wallet
// without -ipcfd: option handling and the info, dump and createfromdump
// commands with Core's output and messages. The create command needs the
// wallet engine and is reached through Options.Create.
package tool

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/mpbitcoin/mpbitcoin/roles/config"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/store"
)

// DefaultVersion is the version shown by -help and -version unless
// Options.Version says otherwise.
const DefaultVersion = "v30.0.0"

// CreateRequest is what the create command hands the wallet engine.
type CreateRequest struct {
	Name   string // -wallet
	Path   string // the wallet directory: <walletdir>/<name>
	Magic  [4]byte
	Args   *config.Args
	Stdout io.Writer
	Stderr io.Writer
}

// CreateFunc is Core's create command (WalletCreate then WalletShowInfo):
// it creates a descriptor wallet at req.Path, printing "Topping up
// keypool...\n" and then ShowInfo's lines on req.Stdout, and its errors
// on req.Stderr. It returns false on failure.
type CreateFunc func(ctx context.Context, req CreateRequest) bool

// Options adjusts Main and Run.
type Options struct {
	// Create implements the create command; nil makes it fail with a
	// message saying it is not available.
	Create CreateFunc
	// Version is shown in the -help and -version header (default
	// DefaultVersion).
	Version string
	// License is printed after the header by -version.
	License string
}

// Commands are the tool's commands with Core's help texts.
func commands() [][2]string {
	return [][2]string{
		{"create", "Create a new descriptor wallet file"},
		{"createfromdump", "Create new wallet file from dumped records"},
		{"dump", "Print out all of the wallet key-value records"},
		{"info", "Get wallet info"},
	}
}

func isCommand(s string) bool {
	for _, c := range commands() {
		if c[0] == s {
			return true
		}
	}
	return false
}

// Main is Core's bitcoin-wallet main: it parses argv (without argv[0])
// against config.WalletToolOptions(), answers -help and -version, checks
// -datadir and the chain, and runs the command. It returns the exit status.
func Main(ctx context.Context, argv []string, stdout, stderr io.Writer, opts Options) int {
	if opts.Version == "" {
		opts.Version = DefaultVersion
	}
	a, err := config.Parse(argv, config.WalletToolOptions())
	if err == nil {
		if pos := a.Positional(); len(pos) > 0 && !isCommand(pos[0]) {
			err = fmt.Errorf("Invalid command '%s'", pos[0])
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "Error parsing command line arguments: %s\n", err)
		return 1
	}
	if len(argv) == 0 || a.HelpRequested() || a.GetBool("version", false) {
		fmt.Fprint(stdout, usage(a, opts))
		if len(argv) == 0 {
			fmt.Fprint(stderr, "Error: too few parameters\n")
			return 1
		}
		return 0
	}
	if d := a.Get("datadir", ""); a.GetPath("datadir", "") != "" && !isDir(a.DataDir()) {
		fmt.Fprintf(stderr, "Error: Specified data directory \"%s\" does not exist.\n", d)
		return 1
	}
	if err := a.ChainErr(); err != nil {
		fmt.Fprintf(stderr, "Error: %s\n", err)
		return 1
	}
	pos := a.Positional()
	if len(pos) == 0 {
		fmt.Fprint(stderr, "No method provided. Run `bitcoin-wallet -help` for valid methods.\n")
		return 1
	}
	if len(pos) > 1 {
		fmt.Fprintf(stderr, "Error: Additional arguments provided (%s). Methods do not take arguments. Please refer to `-help`.\n", strings.Join(pos[1:], ", "))
		return 1
	}
	if !Run(ctx, a, pos[0], stdout, stderr, opts) {
		return 1
	}
	return 0
}

func usage(a *config.Args, opts Options) string {
	head := fmt.Sprintf("Bitcoin Core bitcoin-wallet utility version %s\n", opts.Version)
	if a.GetBool("version", false) {
		if opts.License != "" {
			head += config.FormatParagraph(opts.License, 79, 0)
		}
		return head
	}
	head += "\n" +
		"bitcoin-wallet is an offline tool for creating and interacting with Bitcoin Core wallet files.\n\n" +
		"By default bitcoin-wallet will act on wallets in the default mainnet wallet directory in the datadir.\n\n" +
		"To change the target wallet, use the -datadir, -wallet and (test)chain selection arguments.\n" +
		"\n" +
		"Usage: bitcoin-wallet [options] <command>\n" +
		"\n\n"
	// Core lists the commands in their category, after the chain options
	// and before the IPC ones.
	var before, after []config.Option
	for _, o := range config.WalletToolOptions() {
		switch o.Category {
		case config.CategoryRegister, config.CategoryCLICommands, config.CategoryIPC:
			after = append(after, o)
		default:
			before = append(before, o)
		}
	}
	var b strings.Builder
	b.WriteString(config.Help(head, before))
	b.WriteString(config.HelpMessageGroup(config.CategoryCommands + ":"))
	for _, c := range commands() {
		b.WriteString(config.HelpMessageOpt(c[0], c[1]))
	}
	b.WriteString(config.Help("", after))
	return b.String()
}

// walletPath is Core's AbsPathJoin(GetWalletDir(), name).
func walletPath(a *config.Args, name string) string {
	if filepath.IsAbs(name) {
		return filepath.Clean(name)
	}
	return filepath.Join(a.WalletDir(), name)
}

// Run is Core's ExecuteWalletToolFunc: it runs command with the parsed
// options and reports success.
func Run(ctx context.Context, a *config.Args, command string, stdout, stderr io.Writer, opts Options) bool {
	if a.IsSet("dumpfile") && command != "dump" && command != "createfromdump" {
		fmt.Fprint(stderr, "The -dumpfile option can only be used with the \"dump\" and \"createfromdump\" commands.\n")
		return false
	}
	if command == "create" && !a.IsSet("wallet") {
		fmt.Fprint(stderr, "Wallet name must be provided when creating a new wallet.\n")
		return false
	}
	name := a.Get("wallet", "")
	path := walletPath(a, name)
	magic, err := NetMagic(a)
	if err != nil {
		fmt.Fprintf(stderr, "Error: %s\n", err)
		return false
	}
	t := &tool{args: a, name: name, path: path, magic: magic, stdout: stdout, stderr: stderr}
	switch command {
	case "create":
		if opts.Create == nil {
			fmt.Fprint(stderr, "Error: the create command is not available in this build (no wallet engine)\n")
			return false
		}
		return opts.Create(ctx, CreateRequest{Name: name, Path: path, Magic: magic, Args: a, Stdout: stdout, Stderr: stderr})
	case "info":
		return t.info()
	case "dump":
		return t.dump()
	case "createfromdump":
		return t.createFromDump()
	}
	fmt.Fprintf(stderr, "Invalid command: %s\n", command)
	return false
}

// tool is one run of a command.
type tool struct {
	args   *config.Args
	name   string
	path   string
	magic  [4]byte
	stdout io.Writer
	stderr io.Writer
}

func (t *tool) walletOptions() store.WalletOptions {
	return store.WalletOptions{Magic: t.magic, UnsafeSync: t.args.GetBool("unsafesqlitesync", false)}
}

// openError prints a database opening error as Core's tool does.
func (t *tool) openError(err error) {
	if errors.Is(err, store.ErrLocked) {
		// Core's message ends with a newline of its own.
		fmt.Fprintf(t.stderr, "%s\n\n", store.ErrLocked)
		return
	}
	fmt.Fprintf(t.stderr, "%s\n", err)
}
