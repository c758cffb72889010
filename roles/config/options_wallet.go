package config

// Option tables: names, placeholders, help texts (with defaults written in),
// categories and flags as Bitcoin Core v30.0 registers them (-help output of
// doc/man and SetupServerArgs/AddLoggingArgs/SetupChainParamsBaseOptions).

// WalletOptions returns the wallet options of Core's wallet/init.cpp
// (AddWalletOptions), which the node registers and the wallet process reads.
func WalletOptions() []Option {
	return []Option{
		{
			Name: "addresstype", Category: CategoryWallet,
			Help: "What type of addresses to use (\"legacy\", \"p2sh-segwit\", \"bech32\", \"bech32m\", default: \"bech32\")",
		},
		{
			Name: "avoidpartialspends", Category: CategoryWallet,
			Help: "Group outputs by address, selecting many (possibly all) or none, instead of selecting on a per-output basis. Privacy is improved as addresses are mostly swept with fewer transactions and outputs are aggregated in clean change addresses. It may result in higher fees due to less optimal coin selection caused by this added limitation and possibly a larger-than-necessary number of inputs being used. Always enabled for wallets with \"avoid_reuse\" enabled, otherwise default: 0.",
		},
		{
			Name: "changetype", Category: CategoryWallet,
			Help: "What type of change to use (\"legacy\", \"p2sh-segwit\", \"bech32\", \"bech32m\"). Default is \"legacy\" when -addresstype=legacy, else it is an implementation detail.",
		},
		{
			Name: "consolidatefeerate", Arg: "=<amt>", Category: CategoryWallet,
			Help: "The maximum feerate (in BTC/kvB) at which transaction building may use more inputs than strictly necessary so that the wallet's UTXO pool can be reduced (default: 0.0001).",
		},
		{
			Name: "disablewallet", Category: CategoryWallet,
			Help: "Do not load the wallet and disable wallet RPC calls",
		},
		{
			Name: "discardfee", Arg: "=<amt>", Category: CategoryWallet,
			Help: "The fee rate (in BTC/kvB) that indicates your tolerance for discarding change by adding it to the fee (default: 0.0001). Note: An output is discarded if it is dust at this rate, but we will always discard up to the dust relay fee and a discard fee above that is limited by the fee estimate for the longest target",
		},
		{
			Name: "fallbackfee", Arg: "=<amt>", Category: CategoryWallet,
			Help: "A fee rate (in BTC/kvB) that will be used when fee estimation has insufficient data. 0 to entirely disable the fallbackfee feature. (default: 0.00)",
		},
		{
			Name: "keypool", Arg: "=<n>", Category: CategoryWallet,
			Help: "Set key pool size to <n> (default: 1000). Warning: Smaller sizes may increase the risk of losing funds when restoring from an old backup, if none of the addresses in the original keypool have been used.",
		},
		{
			Name: "maxapsfee", Arg: "=<n>", Category: CategoryWallet,
			Help: "Spend up to this amount in additional (absolute) fees (in BTC) if it allows the use of partial spend avoidance (default: 0.00)",
		},
		{
			Name: "maxtxfee", Arg: "=<amt>", Category: CategoryDebug,
			Help: "Maximum total fees (in BTC) to use in a single wallet transaction; setting this too low may abort large transactions (default: 0.10)",
		},
		{
			Name: "mintxfee", Arg: "=<amt>", Category: CategoryWallet,
			Help: "Fee rates (in BTC/kvB) smaller than this are considered zero fee for transaction creation (default: 0.00001)",
		},
		{
			Name: "paytxfee", Arg: "=<amt>", Category: CategoryWallet,
			Help: "(DEPRECATED) Fee rate (in BTC/kvB) to add to transactions you send (default: 0.00)",
		},
		{
			Name: "signer", Arg: "=<cmd>", Category: CategoryWallet,
			Help: "External signing tool, see doc/external-signer.md",
		},
		{
			Name: "spendzeroconfchange", Category: CategoryWallet,
			Help: "Spend unconfirmed change when sending transactions (default: 1)",
		},
		{
			Name: "txconfirmtarget", Arg: "=<n>", Category: CategoryWallet,
			Help: "If paytxfee is not set, include enough fee so transactions begin confirmation on average within n blocks (default: 6)",
		},
		{
			Name: "wallet", Arg: "=<path>", Category: CategoryWallet, NetworkOnly: true,
			Help: "Specify wallet path to load at startup. Can be used multiple times to load multiple wallets. Path is to a directory containing wallet data and log files. If the path is not absolute, it is interpreted relative to <walletdir>. This only loads existing wallets and does not create new ones. For backwards compatibility this also accepts names of existing top-level data files in <walletdir>.",
		},
		{
			Name: "walletbroadcast", Category: CategoryWallet,
			Help: "Make the wallet broadcast transactions (default: 1)",
		},
		{
			Name: "walletdir", Arg: "=<dir>", Category: CategoryWallet, NetworkOnly: true,
			Help: "Specify directory to hold wallets (default: <datadir>/wallets if it exists, otherwise <datadir>)",
		},
		{
			Name: "walletnotify", Arg: "=<cmd>", Category: CategoryWallet,
			Help: "Execute command when a wallet transaction changes. %s in cmd is replaced by TxID, %w is replaced by wallet name, %b is replaced by the hash of the block including the transaction (set to 'unconfirmed' if the transaction is not included) and %h is replaced by the block height (-1 if not included). %w is not currently implemented on windows. On systems where %w is supported, it should NOT be quoted because this would break shell escaping used to invoke the command.",
		},
		{
			Name: "walletrbf", Category: CategoryWallet,
			Help: "Send transactions with full-RBF opt-in enabled (RPC only, default: 1)",
		},
		{
			Name: "unsafesqlitesync", Category: CategoryWalletDebug, Hidden: true,
			Help: "Set SQLite synchronous=OFF to disable waiting for the database to sync to disk. This is unsafe and can cause data loss and corruption. This option is only used by tests to improve their performance (default: false)",
		},
		{
			Name: "walletrejectlongchains", Category: CategoryWalletDebug, Hidden: true,
			Help: "Wallet will not create transactions that violate mempool chain limits (default: 1)",
		},
		{
			Name: "walletcrosschain", Category: CategoryWalletDebug, Hidden: true,
			Help: "Allow reusing wallet files across chains (default: 0)",
		},
	}
}

// walletToolOnlyOptions are the options of Core's bitcoin-wallet tool.
func walletToolOnlyOptions() []Option {
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
			Name: "datadir", Arg: "=<dir>", Category: CategoryOptions, DisallowNegation: true,
			Help: "Specify data directory",
		},
		{
			Name: "wallet", Arg: "=<wallet-name>", Category: CategoryOptions, NetworkOnly: true,
			Help: "Specify wallet name",
		},
		{
			Name: "dumpfile", Arg: "=<file name>", Category: CategoryOptions, DisallowNegation: true,
			Help: "When used with 'dump', writes out the records to this file. When used with 'createfromdump', loads the records into a new wallet.",
		},
		{
			Name: "debug", Arg: "=<category>", Category: CategoryDebug,
			Help: "Output debugging information (default: 0).",
		},
		{
			Name: "printtoconsole", Category: CategoryDebug,
			Help: "Send trace/debug info to console (default: 1 when no -debug is true, 0 otherwise).",
		},
		{
			Name: "h", Category: CategoryHidden, Hidden: true,
		},
		{
			Name: "?", Category: CategoryHidden, Hidden: true,
		},
	}
}

// WalletToolOptions returns the options of the offline bitcoin-wallet tool
// (Core's SetupWalletToolArgs) plus -ipcfd and -ipcconnect for the wallet
// process of a node.
func WalletToolOptions() []Option {
	return Merge(walletToolOnlyOptions(), chainOptions(), []Option{
		{Name: "ipcfd", Arg: "=<fd>", Category: CategoryHidden, Hidden: true},
		ipcConnectOption(),
	})
}
