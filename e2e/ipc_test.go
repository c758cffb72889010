package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mpbitcoin/mpbitcoin/capnp/messages"
	"github.com/mpbitcoin/mpbitcoin/ipc"
)

func TestIPCBind(t *testing.T) {
	t.Parallel()
	n := startNode(t, "bitcoin-node", "-disablewallet", "-ipcbind=unix", "-ipcbind=unix:sub/other.sock", "-debug=ipc")
	sock := filepath.Join(n.netDir(), "node.sock")
	for _, p := range []string{sock, filepath.Join(n.netDir(), "sub", "other.sock")} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatalf("socket %s: %v", p, err)
		}
		if st.Mode()&os.ModeSocket == 0 || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want a socket with 0600", p, st.Mode())
		}
		if !strings.Contains(n.debugLog(), "Listening for IPC requests on address unix:"+p) {
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

	// bitcoin-cli through Init.makeRpc → Rpc.executeRpc.
	if out := n.cli("-ipcconnect=unix", "echo", "x", "y"); !strings.Contains(out, `"y"`) {
		t.Errorf("cli over IPC: %q", out)
	}
	if !strings.Contains(n.debugLog(), "Rpc.executeRpc$Params") {
		t.Error("executeRpc not in the IPC log")
	}

	// Garbage on the socket: the connection is dropped, the node lives.
	g, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = g.Write(bytes.Repeat([]byte{0xff, 0x13, 0x00, 0x42}, 1024))
	g.Close()
	n.cli("uptime")
	if strings.Contains(n.debugLog(), "panic") {
		t.Error("panic in debug.log after garbage")
	}
}

func TestIPCBindErrors(t *testing.T) {
	t.Parallel()
	long := "unix:/tmp/" + strings.Repeat("x", 120) + ".sock"
	code, out := run(t, "bitcoin-node", "-regtest", "-datadir="+t.TempDir(), "-ipcbind="+long, fmt.Sprintf("-rpcport=%d", freePort(t)))
	if code != 1 || !strings.Contains(out, "exceeded maximum socket path length") {
		t.Errorf("long path: %d %q", code, out)
	}
	code, out = run(t, "bitcoin-node", "-regtest", "-datadir="+t.TempDir(), "-ipcbind=tcp:127.0.0.1:1", fmt.Sprintf("-rpcport=%d", freePort(t)))
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
	cookie, err := os.ReadFile(filepath.Join(n.netDir(), ".cookie"))
	if err != nil {
		t.Fatal(err)
	}
	user, pass, _ := strings.Cut(string(cookie), ":")
	post := func(body, u, p string) (int, map[string]any) {
		req, _ := http.NewRequest("POST", fmt.Sprintf("http://127.0.0.1:%d/", n.rpcPort), strings.NewReader(body))
		req.SetBasicAuth(u, p)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		var m map[string]any
		_ = json.Unmarshal(b, &m)
		return resp.StatusCode, m
	}
	status, m := post(`{"method": "uptime", `, user, pass)
	if e, _ := m["error"].(map[string]any); status != 500 || e == nil || e["code"] != float64(-32700) {
		t.Errorf("malformed JSON: %d %v", status, m)
	}
	status, _ = post(`{"method":"uptime"}`, user, "wrong")
	if status != 401 {
		t.Errorf("wrong password: %d", status)
	}
	status, m = post(`{"jsonrpc":"2.0","id":1,"method":"nosuchmethod"}`, user, pass)
	if e, _ := m["error"].(map[string]any); status != 200 || e == nil || e["code"] != float64(-32601) {
		t.Errorf("unknown method (2.0): %d %v", status, m)
	}
	out, err := n.cliErr("-rpcuser=x", "-rpcpassword=y", "uptime")
	if err == nil || !strings.Contains(out, "Incorrect rpcuser or rpcpassword") {
		t.Errorf("cli wrong password: %v %q", err, out)
	}
	n.cli("uptime")
}
