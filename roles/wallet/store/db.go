package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"modernc.org/sqlite"
)

// SchemaVersion is Core's WALLET_SCHEMA_VERSION, kept in PRAGMA user_version.
const SchemaVersion = 0

// ErrLocked is the error of Open when another process (or another DB in
// this one) holds the wallet's exclusive lock. Its text is Core's.
var ErrLocked = errors.New("SQLiteDatabase: Unable to obtain an exclusive lock on the database, is it being used by another instance of Bitcoin Core?")

// ErrClosed is returned by operations on a closed DB or a finished Batch.
var ErrClosed = errors.New("wallet database is closed")

// Options says how Open opens a wallet database file.
type Options struct {
	// Create creates the file, failing (fs.ErrExist) if it exists. Without
	// it the file must exist (fs.ErrNotExist).
	Create bool
	// Magic is the network's message start as written on the wire and on
	// disk; it is kept big-endian in PRAGMA application_id as Core does.
	Magic [4]byte
	// UnsafeSync is Core's -unsafesqlitesync: synchronous=OFF.
	UnsafeSync bool
	// ReadOnly opens the file read-only, holding a shared lock for the
	// life of the DB (writers, Core included, get ErrLocked meanwhile).
	ReadOnly bool
	// SkipVerify skips Core's Verify: the application id, schema version
	// and PRAGMA integrity_check.
	SkipVerify bool
}

// DB is an open wallet database: Core's SQLite layout, a single table
// main(key BLOB PRIMARY KEY NOT NULL, value BLOB NOT NULL), used through
// one connection that holds the file's lock until Close.
type DB struct {
	path  string
	sqldb *sql.DB
	conn  *sql.Conn
	ro    bool

	// txn is a one-slot semaphore: the Batch holding it owns the open
	// SQLite transaction (Core's m_write_semaphore).
	txn chan struct{}

	mu     sync.Mutex
	closed bool
}

// Open opens (with o.Create, creates) the wallet database file at path,
// takes its exclusive lock as Core does, and verifies it. The DB must be
// closed with Close.
func Open(path string, o Options) (*DB, error) {
	if o.Magic == ([4]byte{}) {
		return nil, errors.New("open wallet database: network magic not set")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open wallet database %s: %w", path, err)
	}
	if err := prepareFile(abs, o); err != nil {
		return nil, err
	}
	// OFD locks survive another descriptor of the file being closed in
	// this process (POSIX locks do not) and conflict with Core's POSIX
	// locks all the same. The switch only works before the first lock.
	_, _ = sqlite.OFDLocking(true)

	sqldb, err := sql.Open("sqlite", fileURI(abs, o.ReadOnly))
	if err != nil {
		return nil, fmt.Errorf("SQLiteDatabase: Failed to open database: %w", err)
	}
	ctx := context.Background()
	conn, err := sqldb.Conn(ctx)
	if err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("SQLiteDatabase: Failed to open database: %w", err)
	}
	db := &DB{path: abs, sqldb: sqldb, conn: conn, ro: o.ReadOnly, txn: make(chan struct{}, 1)}
	if err := db.setup(ctx, o); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// prepareFile enforces Create's and !Create's expectations and makes the
// directory (Core's TryCreateDirectories) and the empty file.
func prepareFile(abs string, o Options) error {
	if !o.Create {
		st, err := os.Stat(abs)
		if err != nil {
			return fmt.Errorf("open wallet database: %w", err)
		}
		if st.IsDir() {
			return fmt.Errorf("open wallet database %s: is a directory", abs)
		}
		return nil
	}
	if o.ReadOnly {
		return errors.New("open wallet database: cannot create a read-only database")
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return fmt.Errorf("create wallet directory: %w", err)
	}
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("create wallet database %s: %w", abs, fs.ErrExist)
		}
		return fmt.Errorf("create wallet database: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("create wallet database: %w", err)
	}
	return nil
}

// fileURI is an SQLite URI for an absolute path, escaping what URIs treat
// specially.
func fileURI(abs string, ro bool) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), OmitHost: true}
	s := u.String()
	if ro {
		s += "?mode=ro"
	} else {
		s += "?mode=rw"
	}
	return s
}

func (db *DB) exec(ctx context.Context, stmt string) error {
	_, err := db.conn.ExecContext(ctx, stmt)
	return err
}

func (db *DB) pragmaInt(ctx context.Context, name string) (int64, error) {
	var v int64
	if err := db.conn.QueryRowContext(ctx, "PRAGMA "+name).Scan(&v); err != nil {
		return 0, err
	}
	return v, nil
}

// fileReadOnly is sqlite3_db_readonly: whether SQLite could only open the
// file for reading (its permissions, a read-only file system).
func (db *DB) fileReadOnly() (bool, error) {
	type readOnlier interface {
		IsReadOnly(schema string) (bool, error)
	}
	var ro bool
	err := db.conn.Raw(func(dc any) error {
		c, ok := dc.(readOnlier)
		if !ok {
			return errors.New("the SQLite driver cannot tell a read-only database")
		}
		var err error
		ro, err = c.IsReadOnly("main")
		return err
	})
	return ro, err
}

// lockError is ErrLocked when SQLite says the file is busy or locked, and
// the error itself otherwise (a file that is not a database, I/O errors).
func lockError(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case 5, 6: // SQLITE_BUSY, SQLITE_LOCKED
			return fmt.Errorf("%w (%v)", ErrLocked, err)
		}
	}
	return fmt.Errorf("SQLiteDatabase: Failed to open database: %w", err)
}

// setup is Core's SQLiteDatabase::Open and Verify.
func (db *DB) setup(ctx context.Context, o Options) error {
	if err := db.exec(ctx, "PRAGMA locking_mode = exclusive"); err != nil {
		return fmt.Errorf("SQLiteDatabase: Unable to change database locking mode to exclusive: %w", err)
	}
	if !o.ReadOnly {
		ro, err := db.fileReadOnly()
		if err != nil {
			return fmt.Errorf("SQLiteDatabase: Failed to open database: %w", err)
		}
		if ro {
			return errors.New("SQLiteDatabase: Database opened in readonly mode but read-write permissions are needed")
		}
	}
	if o.ReadOnly {
		// The first read in exclusive locking mode takes a shared lock
		// that stays until the connection closes.
		if _, err := db.pragmaInt(ctx, "schema_version"); err != nil {
			return lockError(err)
		}
	} else {
		if err := db.exec(ctx, "BEGIN EXCLUSIVE TRANSACTION"); err != nil {
			return lockError(err)
		}
		if err := db.exec(ctx, "COMMIT"); err != nil {
			return fmt.Errorf("SQLiteDatabase: Unable to end exclusive lock transaction: %w", err)
		}
	}
	if err := db.exec(ctx, "PRAGMA fullfsync = true"); err != nil {
		return fmt.Errorf("SQLiteDatabase: Failed to enable fullfsync: %w", err)
	}
	sync := "FULL"
	if o.UnsafeSync {
		sync = "OFF"
	}
	if err := db.exec(ctx, "PRAGMA synchronous = "+sync); err != nil {
		return fmt.Errorf("SQLiteDatabase: Failed to set synchronous mode to %s: %w", sync, err)
	}
	var name string
	err := db.conn.QueryRowContext(ctx, "SELECT name FROM sqlite_master WHERE type='table' AND name='main'").Scan(&name)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if o.ReadOnly {
			return errors.New("SQLiteDatabase: the database has no main table")
		}
		if err := db.createSchema(ctx, o.Magic); err != nil {
			return err
		}
	case err != nil:
		return fmt.Errorf("SQLiteDatabase: Failed to execute statement to check table existence: %w", err)
	}
	if o.SkipVerify {
		return nil
	}
	return db.verify(ctx, o.Magic)
}

func (db *DB) createSchema(ctx context.Context, magic [4]byte) error {
	// Core runs these one by one; in one transaction a crash cannot leave
	// a table without its application id.
	if err := db.exec(ctx, "BEGIN TRANSACTION"); err != nil {
		return fmt.Errorf("SQLiteDatabase: Failed to create new database: %w", err)
	}
	fail := func(what string, err error) error {
		_ = db.exec(ctx, "ROLLBACK TRANSACTION")
		return fmt.Errorf("SQLiteDatabase: %s: %w", what, err)
	}
	if err := db.exec(ctx, "CREATE TABLE main(key BLOB PRIMARY KEY NOT NULL, value BLOB NOT NULL)"); err != nil {
		return fail("Failed to create new database", err)
	}
	appID := int32(binary.BigEndian.Uint32(magic[:]))
	if err := db.exec(ctx, fmt.Sprintf("PRAGMA application_id = %d", appID)); err != nil {
		return fail("Failed to set the application id", err)
	}
	if err := db.exec(ctx, fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion)); err != nil {
		return fail("Failed to set the wallet schema version", err)
	}
	if err := db.exec(ctx, "COMMIT TRANSACTION"); err != nil {
		return fail("Failed to create new database", err)
	}
	return nil
}

// verify is Core's SQLiteDatabase::Verify, with its messages.
func (db *DB) verify(ctx context.Context, magic [4]byte) error {
	v, err := db.pragmaInt(ctx, "application_id")
	if err != nil {
		return fmt.Errorf("SQLiteDatabase: Failed to fetch the application id: %w", err)
	}
	appID := uint32(int32(v))
	want := binary.BigEndian.Uint32(magic[:])
	if appID != want {
		return fmt.Errorf("SQLiteDatabase: Unexpected application id. Expected %d, got %d", want, appID)
	}
	v, err = db.pragmaInt(ctx, "user_version")
	if err != nil {
		return fmt.Errorf("SQLiteDatabase: Failed to fetch sqlite wallet schema version: %w", err)
	}
	if int32(v) != SchemaVersion {
		return fmt.Errorf("SQLiteDatabase: Unknown sqlite wallet schema version %d. Only version %d is supported", int32(v), SchemaVersion)
	}
	rows, err := db.conn.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return fmt.Errorf("SQLiteDatabase: Failed to prepare statement to verify database: %w", err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			return fmt.Errorf("SQLiteDatabase: Failed to read database verification error: %w", err)
		}
		if msg != "ok" {
			problems = append(problems, msg)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("SQLiteDatabase: Failed to execute statement to verify database: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("Failed to verify database\n%s", strings.Join(problems, "\n"))
	}
	return nil
}

// Path returns the absolute path of the database file.
func (db *DB) Path() string { return db.path }

// Format is the database format Core reports ("sqlite").
func (db *DB) Format() string { return "sqlite" }

func (db *DB) isClosed() bool {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.closed
}

// Close releases the connection and with it the file's lock. An open
// Batch is rolled back by SQLite.
func (db *DB) Close() error {
	db.mu.Lock()
	if db.closed {
		db.mu.Unlock()
		return nil
	}
	db.closed = true
	db.mu.Unlock()
	err := db.conn.Close()
	if cerr := db.sqldb.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("SQLiteDatabase: Failed to close database: %w", err)
	}
	return nil
}

// Get returns the value stored under key (inside an open Batch, as that
// Batch has written it).
func (db *DB) Get(key []byte) ([]byte, bool, error) {
	if db.isClosed() {
		return nil, false, ErrClosed
	}
	var v []byte
	err := db.conn.QueryRowContext(context.Background(), "SELECT value FROM main WHERE key = ?", nonNil(key)).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read wallet record: %w", err)
	}
	return nonNil(v), true, nil
}

// Iterate calls fn for every record whose key begins with prefix, in key
// order; with an empty prefix it visits every record in table order, as
// Core's cursor (and so its dump) does. An error from fn stops the walk
// and is returned. fn must not start or finish a Batch.
func (db *DB) Iterate(prefix []byte, fn func(key, value []byte) error) error {
	if db.isClosed() {
		return ErrClosed
	}
	ctx := context.Background()
	var rows *sql.Rows
	var err error
	switch end, ok := prefixEnd(prefix); {
	case len(prefix) == 0:
		rows, err = db.conn.QueryContext(ctx, "SELECT key, value FROM main")
	case ok:
		rows, err = db.conn.QueryContext(ctx, "SELECT key, value FROM main WHERE key >= ? AND key < ?", prefix, end)
	default:
		rows, err = db.conn.QueryContext(ctx, "SELECT key, value FROM main WHERE key >= ?", prefix)
	}
	if err != nil {
		return fmt.Errorf("read wallet records: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v []byte
		if err := rows.Scan(&k, &v); err != nil {
			return fmt.Errorf("Error reading next record from wallet database: %w", err)
		}
		if err := fn(nonNil(k), nonNil(v)); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("Error reading next record from wallet database: %w", err)
	}
	return nil
}

// prefixEnd is the smallest key above every key beginning with prefix
// (Core's PrefixCursor end_range); ok is false when there is none.
func prefixEnd(prefix []byte) ([]byte, bool) {
	end := append([]byte{}, prefix...)
	for len(end) > 0 {
		if end[len(end)-1] != 0xff {
			end[len(end)-1]++
			return end, true
		}
		end = end[:len(end)-1]
	}
	return nil, false
}

// nonNil keeps an empty blob from being bound as SQL NULL.
func nonNil(p []byte) []byte {
	if p == nil {
		return []byte{}
	}
	return p
}

// Backup writes a consistent copy of the database to dst (Core's
// backupwallet, through SQLite's online backup).
func (db *DB) Backup(dst string) error {
	if db.isClosed() {
		return ErrClosed
	}
	abs, err := filepath.Abs(dst)
	if err != nil {
		return fmt.Errorf("backup wallet: %w", err)
	}
	type backuper interface {
		NewBackup(string) (*sqlite.Backup, error)
	}
	return db.conn.Raw(func(dc any) error {
		c, ok := dc.(backuper)
		if !ok {
			return errors.New("backup wallet: the SQLite driver does not support backups")
		}
		u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), OmitHost: true}
		b, err := c.NewBackup(u.String())
		if err != nil {
			return fmt.Errorf("Unable to begin backup: %w", err)
		}
		for {
			more, err := b.Step(-1)
			if err != nil {
				_ = b.Finish()
				return fmt.Errorf("Unable to backup: %w", err)
			}
			if !more {
				break
			}
		}
		if err := b.Finish(); err != nil {
			return fmt.Errorf("Unable to backup: %w", err)
		}
		return nil
	})
}
