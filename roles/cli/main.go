package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/mpbitcoin/mpbitcoin/roles/config"
)

// DefaultVersion is the version shown by -version and -help unless
// Options.Version says otherwise.
const DefaultVersion = "v30.0.0"

// IPCCaller runs JSON-RPC requests over an IPC connection (Core's
// Init.makeRpc then Rpc.executeRpc); the reply is the JSON-RPC reply text.
type IPCCaller interface {
	ExecuteRPC(ctx context.Context, request, uri, user string) (string, error)
}

// IPCDialer connects to a node's IPC socket. address is "unix:<absolute
// path>". Errors should wrap the system error (syscall.ECONNREFUSED,
// ENOENT, ...) so that -ipcconnect=auto can fall back to HTTP.
type IPCDialer func(ctx context.Context, address string) (IPCCaller, io.Closer, error)

// Options adjusts Run.
type Options struct {
	// Dial connects to IPC sockets; nil means no IPC support (then
	// -ipcconnect=auto uses HTTP and explicit values fail).
	Dial IPCDialer
	// Version is shown in the -help and -version header (default
	// DefaultVersion).
	Version string
	// License is printed after the header by -version.
	License string
}

// Main runs bitcoin-cli with argv (without argv[0]) and returns the exit
// status, without IPC support.
func Main(ctx context.Context, argv []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return Run(ctx, argv, stdin, stdout, stderr, Options{})
}

// MainWithIPC is Main with an IPC dialer for -ipcconnect.
func MainWithIPC(ctx context.Context, argv []string, stdin io.Reader, stdout, stderr io.Writer, dial IPCDialer) int {
	return Run(ctx, argv, stdin, stdout, stderr, Options{Dial: dial})
}

// Run is Core's bitcoin-cli main: AppInitRPC then CommandLineRPC.
func Run(ctx context.Context, argv []string, stdin io.Reader, stdout, stderr io.Writer, opts Options) int {
	if opts.Version == "" {
		opts.Version = DefaultVersion
	}
	a, err := config.Parse(argv, config.CLIOptions())
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
	if err := a.ReadConfigWith(config.ReadConfigOptions{SkipIgnoredConfCheck: true}); err != nil {
		msg := err.Error()
		if !strings.HasPrefix(msg, "Error") {
			msg = "Error: " + msg
		}
		fmt.Fprintln(stderr, msg)
		return 1
	}
	c := &client{ctx: ctx, args: a, stdin: newLineReader(stdin), stdout: stdout, stderr: stderr, opts: opts}
	out, code := c.commandLine()
	if out != "" {
		w := stdout
		if code != 0 {
			w = stderr
		}
		fmt.Fprintf(w, "%s\n", out)
	}
	return code
}

func usage(a *config.Args, opts Options) string {
	s := "Bitcoin Core RPC client version " + opts.Version + "\n"
	if a.GetBool("version", false) {
		if opts.License != "" {
			s += config.FormatParagraph(opts.License, 79, 0) + "\n"
		}
		return s
	}
	s += "\n" +
		"The bitcoin-cli utility provides a command line interface to interact with a Bitcoin Core RPC server.\n" +
		"\nIt can be used to query network information, manage wallets, create or broadcast transactions, and control the Bitcoin Core server.\n" +
		"\nUse the \"help\" command to list all commands. Use \"help <command>\" to show help for that command.\n" +
		"The -named option allows you to specify parameters using the key=value format, eliminating the need to pass unused positional parameters.\n" +
		"\n" +
		"Usage: bitcoin-cli [options] <command> [params]\n" +
		"or:    bitcoin-cli [options] -named <command> [name=value]...\n" +
		"or:    bitcoin-cli [options] help\n" +
		"or:    bitcoin-cli [options] help <command>\n" +
		"\n"
	return config.Help(s+"\n", a.Options())
}

// client is one bitcoin-cli run.
type client struct {
	ctx    context.Context
	args   *config.Args
	stdin  *lineReader
	stdout io.Writer
	stderr io.Writer
	opts   Options
}

// cliCommands are Core's CLI_COMMANDS options, in Core's (sorted) order.
var cliCommands = [...]string{"addrinfo", "generate", "getinfo", "netinfo"}

// commandLine is Core's CommandLineRPC: it returns the text to print and
// the exit status (stdout when 0, stderr otherwise).
func (c *client) commandLine() (string, int) {
	out, code, err := c.run()
	if err != nil {
		return "error: " + err.Error(), 1
	}
	return out, code
}

func (c *client) run() (string, int, error) {
	args := c.args.Positional()
	if c.args.GetBool("stdinrpcpass", false) {
		pass, err := c.stdin.prompted("RPC password> ", c.stderr, c.stdout)
		if err != nil {
			return "", 0, errors.New("-stdinrpcpass specified but failed to read from standard input")
		}
		c.args.ForceSet("rpcpassword", pass)
	}
	if c.args.GetBool("stdinwalletpassphrase", false) {
		if len(args) < 1 || !strings.HasPrefix(args[0], "walletpassphrase") {
			return "", 0, errors.New("-stdinwalletpassphrase is only applicable for walletpassphrase(change)")
		}
		pass, err := c.stdin.prompted("Wallet passphrase> ", c.stderr, c.stdout)
		if err != nil {
			return "", 0, errors.New("-stdinwalletpassphrase specified but failed to read from standard input")
		}
		args = append(args[:1], append([]string{pass}, args[1:]...)...)
	}
	if c.args.GetBool("stdin", false) {
		for {
			line, err := c.stdin.line()
			if err != nil {
				break
			}
			args = append(args, line)
		}
		if c.stdin.terminal() {
			fmt.Fprint(c.stdout, "\n")
		}
	}
	var found []string
	for _, name := range cliCommands {
		if c.args.IsSet(name) {
			found = append(found, "-"+name)
		}
	}
	if len(found) > 1 {
		return "", 0, fmt.Errorf("Only one of %s may be specified.", strings.Join(found, ", "))
	}
	for _, name := range []string{"netinfo", "addrinfo"} {
		if c.args.GetBool(name, false) {
			return "", 0, fmt.Errorf("-%s is not implemented yet", name)
		}
	}
	wallet := c.walletName()
	switch {
	case c.args.GetBool("getinfo", false):
		return c.getinfo(args, wallet)
	case c.args.GetBool("generate", false):
		return c.generate(args, wallet)
	}
	if len(args) < 1 {
		return "", 0, errors.New("too few parameters (need at least command)")
	}
	reply, err := c.call(defaultHandler{named: c.args.GetBool("named", false)}, args[0], args[1:], wallet)
	if err != nil {
		return "", 0, err
	}
	return replyOutput(reply)
}

// walletName is Core's RpcWalletName: nil without -rpcwallet or with
// -norpcwallet.
func (c *client) walletName() *string {
	if c.args.IsNegated("rpcwallet") {
		return nil
	}
	if w, ok := c.args.Lookup("rpcwallet"); ok {
		return &w
	}
	return nil
}
