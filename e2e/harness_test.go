package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
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
	if _, err := os.Stat(filepath.Join(d, "bitcoin")); err != nil {
		t.Fatalf("built binary missing (%v): run `make build` first", err)
	}
	return d
}

// nextPort hands out ports below the kernel's ephemeral range (32768+),
// so that no outgoing connection of a running node can take a port the
// test is about to give another node. Start points differ per test
// process.
var nextPort atomic.Int32

// freePort returns a port in [20000, 32000) that is free right now.
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

// node is a started bitcoin-node/bitcoind process.
type node struct {
	t       *testing.T
	bin     string
	datadir string
	rpcPort int
	cmd     *exec.Cmd
	stderr  bytes.Buffer
	exited  chan struct{}
}

// startNode starts role (e.g. "bitcoin-node") on a fresh regtest datadir
// with extra args, and waits until RPC answers.
func startNode(t *testing.T, role string, extra ...string) *node {
	t.Helper()
	n := &node{t: t, bin: binDir(t), datadir: t.TempDir(), rpcPort: freePort(t), exited: make(chan struct{})}
	args := append([]string{"-regtest", "-datadir=" + n.datadir, fmt.Sprintf("-rpcport=%d", n.rpcPort),
		fmt.Sprintf("-port=%d", freePort(t)), "-bind=127.0.0.1"}, extra...)
	n.cmd = exec.Command(filepath.Join(n.bin, role), args...)
	n.cmd.Stderr = &n.stderr
	if err := n.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = n.cmd.Wait(); close(n.exited) }()
	t.Cleanup(n.kill)
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, err := n.cliErr("uptime"); err == nil {
			return n
		}
		select {
		case <-n.exited:
			t.Fatalf("%s exited during start-up: %s", role, n.stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: RPC not up after 20 s", role)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// kill ends the node and every child it has.
func (n *node) kill() {
	for _, c := range children(n.cmd.Process.Pid) {
		_ = syscall.Kill(c, syscall.SIGKILL)
	}
	_ = n.cmd.Process.Kill()
	<-n.exited
}

func (n *node) netDir() string { return filepath.Join(n.datadir, "regtest") }

// cliErr runs bitcoin-cli against the node.
func (n *node) cliErr(args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	all := append([]string{"-regtest", "-datadir=" + n.datadir, fmt.Sprintf("-rpcport=%d", n.rpcPort)}, args...)
	out, err := exec.CommandContext(ctx, filepath.Join(n.bin, "bitcoin-cli"), all...).CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

func (n *node) cli(args ...string) string {
	n.t.Helper()
	out, err := n.cliErr(args...)
	if err != nil {
		n.t.Fatalf("bitcoin-cli %v: %v: %s", args, err, out)
	}
	return out
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

// cmdline returns a process's argv.
func cmdline(pid int) []string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil {
		return nil
	}
	return strings.Split(strings.TrimRight(string(b), "\x00"), "\x00")
}

// walletChild returns the pid of the node's bitcoin-wallet child, or 0.
func (n *node) walletChild() int {
	for _, c := range children(n.cmd.Process.Pid) {
		if a := cmdline(c); len(a) > 0 && a[0] == "bitcoin-wallet" {
			return c
		}
	}
	return 0
}

func alive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	f := strings.Fields(string(b))
	return len(f) > 2 && f[2] != "Z"
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

// run runs the binary under name with args and returns exit code and output.
func run(t *testing.T, name string, args ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(binDir(t), name), args...)
	out, _ := cmd.CombinedOutput()
	return cmd.ProcessState.ExitCode(), string(out)
}

// runPath runs an executable by path.
func runPath(t *testing.T, path string, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, args...)
	out, _ := cmd.CombinedOutput()
	return string(out), cmd.ProcessState.ExitCode()
}

// startWrapped starts `bitcoin ARGS… -regtest …` (the wrapper) and waits
// for RPC.
func startWrapped(t *testing.T, wrapperArgs ...string) *node {
	t.Helper()
	n := &node{t: t, bin: binDir(t), datadir: t.TempDir(), rpcPort: freePort(t), exited: make(chan struct{})}
	args := append(append([]string{}, wrapperArgs...), "-regtest", "-datadir="+n.datadir,
		fmt.Sprintf("-rpcport=%d", n.rpcPort), fmt.Sprintf("-port=%d", freePort(t)))
	n.cmd = exec.Command(filepath.Join(n.bin, "bitcoin"), args...)
	n.cmd.Stderr = &n.stderr
	if err := n.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = n.cmd.Wait(); close(n.exited) }()
	t.Cleanup(n.kill)
	eventually(t, 20*time.Second, "RPC", func() bool { _, err := n.cliErr("uptime"); return err == nil })
	return n
}

// restart starts the same role again on n's datadir and ports.
func restart(t *testing.T, n *node) *node {
	t.Helper()
	m := &node{t: t, bin: n.bin, datadir: n.datadir, rpcPort: n.rpcPort, exited: make(chan struct{})}
	m.cmd = exec.Command(n.cmd.Path, n.cmd.Args[1:]...)
	m.cmd.Args[0] = n.cmd.Args[0]
	m.cmd.Stderr = &m.stderr
	if err := m.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = m.cmd.Wait(); close(m.exited) }()
	t.Cleanup(m.kill)
	eventually(t, 20*time.Second, "RPC after restart", func() bool { _, err := m.cliErr("uptime"); return err == nil })
	return m
}
