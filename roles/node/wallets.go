package node

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/mpbitcoin/mpbitcoin/roles/interfaces"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet"
)

// walletWait bounds how long a wallet call waits for a starting or
// restarting wallet process.
const walletWait = 30 * time.Second

// walletStartWait bounds how long start-up waits for the first wallet
// process to load the startup wallets.
const walletStartWait = 5 * time.Minute

// walletRoute is where the node's wallet RPC forwarders send calls: the
// wallets in this process (bitcoind) or the RPC of the bitcoin-wallet child
// (bitcoin-node), as Core's handleRpc forwarding.
type walletRoute struct {
	mu     sync.Mutex
	exec   interfaces.RPCExecutor
	ready  chan struct{} // closed while exec is usable
	up     func() bool   // nil: always up (in-process)
	loaded []string      // wallets loaded through the node, in order
}

// track remembers which wallets the user loaded, so a restarted wallet
// process can load them again.
func (r *walletRoute) track(method string, req *rs.Request, result univalue.Value) {
	name := ""
	switch method {
	case "createwallet", "loadwallet", "restorewallet":
		name = result.Get("name").Str
	case "unloadwallet":
		if n, ok := rs.WalletNameFromURI(req.URI); ok {
			name = n
		} else if len(req.Params) > 0 && req.Params[0] != nil {
			_ = json.Unmarshal(req.Params[0], &name)
		}
	default:
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var next []string
	for _, n := range r.loaded {
		if n != name {
			next = append(next, n)
		}
	}
	if method != "unloadwallet" {
		next = append(next, name)
	}
	r.loaded = next
}

// reload loads the tracked wallets into a new wallet process (those it
// loaded by itself from settings answer "already loaded").
func (r *walletRoute) reload(ctx context.Context, exec interfaces.RPCExecutor, log func(string, ...any)) {
	r.mu.Lock()
	names := append([]string(nil), r.loaded...)
	r.mu.Unlock()
	for _, name := range names {
		body, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "loadwallet", "params": []any{name}})
		reply, _ := exec.Execute(ctx, body, "/", "")
		var out struct {
			Error *rs.Error `json:"error"`
		}
		if json.Unmarshal(reply, &out) == nil && out.Error != nil && out.Error.Code != rs.WalletAlreadyLoaded {
			log("Reloading wallet %q after the wallet process restarted: %s", name, out.Error.Message)
		}
	}
}

func (r *walletRoute) set(exec interfaces.RPCExecutor) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ready == nil {
		r.ready = make(chan struct{})
	}
	r.exec = exec
	select {
	case <-r.ready:
	default:
		close(r.ready)
	}
}

// current waits until a wallet executor is set and its process is up.
func (r *walletRoute) current(ctx context.Context) (interfaces.RPCExecutor, bool) {
	deadline := time.Now().Add(walletWait)
	for {
		r.mu.Lock()
		if r.ready == nil {
			r.ready = make(chan struct{})
		}
		ready, exec, up := r.ready, r.exec, r.up
		r.mu.Unlock()
		select {
		case <-ready:
			if up == nil || up() {
				return exec, true
			}
		default:
		}
		if time.Now().After(deadline) {
			return nil, false
		}
		select {
		case <-ctx.Done():
			return nil, false
		case <-ready:
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// forward sends one call to the wallet and returns its result or error.
func (r *walletRoute) forward(req *rs.Request) (any, error) {
	ctx := req.Context
	if ctx == nil {
		ctx = context.Background()
	}
	exec, ok := r.current(ctx)
	if !ok {
		return nil, rs.NewError(rs.WalletError, "The wallet process is not running (starting or restarting); try again")
	}
	params := make([]json.RawMessage, len(req.Params))
	for i, p := range req.Params {
		if p == nil {
			p = json.RawMessage("null")
		}
		params[i] = p
	}
	body, err := json.Marshal(struct {
		Version string            `json:"jsonrpc"`
		Method  string            `json:"method"`
		Params  []json.RawMessage `json:"params"`
		ID      int               `json:"id"`
	}{"2.0", req.Method, params, 1})
	if err != nil {
		return nil, err
	}
	reply, _ := exec.Execute(ctx, body, req.URI, req.User)
	var out struct {
		Result json.RawMessage `json:"result"`
		Error  *rs.Error       `json:"error"`
	}
	if err := json.Unmarshal(reply, &out); err != nil {
		return nil, rs.NewError(rs.WalletError, "The wallet process sent an unreadable reply: %v", err)
	}
	if out.Error != nil {
		return nil, out.Error
	}
	if len(out.Result) == 0 {
		return nil, nil
	}
	v, err := univalue.Parse(out.Result)
	if err != nil {
		return nil, rs.NewError(rs.WalletError, "The wallet process sent an unreadable result: %v", err)
	}
	r.track(req.Method, req, v)
	return v, nil
}

// registerWalletCommands adds a forwarder for each wallet RPC to the
// node's table, so help lists them and named parameters map as in Core.
func (n *Node) registerWalletCommands() error {
	for _, c := range wallet.Commands() {
		c.Handler = n.walletRoute.forward
		if err := n.table.Register(c); err != nil {
			return err
		}
	}
	return nil
}

// startWallets loads the wallets: in this process for bitcoind, in a
// supervised bitcoin-wallet child for bitcoin-node.
func (n *Node) startWallets(ctx context.Context) error {
	if n.multiprocess {
		first := n.startWallet(ctx)
		select { // the first wallet process has loaded its wallets (or failed)
		case <-first:
		case <-ctx.Done():
		case <-time.After(walletStartWait):
			n.env.Log.Warnf("The wallet process is still loading after %s; continuing", walletStartWait)
		}
		return nil
	}
	args, err := n.env.Args.Export()
	if err != nil {
		return err
	}
	logf := func(format string, a ...any) { n.env.Log.Infof(format, a...) }
	l, err := wallet.Load(ctx, n.walletChain, args, logf)
	if err != nil {
		return err
	}
	n.walletCloser = l
	n.walletRoute.set(l)
	return nil
}

// waitForWalletsAfterBroadcast makes sendrawtransaction return only once
// the wallets have been told about the transaction, as Core's
// BroadcastTransaction waits on the validation queue for RPC broadcasts.
func (n *Node) waitForWalletsAfterBroadcast() error {
	c, ok := n.table.Command("sendrawtransaction")
	if !ok || n.notify == nil {
		return nil
	}
	inner := c.Handler
	c.Handler = func(r *rs.Request) (any, error) {
		res, err := inner(r)
		if err == nil {
			ctx := r.Context
			if ctx == nil {
				ctx = context.Background()
			}
			_ = n.notify.Sync(ctx)
		}
		return res, err
	}
	n.table.Unregister(c.Name)
	return n.table.Register(c)
}
