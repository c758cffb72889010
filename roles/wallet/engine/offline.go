package engine

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/mpbitcoin/mpbitcoin/roles/wallet/store"
)

// CreateOffline writes a new descriptor wallet at dir/wallet.dat without a
// node (the offline tool's create, Core's WalletCreate): flags and Core's
// default descriptors from a new seed, expanded by the keypool.
func CreateOffline(dir string, opts *Options, now int64) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("Failed to create database path '%s'. %w", dir, err)
	}
	file := filepath.Join(dir, "wallet.dat")
	if _, err := os.Stat(file); err == nil {
		return fmt.Errorf("Failed to create database path '%s'. Database already exists.", dir)
	}
	db, err := store.Open(file, store.Options{Create: true, Magic: magic(opts), UnsafeSync: opts.UnsafeSync})
	if err != nil {
		return err
	}
	w := newWallet(filepath.Base(dir), db, nil, opts)
	w.flags = FlagDescriptors | FlagLastHardenedCached
	err = w.update(func(b *store.Batch) error {
		if err := b.WriteVersion(clientVersion); err != nil {
			return err
		}
		if err := b.WriteFlags(w.flags); err != nil {
			return err
		}
		return w.setupDescriptors(now, b)
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(file)
	}
	return err
}
