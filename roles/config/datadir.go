package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// File names Core uses in the datadir.
const (
	ConfFilename     = "bitcoin.conf"
	SettingsFilename = "settings.json"
	PIDFilename      = "bitcoind.pid"
)

// DefaultDataDir is Core's GetDefaultDataDir on Unix: $HOME/.bitcoin ("/"
// when HOME is unset), or ~/Library/Application Support/Bitcoin on macOS.
func DefaultDataDir() string {
	home := os.Getenv("HOME")
	if home == "" {
		home = "/"
	}
	if runtime.GOOS == "darwin" {
		return filepath.Join(home, "Library", "Application Support", "Bitcoin")
	}
	return filepath.Join(home, ".bitcoin")
}

// GetPath is Core's GetPathArg: "" if name is negated, def if it is unset or
// empty, otherwise the value lexically normalized without a trailing slash.
func (a *Args) GetPath(name, def string) string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.getPath(name, def)
}

func (a *Args) getPath(name, def string) string {
	v := a.setting(name)
	if isFalse(v) {
		return ""
	}
	s, _ := settingToString(v)
	if s == "" {
		return def
	}
	return filepath.Clean(s)
}

// DataDir returns -datadir made absolute, or DefaultDataDir(). Whether the
// directory exists is checked by ReadConfig.
func (a *Args) DataDir() string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.dataDir()
}

func (a *Args) dataDir() string {
	p := a.getPath("datadir", "")
	if p == "" {
		return DefaultDataDir()
	}
	return absPath(p)
}

func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

// NetDataDir returns DataDir() joined with the chain's subdirectory
// ("testnet3", "testnet4", "signet", "regtest"; none for main).
func (a *Args) NetDataDir() string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.netDataDir()
}

func (a *Args) netDataDir() string {
	base := a.dataDir()
	c, err := a.chainArg()
	if err != nil {
		return base
	}
	p, err := Params(c)
	if err != nil || p.DataSubdir == "" {
		return base
	}
	return filepath.Join(base, p.DataSubdir)
}

// AbsPath is Core's AbsPathForConfigVal: an absolute path as it is, a
// relative one under NetDataDir() (netSpecific) or DataDir().
func (a *Args) AbsPath(p string, netSpecific bool) string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.absPathForConfigVal(p, netSpecific)
}

func (a *Args) absPathForConfigVal(p string, netSpecific bool) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	if netSpecific {
		return filepath.Join(a.netDataDir(), p)
	}
	return filepath.Join(a.dataDir(), p)
}

// BlocksDir returns <-blocksdir or datadir>/<netdir>/blocks (Core's
// GetBlocksDirPath, without creating it).
func (a *Args) BlocksDir() string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.blocksDir()
}

func (a *Args) blocksDir() string {
	base := a.dataDir()
	if a.setting("blocksdir") != nil {
		base = absPath(a.getPath("blocksdir", ""))
	}
	net := a.netDataDir()
	rel, err := filepath.Rel(a.dataDir(), net)
	if err != nil {
		rel = ""
	}
	return filepath.Join(base, rel, "blocks")
}

// WalletDir is Core's GetWalletDir: -walletdir if set, otherwise
// <netdatadir>/wallets if that directory exists, otherwise <netdatadir>.
func (a *Args) WalletDir() string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	if a.setting("walletdir") != nil {
		return absPath(a.getPath("walletdir", ""))
	}
	net := a.netDataDir()
	if isDir(filepath.Join(net, "wallets")) {
		return filepath.Join(net, "wallets")
	}
	return net
}

// CreateNetDataDir creates the datadir layout as Core's InitConfig and
// GetBlocksDirPath do: a datadir or network datadir that does not exist yet
// is created with a wallets/ subdirectory (an existing one is left as it is,
// so a datadir copied without wallets/ keeps its wallets at the top, as in
// Core), and <netdatadir>/blocks/ (or -blocksdir's) is created. A -blocksdir
// that is not a directory gives Core's error.
func CreateNetDataDir(a *Args) error {
	a.mu.RLock()
	base, net := a.dataDir(), a.netDataDir()
	blocksSet := a.setting("blocksdir") != nil
	blocksBase := absPath(a.getPath("blocksdir", ""))
	blocksRaw, _ := settingToString(a.setting("blocksdir"))
	blocks := a.blocksDir()
	a.mu.RUnlock()

	for _, dir := range []string{base, net} {
		if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
			if err := os.MkdirAll(filepath.Join(dir, "wallets"), 0o700); err != nil {
				return fmt.Errorf("create data directory %s: %w", dir, err)
			}
		} else if err != nil {
			return fmt.Errorf("data directory %s: %w", dir, err)
		}
	}
	if blocksSet && !isDir(blocksBase) {
		return newError(fmt.Sprintf("Specified blocks directory \"%s\" does not exist.", blocksRaw))
	}
	if err := os.MkdirAll(blocks, 0o700); err != nil {
		return fmt.Errorf("create blocks directory %s: %w", blocks, err)
	}
	return nil
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}
