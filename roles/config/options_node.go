package config

// Option tables: names, placeholders, help texts (with defaults written in),
// categories and flags as Bitcoin Core v30.0 registers them (-help output of
// doc/man and SetupServerArgs/AddLoggingArgs/SetupChainParamsBaseOptions).

// nodeOnlyOptions are the options of SetupServerArgs beyond CommonOptions.
func nodeOnlyOptions() []Option {
	return []Option{
		{
			Name: "alertnotify", Arg: "=<cmd>", Category: CategoryOptions,
			Help: "Execute command when an alert is raised (%s in cmd is replaced by message)",
		},
		{
			Name: "assumevalid", Arg: "=<hex>", Category: CategoryOptions,
			Help: "If this block is in the chain assume that it and its ancestors are valid and potentially skip their script verification (0 to verify all, default: 00000000000000000000611fd22f2df7c8fbd0688745c3a6c3bb5109cc2a12cb, testnet3: 0000000000000065c6c38258e201971a3fdfcc2ceee0dd6e85a6c022d45dee34, testnet4: 000000000000000180a58e7fa3b0db84b5ea76377524894f53660d93ac839d9b, signet: 000000128586e26813922680309f04e1de713c7542fee86ed908f56368aefe2e)",
		},
		{
			Name: "blocksdir", Arg: "=<dir>", Category: CategoryOptions,
			Help: "Specify directory to hold blocks subdirectory for *.dat files (default: <datadir>)",
		},
		{
			Name: "blocksxor", Category: CategoryOptions,
			Help: "Whether an XOR-key applies to blocksdir *.dat files. The created XOR-key will be zeros for an existing blocksdir or when `-blocksxor=0` is set, and random for a freshly initialized blocksdir. (default: 1)",
		},
		{
			Name: "fastprune", Category: CategoryDebug, Hidden: true,
			Help: "Use smaller block files and lower minimum prune height for testing purposes",
		},
		{
			Name: "blocknotify", Arg: "=<cmd>", Category: CategoryOptions,
			Help: "Execute command when the best block changes (%s in cmd is replaced by block hash)",
		},
		{
			Name: "blockreconstructionextratxn", Arg: "=<n>", Category: CategoryOptions,
			Help: "Extra transactions to keep in memory for compact block reconstructions (default: 100)",
		},
		{
			Name: "blocksonly", Category: CategoryOptions,
			Help: "Whether to reject transactions from network peers. Disables automatic broadcast and rebroadcast of transactions, unless the source peer has the 'forcerelay' permission. RPC transactions are not affected. (default: 0)",
		},
		{
			Name: "coinstatsindex", Category: CategoryOptions,
			Help: "Maintain coinstats index used by the gettxoutsetinfo RPC (default: 0)",
		},
		{
			Name: "dbbatchsize", Category: CategoryOptions, Hidden: true,
			Help: "Maximum database write batch size in bytes (default: 16777216)",
		},
		{
			Name: "dbcache", Arg: "=<n>", Category: CategoryOptions,
			Help: "Maximum database cache size <n> MiB (minimum 4, default: 450). Make sure you have enough RAM. In addition, unused memory allocated to the mempool is shared with this cache (see -maxmempool).",
		},
		{
			Name: "loadblock", Arg: "=<file>", Category: CategoryOptions,
			Help: "Imports blocks from external file on startup",
		},
		{
			Name: "maxmempool", Arg: "=<n>", Category: CategoryOptions,
			Help: "Keep the transaction memory pool below <n> megabytes (default: 300)",
		},
		{
			Name: "maxorphantx", Arg: "=<n>", Category: CategoryOptions,
			Help: "(Removed option, see release notes)",
		},
		{
			Name: "mempoolexpiry", Arg: "=<n>", Category: CategoryOptions,
			Help: "Do not keep transactions in the mempool longer than <n> hours (default: 336)",
		},
		{
			Name: "minimumchainwork", Arg: "=<hex>", Category: CategoryOptions, Hidden: true,
			Help: "Minimum work assumed to exist on a valid chain in hex (default: 0000000000000000000000000000000000000000dee8e2a309ad8a9820433c68, testnet3: 0000000000000000000000000000000000000000000016dd270dd94fac1d7632, testnet4: 00000000000000000000000000000000000000000000034a4690fe592dc49c7c, signet: 0000000000000000000000000000000000000000000000000000067d328e681a)",
		},
		{
			Name: "par", Arg: "=<n>", Category: CategoryOptions,
			Help: "Set the number of script verification threads (0 = auto, up to 15, <0 = leave that many cores free, default: 0)",
		},
		{
			Name: "persistmempool", Category: CategoryOptions,
			Help: "Whether to save the mempool on shutdown and load on restart (default: 1)",
		},
		{
			Name: "persistmempoolv1", Category: CategoryOptions,
			Help: "Whether a mempool.dat file created by -persistmempool or the savemempool RPC will be written in the legacy format (version 1) or the current format (version 2). This temporary option will be removed in the future. (default: 0)",
		},
		{
			Name: "prune", Arg: "=<n>", Category: CategoryOptions,
			Help: "Reduce storage requirements by enabling pruning (deleting) of old blocks. This allows the pruneblockchain RPC to be called to delete specific blocks and enables automatic pruning of old blocks if a target size in MiB is provided. This mode is incompatible with -txindex. Warning: Reverting this setting requires re-downloading the entire blockchain. (default: 0 = disable pruning blocks, 1 = allow manual pruning via RPC, >=550 = automatically prune block files to stay under the specified target size in MiB)",
		},
		{
			Name: "reindex", Category: CategoryOptions,
			Help: "If enabled, wipe chain state and block index, and rebuild them from blk*.dat files on disk. Also wipe and rebuild other optional indexes that are active. If an assumeutxo snapshot was loaded, its chainstate will be wiped as well. The snapshot can then be reloaded via RPC.",
		},
		{
			Name: "reindex-chainstate", Category: CategoryOptions,
			Help: "If enabled, wipe chain state, and rebuild it from blk*.dat files on disk. If an assumeutxo snapshot was loaded, its chainstate will be wiped as well. The snapshot can then be reloaded via RPC.",
		},
		{
			Name: "startupnotify", Arg: "=<cmd>", Category: CategoryOptions,
			Help: "Execute command on startup.",
		},
		{
			Name: "shutdownnotify", Arg: "=<cmd>", Category: CategoryOptions,
			Help: "Execute command immediately before beginning shutdown. The need for shutdown may be urgent, so be careful not to delay it long (if the command doesn't require interaction with the server, consider having it fork into the background).",
		},
		{
			Name: "txindex", Category: CategoryOptions,
			Help: "Maintain a full transaction index, used by the getrawtransaction rpc call (default: 0)",
		},
		{
			Name: "blockfilterindex", Arg: "=<type>", Category: CategoryOptions,
			Help: "Maintain an index of compact filters by block (default: 0, values: basic). If <type> is not supplied or if <type> = 1, indexes for all known types are enabled.",
		},
		{
			Name: "addnode", Arg: "=<ip>", Category: CategoryConnection, NetworkOnly: true,
			Help: "Add a node to connect to and attempt to keep the connection open (see the addnode RPC help for more info). This option can be specified multiple times to add multiple nodes; connections are limited to 8 at a time and are counted separately from the -maxconnections limit.",
		},
		{
			Name: "asmap", Arg: "=<file>", Category: CategoryConnection,
			Help: "Specify asn mapping used for bucketing of the peers (default: ip_asn.map). Relative paths will be prefixed by the net-specific datadir location.",
		},
		{
			Name: "bantime", Arg: "=<n>", Category: CategoryConnection,
			Help: "Default duration (in seconds) of manually configured bans (default: 86400)",
		},
		{
			Name: "bind", Arg: "=<addr>[:<port>][=onion]", Category: CategoryConnection, NetworkOnly: true,
			Help: "Bind to given address and always listen on it (default: 0.0.0.0). Use [host]:port notation for IPv6. Append =onion to tag any incoming connections to that address and port as incoming Tor connections (default: 127.0.0.1:8334=onion, testnet3: 127.0.0.1:18334=onion, testnet4: 127.0.0.1:48334=onion, signet: 127.0.0.1:38334=onion, regtest: 127.0.0.1:18445=onion)",
		},
		{
			Name: "cjdnsreachable", Category: CategoryConnection,
			Help: "If set, then this host is configured for CJDNS (connecting to fc00::/8 addresses would lead us to the CJDNS network, see doc/cjdns.md) (default: 0)",
		},
		{
			Name: "connect", Arg: "=<ip>", Category: CategoryConnection, NetworkOnly: true,
			Help: "Connect only to the specified node; -noconnect disables automatic connections (the rules for this peer are the same as for -addnode). This option can be specified multiple times to connect to multiple nodes.",
		},
		{
			Name: "discover", Category: CategoryConnection,
			Help: "Discover own IP addresses (default: 1 when listening and no -externalip or -proxy)",
		},
		{
			Name: "dns", Category: CategoryConnection,
			Help: "Allow DNS lookups for -addnode, -seednode and -connect (default: 1)",
		},
		{
			Name: "dnsseed", Category: CategoryConnection,
			Help: "Query for peer addresses via DNS lookup, if low on addresses (default: 1 unless -connect used or -maxconnections=0)",
		},
		{
			Name: "externalip", Arg: "=<ip>", Category: CategoryConnection,
			Help: "Specify your own public address",
		},
		{
			Name: "fixedseeds", Category: CategoryConnection,
			Help: "Allow fixed seeds if DNS seeds don't provide peers (default: 1)",
		},
		{
			Name: "forcednsseed", Category: CategoryConnection,
			Help: "Always query for peer addresses via DNS lookup (default: 0)",
		},
		{
			Name: "listen", Category: CategoryConnection,
			Help: "Accept connections from outside (default: 1 if no -proxy, -connect or -maxconnections=0)",
		},
		{
			Name: "listenonion", Category: CategoryConnection,
			Help: "Automatically create Tor onion service (default: 1)",
		},
		{
			Name: "maxconnections", Arg: "=<n>", Category: CategoryConnection,
			Help: "Maintain at most <n> automatic connections to peers (default: 125). This limit does not apply to connections manually added via -addnode or the addnode RPC, which have a separate limit of 8.",
		},
		{
			Name: "maxreceivebuffer", Arg: "=<n>", Category: CategoryConnection,
			Help: "Maximum per-connection receive buffer, <n>*1000 bytes (default: 5000)",
		},
		{
			Name: "maxsendbuffer", Arg: "=<n>", Category: CategoryConnection,
			Help: "Maximum per-connection memory usage for the send buffer, <n>*1000 bytes (default: 1000)",
		},
		{
			Name: "maxuploadtarget", Arg: "=<n>", Category: CategoryConnection,
			Help: "Tries to keep outbound traffic under the given target per 24h. Limit does not apply to peers with 'download' permission or blocks created within past week. 0 = no limit (default: 0M). Optional suffix units [k|K|m|M|g|G|t|T] (default: M). Lowercase is 1000 base while uppercase is 1024 base",
		},
		{
			Name: "onion", Arg: "=<ip:port|path>", Category: CategoryConnection,
			Help: "Use separate SOCKS5 proxy to reach peers via Tor onion services, set -noonion to disable (default: -proxy). May be a local file path prefixed with 'unix:'.",
		},
		{
			Name: "i2psam", Arg: "=<ip:port>", Category: CategoryConnection,
			Help: "I2P SAM proxy to reach I2P peers and accept I2P connections (default: none)",
		},
		{
			Name: "i2pacceptincoming", Category: CategoryConnection,
			Help: "Whether to accept inbound I2P connections (default: 1). Ignored if -i2psam is not set. Listening for inbound I2P connections is done through the SAM proxy, not by binding to a local address and port.",
		},
		{
			Name: "onlynet", Arg: "=<net>", Category: CategoryConnection,
			Help: "Make automatic outbound connections only to network <net> (ipv4, ipv6, onion, i2p, cjdns). Inbound and manual connections are not affected by this option. It can be specified multiple times to allow multiple networks.",
		},
		{
			Name: "v2transport", Category: CategoryConnection,
			Help: "Support v2 transport (default: 1)",
		},
		{
			Name: "peerbloomfilters", Category: CategoryConnection,
			Help: "Support filtering of blocks and transaction with bloom filters (default: 0)",
		},
		{
			Name: "peerblockfilters", Category: CategoryConnection,
			Help: "Serve compact block filters to peers per BIP 157 (default: 0)",
		},
		{
			Name: "txreconciliation", Category: CategoryConnection, Hidden: true,
			Help: "Enable transaction reconciliations per BIP 330 (default: 0)",
		},
		{
			Name: "port", Arg: "=<port>", Category: CategoryConnection, NetworkOnly: true,
			Help: "Listen for connections on <port> (default: 8333, testnet3: 18333, testnet4: 48333, signet: 38333, regtest: 18444). Not relevant for I2P (see doc/i2p.md). If set to a value x, the default onion listening port will be set to x+1.",
		},
		{
			Name: "proxy", Arg: "=<ip>[:<port>]|unix:<path>[=<network>]", Category: CategoryConnection, DisallowElision: true,
			Help: "Connect through SOCKS5 proxy, set -noproxy to disable. May be a local file path prefixed with 'unix:' if the proxy supports it. Could end in =network to set the proxy only for that network. The network can be any of ipv4, ipv6, tor or cjdns. (default: disabled)",
		},
		{
			Name: "proxyrandomize", Category: CategoryConnection,
			Help: "Randomize credentials for every proxy connection. This enables Tor stream isolation (default: 1)",
		},
		{
			Name: "seednode", Arg: "=<ip>", Category: CategoryConnection,
			Help: "Connect to a node to retrieve peer addresses, and disconnect. This option can be specified multiple times to connect to multiple nodes. During startup, seednodes will be tried before dnsseeds.",
		},
		{
			Name: "networkactive", Category: CategoryConnection,
			Help: "Enable all P2P network activity (default: 1). Can be changed by the setnetworkactive RPC command",
		},
		{
			Name: "timeout", Arg: "=<n>", Category: CategoryConnection,
			Help: "Specify socket connection timeout in milliseconds. If an initial attempt to connect is unsuccessful after this amount of time, drop it (minimum: 1, default: 5000)",
		},
		{
			Name: "peertimeout", Arg: "=<n>", Category: CategoryConnection, Hidden: true,
			Help: "Specify a p2p connection timeout delay in seconds. After connecting to a peer, wait this amount of time before considering disconnection based on inactivity (minimum: 1, default: 60)",
		},
		{
			Name: "torcontrol", Arg: "=<ip>:<port>", Category: CategoryConnection,
			Help: "Tor control host and port to use if onion listening enabled (default: 127.0.0.1:9051). If no port is specified, the default port of 9051 will be used.",
		},
		{
			Name: "torpassword", Arg: "=<pass>", Category: CategoryConnection, Sensitive: true,
			Help: "Tor control port password (default: empty)",
		},
		{
			Name: "natpmp", Category: CategoryConnection,
			Help: "Use PCP or NAT-PMP to map the listening port (default: 1)",
		},
		{
			Name: "whitebind", Arg: "=<[permissions@]addr>", Category: CategoryConnection,
			Help: "Bind to the given address and add permission flags to the peers connecting to it. Use [host]:port notation for IPv6. Allowed permissions: bloomfilter (allow requesting BIP37 filtered blocks and transactions), noban (do not ban for misbehavior; implies download), forcerelay (relay transactions that are already in the mempool; implies relay), relay (relay even in -blocksonly mode, and unlimited transaction announcements), mempool (allow requesting BIP35 mempool contents), download (allow getheaders during IBD, no disconnect after maxuploadtarget limit), addr (responses to GETADDR avoid hitting the cache and contain random records with the most up-to-date info). Specify multiple permissions separated by commas (default: download,noban,mempool,relay). Can be specified multiple times.",
		},
		{
			Name: "whitelist", Arg: "=<[permissions@]IP address or network>", Category: CategoryConnection,
			Help: "Add permission flags to the peers using the given IP address (e.g. 1.2.3.4) or CIDR-notated network (e.g. 1.2.3.0/24). Uses the same permissions as -whitebind. Additional flags \"in\" and \"out\" control whether permissions apply to incoming connections and/or manual (default: incoming only). Can be specified multiple times.",
		},
		{
			Name: "zmqpubhashblock", Arg: "=<address>", Category: CategoryZMQ,
			Help: "Enable publish hash block in <address>",
		},
		{
			Name: "zmqpubhashtx", Arg: "=<address>", Category: CategoryZMQ,
			Help: "Enable publish hash transaction in <address>",
		},
		{
			Name: "zmqpubrawblock", Arg: "=<address>", Category: CategoryZMQ,
			Help: "Enable publish raw block in <address>",
		},
		{
			Name: "zmqpubrawtx", Arg: "=<address>", Category: CategoryZMQ,
			Help: "Enable publish raw transaction in <address>",
		},
		{
			Name: "zmqpubsequence", Arg: "=<address>", Category: CategoryZMQ,
			Help: "Enable publish hash block and tx sequence in <address>",
		},
		{
			Name: "zmqpubhashblockhwm", Arg: "=<n>", Category: CategoryZMQ,
			Help: "Set publish hash block outbound message high water mark (default: 1000)",
		},
		{
			Name: "zmqpubhashtxhwm", Arg: "=<n>", Category: CategoryZMQ,
			Help: "Set publish hash transaction outbound message high water mark (default: 1000)",
		},
		{
			Name: "zmqpubrawblockhwm", Arg: "=<n>", Category: CategoryZMQ,
			Help: "Set publish raw block outbound message high water mark (default: 1000)",
		},
		{
			Name: "zmqpubrawtxhwm", Arg: "=<n>", Category: CategoryZMQ,
			Help: "Set publish raw transaction outbound message high water mark (default: 1000)",
		},
		{
			Name: "zmqpubsequencehwm", Arg: "=<n>", Category: CategoryZMQ,
			Help: "Set publish hash sequence message high water mark (default: 1000)",
		},
		{
			Name: "checkblocks", Arg: "=<n>", Category: CategoryDebug, Hidden: true,
			Help: "How many blocks to check at startup (default: 6, 0 = all)",
		},
		{
			Name: "checklevel", Arg: "=<n>", Category: CategoryDebug, Hidden: true,
			Help: "How thorough the block verification of -checkblocks is: level 0 reads the blocks from disk, level 1 verifies block validity, level 2 verifies undo data, level 3 checks disconnection of tip blocks, level 4 tries to reconnect the blocks, each level includes the checks of the previous levels (0-4, default: 3)",
		},
		{
			Name: "checkblockindex", Category: CategoryDebug, Hidden: true,
			Help: "Do a consistency check for the block tree, chainstate, and other validation data structures every <n> operations. Use 0 to disable. (default: 0, regtest: 1)",
		},
		{
			Name: "checkaddrman", Arg: "=<n>", Category: CategoryDebug, Hidden: true,
			Help: "Run addrman consistency checks every <n> operations. Use 0 to disable. (default: 0)",
		},
		{
			Name: "checkmempool", Arg: "=<n>", Category: CategoryDebug, Hidden: true,
			Help: "Run mempool consistency checks every <n> transactions. Use 0 to disable. (default: 0, regtest: 1)",
		},
		{
			Name: "checkpoints", Category: CategoryHidden, Hidden: true,
		},
		{
			Name: "deprecatedrpc", Arg: "=<method>", Category: CategoryDebug, Hidden: true,
			Help: "Allows deprecated RPC method(s) to be used",
		},
		{
			Name: "stopafterblockimport", Category: CategoryDebug, Hidden: true,
			Help: "Stop running after importing blocks from disk (default: 0)",
		},
		{
			Name: "stopatheight", Category: CategoryDebug, Hidden: true,
			Help: "Stop running after reaching the given height in the main chain (default: 0)",
		},
		{
			Name: "limitancestorcount", Arg: "=<n>", Category: CategoryDebug, Hidden: true,
			Help: "Do not accept transactions if number of in-mempool ancestors is <n> or more (default: 25)",
		},
		{
			Name: "limitancestorsize", Arg: "=<n>", Category: CategoryDebug, Hidden: true,
			Help: "Do not accept transactions whose size with all in-mempool ancestors exceeds <n> kilobytes (default: 101)",
		},
		{
			Name: "limitdescendantcount", Arg: "=<n>", Category: CategoryDebug, Hidden: true,
			Help: "Do not accept transactions if any ancestor would have <n> or more in-mempool descendants (default: 25)",
		},
		{
			Name: "limitdescendantsize", Arg: "=<n>", Category: CategoryDebug, Hidden: true,
			Help: "Do not accept transactions if any ancestor would have more than <n> kilobytes of in-mempool descendants (default: 101).",
		},
		{
			Name: "test", Arg: "=<option>", Category: CategoryDebug, Hidden: true,
			Help: "Pass a test-only option. Options include : addrman (use deterministic addrman), reindex_after_failure_noninteractive_yes (When asked for a reindex after failure interactively, simulate as-if answered with 'yes'), bip94 (enforce BIP94 consensus rules).",
		},
		{
			Name: "capturemessages", Category: CategoryDebug, Hidden: true,
			Help: "Capture all P2P messages to disk",
		},
		{
			Name: "mocktime", Arg: "=<n>", Category: CategoryDebug, Hidden: true,
			Help: "Replace actual time with UNIX epoch time (default: 0)",
		},
		{
			Name: "maxsigcachesize", Arg: "=<n>", Category: CategoryDebug, Hidden: true,
			Help: "Limit sum of signature cache and script execution cache sizes to <n> MiB (default: 32)",
		},
		{
			Name: "maxtipage", Arg: "=<n>", Category: CategoryDebug, Hidden: true,
			Help: "Maximum tip age in seconds to consider node in initial block download (default: 86400)",
		},
		{
			Name: "printpriority", Category: CategoryDebug, Hidden: true,
			Help: "Log transaction fee rate in BTC/kvB when mining blocks (default: 0)",
		},
		{
			Name: "acceptnonstdtxn", Category: CategoryRelay, Hidden: true,
			Help: "Relay and mine \"non-standard\" transactions (test networks only; default: 0)",
		},
		{
			Name: "incrementalrelayfee", Arg: "=<amt>", Category: CategoryRelay, Hidden: true,
			Help: "Fee rate (in BTC/kvB) used to define cost of relay, used for mempool limiting and replacement policy. (default: 0.000001)",
		},
		{
			Name: "dustrelayfee", Arg: "=<amt>", Category: CategoryRelay, Hidden: true,
			Help: "Fee rate (in BTC/kvB) used to define dust, the value of an output such that it will cost more than its value in fees at this fee rate to spend it. (default: 0.00003)",
		},
		{
			Name: "acceptstalefeeestimates", Category: CategoryDebug, Hidden: true,
			Help: "Read fee estimates even if they are stale (regtest only; default: 0) fee estimates are considered stale if they are 60 hours old",
		},
		{
			Name: "bytespersigop", Category: CategoryRelay,
			Help: "Equivalent bytes per sigop in transactions for relay and mining (default: 20)",
		},
		{
			Name: "datacarrier", Category: CategoryRelay,
			Help: "Relay and mine data carrier transactions (default: 1)",
		},
		{
			Name: "datacarriersize", Category: CategoryRelay,
			Help: "Relay and mine transactions whose data-carrying raw scriptPubKeys in aggregate are of this size or less, allowing multiple outputs (default: 100000)",
		},
		{
			Name: "permitbaremultisig", Category: CategoryRelay,
			Help: "Relay transactions creating non-P2SH multisig outputs (default: 1)",
		},
		{
			Name: "minrelaytxfee", Arg: "=<amt>", Category: CategoryRelay,
			Help: "Fees (in BTC/kvB) smaller than this are considered zero fee for relaying, mining and transaction creation (default: 0.000001)",
		},
		{
			Name: "whitelistforcerelay", Category: CategoryRelay,
			Help: "Add 'forcerelay' permission to whitelisted peers with default permissions. This will relay transactions even if the transactions were already in the mempool. (default: 0)",
		},
		{
			Name: "whitelistrelay", Category: CategoryRelay,
			Help: "Add 'relay' permission to whitelisted peers with default permissions. This will accept relayed transactions even when not relaying transactions (default: 1)",
		},
		{
			Name: "blockmaxweight", Arg: "=<n>", Category: CategoryBlockCreation, Hidden: true,
			Help: "Set maximum BIP141 block weight (default: 4000000)",
		},
		{
			Name: "blockreservedweight", Arg: "=<n>", Category: CategoryBlockCreation,
			Help: "Reserve space for the fixed-size block header plus the largest coinbase transaction the mining software may add to the block. (default: 8000).",
		},
		{
			Name: "blockmintxfee", Arg: "=<amt>", Category: CategoryBlockCreation,
			Help: "Set lowest fee rate (in BTC/kvB) for transactions to be included in block creation. (default: 0.00000001)",
		},
		{
			Name: "blockversion", Arg: "=<n>", Category: CategoryBlockCreation, Hidden: true,
			Help: "Override block version to test forking scenarios",
		},
		{
			Name: "rest", Category: CategoryRPC,
			Help: "Accept public REST requests (default: 0)",
		},
		{
			Name: "rpcallowip", Arg: "=<ip>", Category: CategoryRPC,
			Help: "Allow JSON-RPC connections from specified source. Valid values for <ip> are a single IP (e.g. 1.2.3.4), a network/netmask (e.g. 1.2.3.4/255.255.255.0), a network/CIDR (e.g. 1.2.3.4/24), all ipv4 (0.0.0.0/0), or all ipv6 (::/0). RFC4193 is allowed only if -cjdnsreachable=0. This option can be specified multiple times",
		},
		{
			Name: "rpcauth", Arg: "=<userpw>", Category: CategoryRPC, Sensitive: true,
			Help: "Username and HMAC-SHA-256 hashed password for JSON-RPC connections. The field <userpw> comes in the format: <USERNAME>:<SALT>$<HASH>. A canonical python script is included in share/rpcauth. The client then connects normally using the rpcuser=<USERNAME>/rpcpassword=<PASSWORD> pair of arguments. This option can be specified multiple times",
		},
		{
			Name: "rpcbind", Arg: "=<addr>[:port]", Category: CategoryRPC, NetworkOnly: true,
			Help: "Bind to given address to listen for JSON-RPC connections. Do not expose the RPC server to untrusted networks such as the public internet! This option is ignored unless -rpcallowip is also passed. Port is optional and overrides -rpcport. Use [host]:port notation for IPv6. This option can be specified multiple times (default: 127.0.0.1 and ::1 i.e., localhost)",
		},
		{
			Name: "rpcdoccheck", Category: CategoryRPC, Hidden: true,
			Help: "Throw a non-fatal error at runtime if the documentation for an RPC is incorrect (default: 0)",
		},
		{
			Name: "rpccookiefile", Arg: "=<loc>", Category: CategoryRPC,
			Help: "Location of the auth cookie. Relative paths will be prefixed by a net-specific datadir location. (default: data dir)",
		},
		{
			Name: "rpccookieperms", Arg: "=<readable-by>", Category: CategoryRPC,
			Help: "Set permissions on the RPC auth cookie file so that it is readable by [owner|group|all] (default: owner [via umask 0077])",
		},
		{
			Name: "rpcpassword", Arg: "=<pw>", Category: CategoryRPC, Sensitive: true,
			Help: "Password for JSON-RPC connections",
		},
		{
			Name: "rpcport", Arg: "=<port>", Category: CategoryRPC, NetworkOnly: true,
			Help: "Listen for JSON-RPC connections on <port> (default: 8332, testnet3: 18332, testnet4: 48332, signet: 38332, regtest: 18443)",
		},
		{
			Name: "rpcservertimeout", Arg: "=<n>", Category: CategoryRPC, Hidden: true,
			Help: "Timeout during HTTP requests (default: 30)",
		},
		{
			Name: "rpcthreads", Arg: "=<n>", Category: CategoryRPC,
			Help: "Set the number of threads to service RPC calls (default: 16)",
		},
		{
			Name: "rpcuser", Arg: "=<user>", Category: CategoryRPC, Sensitive: true,
			Help: "Username for JSON-RPC connections",
		},
		{
			Name: "rpcwhitelist", Arg: "=<whitelist>", Category: CategoryRPC,
			Help: "Set a whitelist to filter incoming RPC calls for a specific user. The field <whitelist> comes in the format: <USERNAME>:<rpc 1>,<rpc 2>,...,<rpc n>. If multiple whitelists are set for a given user, they are set-intersected. See -rpcwhitelistdefault documentation for information on default whitelist behavior.",
		},
		{
			Name: "rpcwhitelistdefault", Category: CategoryRPC,
			Help: "Sets default behavior for rpc whitelisting. Unless rpcwhitelistdefault is set to 0, if any -rpcwhitelist is set, the rpc server acts as if all rpc users are subject to empty-unless-otherwise-specified whitelists. If rpcwhitelistdefault is set to 1 and no -rpcwhitelist is set, rpc server acts as if all rpc users are subject to empty whitelists.",
		},
		{
			Name: "rpcworkqueue", Arg: "=<n>", Category: CategoryRPC, Hidden: true,
			Help: "Set the maximum depth of the work queue to service RPC calls (default: 64)",
		},
		{
			Name: "server", Category: CategoryRPC,
			Help: "Accept command line and JSON-RPC commands",
		},
		{
			Name: "ipcbind", Arg: "=<address>", Category: CategoryIPC,
			Help: "Bind to Unix socket address and listen for incoming connections. Valid address values are \"unix\" to listen on the default path, <datadir>/node.sock, or \"unix:/custom/path\" to specify a custom path. Can be specified multiple times to listen on multiple paths. Default behavior is not to listen on any path. If relative paths are specified, they are interpreted relative to the network data directory. If paths include any parent directory components and the parent directories do not exist, they will be created.",
		},
		{
			Name: "daemon", Category: CategoryOptions,
			Help: "Run in the background as a daemon and accept commands (default: 0)",
		},
		{
			Name: "daemonwait", Category: CategoryOptions,
			Help: "Wait for initialization to be finished before exiting. This implies -daemon (default: 0)",
		},
		{
			Name: "dbcrashratio", Category: CategoryHidden, Hidden: true,
		},
		{
			Name: "forcecompactdb", Category: CategoryHidden, Hidden: true,
		},
		{
			Name: "choosedatadir", Category: CategoryHidden, Hidden: true,
		},
		{
			Name: "lang", Arg: "=<lang>", Category: CategoryHidden, Hidden: true,
		},
		{
			Name: "min", Category: CategoryHidden, Hidden: true,
		},
		{
			Name: "resetguisettings", Category: CategoryHidden, Hidden: true,
		},
		{
			Name: "splash", Category: CategoryHidden, Hidden: true,
		},
		{
			Name: "uiplatform", Category: CategoryHidden, Hidden: true,
		},
	}
}

// NodeOptions returns every option bitcoind / bitcoin-node accepts:
// CommonOptions, Core's SetupServerArgs (including -ipcbind and the hidden
// and debug-only options) and WalletOptions.
func NodeOptions() []Option {
	return Merge(CommonOptions(), nodeOnlyOptions(), WalletOptions())
}
