package config

// chainOptions are Core's chain selection options
// (SetupChainParamsBaseOptions), shared by every executable.
func chainOptions() []Option {
	return []Option{
		{
			Name: "chain", Arg: "=<chain>", Category: CategoryChain,
			Help: "Use the chain <chain> (default: main). Allowed values: main, test, testnet4, signet, regtest",
		},
		{
			Name: "regtest", Category: CategoryChain, Hidden: true,
			Help: "Enter regression test mode, which uses a special chain in which blocks can be solved instantly. This is intended for regression testing tools and app development. Equivalent to -chain=regtest.",
		},
		{
			Name: "testactivationheight", Arg: "=name@height.", Category: CategoryDebug, Hidden: true,
			Help: "Set the activation height of 'name' (segwit, bip34, dersig, cltv, csv). (regtest-only)",
		},
		{
			Name: "testnet", Category: CategoryChain,
			Help: "Use the testnet3 chain. Equivalent to -chain=test. Support for testnet3 is deprecated and will be removed in an upcoming release. Consider moving to testnet4 now by using -testnet4.",
		},
		{
			Name: "testnet4", Category: CategoryChain,
			Help: "Use the testnet4 chain. Equivalent to -chain=testnet4.",
		},
		{
			Name: "vbparams", Arg: "=deployment:start:end[:min_activation_height]", Category: CategoryChain, Hidden: true,
			Help: "Use given start/end times and min_activation_height for specified version bits deployment (regtest-only)",
		},
		{
			Name: "signet", Category: CategoryChain,
			Help: "Use the signet chain. Equivalent to -chain=signet. Note that the network is defined by the -signetchallenge parameter",
		},
		{
			Name: "signetchallenge", Category: CategoryChain, DisallowNegation: true,
			Help: "Blocks must satisfy the given script to be considered valid (only for signet networks; defaults to the global default signet test network challenge)",
		},
		{
			Name: "signetseednode", Category: CategoryChain, DisallowNegation: true,
			Help: "Specify a seed node for the signet network, in the hostname[:port] format, e.g. sig.net:1234 (may be used multiple times to specify multiple seed nodes; defaults to the global default signet test network seed node(s))",
		},
	}
}
