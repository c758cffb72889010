package ipc

import (
	"fmt"
	"path/filepath"
	"strings"
)

// maxUnixPath is sizeof(sockaddr_un.sun_path) minus the terminating NUL.
const maxUnixPath = 107

// ParseAddress resolves an -ipcbind/-ipcconnect value with Core's rules:
// "unix" is <netDataDir>/<exe without "bitcoin-">.sock, "unix:PATH" is PATH
// (relative to netDataDir), anything else is "Unrecognized address". It
// returns the absolute socket path.
func ParseAddress(addr, netDataDir, exe string) (string, error) {
	var path string
	switch {
	case addr == "unix" || addr == "unix:":
		path = filepath.Join(netDataDir, strings.TrimPrefix(exe, "bitcoin-")+".sock")
	case strings.HasPrefix(addr, "unix:"):
		path = addr[len("unix:"):]
		if !filepath.IsAbs(path) {
			path = filepath.Join(netDataDir, path)
		}
	default:
		return "", fmt.Errorf("Unrecognized address '%s'", addr)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("resolving IPC address '%s': %w", addr, err)
	}
	if len(abs) > maxUnixPath {
		return "", fmt.Errorf("Unix address path %q exceeded maximum socket path length", abs)
	}
	return abs, nil
}
