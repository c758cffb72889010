package process

import (
	"context"
	"io"
	"os"
	"strings"

	"github.com/mpbitcoin/mpbitcoin/capnp/messages"
	"github.com/mpbitcoin/mpbitcoin/ipc"
)

// RPCOverIPC calls Rpc.executeRpc on a node reached over IPC.
type RPCOverIPC struct {
	client *ipc.Client
	rpc    messages.Rpc
}

// DialRPC connects to "unix:<path>" and pipelines Init.construct,
// ThreadMap.makeThread and Init.makeRpc (bitcoin-cli -ipcconnect). It
// logs nowhere: a CLI's stderr must stay clean.
func DialRPC(ctx context.Context, address string) (*RPCOverIPC, io.Closer, error) {
	p := &ipc.Process{Exe: "bitcoin-cli", Pid: os.Getpid()}
	c, err := ipc.Dial(ctx, p, strings.TrimPrefix(address, "unix:"))
	if err != nil {
		return nil, nil, err
	}
	c.Handshake(ctx, "bitcoin-cli")
	f, _ := c.Init.MakeRpc(ctx, func(pp messages.Init_makeRpc_Params) error { return c.SetContext(pp.NewContext) })
	r := &RPCOverIPC{client: c, rpc: f.Result()}
	return r, c, nil
}

// ExecuteRPC runs one JSON-RPC request body at uri as user.
func (r *RPCOverIPC) ExecuteRPC(ctx context.Context, request, uri, user string) (string, error) {
	var out string
	err := r.client.Do(func() error {
		f, rel := r.rpc.ExecuteRpc(ctx, func(p messages.Rpc_executeRpc_Params) error {
			if err := r.client.SetContext(p.NewContext); err != nil {
				return err
			}
			if err := p.SetRequest(request); err != nil {
				return err
			}
			if err := p.SetUri(uri); err != nil {
				return err
			}
			return p.SetUser(user)
		})
		defer rel()
		res, err := f.Struct()
		if err != nil {
			return err
		}
		out, err = res.Result()
		return err
	})
	return out, err
}
