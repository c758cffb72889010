package engine

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/mpbitcoin/mpbitcoin/roles/wallet/store"
)

func TestBackup(t *testing.T) {
	w := testWallet(t)
	addr := newAddr(t, w, "bech32", "kept")
	dst := filepath.Join(t.TempDir(), "copy.dat")
	if err := w.Backup(dst); err != nil {
		t.Fatal(err)
	}
	if !store.IsSQLiteFile(dst, magic(w.opts)) {
		t.Fatal("the backup is not a wallet database")
	}
	db, err := store.Open(dst, store.Options{Magic: magic(w.opts)})
	if err != nil {
		t.Fatal(err)
	}
	c, err := db.Load()
	_ = db.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Descriptors) != 8 {
		t.Errorf("backup has %d descriptors, want 8", len(c.Descriptors))
	}
	if e := c.AddressBook[addr]; e == nil || e.Label != "kept" {
		t.Errorf("backup lacks the label of %s: %v", addr, e)
	}
	if err := w.Backup(w.db.Path()); err == nil {
		t.Error("backup onto the wallet's own file succeeded")
	}
	if err := w.Backup(t.TempDir()); err == nil {
		t.Error("backup onto a directory succeeded")
	}
	if _, err := os.Stat(w.db.Path()); err != nil {
		t.Fatal(err)
	}
}

func TestCopyNew(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	if err := os.WriteFile(src, []byte("data"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := copyNew(src, dst); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(dst); string(b) != "data" {
		t.Errorf("copied %q", b)
	}
	if err := copyNew(src, dst); err == nil {
		t.Error("copy over an existing file succeeded")
	}
	if err := copyNew(filepath.Join(dir, "missing"), filepath.Join(dir, "c")); err == nil {
		t.Error("copy of a missing file succeeded")
	}
}
