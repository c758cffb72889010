# Node: what the GUI needs of a node process (the idea of Core's
# interfaces::Node). It grows with the GUI.

@0xb990d12c1e199287;

using Go = import "/go.capnp";
$Go.package("messages");
$Go.import("github.com/mpbitcoin/mpbitcoin/capnp/messages");

interface Node {
    # Height of the active tip (-1 while there is none) and whether the node
    # is in initial block download.
    getTip @0 () -> (height :Int32, initialBlockDownload :Bool);
}
