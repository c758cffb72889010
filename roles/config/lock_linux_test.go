//go:build linux

package config

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A classic fcntl lock, which is what Core's FileLock takes, must keep
// LockDataDir out.
func TestLockDataDirConflictsWithCoreLock(t *testing.T) {
	dir := t.TempDir()
	f, err := os.OpenFile(filepath.Join(dir, ".lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: io.SeekStart}
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_SETLK, &lk); err != nil {
		t.Fatal(err)
	}
	if _, err := LockDataDir(dir, "Bitcoin Core"); err == nil {
		t.Fatal("LockDataDir succeeded while a classic fcntl lock is held")
	}
	lk.Type = syscall.F_UNLCK
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_SETLK, &lk); err != nil {
		t.Fatal(err)
	}
	release, err := LockDataDir(dir, "Bitcoin Core")
	if err != nil {
		t.Fatal(err)
	}
	release()
}
