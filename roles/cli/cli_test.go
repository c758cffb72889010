package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
)

type node struct {
	table   *rpcserver.Table
	datadir string
	port    string
}

// startNode runs a real rpcserver.Server on 127.0.0.1 with a cookie in
// <datadir>/regtest/.cookie and a few commands.
func startNode(t *testing.T, cfg rpcserver.ServerConfig) *node {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "regtest"), 0o700); err != nil {
		t.Fatal(err)
	}
	tb := rpcserver.NewTable()
	params := func(r *rpcserver.Request) (any, error) { return r.Params, nil }
	for _, c := range []rpcserver.Command{
		{Name: "getblockcount", Category: "blockchain", Help: "Count.", Handler: func(*rpcserver.Request) (any, error) { return 5, nil }},
		{Name: "getbestblockhash", Category: "blockchain", Help: "Hash.", Handler: func(*rpcserver.Request) (any, error) { return "00ab", nil }},
		{Name: "nothing", Category: "test", Help: "Null.", Handler: func(*rpcserver.Request) (any, error) { return nil, nil }},
		{Name: "listwallets", Category: "wallet", Help: "Wallets.", Handler: func(*rpcserver.Request) (any, error) { return []string{}, nil }},
		{Name: "whoami", Category: "test", Help: "Who.", Handler: func(r *rpcserver.Request) (any, error) { return r.User + " " + r.URI, nil }},
		{Name: "getblockhash", Category: "blockchain", Help: "Hash at height.", Args: []rpcserver.Arg{{Name: "height", Type: rpcserver.ArgNumber}}, Handler: params},
		{Name: "echojson", Category: "hidden", Hidden: true, Help: "Echo.", Args: []rpcserver.Arg{
			{Name: "arg0", Type: rpcserver.ArgString, Optional: true, SkipTypeCheck: true},
			{Name: "arg1", Type: rpcserver.ArgString, Optional: true, SkipTypeCheck: true},
			{Name: "arg2", Type: rpcserver.ArgString, Optional: true, SkipTypeCheck: true}}, Handler: params},
		{Name: "echo", Category: "hidden", Hidden: true, Help: "Echo.", Args: []rpcserver.Arg{
			{Name: "arg0", Type: rpcserver.ArgString, Optional: true, SkipTypeCheck: true},
			{Name: "arg1", Type: rpcserver.ArgString, Optional: true, SkipTypeCheck: true}}, Handler: params},
		{Name: "walletthing", Category: "wallet", Help: "Needs a wallet.", Handler: func(*rpcserver.Request) (any, error) {
			return nil, rpcserver.NewError(rpcserver.WalletNotSpecified, "Multiple wallets are loaded. Please select which wallet to use by requesting the RPC through the /wallet/<walletname> URI path.")
		}},
	} {
		if err := tb.Register(c); err != nil {
			t.Fatal(err)
		}
	}
	cfg.Binds = []string{"127.0.0.1"}
	cfg.AllowIP = []string{"127.0.0.1"}
	cfg.AuthFailDelay = -1
	if cfg.Password == "" {
		cfg.CookieFile = filepath.Join(dir, "regtest", ".cookie")
	}
	s, err := rpcserver.NewServer(cfg, tb)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Stop(context.Background()) })
	_, port, _ := net.SplitHostPort(s.Addrs()[0].String())
	return &node{table: tb, datadir: dir, port: port}
}

type result struct {
	code           int
	stdout, stderr string
}

func (n *node) cli(t *testing.T, stdin string, dial IPCDialer, args ...string) result {
	t.Helper()
	argv := append([]string{"-datadir=" + n.datadir, "-regtest", "-rpcport=" + n.port}, args...)
	var out, errb bytes.Buffer
	code := Run(context.Background(), argv, strings.NewReader(stdin), &out, &errb, Options{Dial: dial})
	return result{code, out.String(), errb.String()}
}

func (r result) want(t *testing.T, code int, stdout, stderr string) {
	t.Helper()
	if r.code != code || r.stdout != stdout || r.stderr != stderr {
		t.Errorf("got (%d, %q, %q), want (%d, %q, %q)", r.code, r.stdout, r.stderr, code, stdout, stderr)
	}
}

func TestOutputs(t *testing.T) {
	n := startNode(t, rpcserver.ServerConfig{})
	n.cli(t, "", nil, "getblockcount").want(t, 0, "5\n", "")
	n.cli(t, "", nil, "getbestblockhash").want(t, 0, "00ab\n", "")
	n.cli(t, "", nil, "nothing").want(t, 0, "", "")
	n.cli(t, "", nil, "listwallets").want(t, 0, "[\n]\n", "")
	n.cli(t, "", nil, "echojson", "1", `{"a":[true,null]}`).want(t, 0, "[\n  1,\n  {\n    \"a\": [\n      true,\n      null\n    ]\n  }\n]\n", "")
	n.cli(t, "", nil, "echo", "1", `{"a":1}`).want(t, 0, "[\n  \"1\",\n  \"{\\\"a\\\":1}\"\n]\n", "")
	n.cli(t, "", nil, "echojson", "{").want(t, 1, "", "error: Error parsing JSON: {\n")
	n.cli(t, "", nil, "nope").want(t, 32601, "", "error code: -32601\nerror message:\nMethod not found\n")
	n.cli(t, "", nil, "walletthing").want(t, 19, "", "error code: -19\nerror message:\nMultiple wallets are loaded. Please select which wallet to use by requesting the RPC through the /wallet/<walletname> URI path."+
		` Or for the CLI, specify the "-rpcwallet=<walletname>" option before the command (run "bitcoin-cli -h" for help or "bitcoin-cli listwallets" to see which wallets are currently loaded).`+"\n")
	n.cli(t, "", nil, "getblockhash", `"x"`).want(t, 3, "", "error code: -3\nerror message:\nWrong type passed:\n{\n    \"Position 1 (height)\": \"JSON value of type string is not of expected type number\"\n}\n")
	n.cli(t, "", nil, "-rpcwallet=w 1/x", "whoami").want(t, 0, "__cookie__ /wallet/w%201%2Fx\n", "")
	n.cli(t, "", nil, "-rpcwallet=", "whoami").want(t, 0, "__cookie__ /wallet/\n", "")
	n.cli(t, "", nil, "-rpcwallet=w", "-norpcwallet", "whoami").want(t, 0, "__cookie__ /\n", "")
	n.cli(t, "", nil).want(t, 1, "", "error: too few parameters (need at least command)\n")
	n.cli(t, "", nil, "-getinfo", "-netinfo").want(t, 1, "", "error: Only one of -getinfo, -netinfo may be specified.\n")
}

func TestNamedAndStdin(t *testing.T) {
	n := startNode(t, rpcserver.ServerConfig{})
	n.cli(t, "", nil, "-named", "getblockhash", "height=7").want(t, 0, "[\n  7\n]\n", "")
	n.cli(t, "", nil, "-named", "getblockhash", "7").want(t, 0, "[\n  7\n]\n", "")
	n.cli(t, "", nil, "-named", "echojson", "arg1=[1]", "x").want(t, 1, "", "error: Error parsing JSON: x\n")
	n.cli(t, "", nil, "-named", "echojson", "arg1=[1]", "2").want(t, 0, "[\n  2,\n  [\n    1\n  ]\n]\n", "")
	n.cli(t, "", nil, "-named", "getblockhash", "height=1", "bogus=2").want(t, 8, "", "error code: -8\nerror message:\nUnknown named parameter bogus\n")
	n.cli(t, "3\n[4]\nlast", nil, "-stdin", "echojson").want(t, 1, "", "error: Error parsing JSON: last\n")
	n.cli(t, "3\n[4]\n", nil, "-stdin", "echojson").want(t, 0, "[\n  3,\n  [\n    4\n  ]\n]\n", "")
	n.cli(t, "3\nlast", nil, "-stdin", "echo").want(t, 0, "[\n  \"3\",\n  \"last\"\n]\n", "")
}

func TestCredentials(t *testing.T) {
	n := startNode(t, rpcserver.ServerConfig{User: "u", Password: "secret"})
	n.cli(t, "", nil, "-rpcuser=u", "-rpcpassword=secret", "whoami").want(t, 0, "u /\n", "")
	n.cli(t, "secret\n", nil, "-rpcuser=u", "-stdinrpcpass", "whoami").want(t, 0, "u /\n", "")
	n.cli(t, "secret\n", nil, "-rpcuser=u", "-stdinrpcpass", "-stdin", "echo").want(t, 0, "[\n]\n", "")
	n.cli(t, "", nil, "-rpcuser=u", "-stdinrpcpass", "whoami").want(t, 1, "", "error: -stdinrpcpass specified but failed to read from standard input\n")
	n.cli(t, "", nil, "-rpcuser=u", "-rpcpassword=wrong", "whoami").want(t, 1, "", "error: Authorization failed: Incorrect rpcuser or rpcpassword\n")
	r := n.cli(t, "", nil, "whoami")
	if r.code != 1 || !strings.HasPrefix(r.stderr, "error: Could not locate RPC credentials. No authentication cookie could be found, and RPC password is not set.  See -rpcpassword and -stdinrpcpass.  Configuration file: (") {
		t.Errorf("no cookie: %+v", r)
	}
	if err := os.WriteFile(filepath.Join(n.datadir, "bitcoin.conf"), []byte("[regtest]\nrpcuser=u\nrpcpassword=secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	n.cli(t, "", nil, "whoami").want(t, 0, "u /\n", "")
}

func TestConnectionFailure(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	n := &node{datadir: t.TempDir(), port: port}
	n.cli(t, "", nil, "getblockcount").want(t, 1, "", "error: timeout on transient error: Could not connect to the server 127.0.0.1:"+port+
		"\n\nMake sure the bitcoind server is running and that you are connecting to the correct RPC port.\nUse \"bitcoin-cli -help\" for more info.\n")
	n.cli(t, "", nil, "-rpcconnect=127.0.0.1:x", "getblockcount").want(t, 1, "", "error: Invalid port provided in -rpcconnect: 127.0.0.1:x\n")
	n.cli(t, "", nil, "-rpcport=0", "getblockcount").want(t, 1, "", "error: Invalid port provided in -rpcport: 0\n")
}

func TestRPCWait(t *testing.T) {
	n := startNode(t, rpcserver.ServerConfig{})
	n.table.SetWarmup("Loading block index…")
	n.cli(t, "", nil, "getblockcount").want(t, 28, "", "error code: -28\nerror message:\nLoading block index…\n")
	n.cli(t, "", nil, "-rpcwait", "-rpcwaittimeout=1", "getblockcount").want(t, 1, "", "error: timeout on transient error: server in warmup\n")
	done := make(chan result)
	go func() {
		var out, errb bytes.Buffer
		code := Run(context.Background(), []string{"-datadir=" + n.datadir, "-regtest", "-rpcport=" + n.port, "-rpcwait", "getblockcount"},
			nil, &out, &errb, Options{})
		done <- result{code, out.String(), errb.String()}
	}()
	time.Sleep(300 * time.Millisecond)
	n.table.SetWarmup("")
	(<-done).want(t, 0, "5\n", "")
}

// fakeIPC runs requests on a table, as the node's Rpc interface does.
type fakeIPC struct {
	table *rpcserver.Table
	calls *[]string
}

func (f fakeIPC) ExecuteRPC(ctx context.Context, request, uri, user string) (string, error) {
	*f.calls = append(*f.calls, uri+" "+user)
	reply, _ := f.table.Execute(ctx, []byte(request), uri, user)
	return string(reply), nil
}

func TestIPC(t *testing.T) {
	n := startNode(t, rpcserver.ServerConfig{})
	var addrs, calls []string
	up := true
	dial := func(_ context.Context, address string) (IPCCaller, io.Closer, error) {
		addrs = append(addrs, address)
		if !up {
			return nil, nil, &net.OpError{Op: "dial", Net: "unix", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
		}
		return fakeIPC{n.table, &calls}, io.NopCloser(nil), nil
	}
	sock := "unix:" + filepath.Join(n.datadir, "regtest", "node.sock")
	// Wrong password: only IPC can succeed.
	n.cli(t, "", dial, "-rpcpassword=wrong", "-rpcuser=me", "-rpcwallet=w", "whoami").want(t, 0, "me /wallet/w\n", "")
	if len(addrs) != 1 || addrs[0] != sock || len(calls) != 1 {
		t.Errorf("dial %v calls %v", addrs, calls)
	}
	n.cli(t, "", dial, "-rpcpassword=wrong", "-ipcconnect=unix", "echojson", "1").want(t, 0, "[\n  1\n]\n", "")
	n.cli(t, "", dial, "-rpcpassword=wrong", "-ipcconnect=unix:other.sock", "getblockcount").want(t, 0, "5\n", "")
	if addrs[len(addrs)-1] != "unix:"+filepath.Join(n.datadir, "regtest", "other.sock") {
		t.Errorf("relative path: %v", addrs)
	}
	httpAuth := "error: Authorization failed: Incorrect rpcuser or rpcpassword\n"
	n.cli(t, "", dial, "-rpcpassword=wrong", "-rpcconnect=127.0.0.1", "getblockcount").want(t, 1, "", httpAuth)
	n.cli(t, "", dial, "-rpcpassword=wrong", "-noipcconnect", "getblockcount").want(t, 1, "", httpAuth)
	n.cli(t, "", dial, "-ipcconnect=unix", "-rpcconnect=127.0.0.1", "getblockcount").want(t, 1, "", "error: -rpcconnect and -ipcconnect options cannot both be enabled\n")
	n.cli(t, "", nil, "-ipcconnect=unix", "getblockcount").want(t, 1, "", "error: bitcoin-cli was not built with IPC support\n")
	up = false
	n.cli(t, "", dial, "getblockcount").want(t, 0, "5\n", "") // auto falls back to HTTP with the cookie
	n.cli(t, "", dial, "-ipcconnect=unix", "getblockcount").want(t, 1, "", "error: Connection refused\n\n"+
		"Probably bitcoin-node is not running or not listening on a unix socket. Can be started with:\n\n    bitcoin-node -chain=regtest -ipcbind=unix\n")
	n.cli(t, "", dial, "-ipcconnect=tcp:1", "getblockcount").want(t, 1, "", "error: Unrecognized address 'tcp:1'\n\n"+
		"Probably bitcoin-node is not running or not listening on a unix socket. Can be started with:\n\n    bitcoin-node -chain=regtest -ipcbind=unix\n")
	long := "unix:/" + strings.Repeat("x", 120)
	r := n.cli(t, "", dial, "-ipcconnect="+long, "getblockcount")
	if r.code != 1 || !strings.Contains(r.stderr, "exceeded maximum socket path length") {
		t.Errorf("long path: %+v", r)
	}
}

func TestGetinfoAndGenerate(t *testing.T) {
	n := startNode(t, rpcserver.ServerConfig{})
	obj := func(s string) func(*rpcserver.Request) (any, error) {
		return func(*rpcserver.Request) (any, error) { return json.RawMessage(s), nil }
	}
	for _, c := range []rpcserver.Command{
		{Name: "getnetworkinfo", Handler: obj(`{"version":300000,"timeoffset":0,"connections":3,"connections_in":1,"connections_out":2,"networks":[{"name":"ipv4","proxy":"127.0.0.1:9050"},{"name":"onion","proxy":"127.0.0.1:9050"},{"name":"ipv6","proxy":""}],"relayfee":0.00001000,"warnings":""}`)},
		{Name: "getblockchaininfo", Handler: obj(`{"chain":"regtest","blocks":200,"headers":200,"verificationprogress":1,"difficulty":4.656542373906925e-10}`)},
		{Name: "getwalletinfo", Handler: obj(`{"walletname":"","keypoolsize":1000,"paytxfee":0.00000000}`)},
		{Name: "getbalances", Handler: obj(`{"mine":{"trusted":50.00000000}}`)},
		{Name: "getnewaddress", Handler: obj(`"bcrt1qaddr"`)},
		{Name: "generatetoaddress", Args: []rpcserver.Arg{{Name: "nblocks", Type: rpcserver.ArgNumber}, {Name: "address", Type: rpcserver.ArgString},
			{Name: "maxtries", Type: rpcserver.ArgNumber, Optional: true}},
			Handler: func(r *rpcserver.Request) (any, error) {
				return []string{fmt.Sprintf("%s %s", r.Params[0], r.Params[1])}, nil
			}},
	} {
		c.Category = "test"
		c.Help = "Test."
		if err := n.table.Register(c); err != nil {
			t.Fatal(err)
		}
	}
	want := "Chain: regtest\nBlocks: 200\nHeaders: 200\nVerification progress: 100.0000%\nDifficulty: 4.656542373906925e-10\n\n" +
		"Network: in 1, out 2, total 3\nVersion: 300000\nTime offset (s): 0\nProxies: 127.0.0.1:9050 (ipv4, onion)\n" +
		"Min tx relay fee rate (BTC/kvB): 0.00001000\n\nWallet: \"\"\nKeypool size: 1000\n" +
		"Transaction fee rate (-paytxfee) (BTC/kvB): 0.00000000\n\nBalance: 50.00000000\n\nWarnings: (none)\n"
	n.cli(t, "", nil, "-getinfo").want(t, 0, want, "")
	n.cli(t, "", nil, "-getinfo", "x").want(t, 1, "", "error: -getinfo takes no arguments\n")
	n.cli(t, "", nil, "-getinfo", "-color=sometimes").want(t, 1, "", "error: Invalid value for -color option. Valid values: always, auto, never.\n")
	n.cli(t, "", nil, "-generate").want(t, 0, "{\n  \"address\": \"bcrt1qaddr\",\n  \"blocks\": [\n    \"1 \\\"bcrt1qaddr\\\"\"\n  ]\n}\n", "")
	n.cli(t, "", nil, "-generate", "3", "10").want(t, 0, "{\n  \"address\": \"bcrt1qaddr\",\n  \"blocks\": [\n    \"3 \\\"bcrt1qaddr\\\"\"\n  ]\n}\n", "")
	n.cli(t, "", nil, "-generate", "0").want(t, 1, "", "error: the first argument (number of blocks to generate, default: 1) must be an integer value greater than zero\n")
	n.cli(t, "", nil, "-generate", "1", "2", "3").want(t, 1, "", "error: too many arguments (maximum 2 for nblocks and maxtries)\n")
}

func TestAppInit(t *testing.T) {
	var out, errb bytes.Buffer
	if code := Main(context.Background(), nil, nil, &out, &errb); code != 1 || !strings.HasPrefix(out.String(), "Bitcoin Core RPC client version v30.0.0\n\nThe bitcoin-cli utility") ||
		errb.String() != "Error: too few parameters\n" || !strings.Contains(out.String(), "  -rpcwait\n") {
		t.Errorf("no args: %d %q %q", code, out.String(), errb.String())
	}
	out.Reset()
	errb.Reset()
	if code := Main(context.Background(), []string{"-version"}, nil, &out, &errb); code != 0 || out.String() != "Bitcoin Core RPC client version v30.0.0\n" {
		t.Errorf("-version: %d %q", code, out.String())
	}
	out.Reset()
	if code := Main(context.Background(), []string{"-foo", "x"}, nil, &out, &errb); code != 1 || !strings.HasSuffix(errb.String(), "Error parsing command line arguments: Invalid parameter -foo\n") {
		t.Errorf("-foo: %d %q", code, errb.String())
	}
	errb.Reset()
	if code := Main(context.Background(), []string{"-datadir=/nonexistent/dir", "x"}, nil, &out, &errb); code != 1 || errb.String() != "Error: Specified data directory \"/nonexistent/dir\" does not exist.\n" {
		t.Errorf("-datadir: %d %q", code, errb.String())
	}
}

func TestConvert(t *testing.T) {
	v, err := ConvertNamedValues("sendtoaddress", []string{"address=a", "amount=1.5", "x", "amount=2", "args=[1]"})
	if err != nil {
		t.Fatal(err)
	}
	if got := v.Write(0); got != `{"address":"a","amount":2,"args":"[1]","args":["x"]}` {
		t.Errorf("named: %s", got)
	}
	v, err = ConvertValues("sendtoaddress", []string{"a", "1.5", "c", "d", "true"})
	if err != nil || v.Write(0) != `["a",1.5,"c","d",true]` {
		t.Errorf("positional: %s %v", v.Write(0), err)
	}
	if _, err := ConvertValues("getblockhash", []string{"x"}); err == nil || err.Error() != "Error parsing JSON: x" {
		t.Errorf("bad JSON: %v", err)
	}
	if uriEncode("a b/é~") != "a%20b%2F%C3%A9~" {
		t.Errorf("uriEncode: %s", uriEncode("a b/é~"))
	}
	if !errors.Is(&net.OpError{Err: os.NewSyscallError("connect", syscall.ENOENT)}, syscall.ENOENT) {
		t.Error("errno unwrapping")
	}
}
