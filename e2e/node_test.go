package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func TestEchoIPC(t *testing.T) {
	t.Parallel()
	n := startNode(t, "bitcoin-node", "-debug=ipc", "-disablewallet")
	if got := n.cli("echoipc", "hello"); got != "hello" {
		t.Fatalf("echoipc = %q", got)
	}
	exited := regexp.MustCompile(`\[ipc\] Process bitcoin-echo pid (\d+) exited with status 0\n`)
	eventually(t, 5*time.Second, "echo child exit line", func() bool { return exited.MatchString(n.debugLog()) })
	log := n.debugLog()
	pid := exited.FindStringSubmatch(log)[1]
	for _, re := range []string{
		`\[ipc\] Process bitcoin-echo pid ` + pid + ` launched\n`,
		`\[ipc\] \{bitcoin-node-\d+/[^}]+\} IPC client send Echo\.echo\$Params`,
		`\[ipc\] \{bitcoin-echo-` + pid + `/[^}]+\} IPC server recv request  #\d+ Echo\.echo\$Params`,
		`\[ipc\] \{bitcoin-echo-` + pid + `/[^}]+\} IPC server send response #\d+ Echo\.echo\$Results \([0-9.]+ms\)`,
		`\[ipc\] \{bitcoin-node-\d+/[^}]+\} IPC client recv Echo\.echo\$Results`,
	} {
		if !regexp.MustCompile(re).MatchString(log) {
			t.Errorf("debug.log lacks /%s/", re)
		}
	}
	if c := n.childrenNamed("bitcoin-echo"); len(c) != 0 {
		t.Errorf("bitcoin-echo children left after echoipc: %v", c)
	}
	// A second call spawns a fresh child and works the same.
	if got := n.cli("echoipc", "again"); got != "again" {
		t.Fatalf("second echoipc = %q", got)
	}
}

func TestWalletChildSupervised(t *testing.T) {
	t.Parallel()
	n := startNode(t, "bitcoin-node", "-debug=ipc")
	var pid int
	eventually(t, 10*time.Second, "wallet child", func() bool { pid = n.walletChild(); return pid != 0 })
	if a := cmdline(pid); len(a) != 3 || a[0] != "bitcoin-wallet" || a[1] != "-ipcfd" || a[2] != "3" {
		t.Fatalf("wallet argv %q, want [bitcoin-wallet -ipcfd 3]", a)
	}
	if pid == n.cmd.Process.Pid {
		t.Fatal("wallet runs in the node process")
	}
	if f := procStat(pid); len(f) < 2 || f[1] != fmt.Sprint(n.cmd.Process.Pid) {
		t.Fatalf("wallet child's ppid %v, want the node %d", f, n.cmd.Process.Pid)
	}
	// Wait until the node has handed the child its Chain and the wallets
	// are up.
	eventually(t, 10*time.Second, "wallet loader", func() bool {
		return strings.Contains(n.debugLog(), "IPC client recv Init.makeWalletLoader$Results")
	})

	// Keep calling RPC while the wallet child dies and comes back.
	user, pass := n.cookie()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var calls int
	var failures []string
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			status, m, err := n.post(`{"jsonrpc":"1.0","id":"e2e","method":"uptime","params":[]}`, user, pass)
			mu.Lock()
			calls++
			if err != nil || status != 200 || m["error"] != nil {
				failures = append(failures, fmt.Sprintf("%d %v %v", status, m, err))
			}
			mu.Unlock()
			time.Sleep(20 * time.Millisecond)
		}
	}()

	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	var pid2 int
	start := time.Now()
	eventually(t, 5*time.Second, "restarted wallet child", func() bool {
		pid2 = n.walletChild()
		return pid2 != 0 && pid2 != pid
	})
	t.Logf("new wallet child %d after %s", pid2, time.Since(start).Round(time.Millisecond))
	close(stop)
	wg.Wait()
	if calls == 0 || len(failures) > 0 {
		t.Errorf("RPC during the wallet restart: %d calls, failures %q", calls, failures)
	}
	if a := cmdline(pid2); strings.Join(a, " ") != "bitcoin-wallet -ipcfd 3" {
		t.Errorf("new wallet argv %q", a)
	}
	eventually(t, 5*time.Second, "unexpected-exit log line", func() bool {
		return strings.Contains(n.debugLog(), fmt.Sprintf("Process bitcoin-wallet pid %d exited unexpectedly", pid))
	})
	if c := n.childrenNamed("bitcoin-wallet"); len(c) != 1 {
		t.Errorf("wallet children %v, want exactly one", c)
	}
	n.cli("uptime")
}

func TestNoWalletChildWhenDisabled(t *testing.T) {
	t.Parallel()
	n := startNode(t, "bitcoin-node", "-disablewallet")
	time.Sleep(500 * time.Millisecond)
	if c := children(n.cmd.Process.Pid); len(c) != 0 {
		t.Fatalf("child processes %v with -disablewallet", c)
	}
	if st, err := os.Stat(filepath.Join(n.netDir(), "wallets")); err != nil || !st.IsDir() {
		t.Errorf("wallets/ missing with -disablewallet: %v", err)
	}
}

func TestNodeKilledTakesChildDown(t *testing.T) {
	t.Parallel()
	n := startNode(t, "bitcoin-node")
	var pid int
	eventually(t, 10*time.Second, "wallet child", func() bool { pid = n.walletChild(); return pid != 0 })
	if err := syscall.Kill(n.cmd.Process.Pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-n.exited
	eventually(t, 2*time.Second, "wallet child to exit after the node died", func() bool { return !alive(pid) })
}

// TestStopAndSignal: the stop RPC and SIGTERM both stop the wallet child
// first, then the node exits 0 with an empty stderr and no cookie left.
func TestStopAndSignal(t *testing.T) {
	t.Parallel()
	for _, how := range []string{"rpc", "sigterm"} {
		n := startNode(t, "bitcoin-node", "-debug=ipc", "-printtoconsole=0")
		var pid int
		eventually(t, 10*time.Second, "wallet child", func() bool { pid = n.walletChild(); return pid != 0 })
		cookie := filepath.Join(n.netDir(), ".cookie")
		if _, err := os.Stat(cookie); err != nil {
			t.Fatalf("cookie: %v", err)
		}
		if how == "rpc" {
			if got := n.cli("stop"); got != "bitcoin-node stopping" {
				t.Errorf("stop = %q", got)
			}
		} else if err := n.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		if code := n.waitExit(20 * time.Second); code != 0 {
			t.Errorf("%s: exit %d", how, code)
		}
		if alive(pid) {
			t.Errorf("%s: wallet child %d still running", how, pid)
		}
		if _, err := os.Stat(cookie); !os.IsNotExist(err) {
			t.Errorf("%s: cookie not removed: %v", how, err)
		}
		if n.stderr.Len() != 0 {
			t.Errorf("%s: stderr not empty: %q", how, n.stderr.String())
		}
		log := n.debugLog()
		// The wallet child goes before the node finishes.
		if i, j := strings.Index(log, fmt.Sprintf("Process bitcoin-wallet pid %d exited", pid)), strings.Index(log, "Shutdown: done"); i < 0 || j < 0 || i > j {
			t.Errorf("%s: wallet exit line must come before Shutdown: done (%d, %d)", how, i, j)
		}
		if strings.Contains(log, "exited unexpectedly") {
			t.Errorf("%s: the supervisor saw an unexpected exit during a clean shutdown", how)
		}
	}
}

func TestSecondNodeOnSameDatadir(t *testing.T) {
	t.Parallel()
	n := startNode(t, "bitcoin-node", "-disablewallet")
	code, out := run(t, "bitcoin-node", "-regtest", "-datadir="+n.datadir, fmt.Sprintf("-rpcport=%d", freePort(t)), fmt.Sprintf("-port=%d", freePort(t)), "-bind=127.0.0.1")
	if code != 1 || !strings.Contains(out, "Cannot obtain a lock on directory") {
		t.Fatalf("second node: %d %q", code, out)
	}
	if !strings.HasPrefix(out, "Error: ") || !strings.Contains(out, "Bitcoin Core is probably already running.") {
		t.Errorf("second node: message %q", out)
	}
	n.cli("uptime")
}
