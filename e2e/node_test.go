package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
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
	eventually(t, 5*time.Second, "echo child exit line", func() bool {
		return regexp.MustCompile(`Process bitcoin-echo pid \d+ exited with status 0`).MatchString(n.debugLog())
	})
	log := n.debugLog()
	for _, re := range []string{
		`\[ipc\] Process bitcoin-echo pid \d+ launched`,
		`\[ipc\] \{bitcoin-node-\d+/[^}]+\} IPC client send Echo\.echo\$Params`,
		`\[ipc\] \{bitcoin-echo-\d+/[^}]+\} IPC server recv request  #\d+ Echo\.echo\$Params`,
		`\[ipc\] \{bitcoin-echo-\d+/[^}]+\} IPC server send response #\d+ Echo\.echo\$Results \([0-9.]+ms\)`,
		`\[ipc\] \{bitcoin-node-\d+/[^}]+\} IPC client recv Echo\.echo\$Results`,
	} {
		if !regexp.MustCompile(re).MatchString(log) {
			t.Errorf("debug.log lacks /%s/", re)
		}
	}
}

func TestWalletChildSupervised(t *testing.T) {
	t.Parallel()
	n := startNode(t, "bitcoin-node", "-debug=ipc")
	var pid int
	eventually(t, 10*time.Second, "wallet child", func() bool { pid = n.walletChild(); return pid != 0 })
	if a := cmdline(pid); strings.Join(a, " ") != "bitcoin-wallet -ipcfd 3" {
		t.Fatalf("wallet argv %q", a)
	}
	if pid == n.cmd.Process.Pid {
		t.Fatal("wallet runs in the node process")
	}
	// Wait until the node has checked the child answers (its Echo ping).
	eventually(t, 10*time.Second, "wallet child ping", func() bool {
		return strings.Contains(n.debugLog(), "IPC client recv Echo.echo$Results")
	})
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// RPC keeps answering while the wallet is down, and a new one appears.
	n.cli("uptime")
	var pid2 int
	eventually(t, 10*time.Second, "restarted wallet child", func() bool {
		pid2 = n.walletChild()
		return pid2 != 0 && pid2 != pid
	})
	if !strings.Contains(n.debugLog(), fmt.Sprintf("Process bitcoin-wallet pid %d exited unexpectedly", pid)) {
		t.Error("no log line about the unexpected exit")
	}
	n.cli("uptime")
}

func TestNoWalletChildWhenDisabled(t *testing.T) {
	t.Parallel()
	n := startNode(t, "bitcoin-node", "-disablewallet")
	time.Sleep(500 * time.Millisecond)
	if pid := n.walletChild(); pid != 0 {
		t.Fatalf("wallet child %d with -disablewallet", pid)
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
	_ = n.cmd.Process.Kill()
	<-n.exited
	eventually(t, 2*time.Second, "wallet child to exit after the node died", func() bool { return !alive(pid) })
}

func TestStopAndSignal(t *testing.T) {
	t.Parallel()
	for _, how := range []string{"rpc", "sigterm"} {
		n := startNode(t, "bitcoin-node", "-debug=ipc")
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
		} else {
			_ = n.cmd.Process.Signal(syscall.SIGTERM)
		}
		if code := n.waitExit(20 * time.Second); code != 0 {
			t.Errorf("%s: exit %d", how, code)
		}
		if alive(pid) {
			t.Errorf("%s: wallet child still running", how)
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
	}
}

func TestSecondNodeOnSameDatadir(t *testing.T) {
	t.Parallel()
	n := startNode(t, "bitcoin-node", "-disablewallet")
	code, out := run(t, "bitcoin-node", "-regtest", "-datadir="+n.datadir, fmt.Sprintf("-rpcport=%d", freePort(t)), fmt.Sprintf("-port=%d", freePort(t)))
	if code != 1 || !strings.Contains(out, "Cannot obtain a lock on directory") {
		t.Fatalf("second node: %d %q", code, out)
	}
	n.cli("uptime")
}
