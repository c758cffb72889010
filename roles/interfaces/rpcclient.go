package interfaces

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/mpbitcoin/mpbitcoin/capnp/messages"
	"github.com/mpbitcoin/mpbitcoin/ipc"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
)

// RPCClient runs JSON-RPC requests on the Rpc capability of a process
// reached over IPC, on the thread of the connection's Handshake.
type RPCClient struct {
	client *ipc.Client
	k      *caller
	remote messages.Rpc
}

var _ RPCExecutor = (*RPCClient)(nil)

// NewRPCClient returns a client for remote on c (after c.Handshake); it
// owns remote (Close releases it).
func NewRPCClient(c *ipc.Client, remote messages.Rpc) *RPCClient {
	return &RPCClient{client: c, k: newCaller(Conn{Client: c}), remote: remote}
}

// Close releases the capability.
func (r *RPCClient) Close() { r.remote.Release() }

// Call runs one request body at uri as user and returns the reply text
// ("" for a JSON-RPC 2.0 notification).
func (r *RPCClient) Call(ctx context.Context, request, uri, user string) (string, error) {
	var out string
	err := r.k.do("Rpc.executeRpc", func() error {
		f, rel := r.remote.ExecuteRpc(ctx, func(p messages.Rpc_executeRpc_Params) error {
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

// Execute implements RPCExecutor. Rpc.executeRpc returns text only, so the
// HTTP status is rebuilt from the reply as Core chooses it; a failed call
// becomes a JSON-RPC error (-1) with status 500.
func (r *RPCClient) Execute(ctx context.Context, body []byte, uri, user string) ([]byte, int) {
	reply, err := r.Call(ctx, string(body), uri, user)
	if err != nil {
		out, _ := json.Marshal(struct {
			Result any              `json:"result"`
			Error  *rpcserver.Error `json:"error"`
			ID     any              `json:"id"`
		}{Error: rpcserver.NewError(rpcserver.RPCMiscError, "%s", err.Error())})
		return append(out, '\n'), http.StatusInternalServerError
	}
	if reply == "" {
		return nil, http.StatusNoContent
	}
	return []byte(reply), replyStatus([]byte(reply))
}

// replyStatus is the HTTP status Core sends with a reply body: 200 unless
// it is a JSON-RPC 1.0 error (400 invalid request, 404 method not found,
// else 500).
func replyStatus(reply []byte) int {
	if t := bytes.TrimSpace(reply); len(t) == 0 || t[0] != '{' {
		return http.StatusOK
	}
	var r struct {
		JSONRPC string `json:"jsonrpc"`
		Error   *struct {
			Code int `json:"code"`
		} `json:"error"`
	}
	if json.Unmarshal(reply, &r) != nil || r.JSONRPC == "2.0" || r.Error == nil {
		return http.StatusOK
	}
	switch r.Error.Code {
	case rpcserver.InvalidRequest:
		return http.StatusBadRequest
	case rpcserver.MethodNotFound:
		return http.StatusNotFound
	}
	return http.StatusInternalServerError
}

// CallMakeWalletLoader asks the wallet process on conn.Client (after its
// Handshake) to load its wallets on chain with the node's settings args,
// pipelining Init.makeWalletLoader and Init.makeRpc. chain is exported on
// the connection for as long as the wallet process holds it.
func CallMakeWalletLoader(ctx context.Context, conn Conn, chain Chain, args []byte) (*WalletLoaderClient, *RPCClient, error) {
	c := conn.Client
	if c == nil {
		return nil, nil, fmt.Errorf("Init.makeWalletLoader: %w", errNoClient)
	}
	if chain == nil {
		return nil, nil, errors.New("Init.makeWalletLoader: nil chain")
	}
	var loader messages.WalletLoader
	var rpc messages.Rpc
	err := newCaller(conn).do("Init.makeWalletLoader", func() error {
		lf, rel := c.Init.MakeWalletLoader(ctx, func(p messages.Init_makeWalletLoader_Params) error {
			if err := p.SetChain(ExportChain(conn, chain)); err != nil {
				return err
			}
			if err := p.SetArgs(args); err != nil {
				return err
			}
			return c.SetContext(p.NewContext)
		})
		defer rel()
		rf, rel2 := c.Init.MakeRpc(ctx, func(p messages.Init_makeRpc_Params) error { return c.SetContext(p.NewContext) })
		defer rel2()
		lres, err := lf.Struct()
		if err != nil {
			return err
		}
		if !lres.HasResult() {
			return errors.New("the process serves no wallets")
		}
		rres, err := rf.Struct()
		if err != nil {
			return fmt.Errorf("makeRpc: %w", err)
		}
		if !rres.HasResult() {
			return errors.New("the process serves no RPC")
		}
		loader, rpc = lres.Result().AddRef(), rres.Result().AddRef()
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return NewWalletLoaderClient(conn, loader), NewRPCClient(c, rpc), nil
}
