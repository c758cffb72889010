package config

// Option tables: names, placeholders, help texts (with defaults written in),
// categories and flags as Bitcoin Core v30.0 registers them (-help output of
// doc/man and SetupServerArgs/AddLoggingArgs/SetupChainParamsBaseOptions).

// cliOnlyOptions are the options of Core's bitcoin-cli (SetupCliArgs).
func cliOnlyOptions() []Option {
	return []Option{
		{
			Name: "help", Category: CategoryOptions,
			Help: "Print this help message and exit (also -h or -?)",
		},
		{
			Name: "version", Category: CategoryOptions,
			Help: "Print version and exit",
		},
		{
			Name: "conf", Arg: "=<file>", Category: CategoryOptions,
			Help: "Specify configuration file. Relative paths will be prefixed by datadir location. (default: bitcoin.conf)",
		},
		{
			Name: "datadir", Arg: "=<dir>", Category: CategoryOptions, DisallowNegation: true,
			Help: "Specify data directory",
		},
		{
			Name: "generate", Category: CategoryCLICommands,
			Help: "Generate blocks, equivalent to RPC getnewaddress followed by RPC generatetoaddress. Optional positional integer arguments are number of blocks to generate (default: 1) and maximum iterations to try (default: 1000000), equivalent to RPC generatetoaddress nblocks and maxtries arguments. Example: bitcoin-cli -generate 4 1000",
		},
		{
			Name: "addrinfo", Category: CategoryCLICommands,
			Help: "Get the number of addresses known to the node, per network and total, after filtering for quality and recency. The total number of addresses known to the node may be higher.",
		},
		{
			Name: "getinfo", Category: CategoryCLICommands,
			Help: "Get general information from the remote server. Note that unlike server-side RPC calls, the output of -getinfo is the result of multiple non-atomic requests. Some entries in the output may represent results from different states (e.g. wallet balance may be as of a different block from the chain state reported)",
		},
		{
			Name: "netinfo", Category: CategoryCLICommands,
			Help: "Get network peer connection information from the remote server. An optional argument from 0 to 4 can be passed for different peers listings (default: 0). If a non-zero value is passed, an additional \"outonly\" (or \"o\") argument can be passed to see outbound peers only. Pass \"help\" (or \"h\") for detailed help documentation.",
		},
		{
			Name: "color", Arg: "=<when>", Category: CategoryOptions, DisallowNegation: true,
			Help: "Color setting for CLI output (default: auto). Valid values: always, auto (add color codes when standard output is connected to a terminal and OS is not WIN32), never. Only applies to the output of -getinfo.",
		},
		{
			Name: "named", Category: CategoryOptions,
			Help: "Pass named instead of positional arguments (default: false)",
		},
		{
			Name: "rpcclienttimeout", Arg: "=<n>", Category: CategoryOptions,
			Help: "Timeout in seconds during HTTP requests, or 0 for no timeout. (default: 900)",
		},
		{
			Name: "rpcconnect", Arg: "=<ip>", Category: CategoryOptions,
			Help: "Send commands to node running on <ip> (default: 127.0.0.1)",
		},
		{
			Name: "rpccookiefile", Arg: "=<loc>", Category: CategoryOptions,
			Help: "Location of the auth cookie. Relative paths will be prefixed by a net-specific datadir location. (default: data dir)",
		},
		{
			Name: "rpcpassword", Arg: "=<pw>", Category: CategoryOptions,
			Help: "Password for JSON-RPC connections",
		},
		{
			Name: "rpcport", Arg: "=<port>", Category: CategoryOptions, NetworkOnly: true,
			Help: "Connect to JSON-RPC on <port> (default: 8332, testnet: 18332, testnet4: 48332, signet: 38332, regtest: 18443)",
		},
		{
			Name: "rpcuser", Arg: "=<user>", Category: CategoryOptions,
			Help: "Username for JSON-RPC connections",
		},
		{
			Name: "rpcwait", Category: CategoryOptions,
			Help: "Wait for RPC server to start",
		},
		{
			Name: "rpcwaittimeout", Arg: "=<n>", Category: CategoryOptions, DisallowNegation: true,
			Help: "Timeout in seconds to wait for the RPC server to start, or 0 for no timeout. (default: 0)",
		},
		{
			Name: "rpcwallet", Arg: "=<walletname>", Category: CategoryOptions,
			Help: "Send RPC for non-default wallet on RPC server (needs to exactly match corresponding -wallet option passed to bitcoind). This changes the RPC endpoint used, e.g. http://127.0.0.1:8332/wallet/<walletname>",
		},
		{
			Name: "stdin", Category: CategoryOptions,
			Help: "Read extra arguments from standard input, one per line until EOF/Ctrl-D (recommended for sensitive information such as passphrases). When combined with -stdinrpcpass, the first line from standard input is used for the RPC password.",
		},
		{
			Name: "stdinrpcpass", Category: CategoryOptions,
			Help: "Read RPC password from standard input as a single line. When combined with -stdin, the first line from standard input is used for the RPC password. When combined with -stdinwalletpassphrase, -stdinrpcpass consumes the first line, and -stdinwalletpassphrase consumes the second.",
		},
		{
			Name: "stdinwalletpassphrase", Category: CategoryOptions,
			Help: "Read wallet passphrase from standard input as a single line. When combined with -stdin, the first line from standard input is used for the wallet passphrase.",
		},
		{
			Name: "h", Category: CategoryHidden, Hidden: true,
		},
		{
			Name: "?", Category: CategoryHidden, Hidden: true,
		},
	}
}

// CLIOptions returns the options bitcoin-cli accepts: Core's SetupCliArgs
// plus -ipcconnect. Like Core's, it has no logging options, so
// "bitcoin-cli -debug" is an invalid parameter.
func CLIOptions() []Option {
	return Merge(cliOnlyOptions(), chainOptions(), []Option{ipcConnectOption()})
}

// ipcConnectOption is -ipcconnect as Core's bitcoin-cli (master) has it.
func ipcConnectOption() Option {
	return Option{
		Name: "ipcconnect", Arg: "=<address>", Category: CategoryIPC,
		Help: "Connect to bitcoin-node through IPC socket. Valid <address> values are 'auto' to connect to default socket path at <datadir>/node.sock, 'unix' to connect to the default socket and fail if it isn't available, or 'unix:<socket path>' to connect to a socket at a nonstandard path. Default value: auto",
	}
}
