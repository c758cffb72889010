package config

// Option tables: names, placeholders, help texts (with defaults written in),
// categories and flags as Bitcoin Core v30.0 registers them (-help output of
// doc/man and SetupServerArgs/AddLoggingArgs/SetupChainParamsBaseOptions).

// CommonOptions returns the options every role accepts: help and version,
// -conf/-datadir/-includeconf/-settings/-pid, chain selection, logging and
// -uacomment, plus the hidden -ipcfd a spawned child is started with.
func CommonOptions() []Option {
	return Merge(chainOptions(), commonOnlyOptions())
}

func commonOnlyOptions() []Option {
	return []Option{
		{
			Name: "help", Category: CategoryOptions,
			Help: "Print this help message and exit (also -h or -?)",
		},
		{
			Name: "h", Category: CategoryHidden, Hidden: true,
		},
		{
			Name: "?", Category: CategoryHidden, Hidden: true,
		},
		{
			Name: "help-debug", Category: CategoryDebug,
			Help: "Print help message with debugging options and exit",
		},
		{
			Name: "version", Category: CategoryOptions,
			Help: "Print version and exit",
		},
		{
			Name: "conf", Arg: "=<file>", Category: CategoryOptions,
			Help: "Specify path to read-only configuration file. Relative paths will be prefixed by datadir location (only useable from command line, not configuration file) (default: bitcoin.conf)",
		},
		{
			Name: "datadir", Arg: "=<dir>", Category: CategoryOptions, DisallowNegation: true,
			Help: "Specify data directory",
		},
		{
			Name: "includeconf", Arg: "=<file>", Category: CategoryOptions,
			Help: "Specify additional configuration file, relative to the -datadir path (only useable from configuration file, not command line)",
		},
		{
			Name: "settings", Arg: "=<file>", Category: CategoryOptions,
			Help: "Specify path to dynamic settings data file. Can be disabled with -nosettings. File is written at runtime and not meant to be edited by users (use bitcoin.conf instead for custom settings). Relative paths will be prefixed by datadir location. (default: settings.json)",
		},
		{
			Name: "pid", Arg: "=<file>", Category: CategoryOptions,
			Help: "Specify pid file. Relative paths will be prefixed by a net-specific datadir location. (default: bitcoind.pid)",
		},
		{
			Name: "allowignoredconf", Category: CategoryOptions,
			Help: "For backwards compatibility, treat an unused bitcoin.conf file in the datadir as a warning, not an error.",
		},
		{
			Name: "uacomment", Arg: "=<cmt>", Category: CategoryDebug,
			Help: "Append comment to the user agent string",
		},
		{
			Name: "debuglogfile", Arg: "=<file>", Category: CategoryOptions,
			Help: "Specify location of debug log file (default: debug.log). Relative paths will be prefixed by a net-specific datadir location. Pass -nodebuglogfile to disable writing the log to a file.",
		},
		{
			Name: "debug", Arg: "=<category>", Category: CategoryDebug,
			Help: "Output debug and trace logging (default: -nodebug, supplying <category> is optional). If <category> is not supplied or if <category> is 1 or \"all\", output all debug logging. If <category> is 0 or \"none\", any other categories are ignored. Other valid values for <category> are: addrman, bench, blockstorage, cmpctblock, coindb, estimatefee, http, i2p, ipc, leveldb, libevent, mempool, mempoolrej, net, proxy, prune, qt, rand, reindex, rpc, scan, selectcoins, tor, txpackages, txreconciliation, validation, walletdb, zmq. This option can be specified multiple times to output multiple categories.",
		},
		{
			Name: "debugexclude", Arg: "=<category>", Category: CategoryDebug,
			Help: "Exclude debug and trace logging for a category. Can be used in conjunction with -debug=1 to output debug and trace logging for all categories except the specified category. This option can be specified multiple times to exclude multiple categories. This takes priority over \"-debug\"",
		},
		{
			Name: "logips", Category: CategoryDebug,
			Help: "Include IP addresses in debug output (default: 0)",
		},
		{
			Name: "loglevel", Arg: "=<level>|<category>:<level>", Category: CategoryDebug, Hidden: true, DisallowNegation: true, DisallowElision: true,
			Help: "Set the global or per-category severity level for logging categories enabled with the -debug configuration option or the logging RPC. Possible values are info, debug, trace (default=debug). The following levels are always logged: error, warning, info. If <category>:<level> is supplied, the setting will override the global one and may be specified multiple times to set multiple category-specific levels. <category> can be: addrman, bench, blockstorage, cmpctblock, coindb, estimatefee, http, i2p, ipc, leveldb, libevent, mempool, mempoolrej, net, proxy, prune, qt, rand, reindex, rpc, scan, selectcoins, tor, txpackages, txreconciliation, validation, walletdb, zmq.",
		},
		{
			Name: "logtimestamps", Category: CategoryDebug,
			Help: "Prepend debug output with timestamp (default: 1)",
		},
		{
			Name: "logthreadnames", Category: CategoryDebug,
			Help: "Prepend debug output with name of the originating thread (default: 0)",
		},
		{
			Name: "logsourcelocations", Category: CategoryDebug,
			Help: "Prepend debug output with name of the originating source location (source file, line number and function name) (default: 0)",
		},
		{
			Name: "logtimemicros", Category: CategoryDebug, Hidden: true,
			Help: "Add microsecond precision to debug timestamps (default: 0)",
		},
		{
			Name: "loglevelalways", Category: CategoryDebug,
			Help: "Always prepend a category and level (default: 0)",
		},
		{
			Name: "logratelimit", Category: CategoryDebug, Hidden: true,
			Help: "Apply rate limiting to unconditional logging to mitigate disk-filling attacks (default: 1)",
		},
		{
			Name: "printtoconsole", Category: CategoryDebug,
			Help: "Send trace/debug info to console (default: 1 when no -daemon. To disable logging to file, set -nodebuglogfile)",
		},
		{
			Name: "shrinkdebugfile", Category: CategoryDebug,
			Help: "Shrink debug.log file on client startup (default: 1 when no -debug)",
		},
		{
			Name: "ipcfd", Arg: "=<fd>", Category: CategoryHidden, Hidden: true,
		},
	}
}
