package interfaces

import (
	"context"

	"github.com/mpbitcoin/mpbitcoin/capnp/messages"
	"github.com/mpbitcoin/mpbitcoin/ipc"
)

// RPC serves Core's Rpc interface: executeRpc runs a JSON-RPC request as
// if it had arrived over HTTP at uri from user.
type RPC struct {
	Session *ipc.Session
	Exec    RPCExecutor
}

// ExecuteRpc runs one request and returns the reply text.
func (r *RPC) ExecuteRpc(ctx context.Context, call messages.Rpc_executeRpc) error {
	cx, _ := call.Args().Context()
	return r.Session.Run(ctx, call, cx, func(ctx context.Context) error {
		a := call.Args()
		req, err := a.Request()
		if err != nil {
			return err
		}
		uri, _ := a.Uri()
		user, _ := a.User()
		if uri == "" {
			uri = "/"
		}
		reply, _ := r.Exec.Execute(ctx, []byte(req), uri, user)
		res, err := call.AllocResults()
		if err != nil {
			return err
		}
		return res.SetResult(string(reply))
	})
}
