package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/mpbitcoin/mpbitcoin/roles/wallet/store"
)

// Backup writes a consistent copy of the wallet database to dst (Core's
// BackupWallet): the best block is written first so that the copy
// resumes from here. dst must not be the wallet's own file.
func (w *Wallet) Backup(dst string) error {
	if src, err := os.Stat(w.db.Path()); err == nil {
		if d, err := os.Stat(dst); err == nil && os.SameFile(src, d) {
			return errors.New("backup wallet: the destination is the wallet's own database")
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.update(w.writeBestBlock); err != nil {
		return err
	}
	if err := w.db.Backup(dst); err != nil {
		return fmt.Errorf("backup wallet to %s: %w", dst, err)
	}
	return nil
}

// Restore copies a backup into <walletdir>/<name>/wallet.dat and loads it
// (Core's RestoreWallet); the new directory is removed again when the
// wallet does not load. Errors are *LoadError with Core's codes.
func (m *Manager) Restore(ctx context.Context, name, backup string, loadOnStartup *bool) (*Wallet, error) {
	dir := name
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(m.opts.WalletDir, name)
	}
	if _, err := os.Stat(backup); err != nil {
		return nil, &LoadError{Code: -8, Msg: "Backup file does not exist"}
	}
	if _, err := os.Lstat(dir); err == nil {
		return nil, &LoadError{Code: -36, Msg: fmt.Sprintf("Failed to create database path '%s'. Database already exists.", dir)}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, &LoadError{Code: -36, Msg: fmt.Sprintf("Failed to create database path '%s'. Database already exists.", dir)}
	}
	file := store.WalletDataFile(dir)
	if err := copyNew(backup, file); err != nil {
		_ = os.RemoveAll(dir)
		return nil, &LoadError{Code: -4, Msg: fmt.Sprintf("Unexpected exception: %v", err)}
	}
	if !store.IsSQLiteFile(file, magic(m.opts)) {
		_ = os.RemoveAll(dir)
		return nil, &LoadError{Code: -18, Msg: fmt.Sprintf("Wallet file verification failed. Failed to load database path '%s'. Data is not in recognized format.", dir)}
	}
	w, err := m.Load(ctx, name, loadOnStartup)
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	return w, nil
}

// copyNew copies src to a file dst that must not exist yet.
func copyNew(src, dst string) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("open backup: %w", err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("create wallet file: %w", err)
	}
	defer func() {
		if cerr := out.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("write wallet file: %w", cerr)
		}
	}()
	if _, err := io.Copy(out, in); err != nil {
		return fmt.Errorf("copy backup: %w", err)
	}
	return out.Sync()
}
