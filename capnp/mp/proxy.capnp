# libmultiprocess's proxy schema (file ID, names and ordinals as in
# libmultiprocess's include/mp/proxy.capnp, so the IDs on the wire match).
# The annotations only matter to Core's C++ code generator; other
# generators ignore them.

@0xcc316e3f71a040fb;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("mp");

using Go = import "/go.capnp";
$Go.package("mp");
$Go.import("github.com/mpbitcoin/mpbitcoin/capnp/mp");

annotation include(file): Text;
annotation includeTypes(file): Text;
annotation wrap(interface, struct): Text;
annotation count(param, struct, interface): Int32;
annotation exception(param): Text;
annotation name(field, method): Text;
annotation skip(field): Void;

interface ThreadMap $count(0) {
    # Lets a client create server threads (executors) and name them; the
    # handle it gets back is passed in Context.thread on later calls.
    makeThread @0 (name :Text) -> (result :Thread);

    # Creates a pool of count executors used by calls that carry no thread.
    # May be called once per connection.
    makePool @1 (count :UInt32) -> ();
}

interface Thread {
    # Handle of one server executor.
    getName @0 () -> (result :Text);
}

struct Context $count(0) {
    # Passed as the first parameter of most methods.
    thread @0 :Thread;          # server executor the call must run on
    callbackThread @1 :Thread;  # client thread callbacks must run on
}
