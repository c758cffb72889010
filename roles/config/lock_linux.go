//go:build linux

package config

import (
	"io"
	"os"
	"syscall"
)

// Linux open-file-description locks (F_OFD_SETLK) conflict with the classic
// fcntl locks Core takes and with each other even within one process.
const fOFDSetLK = 37

func lockFile(f *os.File) error {
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: io.SeekStart}
	return syscall.FcntlFlock(f.Fd(), fOFDSetLK, &lk)
}

func unlockFile(f *os.File) error {
	lk := syscall.Flock_t{Type: syscall.F_UNLCK, Whence: io.SeekStart}
	return syscall.FcntlFlock(f.Fd(), fOFDSetLK, &lk)
}
