# WalletLoader: what the node (and later the GUI) asks of a wallet process.
# Our own schema and file ID, reached from Init.makeWalletLoader.

@0x8eefa3099ca24fd5;

using Go = import "/go.capnp";
$Go.package("messages");
$Go.import("github.com/mpbitcoin/mpbitcoin/capnp/messages");

interface WalletLoader {
    # The wallet's JSON-RPC commands (name, category, arguments, help) as a
    # JSON array, so the node can list them in help, map named parameters
    # and forward calls through Init.makeRpc of the wallet process.
    rpcCommands @0 () -> (commands :Data);
    # Names of the loaded wallets, in load order.
    listWallets @1 () -> (names :List(Text));
}
