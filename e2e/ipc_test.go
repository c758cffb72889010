package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mpbitcoin/mpbitcoin/capnp/messages"
	"github.com/mpbitcoin/mpbitcoin/ipc"
)

func TestIPCBind(t *testing.T) {
	t.Parallel()
	n := startNode(t, "bitcoin-node", "-disablewallet", "-ipcbind=unix", "-ipcbind=unix:sub/x.sock", "-debug=ipc")
	sock := filepath.Join(n.netDir(), "node.sock")
	for _, p := range []string{sock, filepath.Join(n.netDir(), "sub", "x.sock")} {
		if !filepath.IsAbs(p) {
			t.Fatalf("socket path %s is not absolute", p)
		}
		st, err := os.Stat(p)
		if err != nil {
			t.Fatalf("socket %s: %v", p, err)
		}
		if st.Mode()&os.ModeSocket == 0 || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want a socket with 0600", p, st.Mode())
		}
		if !strings.Contains(n.debugLog(), "Listening for IPC requests on address unix:"+p+"\n") {
			t.Errorf("no listening line for %s", p)
		}
	}

	// A Go client: pipelined construct → makeThread → makeEcho → echo.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := ipc.Dial(ctx, &ipc.Process{Exe: "e2e", Pid: os.Getpid()}, sock)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Handshake(ctx, "e2e")
	var got string
	err = c.Do(func() error {
		ef, rel := c.Init.MakeEcho(ctx, func(p messages.Init_makeEcho_Params) error { return c.SetContext(p.NewContext) })
		defer rel()
		rf, rel2 := ef.Result().Echo(ctx, func(p messages.Echo_echo_Params) error {
			if err := c.SetContext(p.NewContext); err != nil {
				return err
			}
			return p.SetEcho("hallo")
		})
		defer rel2()
		res, err := rf.Struct()
		if err != nil {
			return err
		}
		got, err = res.Result()
		return err
	})
	if err != nil || got != "hallo" {
		t.Fatalf("echo over -ipcbind: %q, %v", got, err)
	}

	// bitcoin-cli through Init.makeRpc → Rpc.executeRpc, on both sockets.
	up := n.cli("-ipcconnect=unix", "uptime")
	if v, err := strconv.Atoi(up); err != nil || v < 0 {
		t.Errorf("bitcoin-cli -ipcconnect=unix uptime = %q", up)
	}
	if out := n.cli("-ipcconnect=unix:sub/x.sock", "echo", "x", "y"); !strings.Contains(out, `"y"`) {
		t.Errorf("cli over IPC (relative path): %q", out)
	}
	if !strings.Contains(n.debugLog(), "Rpc.executeRpc$Params") {
		t.Error("executeRpc not in the IPC log")
	}

	// Garbage on the socket: the connection is dropped, the node lives.
	for _, junk := range [][]byte{
		bytes.Repeat([]byte{0xff, 0x13, 0x00, 0x42}, 1024),
		{0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff, 0x7f}, // absurd segment count
		[]byte("GET / HTTP/1.0\r\n\r\n"),
	} {
		g, err := net.Dial("unix", sock)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = g.Write(junk)
		g.Close()
	}
	n.cli("uptime")
	if out := n.cli("-ipcconnect=unix", "uptime"); out == "" {
		t.Error("IPC RPC after garbage returned nothing")
	}
	for _, bad := range []string{"panic", "goroutine "} {
		if strings.Contains(n.debugLog(), bad) || strings.Contains(n.stderr.String(), bad) {
			t.Errorf("%q in debug.log or stderr after garbage: %q", bad, n.stderr.String())
		}
	}
}

func TestIPCBindErrors(t *testing.T) {
	t.Parallel()
	nodeArgs := func(extra ...string) []string {
		return append([]string{"-regtest", "-datadir=" + t.TempDir(), fmt.Sprintf("-rpcport=%d", freePort(t)),
			fmt.Sprintf("-port=%d", freePort(t)), "-bind=127.0.0.1"}, extra...)
	}
	for _, long := range []string{
		"unix:/tmp/" + strings.Repeat("x", 120) + ".sock",
		"unix:" + strings.Repeat("d/", 60) + "x.sock", // relative, too long once resolved
	} {
		code, out := run(t, "bitcoin-node", nodeArgs("-ipcbind="+long)...)
		if code != 1 || !strings.HasPrefix(out, "Error: ") || !strings.Contains(out, "exceeded maximum socket path length") {
			t.Errorf("long path %s: %d %q", long, code, out)
		}
	}
	code, out := run(t, "bitcoin-node", nodeArgs("-ipcbind=tcp:127.0.0.1:1")...)
	if code != 1 || !strings.Contains(out, "Unrecognized address 'tcp:127.0.0.1:1'") {
		t.Errorf("tcp: %d %q", code, out)
	}
	code, out = run(t, "bitcoind", "-regtest", "-datadir="+t.TempDir(), "-ipcbind=unix")
	if code != 1 || !strings.Contains(out, "Invalid parameter -ipcbind") {
		t.Errorf("bitcoind -ipcbind: %d %q", code, out)
	}
}

func TestBadRPCInput(t *testing.T) {
	t.Parallel()
	n := startNode(t, "bitcoin-node", "-disablewallet")
	user, pass := n.cookie()
	post := func(body, u, p string) (int, map[string]any) {
		t.Helper()
		status, m, err := n.post(body, u, p)
		if err != nil {
			t.Fatal(err)
		}
		return status, m
	}
	status, m := post(`{"method": "uptime", `, user, pass)
	if e, _ := m["error"].(map[string]any); status != 500 || e == nil || e["code"] != float64(-32700) {
		t.Errorf("malformed JSON: %d %v", status, m)
	}
	if status, m := post(`{"method":"uptime"}`, user, pass); status != 200 || m["error"] != nil {
		t.Errorf("node not answering after malformed JSON: %d %v", status, m)
	}
	status, _ = post(`{"method":"uptime"}`, user, "wrong")
	if status != 401 {
		t.Errorf("wrong password: %d", status)
	}
	status, m = post(`{"jsonrpc":"2.0","id":1,"method":"nosuchmethod"}`, user, pass)
	if e, _ := m["error"].(map[string]any); status != 200 || e == nil || e["code"] != float64(-32601) {
		t.Errorf("unknown method (2.0): %d %v", status, m)
	}
	code, out, err := n.cliCode("-rpcuser=x", "-rpcpassword=y", "uptime")
	if err != nil || code != 1 || !strings.Contains(out, "Incorrect rpcuser or rpcpassword") {
		t.Errorf("cli wrong password: exit %d %v %q", code, err, out)
	}
	n.cli("uptime")
}
