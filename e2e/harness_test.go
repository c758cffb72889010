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
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// binDir is where `make build` puts the binary and its symlinks.
func binDir(t *testing.T) string {
	t.Helper()
	d, err := filepath.Abs("../build/bin")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"bitcoin", "bitcoind", "bitcoin-node", "bitcoin-wallet", "bitcoin-gui", "bitcoin-cli", "bitcoin-echo"} {
		if _, err := os.Stat(filepath.Join(d, name)); err != nil {
			t.Fatalf("built binary missing (%v): run `make build` first (make test does it)", err)
		}
	}
	return d
}

// nextPort hands out ports below the kernel's ephemeral range (32768+),
// so that no outgoing connection of a running node can take a port the
// test is about to give another node (a port from net.Listen on
// 127.0.0.1:0 is ephemeral and can be). Start points differ per test
// process.
var nextPort atomic.Int32

// freePort returns a loopback port in [20000, 32000) that net.Listen could
// bind right now.
func freePort(t *testing.T) int {
	t.Helper()
	nextPort.CompareAndSwap(0, int32(20000+(os.Getpid()%1000)*10))
	for i := 0; i < 2000; i++ {
		p := int(nextPort.Add(1))
		if p >= 32000 {
			nextPort.Store(20000)
			continue
		}
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
		if err != nil {
			continue
		}
		l.Close()
		return p
	}
	t.Fatal("no free port")
	return 0
}

// syncBuffer is a bytes.Buffer a process may write while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func (s *syncBuffer) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Len()
}

// node is a started bitcoin-node/bitcoind process.
type node struct {
	t       *testing.T
	bin     string
	datadir string
	rpcPort int
	cmd     *exec.Cmd
	stderr  syncBuffer
	exited  chan struct{}
}

// start runs n.cmd in its own process group, collects its stderr, and
// registers the clean-up that kills it and everything it started.
func (n *node) start() {
	n.t.Helper()
	n.exited = make(chan struct{})
	n.cmd.Stderr = &n.stderr
	n.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := n.cmd.Start(); err != nil {
		n.t.Fatal(err)
	}
	go func() { _ = n.cmd.Wait(); close(n.exited) }()
	n.t.Cleanup(n.kill)
}

// startNode starts role (e.g. "bitcoin-node") on a fresh regtest datadir
// with extra args, and waits until RPC answers.
func startNode(t *testing.T, role string, extra ...string) *node {
	t.Helper()
	n := &node{t: t, bin: binDir(t), datadir: t.TempDir(), rpcPort: freePort(t)}
	args := append([]string{"-regtest", "-datadir=" + n.datadir, fmt.Sprintf("-rpcport=%d", n.rpcPort),
		fmt.Sprintf("-port=%d", freePort(t)), "-bind=127.0.0.1"}, extra...)
	n.cmd = exec.Command(filepath.Join(n.bin, role), args...)
	n.start()
	n.waitRPC(role)
	return n
}

// waitRPC waits until bitcoin-cli uptime answers (at most 20 s).
func (n *node) waitRPC(what string) {
	n.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, err := n.cliErr("uptime"); err == nil {
			return
		}
		select {
		case <-n.exited:
			n.t.Fatalf("%s exited during start-up (status %d): %s", what, n.cmd.ProcessState.ExitCode(), n.stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			n.t.Fatalf("%s: RPC not up after 20 s; stderr %q", what, n.stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// kill ends the node and every process it started. While the node runs
// (it leads its own process group) the whole group is killed. Once it has
// exited its group id may be reused, so only orphans of that group (not
// leaders, not children of a live leader) are killed.
func (n *node) kill() {
	pid := n.cmd.Process.Pid
	select {
	case <-n.exited:
		for _, p := range orphansOfGroup(pid) {
			n.t.Logf("killing leftover process %d %q of exited node %d", p, cmdline(p), pid)
			_ = syscall.Kill(p, syscall.SIGKILL)
		}
		return
	default:
	}
	for _, c := range descendants(pid) {
		_ = syscall.Kill(c, syscall.SIGKILL)
	}
	_ = syscall.Kill(-pid, syscall.SIGKILL)
	_ = n.cmd.Process.Kill()
	select {
	case <-n.exited:
	case <-time.After(10 * time.Second):
		n.t.Errorf("process %d did not die after SIGKILL", pid)
	}
}

func (n *node) netDir() string { return filepath.Join(n.datadir, "regtest") }

// cliArgs are the connection options bitcoin-cli needs for this node.
func (n *node) cliArgs() []string {
	return []string{"-regtest", "-datadir=" + n.datadir, fmt.Sprintf("-rpcport=%d", n.rpcPort)}
}

// cliErr runs bitcoin-cli against the node (at most 30 s).
func (n *node) cliErr(args ...string) (string, error) {
	code, out, err := n.cliCode(args...)
	if err == nil && code != 0 {
		err = fmt.Errorf("exit status %d", code)
	}
	return out, err
}

// cliCode runs bitcoin-cli and returns its exit status and combined output;
// err is set only when it could not run.
func (n *node) cliCode(args ...string) (int, string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(n.bin, "bitcoin-cli"), append(n.cliArgs(), args...)...)
	out, err := cmd.CombinedOutput()
	if cmd.ProcessState == nil {
		return -1, "", err
	}
	if ctx.Err() != nil {
		return -1, string(out), fmt.Errorf("bitcoin-cli %v timed out", args)
	}
	return cmd.ProcessState.ExitCode(), strings.TrimSpace(string(out)), nil
}

func (n *node) cli(args ...string) string {
	n.t.Helper()
	out, err := n.cliErr(args...)
	if err != nil {
		n.t.Fatalf("bitcoin-cli %v: %v: %s", args, err, out)
	}
	return out
}

// cookie returns the user and password in <datadir>/regtest/.cookie.
func (n *node) cookie() (string, string) {
	n.t.Helper()
	b, err := os.ReadFile(filepath.Join(n.netDir(), ".cookie"))
	if err != nil {
		n.t.Fatal(err)
	}
	u, p, ok := strings.Cut(strings.TrimSpace(string(b)), ":")
	if !ok {
		n.t.Fatalf("malformed cookie %q", b)
	}
	return u, p
}

// post sends body to the node's JSON-RPC port over HTTP with basic auth
// (at most 10 s) and returns the status and the decoded reply.
func (n *node) post(body, user, pass string) (int, map[string]any, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "POST", fmt.Sprintf("http://127.0.0.1:%d/", n.rpcPort), strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.SetBasicAuth(user, pass)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, nil, err
	}
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return resp.StatusCode, m, nil
}

func (n *node) debugLog() string {
	b, _ := os.ReadFile(filepath.Join(n.netDir(), "debug.log"))
	return string(b)
}

// waitExit waits for the node to exit and returns its status.
func (n *node) waitExit(d time.Duration) int {
	n.t.Helper()
	select {
	case <-n.exited:
		return n.cmd.ProcessState.ExitCode()
	case <-time.After(d):
		n.t.Fatalf("node did not exit within %s", d)
		return -1
	}
}

// children lists the pids whose parent is pid.
func children(pid int) []int {
	var out []int
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	for _, f := range tasks {
		b, _ := os.ReadFile(f)
		for _, s := range strings.Fields(string(b)) {
			if c, err := strconv.Atoi(s); err == nil {
				out = append(out, c)
			}
		}
	}
	return out
}

// descendants lists pid's children, grandchildren, … (deepest last).
func descendants(pid int) []int {
	var out []int
	for _, c := range children(pid) {
		out = append(out, c)
		out = append(out, descendants(c)...)
	}
	return out
}

// procStat returns the fields of /proc/<pid>/stat after the command name
// (index 0 is the state, 1 the ppid, 2 the process group).
func procStat(pid int) []string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return nil
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return nil
	}
	return strings.Fields(s[i+1:])
}

// orphansOfGroup lists live processes of process group pgid whose parent
// is not pgid and which do not lead the group: what a dead leader left.
func orphansOfGroup(pgid int) []int {
	var out []int
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		pid, err := strconv.Atoi(filepath.Base(d))
		if err != nil || pid == pgid {
			continue
		}
		f := procStat(pid)
		if len(f) < 3 || f[0] == "Z" || f[2] != strconv.Itoa(pgid) || f[1] == strconv.Itoa(pgid) {
			continue
		}
		out = append(out, pid)
	}
	return out
}

// cmdline returns a process's argv.
func cmdline(pid int) []string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil {
		return nil
	}
	return strings.Split(strings.TrimRight(string(b), "\x00"), "\x00")
}

// childrenNamed returns n's children whose argv[0] is name.
func (n *node) childrenNamed(name string) []int {
	var out []int
	for _, c := range children(n.cmd.Process.Pid) {
		if a := cmdline(c); len(a) > 0 && a[0] == name && alive(c) {
			out = append(out, c)
		}
	}
	return out
}

// walletChild returns the pid of the node's bitcoin-wallet child, or 0.
func (n *node) walletChild() int {
	if c := n.childrenNamed("bitcoin-wallet"); len(c) > 0 {
		return c[0]
	}
	return 0
}

func alive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	f := procStat(pid)
	return len(f) > 0 && f[0] != "Z"
}

// eventually polls cond until it holds or d passes.
func eventually(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", d, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// run runs the binary under name with args (at most 20 s) and returns its
// exit code and combined output.
func run(t *testing.T, name string, args ...string) (int, string) {
	t.Helper()
	out, code := runPath(t, filepath.Join(binDir(t), name), args...)
	return code, out
}

// runPath runs an executable by path (at most 20 s) in its own process
// group, which is killed on time-out.
func runPath(t *testing.T, path string, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	if cmd.ProcessState == nil {
		t.Fatalf("running %s: %v", path, err)
	}
	if ctx.Err() != nil {
		t.Fatalf("%s %q did not finish within 20 s: %s", filepath.Base(path), args, out)
	}
	return string(out), cmd.ProcessState.ExitCode()
}

// startWrapped starts `bitcoin ARGS… -regtest …` (the wrapper) and waits
// for RPC.
func startWrapped(t *testing.T, wrapperArgs ...string) *node {
	t.Helper()
	n := &node{t: t, bin: binDir(t), datadir: t.TempDir(), rpcPort: freePort(t)}
	args := append(append([]string{}, wrapperArgs...), "-regtest", "-datadir="+n.datadir,
		fmt.Sprintf("-rpcport=%d", n.rpcPort), fmt.Sprintf("-port=%d", freePort(t)), "-bind=127.0.0.1")
	n.cmd = exec.Command(filepath.Join(n.bin, "bitcoin"), args...)
	n.start()
	n.waitRPC(fmt.Sprintf("bitcoin %v", wrapperArgs))
	return n
}

// restart starts the same role again on n's datadir and ports.
func restart(t *testing.T, n *node) *node {
	t.Helper()
	m := &node{t: t, bin: n.bin, datadir: n.datadir, rpcPort: n.rpcPort}
	m.cmd = exec.Command(n.cmd.Path, n.cmd.Args[1:]...)
	m.cmd.Args[0] = n.cmd.Args[0]
	m.start()
	m.waitRPC("restarted " + n.cmd.Args[0])
	return m
}
