# Core's src/ipc/capnp/echo.capnp (same file ID, names and ordinals).

@0x888b4f7f51e691f7;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("ipc::capnp::messages");

using Go = import "/go.capnp";
$Go.package("messages");
$Go.import("github.com/mpbitcoin/mpbitcoin/capnp/messages");

using Proxy = import "/mp/proxy.capnp";
$Proxy.include("interfaces/echo.h");
$Proxy.includeTypes("ipc/capnp/echo-types.h");

interface Echo $Proxy.wrap("interfaces::Echo") {
    # Frees the server object.
    destroy @0 (context :Proxy.Context) -> ();
    # Returns its argument unchanged.
    echo @1 (context :Proxy.Context, echo :Text) -> (result :Text);
}
