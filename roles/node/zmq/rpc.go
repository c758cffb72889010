package zmq

import (
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// Register adds getzmqnotifications to the node's RPC table. z may be nil
// (no publishers): the command then lists none, as Core's.
func Register(t *rs.Table, z *Interface) error {
	return t.Register(rs.Command{
		Name: "getzmqnotifications", Category: "zmq",
		Help:     "Returns information about the active ZeroMQ notifications.",
		Result:   "[                        (json array)\n  {                      (json object)\n    \"type\" : \"str\",      (string) Type of notification\n    \"address\" : \"str\",   (string) Address of the publisher\n    \"hwm\" : n            (numeric) Outbound message high water mark\n  },\n  ...\n]",
		Examples: rs.HelpExampleCli("getzmqnotifications", "") + rs.HelpExampleRPC("getzmqnotifications", ""),
		Handler: func(*rs.Request) (any, error) {
			out := univalue.NewArray()
			for _, ep := range z.Active() {
				o := univalue.NewObject()
				o.PushKV("type", univalue.NewString(ep.Type))
				o.PushKV("address", univalue.NewString(ep.Address))
				o.PushKV("hwm", univalue.NewInt(int64(ep.HWM)))
				out.Push(o)
			}
			return out, nil
		},
	})
}
