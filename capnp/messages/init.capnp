# Core's src/ipc/capnp/init.capnp (v31 / master ordinals; same file ID and
# names). Ordinals @5-@7 are reserved for makeChain, makeNode and
# makeWalletLoader as in Core's #10102 design; they arrive with the wallet.

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
}
