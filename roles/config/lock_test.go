package config

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestLockDataDir(t *testing.T) {
	dir := t.TempDir()
	release, err := LockDataDir(dir, "Bitcoin Core")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".lock")); err != nil {
		t.Fatal(err)
	}
	_, err = LockDataDir(dir, "Bitcoin Core")
	want := "Cannot obtain a lock on directory " + dir + ". Bitcoin Core is probably already running."
	if err == nil || err.Error() != want {
		t.Fatalf("second lock: %v, want %q", err, want)
	}
	release()
	release()
	release2, err := LockDataDir(dir, "Bitcoin Core")
	if err != nil {
		t.Fatalf("relock after release: %v", err)
	}
	release2()

	missing := filepath.Join(dir, "missing")
	_, err = LockDataDir(missing, "x")
	if err == nil || err.Error() != "Cannot write to directory '"+missing+"'; check permissions." {
		t.Fatalf("missing dir: %v", err)
	}
}

func TestWritePIDFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bitcoind.pid")
	remove, err := WritePIDFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil || string(data) != strconv.Itoa(os.Getpid())+"\n" {
		t.Fatalf("pid file %q %v", data, err)
	}
	remove()
	remove()
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatal("pid file not removed")
	}
	bad := filepath.Join(path, "sub", "x.pid")
	_, err = WritePIDFile(bad)
	if err == nil || !strings.HasPrefix(err.Error(), "Unable to create the PID file '"+bad+"': No such file or directory (2)") {
		t.Fatalf("error %v", err)
	}
}
