package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
)

// ErrRecordExists is returned by PutNew (and the writes Core makes
// without overwrite) when the key is already present.
var ErrRecordExists = errors.New("record already exists")

// Batch is one SQLite transaction on a DB. Only one Batch is open at a
// time: Begin waits for the previous one to be committed or rolled back.
// Reads through the DB while a Batch is open see its writes.
type Batch struct {
	db   *DB
	mu   sync.Mutex
	done bool
}

// Begin opens a transaction (Core's TxnBegin).
func (db *DB) Begin() (*Batch, error) {
	if db.isClosed() {
		return nil, ErrClosed
	}
	if db.ro {
		return nil, errors.New("begin wallet transaction: database is read-only")
	}
	db.txn <- struct{}{}
	if err := db.exec(context.Background(), "BEGIN TRANSACTION"); err != nil {
		<-db.txn
		return nil, fmt.Errorf("begin wallet transaction: %w", err)
	}
	return &Batch{db: db}, nil
}

// Update runs fn in a Batch, committing when fn returns nil and rolling
// back otherwise.
func (db *DB) Update(fn func(*Batch) error) error {
	b, err := db.Begin()
	if err != nil {
		return err
	}
	if err := fn(b); err != nil {
		if rerr := b.Rollback(); rerr != nil {
			return fmt.Errorf("%w (and %v)", err, rerr)
		}
		return err
	}
	return b.Commit()
}

func (b *Batch) check() error {
	if b.done {
		return ErrClosed
	}
	if b.db.isClosed() {
		return ErrClosed
	}
	return nil
}

func (b *Batch) exec(stmt string, args ...any) (int64, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.check(); err != nil {
		return 0, err
	}
	r, err := b.db.conn.ExecContext(context.Background(), stmt, args...)
	if err != nil {
		return 0, err
	}
	n, err := r.RowsAffected()
	if err != nil {
		return 0, err
	}
	return n, nil
}

// Put writes value under key, replacing what was there.
func (b *Batch) Put(key, value []byte) error {
	if _, err := b.exec("INSERT or REPLACE into main values(?, ?)", nonNil(key), nonNil(value)); err != nil {
		return fmt.Errorf("write wallet record: %w", err)
	}
	return nil
}

// PutNew writes value under key unless the key exists (ErrRecordExists).
func (b *Batch) PutNew(key, value []byte) error {
	_, err := b.exec("INSERT INTO main VALUES(?, ?)", nonNil(key), nonNil(value))
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE constraint failed") {
			return fmt.Errorf("write wallet record: %w", ErrRecordExists)
		}
		return fmt.Errorf("write wallet record: %w", err)
	}
	return nil
}

// Get reads key as this Batch sees it.
func (b *Batch) Get(key []byte) ([]byte, bool, error) {
	if err := b.check(); err != nil {
		return nil, false, err
	}
	return b.db.Get(key)
}

// Delete removes key; a missing key is not an error.
func (b *Batch) Delete(key []byte) error {
	if _, err := b.exec("DELETE FROM main WHERE key = ?", nonNil(key)); err != nil {
		return fmt.Errorf("erase wallet record: %w", err)
	}
	return nil
}

// DeletePrefix removes every record whose key begins with prefix (Core's
// ErasePrefix).
func (b *Batch) DeletePrefix(prefix []byte) error {
	if len(prefix) == 0 {
		return errors.New("erase wallet records: empty prefix")
	}
	if _, err := b.exec("DELETE FROM main WHERE instr(key, ?) = 1", prefix); err != nil {
		return fmt.Errorf("erase wallet records: %w", err)
	}
	return nil
}

func (b *Batch) finish(stmt string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.done {
		return ErrClosed
	}
	b.done = true
	defer func() { <-b.db.txn }()
	if b.db.isClosed() {
		return ErrClosed
	}
	return b.db.exec(context.Background(), stmt)
}

// Commit makes the Batch's writes durable (Core's TxnCommit).
func (b *Batch) Commit() error {
	if err := b.finish("COMMIT TRANSACTION"); err != nil {
		if !errors.Is(err, ErrClosed) {
			// A failed COMMIT may leave the transaction open; end it so the
			// next Begin starts clean.
			_ = b.db.exec(context.Background(), "ROLLBACK TRANSACTION")
		}
		return fmt.Errorf("commit wallet transaction: %w", err)
	}
	return nil
}

// Rollback discards the Batch's writes (Core's TxnAbort).
func (b *Batch) Rollback() error {
	if err := b.finish("ROLLBACK TRANSACTION"); err != nil {
		return fmt.Errorf("abort wallet transaction: %w", err)
	}
	return nil
}
