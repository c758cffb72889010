package walletbench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// binDir is the directory of the binary and its role symlinks.
func binDir(t *testing.T) string {
	t.Helper()
	d := os.Getenv("MPBITCOIN_BENCH_BIN")
	if d == "" {
		d = "../../build/bin"
	}
	d, err := filepath.Abs(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []string{"bitcoind", "bitcoin-node", "bitcoin-wallet"} {
		if _, err := os.Stat(filepath.Join(d, r)); err != nil {
			t.Fatalf("built binary missing (%v): run `make build` first", err)
		}
	}
	return d
}

// freePort returns a loopback port that could be bound just now.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// lockedBuffer collects a process's stderr.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// node is a started bitcoind or bitcoin-node with a keep-alive JSON-RPC
// client.
type node struct {
	t       *testing.T
	role    string
	datadir string
	url     string
	user    string
	pass    string
	cmd     *exec.Cmd
	stderr  lockedBuffer
	exited  chan struct{}
	client  *http.Client
	dials   atomic.Int64 // TCP connections the client opened (successfully)
}

// startNode starts role on a fresh regtest datadir and waits until its
// RPC answers.
func startNode(t *testing.T, role string, extra ...string) *node {
	t.Helper()
	n := &node{t: t, role: role, datadir: t.TempDir(), exited: make(chan struct{})}
	port := freePort(t)
	n.url = fmt.Sprintf("http://127.0.0.1:%d", port)
	args := append([]string{"-regtest", "-datadir=" + n.datadir, fmt.Sprintf("-rpcport=%d", port),
		"-rpcbind=127.0.0.1", "-rpcallowip=127.0.0.1", "-listen=0", "-fallbackfee=0.0002"}, extra...)
	n.cmd = exec.Command(filepath.Join(binDir(t), role), args...)
	n.cmd.Stderr = &n.stderr
	n.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := n.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = n.cmd.Wait(); close(n.exited) }()
	t.Cleanup(n.stop)
	dialer := &net.Dialer{}
	n.client = &http.Client{Transport: &http.Transport{
		MaxIdleConnsPerHost: 2,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := dialer.DialContext(ctx, network, addr)
			if err == nil {
				n.dials.Add(1)
			}
			return c, err
		},
	}}
	deadline := time.Now().Add(60 * time.Second)
	for {
		if n.user == "" {
			if b, err := os.ReadFile(filepath.Join(n.datadir, "regtest", ".cookie")); err == nil {
				n.user, n.pass, _ = strings.Cut(strings.TrimSpace(string(b)), ":")
			}
		}
		if n.user != "" {
			if _, err := n.callErr("", "getblockcount"); err == nil {
				return n
			}
		}
		select {
		case <-n.exited:
			t.Fatalf("%s exited during start-up: %s", role, n.stderr.String())
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: RPC not up after 60 s: %s", role, n.stderr.String())
		}
	}
}

// stop asks the node to stop, and kills its process group (the node and
// its wallet child) if it has not exited after 30 s.
func (n *node) stop() {
	select {
	case <-n.exited:
		return
	default:
	}
	_, _ = n.callErr("", "stop")
	select {
	case <-n.exited:
	case <-time.After(30 * time.Second):
		n.t.Logf("%s did not stop; killing process group %d", n.role, n.cmd.Process.Pid)
		_ = syscall.Kill(-n.cmd.Process.Pid, syscall.SIGKILL)
		<-n.exited
	}
}

// rpcError is a JSON-RPC error reply.
type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func (e *rpcError) Error() string { return fmt.Sprintf("RPC error %d: %s", e.Code, e.Message) }

// callErr sends one JSON-RPC request to the node (to /wallet/<wallet>
// unless wallet is "") on the keep-alive client and returns the result.
func (n *node) callErr(wallet, method string, params ...any) (json.RawMessage, error) {
	if params == nil {
		params = []any{}
	}
	body, err := json.Marshal(map[string]any{"jsonrpc": "1.0", "id": 1, "method": method, "params": params})
	if err != nil {
		return nil, err
	}
	url := n.url + "/"
	if wallet != "" {
		url = n.url + "/wallet/" + wallet
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "POST", url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth(n.user, n.pass)
	req.Header.Set("Content-Type", "application/json")
	resp, err := n.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	var out struct {
		Result json.RawMessage `json:"result"`
		Error  *rpcError       `json:"error"`
	}
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("%s: status %d, unreadable reply %q", method, resp.StatusCode, b)
	}
	if out.Error != nil {
		return nil, out.Error
	}
	return out.Result, nil
}

// call is callErr that fails the test on error.
func (n *node) call(wallet, method string, params ...any) json.RawMessage {
	n.t.Helper()
	r, err := n.callErr(wallet, method, params...)
	if err != nil {
		n.t.Fatalf("%s: %s %v: %v", n.role, method, params, err)
	}
	return r
}

// decode unmarshals an RPC result into v.
func (n *node) decode(raw json.RawMessage, v any) {
	n.t.Helper()
	if err := json.Unmarshal(raw, v); err != nil {
		n.t.Fatalf("%s: %v in %s", n.role, err, raw)
	}
}

// str calls a method whose result is a JSON string.
func (n *node) str(wallet, method string, params ...any) string {
	n.t.Helper()
	var s string
	n.decode(n.call(wallet, method, params...), &s)
	return s
}
