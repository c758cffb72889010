# Core's src/ipc/capnp/init.capnp (v31 / master ordinals; same file ID and
# names) for @0-@4; @5-@7 are our process-split factories at the ordinals of
# Core's #10102 design (makeChain, makeNode, makeWalletLoader).

@0xf2c5cfa319406aa6;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("ipc::capnp::messages");

using Go = import "/go.capnp";
$Go.package("messages");
$Go.import("github.com/mpbitcoin/mpbitcoin/capnp/messages");

using Proxy = import "/mp/proxy.capnp";
$Proxy.include("interfaces/echo.h");
$Proxy.include("interfaces/init.h");
$Proxy.include("interfaces/mining.h");
$Proxy.includeTypes("ipc/capnp/init-types.h");

using Echo = import "echo.capnp";
using Mining = import "mining.capnp";
using Rpc = import "rpc.capnp";
using Chain = import "chain.capnp";
using Node = import "node.capnp";
using Wallet = import "wallet.capnp";

interface Init $Proxy.wrap("interfaces::Init") {
    # Exchanges thread maps: the client may pass its own (for callbacks), and
    # receives the server's, on which it creates executors.
    construct @0 (threadMap :Proxy.ThreadMap) -> (threadMap :Proxy.ThreadMap);
    makeEcho @1 (context :Proxy.Context) -> (result :Echo.Echo);
    # The v29/v30 makeMining ordinal; always fails with
    # "Old mining interface (@2) not supported. Please update your client!".
    makeMiningOld2 @2 () -> ();
    makeMining @3 (context :Proxy.Context) -> (result :Mining.Mining);
    makeRpc @4 (context :Proxy.Context) -> (result :Rpc.Rpc);
    # Served by node processes: the Chain a wallet process attached with
    # -ipcconnect uses.
    makeChain @5 (context :Proxy.Context) -> (result :Chain.Chain);
    # Served by node processes for the GUI (null until the GUI issue).
    makeNode @6 (context :Proxy.Context) -> (result :Node.Node);
    # Served by wallet processes: loads the wallets named in args (the
    # node's settings as JSON, config.Args.Export) on chain and returns the
    # loader. Call once per connection.
    makeWalletLoader @7 (context :Proxy.Context, chain :Chain.Chain, args :Data) -> (result :Wallet.WalletLoader);
}
