package e2e

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestSymlinksDispatch(t *testing.T) {
	t.Parallel()
	if code, out := run(t, "bitcoin-cli", "-version"); code != 0 || !strings.Contains(out, "version v") {
		t.Errorf("bitcoin-cli -version: %d %q", code, out)
	}
	if code, out := run(t, "bitcoin-node", "-version"); code != 0 || !strings.Contains(out, "bitcoin-node version v") {
		t.Errorf("bitcoin-node -version: %d %q", code, out)
	}
	if code, out := run(t, "bitcoind", "-version"); code != 0 || !strings.Contains(out, "bitcoind version v") {
		t.Errorf("bitcoind -version: %d %q", code, out)
	}
	if code, out := run(t, "bitcoind", "-help"); code != 0 || !strings.Contains(out, "-datadir=<dir>") || strings.Contains(out, "-ipcbind") {
		t.Errorf("bitcoind -help: %d (ipcbind must not be offered by bitcoind)", code)
	}
	if code, out := run(t, "bitcoin-node", "-help"); code != 0 || !strings.Contains(out, "-ipcbind=<address>") {
		t.Errorf("bitcoin-node -help lacks -ipcbind: %d", code)
	}
	if code, out := run(t, "bitcoin-wallet"); code != 1 || !strings.Contains(out, "Usage: bitcoin-wallet [options] <command>") {
		t.Errorf("bitcoin-wallet without -ipcfd or command: %d %q", code, out)
	}
	if code, out := run(t, "bitcoin-gui"); code != 1 || !strings.HasPrefix(out, "Error: ") || !strings.Contains(out, "bitcoin-gui") {
		t.Errorf("bitcoin-gui: %d %q", code, out)
	}
	if code, out := run(t, "bitcoin-echo"); code != 1 || !strings.HasPrefix(out, "Error: ") || !strings.Contains(out, "-ipcfd") {
		t.Errorf("bitcoin-echo without -ipcfd: %d %q", code, out)
	}
	if code, out := run(t, "bitcoin", "frob"); code != 1 || !strings.Contains(out, "Unrecognized command: 'frob'") {
		t.Errorf("bitcoin frob: %d %q", code, out)
	}
	// An unknown executable name exits 1 and lists the roles.
	dir := t.TempDir()
	if err := os.Symlink(filepath.Join(binDir(t), "bitcoin"), filepath.Join(dir, "bitcoin-foo")); err != nil {
		t.Fatal(err)
	}
	out, code := runPath(t, filepath.Join(dir, "bitcoin-foo"), "-regtest")
	if code != 1 {
		t.Errorf("bitcoin-foo: exit %d, want 1: %q", code, out)
	}
	for _, want := range []string{`"bitcoin-foo"`, "bitcoin-node", "bitcoin-wallet", "bitcoind", "bitcoin-cli", "bitcoin-gui", "bitcoin-echo"} {
		if !strings.Contains(out, want) {
			t.Errorf("unknown name output lacks %q: %q", want, out)
		}
	}
}

// TestDaemonsAnswerUptime starts bitcoind and bitcoin-node through their
// symlinks: both answer uptime, only bitcoin-node has a wallet child.
func TestDaemonsAnswerUptime(t *testing.T) {
	t.Parallel()
	for _, role := range []string{"bitcoind", "bitcoin-node"} {
		n := startNode(t, role)
		if a := cmdline(n.cmd.Process.Pid); len(a) == 0 || a[0] != filepath.Join(n.bin, role) {
			t.Errorf("%s: argv %q", role, a)
		}
		up := n.cli("uptime")
		if v, err := strconv.Atoi(up); err != nil || v < 0 || v > 60 {
			t.Errorf("%s: uptime = %q", role, up)
		}
		if role == "bitcoind" {
			time.Sleep(300 * time.Millisecond)
			if c := children(n.cmd.Process.Pid); len(c) != 0 {
				t.Errorf("bitcoind has child processes %v", c)
			}
		} else {
			eventually(t, 10*time.Second, "bitcoin-node's wallet child", func() bool { return n.walletChild() != 0 })
		}
		if got := n.cli("stop"); got != role+" stopping" {
			t.Errorf("%s: stop = %q", role, got)
		}
		if code := n.waitExit(20 * time.Second); code != 0 {
			t.Errorf("%s: exit %d, stderr %q", role, code, n.stderr.String())
		}
	}
}

func TestWrapperPicksRole(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		args []string
		role string
	}{
		{[]string{"node"}, "bitcoind"},
		{[]string{"-m", "node"}, "bitcoin-node"},
	} {
		n := startWrapped(t, c.args...)
		if a := cmdline(n.cmd.Process.Pid); len(a) == 0 || a[0] != c.role {
			t.Errorf("bitcoin %v runs %q, want argv[0] %s", c.args, a, c.role)
		}
		if c.role == "bitcoin-node" {
			eventually(t, 10*time.Second, "wallet child of bitcoin -m node", func() bool { return n.walletChild() != 0 })
		} else {
			time.Sleep(300 * time.Millisecond)
			if pid := n.walletChild(); pid != 0 {
				t.Errorf("bitcoin node (bitcoind) has a wallet child %d", pid)
			}
		}
		if got := n.cli("stop"); got != c.role+" stopping" {
			t.Errorf("bitcoin %v: stop = %q", c.args, got)
		}
		if code := n.waitExit(20 * time.Second); code != 0 {
			t.Errorf("bitcoin %v: exit %d", c.args, code)
		}
	}
}

func TestUnknownOptionAndIPCFD(t *testing.T) {
	t.Parallel()
	if code, out := run(t, "bitcoin-node", "-regtest", "-datadir="+t.TempDir(), "-foo"); code != 1 || strings.TrimSpace(out) != "Error: Invalid parameter -foo" {
		t.Errorf("unknown option: %d %q", code, out)
	}
	for _, role := range []string{"bitcoin-wallet", "bitcoin-echo", "bitcoin-node"} {
		if code, out := run(t, role, "-ipcfd", "abc"); code != 1 || strings.TrimSpace(out) != "Error: Invalid -ipcfd number 'abc'" {
			t.Errorf("%s -ipcfd abc: %d %q", role, code, out)
		}
	}
	// fd 99 is not open, fd 0 is not a socket.
	if code, out := run(t, "bitcoin-wallet", "-ipcfd", "99"); code != 1 || !strings.HasPrefix(out, "Error: -ipcfd 99") {
		t.Errorf("-ipcfd 99: %d %q", code, out)
	}
	if code, out := run(t, "bitcoin-wallet", "-ipcfd", "0"); code != 1 || strings.TrimSpace(out) != "Error: -ipcfd 0 is not a socket" {
		t.Errorf("-ipcfd 0: %d %q", code, out)
	}
	if code, out := run(t, "bitcoin-node", "-regtest", "-testnet", "-datadir="+t.TempDir()); code != 1 || !strings.Contains(out, "Invalid combination of -regtest") {
		t.Errorf("chain conflict: %d %q", code, out)
	}
}
