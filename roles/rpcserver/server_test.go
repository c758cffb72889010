package rpcserver

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

type testServer struct {
	*Server
	url  string
	logs []string
	mu   sync.Mutex
}

func startServer(t *testing.T, cfg ServerConfig, tb *Table) *testServer {
	t.Helper()
	ts := &testServer{}
	cfg.Binds = []string{"127.0.0.1"}
	cfg.AllowIP = []string{"127.0.0.1"}
	cfg.AuthFailDelay = -1
	cfg.Log = func(cat, format string, args ...any) {
		ts.mu.Lock()
		ts.logs = append(ts.logs, cat+"|"+fmt.Sprintf(format, args...))
		ts.mu.Unlock()
	}
	s, err := NewServer(cfg, tb)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	ts.Server = s
	ts.url = "http://" + s.Addrs()[0].String()
	t.Cleanup(func() { _ = s.Stop(context.Background()) })
	return ts
}

func (ts *testServer) hasLog(sub string) bool {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	for _, l := range ts.logs {
		if strings.Contains(l, sub) {
			return true
		}
	}
	return false
}

func post(t *testing.T, url, user, pass, body string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if user != "" || pass != "" {
		req.SetBasicAuth(user, pass)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

func whoTable(t *testing.T) *Table {
	tb := NewTable()
	if err := tb.Register(Command{Name: "whoami", Category: "test", Help: "Who.",
		Handler: func(r *Request) (any, error) { return r.User + " " + r.URI, nil }}); err != nil {
		t.Fatal(err)
	}
	return tb
}

func TestServerCookie(t *testing.T) {
	dir := t.TempDir()
	cookie := filepath.Join(dir, ".cookie")
	ts := startServer(t, ServerConfig{CookieFile: cookie}, whoTable(t))
	fi, err := os.Stat(cookie)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("cookie perms %v", fi.Mode().Perm())
	}
	line, err := ReadCookie(cookie)
	if err != nil {
		t.Fatal(err)
	}
	user, pass, _ := strings.Cut(line, ":")
	if user != CookieUser || len(pass) != 64 {
		t.Fatalf("cookie %q", line)
	}
	resp, body := post(t, ts.url+"/", user, pass, `{"method":"whoami","id":1}`)
	if resp.StatusCode != 200 || body != `{"result":"__cookie__ /","error":null,"id":1}`+"\n" {
		t.Errorf("cookie call: %d %s", resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("content type %q", ct)
	}
	resp, body = post(t, ts.url+"/wallet/w%201", user, pass, `{"method":"whoami","id":1}`)
	if resp.StatusCode != 200 || !strings.Contains(body, `"__cookie__ /wallet/w%201"`) {
		t.Errorf("wallet call: %d %s", resp.StatusCode, body)
	}
	resp, _ = post(t, ts.url+"/", user, "wrong", `{"method":"whoami","id":1}`)
	if resp.StatusCode != 401 || resp.Header.Get("WWW-Authenticate") != `Basic realm="jsonrpc"` {
		t.Errorf("wrong password: %d %v", resp.StatusCode, resp.Header)
	}
	if !ts.hasLog("ThreadRPCServer incorrect password attempt from 127.0.0.1:") {
		t.Errorf("no log of the failed login: %v", ts.logs)
	}
	resp, _ = post(t, ts.url+"/", "", "", `{"method":"whoami","id":1}`)
	if resp.StatusCode != 401 {
		t.Errorf("no auth: %d", resp.StatusCode)
	}
	resp, _ = post(t, ts.url+"/other", user, pass, `{}`)
	if resp.StatusCode != 404 {
		t.Errorf("other path: %d", resp.StatusCode)
	}
	getResp, err := http.Get(ts.url + "/")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(getResp.Body)
	getResp.Body.Close()
	if getResp.StatusCode != 405 || string(b) != "JSONRPC server handles only POST requests" {
		t.Errorf("GET: %d %q", getResp.StatusCode, b)
	}
	for _, want := range []string{"|Binding RPC on address 127.0.0.1 port 0", "|Using random cookie authentication.", "|Generated RPC authentication cookie " + cookie, "|Permissions used for cookie: rw-------"} {
		if !ts.hasLog(want) {
			t.Errorf("missing log %q in %v", want, ts.logs)
		}
	}
	if err := ts.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(cookie); !os.IsNotExist(err) {
		t.Errorf("cookie left behind: %v", err)
	}
}

func TestServerPasswordAndRPCAuth(t *testing.T) {
	salt := "cb77f0957de88ff388cf817ddbc7273"
	auth := "alice:" + salt + "$" + hmacHex(salt, "secret")
	ts := startServer(t, ServerConfig{User: "bob", Password: "pw", Auth: []string{auth}, CookieFile: filepath.Join(t.TempDir(), ".cookie"),
		Whitelist: []string{"alice:whoami", "bob:help"}}, whoTable(t))
	resp, body := post(t, ts.url+"/", "alice", "secret", `{"method":"whoami","id":1}`)
	if resp.StatusCode != 200 || !strings.Contains(body, `"alice /"`) {
		t.Errorf("rpcauth: %d %s", resp.StatusCode, body)
	}
	resp, _ = post(t, ts.url+"/", "bob", "pw", `{"method":"whoami","id":1}`)
	if resp.StatusCode != 403 {
		t.Errorf("whitelist: %d", resp.StatusCode)
	}
	resp, _ = post(t, ts.url+"/", "bob", "pw", `[{"method":"help","id":1},{"method":"whoami","id":2}]`)
	if resp.StatusCode != 403 {
		t.Errorf("whitelist batch: %d", resp.StatusCode)
	}
	resp, _ = post(t, ts.url+"/", "bob", "pw", `{"method":"help","id":1}`)
	if resp.StatusCode != 200 {
		t.Errorf("whitelisted method: %d", resp.StatusCode)
	}
	resp, _ = post(t, ts.url+"/", "alice", "pw", `{"method":"whoami","id":1}`)
	if resp.StatusCode != 401 {
		t.Errorf("cross password: %d", resp.StatusCode)
	}
	if _, err := os.Stat(filepath.Join(t.TempDir(), ".cookie")); !os.IsNotExist(err) {
		t.Errorf("cookie written despite -rpcpassword")
	}
	if !ts.hasLog("|Using rpcauth authentication.") || !ts.hasLog("warning|The use of rpcuser/rpcpassword is less secure") {
		t.Errorf("logs: %v", ts.logs)
	}
	if _, err := NewServer(ServerConfig{Auth: []string{"nosalt"}}, whoTable(t)); err == nil {
		t.Error("bad -rpcauth accepted")
	}
}

func TestServerWorkQueue(t *testing.T) {
	tb := NewTable()
	release := make(chan struct{})
	started := make(chan struct{}, 4)
	if err := tb.Register(Command{Name: "block", Help: "Blocks.", Handler: func(*Request) (any, error) {
		started <- struct{}{}
		<-release
		return nil, nil
	}}); err != nil {
		t.Fatal(err)
	}
	ts := startServer(t, ServerConfig{User: "u", Password: "p", Threads: 1, WorkQueue: 1}, tb)
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodPost, ts.url+"/", strings.NewReader(`{"method":"block","id":1}`))
			req.SetBasicAuth("u", "p")
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
			}
		}()
	}
	<-started
	deadline := time.Now().Add(5 * time.Second)
	for len(ts.waiting) == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	resp, body := post(t, ts.url+"/", "u", "p", `{"method":"block","id":1}`)
	if resp.StatusCode != 503 || !strings.Contains(body, "Work queue depth exceeded") {
		t.Errorf("queue full: %d %q", resp.StatusCode, body)
	}
	close(release)
	wg.Wait()
}

func TestBindRules(t *testing.T) {
	s, err := NewServer(ServerConfig{Binds: []string{"0.0.0.0"}, Port: 18443}, NewTable())
	if err != nil {
		t.Fatal(err)
	}
	eps, err := s.endpoints()
	if err != nil || len(eps) != 2 || eps[0] != (endpoint{"::1", 18443}) || eps[1] != (endpoint{"127.0.0.1", 18443}) {
		t.Errorf("-rpcbind without -rpcallowip: %v %v", eps, err)
	}
	s, _ = NewServer(ServerConfig{Binds: []string{"[::1]:1234", "10.0.0.1"}, AllowIP: []string{"10.0.0.0/8"}, Port: 18443}, NewTable())
	eps, err = s.endpoints()
	if err != nil || len(eps) != 2 || eps[0] != (endpoint{"::1", 1234}) || eps[1] != (endpoint{"10.0.0.1", 18443}) {
		t.Errorf("explicit binds: %v %v", eps, err)
	}
	if _, err := NewServer(ServerConfig{AllowIP: []string{"host.example"}}, NewTable()); err == nil {
		t.Error("bad -rpcallowip accepted")
	}
}

func TestSplitHostPort(t *testing.T) {
	for _, tc := range []struct {
		in   string
		host string
		port uint16
		ok   bool
	}{
		{"127.0.0.1", "127.0.0.1", 7, true}, {"127.0.0.1:80", "127.0.0.1", 80, true}, {"::1", "::1", 7, true},
		{"[::1]:80", "::1", 80, true}, {"[::1]", "::1", 7, true}, {"host:0", "", 0, false}, {"host:x", "", 0, false},
		{":80", "", 80, true},
	} {
		h, p, err := SplitHostPort(tc.in, 7)
		if (err == nil) != tc.ok || (tc.ok && (h != tc.host || p != tc.port)) {
			t.Errorf("SplitHostPort(%q) = %q %d %v", tc.in, h, p, err)
		}
	}
}

func TestParseSubnet(t *testing.T) {
	for in, want := range map[string]string{
		"1.2.3.4": "1.2.3.4/32", "1.2.3.4/24": "1.2.3.0/24", "1.2.3.4/255.255.0.0": "1.2.0.0/16",
		"::/0": "::/0", "0.0.0.0/0": "0.0.0.0/0", "fe80::1/ffff::": "fe80::/16", "::ffff:1.2.3.4": "1.2.3.4/32",
	} {
		p, err := ParseSubnet(in)
		if err != nil || p.String() != want {
			t.Errorf("ParseSubnet(%q) = %v %v, want %s", in, p, err, want)
		}
	}
	for _, in := range []string{"1.2.3.4/33", "1.2.3.4/255.0.255.0", "1.2.3.4/ffff::", "example.com", "1.2.3.4/x"} {
		if _, err := ParseSubnet(in); err == nil {
			t.Errorf("ParseSubnet(%q) accepted", in)
		}
	}
	l, _ := newAllowList([]string{"10.0.0.0/8"})
	for addr, want := range map[string]bool{"127.1.2.3": true, "::1": true, "10.1.1.1": true, "11.0.0.1": false, "::ffff:10.0.0.1": true} {
		if got := l.allowed(mustAddr(addr)); got != want {
			t.Errorf("allowed(%s) = %v", addr, got)
		}
	}
}

func TestSymbolicPerms(t *testing.T) {
	if got := SymbolicPerms(0o640); got != "rw-r-----" {
		t.Errorf("got %s", got)
	}
}

func mustAddr(s string) netip.Addr { return netip.MustParseAddr(s) }

func TestWalletNameAndAmount(t *testing.T) {
	for uri, want := range map[string]string{"/wallet/w%201": "w 1", "/wallet/": "", "/wallet/a+b%2": "a+b%2", "/wallet/%e2%82%ac": "€"} {
		if got, ok := WalletNameFromURI(uri); !ok || got != want {
			t.Errorf("WalletNameFromURI(%q) = %q %v", uri, got, ok)
		}
	}
	if _, ok := WalletNameFromURI("/"); ok {
		t.Error("/ has a wallet")
	}
	for sat, want := range map[int64]string{0: "0.00000000", 10000: "0.00010000", -150000000: "-1.50000000", 2100000000000000: "21000000.00000000", -9223372036854775808: "-92233720368.54775808"} {
		if got := ValueFromAmount(sat).Write(0); got != want {
			t.Errorf("ValueFromAmount(%d) = %s", sat, got)
		}
	}
}

func TestLongCallOutlivesServerTimeout(t *testing.T) {
	tb := NewTable()
	if err := tb.Register(Command{Name: "slow", Help: "Slow.", Handler: func(r *Request) (any, error) {
		select {
		case <-time.After(600 * time.Millisecond):
			return "done", nil
		case <-r.Context.Done():
			return nil, r.Context.Err()
		}
	}}); err != nil {
		t.Fatal(err)
	}
	ts := startServer(t, ServerConfig{User: "u", Password: "p", ServerTimeout: 200 * time.Millisecond}, tb)
	resp, body := post(t, ts.url+"/", "u", "p", `{"method":"slow","id":1}`)
	if resp.StatusCode != 200 || body != `{"result":"done","error":null,"id":1}`+"\n" {
		t.Errorf("slow call: %d %s", resp.StatusCode, body)
	}
}

func TestRequestLineLimit(t *testing.T) {
	ts := startServer(t, ServerConfig{User: "u", Password: "p"}, NewTable())
	for n, want := range map[int]int{1000: 404, 10000: 400} {
		resp, err := http.Get(ts.url + "/" + strings.Repeat("x", n))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("URI of %d: %d, want %d", n, resp.StatusCode, want)
		}
	}
}
