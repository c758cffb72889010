package store

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// DataFile is the database file of a wallet directory.
const DataFile = "wallet.dat"

// WalletOptions are Core's DatabaseOptions for OpenWallet.
type WalletOptions struct {
	RequireExisting bool // fail unless the wallet exists
	RequireCreate   bool // fail if it exists; create it
	Magic           [4]byte
	UnsafeSync      bool
	ReadOnly        bool
	SkipVerify      bool
}

// Status errors of OpenWallet; the error text is Core's, these tell the
// cases apart (errors.Is).
var (
	ErrWalletNotFound     = errors.New("wallet database not found")
	ErrWalletExists       = errors.New("wallet database already exists")
	ErrWalletBadFormat    = errors.New("wallet database in an unrecognized format")
	ErrWalletLegacyBDB    = errors.New("legacy Berkeley DB wallet")
	ErrWalletInaccessible = errors.New("wallet database path inaccessible")
)

type pathError struct {
	msg  string
	kind error
}

func (e *pathError) Error() string { return e.msg }
func (e *pathError) Is(t error) bool {
	return t == e.kind
}

// WalletDataFile is the database file of the wallet at walletPath (Core's
// SQLiteDataFile): walletPath/wallet.dat.
func WalletDataFile(walletPath string) string { return filepath.Join(walletPath, DataFile) }

// OpenWallet is Core's MakeDatabase for SQLite: it finds the database of
// the wallet directory walletPath, checks what exists against what o
// requires, and opens or creates walletPath/wallet.dat. Errors carry
// Core's messages.
func OpenWallet(walletPath string, o WalletOptions) (*DB, error) {
	exists := true
	if _, err := os.Lstat(walletPath); err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, &pathError{fmt.Sprintf("Failed to access database path '%s': %v", walletPath, err), ErrWalletInaccessible}
		}
		exists = false
	}
	var format string
	if exists {
		if IsBDBFile(BDBDataFile(walletPath)) {
			format = "bdb"
		}
		if IsSQLiteFile(WalletDataFile(walletPath), o.Magic) {
			if format != "" {
				return nil, &pathError{fmt.Sprintf("Failed to load database path '%s'. Data is in ambiguous format.", walletPath), ErrWalletBadFormat}
			}
			format = "sqlite"
		}
	} else if o.RequireExisting {
		return nil, &pathError{fmt.Sprintf("Failed to load database path '%s'. Path does not exist.", walletPath), ErrWalletNotFound}
	}
	if format == "" && o.RequireExisting {
		return nil, &pathError{fmt.Sprintf("Failed to load database path '%s'. Data is not in recognized format.", walletPath), ErrWalletBadFormat}
	}
	if format != "" && o.RequireCreate {
		return nil, &pathError{fmt.Sprintf("Failed to create database path '%s'. Database already exists.", walletPath), ErrWalletExists}
	}
	if format == "bdb" {
		return nil, &pathError{fmt.Sprintf("Failed to open database path '%s'. The wallet appears to be a Legacy wallet, please use the wallet migration tool (migratewallet RPC or the GUI option).", walletPath), ErrWalletLegacyBDB}
	}
	file := WalletDataFile(walletPath)
	create := false
	if format == "" {
		// Core's SQLite opens with SQLITE_OPEN_CREATE: a missing (or empty,
		// never initialized) file becomes a new database.
		st, err := os.Stat(file)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			create = true
		case err != nil:
			return nil, fmt.Errorf("SQLiteDatabase: Failed to open database: %w", err)
		case st.Size() != 0:
			return nil, &pathError{fmt.Sprintf("Failed to load database path '%s'. Data is not in recognized format.", walletPath), ErrWalletBadFormat}
		}
	}
	return Open(file, Options{Create: create, Magic: o.Magic, UnsafeSync: o.UnsafeSync, ReadOnly: o.ReadOnly, SkipVerify: o.SkipVerify})
}

// BDBDataFile is Core's BDBDataFile: the path itself if it is a regular
// file, else path/wallet.dat.
func BDBDataFile(p string) string {
	if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
		return p
	}
	return filepath.Join(p, DataFile)
}

func readHeader(p string, n int) ([]byte, int64, bool) {
	f, err := os.Open(p)
	if err != nil {
		return nil, 0, false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return nil, 0, false
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(f, buf); err != nil {
		return nil, 0, false
	}
	return buf, st.Size(), true
}

// IsBDBFile is Core's IsBDBFile: at least 4096 bytes with the Berkeley DB
// btree magic at offset 12.
func IsBDBFile(p string) bool {
	h, size, ok := readHeader(p, 16)
	if !ok || size < 4096 {
		return false
	}
	m := h[12:16]
	return bytes.Equal(m, []byte{0x00, 0x05, 0x31, 0x62}) || bytes.Equal(m, []byte{0x62, 0x31, 0x05, 0x00})
}

// IsSQLiteFile is Core's IsSQLiteFile: at least 512 bytes, SQLite's
// magic, and the application id (offset 68) equal to the network magic.
func IsSQLiteFile(p string, magic [4]byte) bool {
	h, size, ok := readHeader(p, 72)
	if !ok || size < 512 {
		return false
	}
	return string(h[:16]) == "SQLite format 3\x00" && bytes.Equal(h[68:72], magic[:])
}
