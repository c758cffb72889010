package config

import (
	"fmt"
	"os"
	"path/filepath"
)

// LockFilename is the lock file Core keeps in the network datadir.
const LockFilename = ".lock"

// LockDataDir takes an exclusive lock on <dir>/.lock (created if missing),
// held until release is called or the process exits. The lock is an fcntl
// record lock on the whole file, as Core's FileLock takes, so a Core node
// and this one exclude each other; on Linux it is an open-file-description
// lock, so a second LockDataDir in the same process fails too. Errors carry
// Core's messages: "Cannot write to directory '<dir>'; check permissions."
// and "Cannot obtain a lock on directory <dir>. <appName> is probably
// already running."
func LockDataDir(dir, appName string) (release func(), err error) {
	path := filepath.Join(dir, LockFilename)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, &Error{Msg: fmt.Sprintf("Cannot write to directory '%s'; check permissions.", dir), Err: err}
	}
	if err := lockFile(f); err != nil {
		f.Close()
		return nil, &Error{Msg: fmt.Sprintf("Cannot obtain a lock on directory %s. %s is probably already running.", dir, appName), Err: err}
	}
	released := false
	return func() {
		if released {
			return
		}
		released = true
		_ = unlockFile(f)
		_ = f.Close()
	}, nil
}
