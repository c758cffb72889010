package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSymlinksDispatch(t *testing.T) {
	t.Parallel()
	if code, out := run(t, "bitcoin-cli", "-version"); code != 0 || !strings.Contains(out, "version") {
		t.Errorf("bitcoin-cli -version: %d %q", code, out)
	}
	if code, out := run(t, "bitcoin-node", "-version"); code != 0 || !strings.Contains(out, "bitcoin-node version") {
		t.Errorf("bitcoin-node -version: %d %q", code, out)
	}
	if code, out := run(t, "bitcoind", "-help"); code != 0 || !strings.Contains(out, "-datadir=<dir>") || strings.Contains(out, "-ipcbind") {
		t.Errorf("bitcoind -help: %d (ipcbind must not be offered by bitcoind)", code)
	}
	if code, out := run(t, "bitcoin-node", "-help"); code != 0 || !strings.Contains(out, "-ipcbind=<address>") {
		t.Errorf("bitcoin-node -help lacks -ipcbind: %d", code)
	}
	if code, out := run(t, "bitcoin-wallet"); code != 1 || !strings.Contains(out, "not implemented yet") {
		t.Errorf("bitcoin-wallet: %d %q", code, out)
	}
	if code, out := run(t, "bitcoin-gui"); code != 1 || !strings.Contains(out, "bitcoin-gui") {
		t.Errorf("bitcoin-gui: %d %q", code, out)
	}
	if code, out := run(t, "bitcoin-echo"); code != 1 || !strings.Contains(out, "-ipcfd") {
		t.Errorf("bitcoin-echo: %d %q", code, out)
	}
	if code, out := run(t, "bitcoin", "frob"); code != 1 || !strings.Contains(out, "Unrecognized command: 'frob'") {
		t.Errorf("bitcoin frob: %d %q", code, out)
	}
	// An unknown executable name lists the roles.
	dir := t.TempDir()
	if err := os.Symlink(filepath.Join(binDir(t), "bitcoin"), filepath.Join(dir, "bitcoin-foo")); err != nil {
		t.Fatal(err)
	}
	out, _ := runPath(t, filepath.Join(dir, "bitcoin-foo"))
	for _, want := range []string{`"bitcoin-foo"`, "bitcoin-node", "bitcoin-wallet", "bitcoind"} {
		if !strings.Contains(out, want) {
			t.Errorf("unknown name output lacks %q: %q", want, out)
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
			t.Errorf("bitcoin %v runs %q, want %s", c.args, a, c.role)
		}
		n.cli("stop")
		if code := n.waitExit(20 * time.Second); code != 0 {
			t.Errorf("exit %d", code)
		}
	}
}

func TestUnknownOptionAndIPCFD(t *testing.T) {
	t.Parallel()
	if code, out := run(t, "bitcoin-node", "-regtest", "-datadir="+t.TempDir(), "-foo"); code != 1 || strings.TrimSpace(out) != "Error: Invalid parameter -foo" {
		t.Errorf("unknown option: %d %q", code, out)
	}
	if code, out := run(t, "bitcoin-wallet", "-ipcfd", "abc"); code != 1 || !strings.Contains(out, "Invalid -ipcfd number 'abc'") {
		t.Errorf("-ipcfd abc: %d %q", code, out)
	}
	if code, out := run(t, "bitcoin-wallet", "-ipcfd", "99"); code != 1 || !strings.Contains(out, "-ipcfd 99") {
		t.Errorf("-ipcfd 99: %d %q", code, out)
	}
	if code, out := run(t, "bitcoin-node", "-regtest", "-testnet", "-datadir="+t.TempDir()); code != 1 || !strings.Contains(out, "Invalid combination of -regtest") {
		t.Errorf("chain conflict: %d %q", code, out)
	}
}
