package config

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
)

// PIDFile returns the pid file path (-pid, default bitcoind.pid, relative to
// the network datadir), or false with -nopid.
func (a *Args) PIDFile() (string, bool) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	if isFalse(a.setting("pid")) {
		return "", false
	}
	return a.absPathForConfigVal(a.getPath("pid", PIDFilename), true), true
}

// WritePIDFile writes this process's pid and a newline to path, as Core's
// CreatePidFile does. remove deletes the file again (Core does so at
// shutdown) and is safe to call more than once. The error text is Core's
// "Unable to create the PID file '<path>': <strerror> (<errno>)".
func WritePIDFile(path string) (remove func(), err error) {
	data := fmt.Sprintf("%d\n", os.Getpid())
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		return nil, &Error{Msg: fmt.Sprintf("Unable to create the PID file '%s': %s", path, sysErrorString(err)), Err: err}
	}
	removed := false
	return func() {
		if !removed {
			removed = true
			_ = os.Remove(path)
		}
	}, nil
}

// sysErrorString is Core's SysErrorString: "<strerror> (<errno>)".
func sysErrorString(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		s := errno.Error()
		if s != "" {
			s = strings.ToUpper(s[:1]) + s[1:]
		}
		return fmt.Sprintf("%s (%d)", s, int(errno))
	}
	return err.Error()
}
