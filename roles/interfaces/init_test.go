package interfaces

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mpbitcoin/mpbitcoin/capnp/messages"
	"github.com/mpbitcoin/mpbitcoin/ipc"
)

func makeRpc(t *testing.T, c *ipc.Client) *RPCClient {
	t.Helper()
	f, rel := c.Init.MakeRpc(testCtx(t), func(p messages.Init_makeRpc_Params) error { return c.SetContext(p.NewContext) })
	defer rel()
	res, err := f.Struct()
	if err != nil || !res.HasResult() {
		t.Fatalf("makeRpc: has result %v, %v", res.HasResult(), err)
	}
	return NewRPCClient(c, res.Result().AddRef())
}

const getbalance = `{"method":"getbalance","params":[],"id":7}`

func TestMakeRpcBeforeAndAfterMakeWalletLoader(t *testing.T) {
	load := func(ctx context.Context, chain Chain, args []byte) (WalletLoader, RPCExecutor, error) {
		if string(args) != `{"x":1}` {
			return nil, nil, errors.New("unexpected args " + string(args))
		}
		return &fakeLoader{chain: chain}, fakeExec{}, nil
	}
	c, _ := serve(t, nil, NewInitFactory(nil, WithWalletLoader(load)))
	ctx := testCtx(t)
	early := makeRpc(t, c)
	reply, status := early.Execute(ctx, []byte(getbalance), "/", "u")
	if !strings.Contains(string(reply), `"code":-28`) || !strings.Contains(string(reply), "Loading wallet…") ||
		!strings.Contains(string(reply), `"id":7`) || status != http.StatusInternalServerError {
		t.Fatalf("before loading: %d %s", status, reply)
	}

	loader, rpc, err := CallMakeWalletLoader(ctx, Conn{Client: c}, newFakeChain(), []byte(`{"x":1}`))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"result":"wallet /wallet/w1 u","error":null,"id":1}`
	if got, err := rpc.Call(ctx, getbalance, "/wallet/w1", "u"); err != nil || got != want {
		t.Fatalf("after loading: %q %v", got, err)
	}
	// The Rpc made before loading now reaches the wallets too.
	if reply, status := early.Execute(ctx, []byte(getbalance), "/wallet/w1", "u"); string(reply) != want || status != http.StatusOK {
		t.Fatalf("early Rpc after loading: %d %s", status, reply)
	}
	names, err := loader.ListWallets(ctx)
	if err != nil || !reflect.DeepEqual(names, []string{"", "w1", "ünicode"}) {
		t.Fatalf("ListWallets = %q %v", names, err)
	}
	cmds, err := loader.RPCCommands(ctx)
	if err != nil || len(cmds) != 1 || cmds[0].Name != "getbalance" || cmds[0].Category != "wallet" ||
		len(cmds[0].Args) != 1 || cmds[0].Args[0].Default != "0" || cmds[0].Handler != nil {
		t.Fatalf("RPCCommands = %+v %v", cmds, err)
	}
	if _, _, err := CallMakeWalletLoader(ctx, Conn{Client: c}, newFakeChain(), nil); !contains(err, "only once per connection") {
		t.Fatalf("second makeWalletLoader: %v", err)
	}
}

func TestMakeWalletLoaderFailure(t *testing.T) {
	var fail atomic.Bool
	fail.Store(true)
	load := func(ctx context.Context, chain Chain, args []byte) (WalletLoader, RPCExecutor, error) {
		if fail.Load() {
			return nil, nil, errors.New("wallet.dat corrupt")
		}
		return &fakeLoader{chain: chain}, fakeExec{}, nil
	}
	c, _ := serve(t, nil, NewInitFactory(nil, WithWalletLoader(load)))
	ctx := testCtx(t)
	_, _, err := CallMakeWalletLoader(ctx, Conn{Client: c}, newFakeChain(), nil)
	if !contains(err, "loading wallets: wallet.dat corrupt") {
		t.Fatalf("err = %v", err)
	}
	if reply, _ := makeRpc(t, c).Execute(ctx, []byte(getbalance), "/", ""); !strings.Contains(string(reply), "-28") {
		t.Fatalf("after a failed load: %s", reply)
	}
	fail.Store(false)
	if _, _, err := CallMakeWalletLoader(ctx, Conn{Client: c}, newFakeChain(), nil); err != nil {
		t.Fatalf("retry after failure: %v", err)
	}
}

func TestMakeWalletLoaderUnserved(t *testing.T) {
	c, _ := serve(t, nil, NewInitFactory(nil))
	_, _, err := CallMakeWalletLoader(testCtx(t), Conn{Client: c}, newFakeChain(), nil)
	if !contains(err, "serves no wallets") {
		t.Fatalf("err = %v", err)
	}
	if _, _, err := CallMakeWalletLoader(testCtx(t), Conn{}, newFakeChain(), nil); !errors.Is(err, errNoClient) {
		t.Fatalf("without a client: %v", err)
	}
}

func TestMakeRpcKeepsNodeExecutor(t *testing.T) {
	c, _ := serve(t, nil, NewInitFactory(fakeExec{}))
	got, err := makeRpc(t, c).Call(testCtx(t), getbalance, "/", "me")
	if err != nil || !strings.Contains(got, "wallet / me") {
		t.Fatalf("Call = %q %v", got, err)
	}
}

func TestRPCClientAfterDisconnect(t *testing.T) {
	c, stop := serve(t, nil, NewInitFactory(fakeExec{}))
	r := makeRpc(t, c)
	stop()
	reply, status := r.Execute(testCtx(t), []byte(getbalance), "/", "")
	if status != http.StatusInternalServerError || !strings.Contains(string(reply), `"code":-1`) ||
		!strings.Contains(string(reply), "IPC client method called after disconnect.") {
		t.Fatalf("%d %s", status, reply)
	}
}

func TestReplyStatus(t *testing.T) {
	for _, tc := range []struct {
		reply string
		want  int
	}{
		{`{"result":1,"error":null,"id":1}`, 200},
		{`{"result":null,"error":{"code":-32601,"message":"Method not found"},"id":1}`, 404},
		{`{"result":null,"error":{"code":-32600,"message":"x"},"id":1}`, 400},
		{`{"result":null,"error":{"code":-28,"message":"Loading wallet…"},"id":1}`, 500},
		{`{"jsonrpc":"2.0","error":{"code":-28,"message":"x"},"id":1}`, 200},
		{`[{"result":null,"error":{"code":-1,"message":"x"},"id":1}]`, 200},
		{"not json", 200},
	} {
		if got := replyStatus([]byte(tc.reply)); got != tc.want {
			t.Errorf("replyStatus(%s) = %d, want %d", tc.reply, got, tc.want)
		}
	}
}

// TestRPCAfterSetupContextEnds is the node's use: handshake and
// makeWalletLoader under a context that ends when set-up is done; the
// RPC client keeps working afterwards.
func TestRPCAfterSetupContextEnds(t *testing.T) {
	load := func(ctx context.Context, chain Chain, args []byte) (WalletLoader, RPCExecutor, error) {
		return &fakeLoader{chain: chain}, fakeExec{}, nil
	}
	c, _ := serveRaw(t, nil, NewInitFactory(nil, WithWalletLoader(load)))
	setup, cancel := context.WithCancel(context.Background())
	c.Handshake(setup, "wallet-loader")
	_, rpc, err := CallMakeWalletLoader(setup, Conn{Client: c}, newFakeChain(), nil)
	cancel()
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if got, err := rpc.Call(testCtx(t), getbalance, "/", "u"); err != nil || !strings.Contains(got, "wallet / u") {
			t.Fatalf("call %d after set-up: %q %v", i, got, err)
		}
	}
}
