package config

import (
	"os"
	"path/filepath"
	"testing"
)

// TestGetPath follows Core's patharg cases.
func TestGetPath(t *testing.T) {
	tests := []struct {
		argv []string
		def  string
		want string
	}{
		{nil, "", ""},
		{[]string{"-dir=/"}, "", "/"},
		{[]string{"-dir=/."}, "", "/"},
		{[]string{"-dir=/./"}, "", "/"},
		{[]string{"-dir=/.//"}, "", "/"},
		{[]string{"-dir=/home/user/.bitcoin"}, "", "/home/user/.bitcoin"},
		{[]string{"-dir=/root/../home/user/.bitcoin"}, "", "/home/user/.bitcoin"},
		{[]string{"-dir=/home/./user/.bitcoin"}, "", "/home/user/.bitcoin"},
		{[]string{"-dir=/home/user/.bitcoin/"}, "", "/home/user/.bitcoin"},
		{[]string{"-dir=/home/user/.bitcoin//"}, "", "/home/user/.bitcoin"},
		{[]string{"-dir=/home/user/.bitcoin/."}, "", "/home/user/.bitcoin"},
		{[]string{"-dir=/home/user/.bitcoin/./"}, "", "/home/user/.bitcoin"},
		{[]string{"-dir=user/.bitcoin"}, "", "user/.bitcoin"},
		{[]string{"-dir=somewhere/../user/.bitcoin"}, "", "user/.bitcoin"},
		{[]string{"-dir=user/./.bitcoin"}, "", "user/.bitcoin"},
		{[]string{"-dir=user/.bitcoin/.//"}, "", "user/.bitcoin"},
		{nil, "default", "default"},
		{[]string{"-dir=override"}, "default", "override"},
		{[]string{"-dir="}, "default", "default"},
		{[]string{"-dir"}, "default", "default"},
		{[]string{"-nodir"}, "default", ""},
	}
	for _, tc := range tests {
		a, err := Parse(tc.argv, testOpts("dir"))
		if err != nil {
			t.Fatal(err)
		}
		if got := a.GetPath("dir", tc.def); got != tc.want {
			t.Errorf("%v: GetPath %q, want %q", tc.argv, got, tc.want)
		}
	}
}

func TestDataDirs(t *testing.T) {
	t.Setenv("HOME", "/home/alice")
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		argv    []string
		datadir string
		netdir  string
		blocks  string
		pid     string
		pidOK   bool
	}{
		{nil, "/home/alice/.bitcoin", "/home/alice/.bitcoin", "/home/alice/.bitcoin/blocks", "/home/alice/.bitcoin/bitcoind.pid", true},
		{[]string{"-regtest"}, "/home/alice/.bitcoin", "/home/alice/.bitcoin/regtest", "/home/alice/.bitcoin/regtest/blocks", "/home/alice/.bitcoin/regtest/bitcoind.pid", true},
		{[]string{"-testnet", "-datadir=/d/"}, "/d", "/d/testnet3", "/d/testnet3/blocks", "/d/testnet3/bitcoind.pid", true},
		{[]string{"-testnet4", "-datadir=/d", "-pid=x.pid"}, "/d", "/d/testnet4", "/d/testnet4/blocks", "/d/testnet4/x.pid", true},
		{[]string{"-signet", "-datadir=/d", "-pid=/run/b.pid", "-blocksdir=/b"}, "/d", "/d/signet", "/b/signet/blocks", "/run/b.pid", true},
		{[]string{"-chain=regtest", "-datadir=rel", "-nopid"}, filepath.Join(wd, "rel"), filepath.Join(wd, "rel", "regtest"), filepath.Join(wd, "rel", "regtest", "blocks"), "", false},
	}
	for _, tc := range tests {
		a, err := Parse(tc.argv, NodeOptions())
		if err != nil {
			t.Fatal(err)
		}
		if a.DataDir() != tc.datadir || a.NetDataDir() != tc.netdir || a.BlocksDir() != tc.blocks {
			t.Errorf("%v: datadir %q netdir %q blocks %q", tc.argv, a.DataDir(), a.NetDataDir(), a.BlocksDir())
		}
		if pid, ok := a.PIDFile(); pid != tc.pid || ok != tc.pidOK {
			t.Errorf("%v: pid %q %v", tc.argv, pid, ok)
		}
		if got := a.AbsPath("/abs", true); got != "/abs" {
			t.Errorf("AbsPath absolute %q", got)
		}
		if got := a.AbsPath("x", false); got != filepath.Join(tc.datadir, "x") {
			t.Errorf("AbsPath relative %q", got)
		}
	}
	t.Setenv("HOME", "")
	if got := DefaultDataDir(); got != "/.bitcoin" {
		t.Errorf("DefaultDataDir without HOME %q", got)
	}
}

func TestCreateNetDataDir(t *testing.T) {
	exists := func(p string) bool { _, err := os.Stat(p); return err == nil }
	t.Run("fresh", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "new")
		a, _ := Parse([]string{"-regtest", "-datadir=" + dir}, NodeOptions())
		if err := CreateNetDataDir(a); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"wallets", "regtest/wallets", "regtest/blocks"} {
			if !isDir(filepath.Join(dir, p)) {
				t.Errorf("%s missing", p)
			}
		}
		if a.WalletDir() != filepath.Join(dir, "regtest", "wallets") {
			t.Errorf("WalletDir %q", a.WalletDir())
		}
	})
	t.Run("copied cache keeps no wallets dir", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.MkdirAll(filepath.Join(dir, "regtest", "chainstate"), 0o700); err != nil {
			t.Fatal(err)
		}
		a, _ := Parse([]string{"-regtest", "-datadir=" + dir}, NodeOptions())
		if err := CreateNetDataDir(a); err != nil {
			t.Fatal(err)
		}
		if exists(filepath.Join(dir, "regtest", "wallets")) || exists(filepath.Join(dir, "wallets")) {
			t.Error("wallets created in an existing datadir")
		}
		if !isDir(filepath.Join(dir, "regtest", "blocks")) {
			t.Error("blocks missing")
		}
		if a.WalletDir() != filepath.Join(dir, "regtest") {
			t.Errorf("WalletDir %q", a.WalletDir())
		}
	})
	t.Run("blocksdir missing", func(t *testing.T) {
		dir := t.TempDir()
		a, _ := Parse([]string{"-datadir=" + dir, "-blocksdir=/nonexistent/blocks"}, NodeOptions())
		err := CreateNetDataDir(a)
		if err == nil || err.Error() != `Specified blocks directory "/nonexistent/blocks" does not exist.` {
			t.Fatalf("error %v", err)
		}
	})
	t.Run("unwritable", func(t *testing.T) {
		dir := t.TempDir()
		file := filepath.Join(dir, "file")
		writeFile(t, file, "")
		a, _ := Parse([]string{"-regtest", "-datadir=" + filepath.Join(file, "sub")}, NodeOptions())
		if err := CreateNetDataDir(a); err == nil {
			t.Fatal("no error for a datadir below a file")
		}
	})
	t.Run("walletdir", func(t *testing.T) {
		a, _ := Parse([]string{"-walletdir=/w/"}, NodeOptions())
		if a.WalletDir() != "/w" {
			t.Errorf("WalletDir %q", a.WalletDir())
		}
	})
}
