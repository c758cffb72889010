package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/mpbitcoin/mpbitcoin/roles/interfaces"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/store"
)

// Manager holds the loaded wallets of one wallet process (Core's
// WalletContext).
type Manager struct {
	chain interfaces.Chain
	opts  *Options
	log   func(format string, args ...any)

	mu      sync.Mutex
	wallets []*Wallet
	loading map[string]bool
}

// NewManager returns a manager with no wallet loaded.
func NewManager(chain interfaces.Chain, opts *Options, log func(string, ...any)) *Manager {
	if log == nil {
		log = func(string, ...any) {}
	}
	return &Manager{chain: chain, opts: opts, log: log, loading: map[string]bool{}}
}

// Options are the wallet options in force.
func (m *Manager) Options() *Options { return m.opts }

// Chain is the chain the wallets follow.
func (m *Manager) Chain() interfaces.Chain { return m.chain }

// Errors of wallet loading, with Core's texts.
var (
	ErrNotFound      = errors.New("Requested wallet does not exist or is not loaded")
	ErrAlreadyLoaded = errors.New("already loaded")
)

// LoadError is a wallet that could not be created or loaded; Code is
// Core's RPC error code for it.
type LoadError struct {
	Code int
	Msg  string
}

func (e *LoadError) Error() string { return e.Msg }

// path is Core's wallet path rule: <walletdir>/<name>/wallet.dat, or a
// file directly when name names one.
func (m *Manager) path(name string) (dir, file string) {
	p := name
	if !filepath.IsAbs(p) {
		p = filepath.Join(m.opts.WalletDir, name)
	}
	if st, err := os.Stat(p); err == nil && !st.IsDir() {
		return filepath.Dir(p), p
	}
	return p, filepath.Join(p, "wallet.dat")
}

// Wallets lists the loaded wallets in load order.
func (m *Manager) Wallets() []*Wallet {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]*Wallet(nil), m.wallets...)
}

// Get returns a loaded wallet.
func (m *Manager) Get(name string) (*Wallet, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, w := range m.wallets {
		if w.name == name {
			return w, true
		}
	}
	return nil, false
}

// reserve marks name as being loaded; false when it is loaded already.
func (m *Manager) reserve(name string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.loading[name] {
		return false
	}
	for _, w := range m.wallets {
		if w.name == name {
			return false
		}
	}
	m.loading[name] = true
	return true
}

func (m *Manager) finish(name string, w *Wallet) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.loading, name)
	if w != nil {
		m.wallets = append(m.wallets, w)
	}
}

// CreateOptions are createwallet's switches.
type CreateOptions struct {
	DisablePrivateKeys bool
	Blank              bool
	AvoidReuse         bool
	Passphrase         string
	LoadOnStartup      *bool
}

// Create makes and loads a new wallet.
func (m *Manager) Create(ctx context.Context, name string, o CreateOptions) (*Wallet, error) {
	if !m.reserve(name) {
		return nil, &LoadError{Code: -4, Msg: fmt.Sprintf("Wallet file verification failed. Failed to create database path '%s'. Database already exists.", m.display(name))}
	}
	var loaded *Wallet
	defer func() { m.finish(name, loaded) }()
	dir, file := m.path(name)
	if _, err := os.Stat(file); err == nil {
		return nil, &LoadError{Code: -4, Msg: fmt.Sprintf("Wallet file verification failed. Failed to create database path '%s'. Database already exists.", dir)}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, &LoadError{Code: -4, Msg: fmt.Sprintf("Wallet file verification failed. Failed to create database path '%s'. %v", dir, err)}
	}
	db, err := store.Open(file, store.Options{Create: true, Magic: magic(m.opts), UnsafeSync: m.opts.UnsafeSync})
	if err != nil {
		return nil, &LoadError{Code: -4, Msg: fmt.Sprintf("Wallet file verification failed. %v", err)}
	}
	now, err := m.chain.Now(ctx)
	if err != nil {
		_ = db.Close()
		_ = os.Remove(file)
		return nil, &LoadError{Code: -4, Msg: err.Error()}
	}
	w := newWallet(name, db, m.chain, m.opts)
	w.flags = FlagDescriptors | FlagLastHardenedCached
	if o.DisablePrivateKeys {
		w.flags |= FlagDisablePrivateKeys
	}
	if o.Blank {
		w.flags |= FlagBlankWallet
	}
	if o.AvoidReuse {
		w.flags |= FlagAvoidReuse
	}
	err = w.update(func(b *store.Batch) error {
		if err := b.WriteVersion(clientVersion); err != nil {
			return err
		}
		if err := b.WriteFlags(w.flags); err != nil {
			return err
		}
		if !o.DisablePrivateKeys && !o.Blank {
			if err := w.setupDescriptors(now.Unix(), b); err != nil {
				return err
			}
		}
		return w.writeBestBlock(b)
	})
	if err != nil {
		_ = db.Close()
		_ = os.Remove(file)
		return nil, &LoadError{Code: -4, Msg: fmt.Sprintf("Error creating wallet: %v", err)}
	}
	if err := w.attach(ctx, nil, m.log); err != nil {
		_ = w.Close()
		return nil, &LoadError{Code: -4, Msg: err.Error()}
	}
	if err := m.updateStartup(ctx, name, o.LoadOnStartup); err != nil {
		m.log("wallet %q: %v", name, err)
	}
	m.log("Wallet %q created", name)
	loaded = w
	return w, nil
}

// clientVersion is written as the wallet's "version" record (Core's
// CLIENT_VERSION), the same as the offline tool writes.
const clientVersion = store.ClientVersion

// magic is the network's message start as Core writes application_id.
func magic(o *Options) [4]byte {
	var b [4]byte
	n := uint32(o.Params.Net)
	b[0], b[1], b[2], b[3] = byte(n), byte(n>>8), byte(n>>16), byte(n>>24)
	return b
}

func (m *Manager) display(name string) string {
	dir, _ := m.path(name)
	return dir
}

// Load opens an existing wallet.
func (m *Manager) Load(ctx context.Context, name string, loadOnStartup *bool) (*Wallet, error) {
	if !m.reserve(name) {
		return nil, &LoadError{Code: -35, Msg: fmt.Sprintf("Wallet \"%s\" is already loaded.", name)}
	}
	var loaded *Wallet
	defer func() { m.finish(name, loaded) }()
	dir, file := m.path(name)
	if _, err := os.Stat(file); err != nil {
		return nil, &LoadError{Code: -18, Msg: fmt.Sprintf("Wallet file verification failed. Failed to load database path '%s'. Path does not exist.", dir)}
	}
	db, err := store.Open(file, store.Options{Magic: magic(m.opts), UnsafeSync: m.opts.UnsafeSync})
	if err != nil {
		return nil, &LoadError{Code: -4, Msg: fmt.Sprintf("Wallet file verification failed. %v", err)}
	}
	w := newWallet(name, db, m.chain, m.opts)
	w.log = m.log
	best, err := w.load(ctx)
	if err != nil {
		// A half-loaded wallet must not be attached: it would record the
		// tip as processed over records it never read.
		msg, _ := loadErrorText(err, file)
		_ = db.Close()
		return nil, &LoadError{Code: -4, Msg: msg}
	}
	if err := w.attach(ctx, best, m.log); err != nil {
		_ = w.Close()
		return nil, &LoadError{Code: -4, Msg: err.Error()}
	}
	if err := m.updateStartup(ctx, name, loadOnStartup); err != nil {
		m.log("wallet %q: %v", name, err)
	}
	loaded = w
	return w, nil
}

// Unload closes a wallet.
func (m *Manager) Unload(ctx context.Context, name string, loadOnStartup *bool) error {
	m.mu.Lock()
	idx := -1
	for i, w := range m.wallets {
		if w.name == name {
			idx = i
		}
	}
	if idx < 0 {
		m.mu.Unlock()
		return ErrNotFound
	}
	w := m.wallets[idx]
	m.wallets = append(m.wallets[:idx], m.wallets[idx+1:]...)
	m.mu.Unlock()
	if err := m.updateStartup(ctx, name, loadOnStartup); err != nil {
		m.log("wallet %q: %v", name, err)
	}
	return w.Close()
}

// updateStartup adds or removes name in settings.json's "wallet" list
// (Core's load_on_startup).
func (m *Manager) updateStartup(ctx context.Context, name string, on *bool) error {
	if on == nil {
		return nil
	}
	raw, err := m.chain.RwSetting(ctx, "wallet")
	if err != nil {
		return err
	}
	var list []string
	if raw != nil {
		var v any
		if err := json.Unmarshal(raw, &v); err == nil {
			switch x := v.(type) {
			case string:
				list = []string{x}
			case []any:
				for _, e := range x {
					if s, ok := e.(string); ok {
						list = append(list, s)
					}
				}
			}
		}
	}
	var next []string
	for _, s := range list {
		if s != name {
			next = append(next, s)
		}
	}
	if *on {
		next = append(next, name)
	}
	if next == nil {
		next = []string{}
	}
	val, err := json.Marshal(next)
	if err != nil {
		return err
	}
	return m.chain.UpdateRwSetting(ctx, "wallet", val)
}

// StartupNames are the wallets to load at start: -wallet values, then
// settings.json's list, without duplicates.
func StartupNames(cmdline []string, settings json.RawMessage) []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, s := range cmdline {
		add(s)
	}
	var v any
	if settings != nil && json.Unmarshal(settings, &v) == nil {
		switch x := v.(type) {
		case string:
			add(x)
		case []any:
			for _, e := range x {
				if s, ok := e.(string); ok {
					add(s)
				}
			}
		}
	}
	return out
}

// ListWalletDir lists the wallets found in the wallet directory (Core's
// listwalletdir): directories holding wallet.dat, and wallet.dat itself.
func (m *Manager) ListWalletDir() []string {
	var out []string
	root := m.opts.WalletDir
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if !d.IsDir() && d.Name() == "wallet.dat" {
			rel, _ := filepath.Rel(root, filepath.Dir(p))
			if rel == "." {
				rel = ""
			}
			out = append(out, rel)
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && p != root {
			return filepath.SkipDir
		}
		return nil
	})
	sort.Strings(out)
	return out
}

// Close unloads every wallet.
func (m *Manager) Close() {
	m.mu.Lock()
	ws := m.wallets
	m.wallets = nil
	m.mu.Unlock()
	for _, w := range ws {
		_ = w.Close()
	}
}
