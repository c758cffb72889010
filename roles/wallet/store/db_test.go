package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// regtestMagic is regtest's message start.
var regtestMagic = [4]byte{0xfa, 0xbf, 0xb5, 0xda}

func openNew(t *testing.T) (*DB, string) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "w", DataFile)
	db, err := Open(p, Options{Create: true, Magic: regtestMagic})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, p
}

func put(t *testing.T, db *DB, kv ...string) {
	t.Helper()
	err := db.Update(func(b *Batch) error {
		for i := 0; i < len(kv); i += 2 {
			if err := b.Put([]byte(kv[i]), []byte(kv[i+1])); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCreateLayout(t *testing.T) {
	db, p := openNew(t)
	put(t, db, "k", "v")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) < 512 || string(raw[:16]) != "SQLite format 3\x00" {
		t.Fatalf("not an SQLite file")
	}
	// The header keeps user_version at 60 and application_id at 68.
	if !bytes.Equal(raw[60:64], []byte{0, 0, 0, 0}) {
		t.Errorf("user_version bytes %x", raw[60:64])
	}
	if !bytes.Equal(raw[68:72], regtestMagic[:]) {
		t.Errorf("application_id bytes %x, want %x", raw[68:72], regtestMagic)
	}
	if !IsSQLiteFile(p, regtestMagic) || IsSQLiteFile(p, [4]byte{0xf9, 0xbe, 0xb4, 0xd9}) {
		t.Error("IsSQLiteFile does not tell the networks apart")
	}
	db2, err := Open(p, Options{Magic: regtestMagic})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	var sqlText string
	if err := db2.conn.QueryRowContext(context.Background(), "SELECT sql FROM sqlite_master WHERE name='main'").Scan(&sqlText); err != nil {
		t.Fatal(err)
	}
	if sqlText != "CREATE TABLE main(key BLOB PRIMARY KEY NOT NULL, value BLOB NOT NULL)" {
		t.Errorf("schema %q", sqlText)
	}
	v, ok, err := db2.Get([]byte("k"))
	if err != nil || !ok || string(v) != "v" {
		t.Errorf("Get after reopen = %q %v %v", v, ok, err)
	}
}

func TestOpenExpectations(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, DataFile)
	if _, err := Open(p, Options{Magic: regtestMagic}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("open of a missing file: %v", err)
	}
	if _, err := os.Stat(p); err == nil {
		t.Error("open of a missing file created it")
	}
	db, err := Open(p, Options{Create: true, Magic: regtestMagic})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(p, Options{Create: true, Magic: regtestMagic}); !errors.Is(err, fs.ErrExist) {
		t.Errorf("create over an existing file: %v", err)
	}
	if _, err := Open(p, Options{}); err == nil {
		t.Error("open without a magic succeeded")
	}
	_, err = Open(p, Options{Magic: [4]byte{0xf9, 0xbe, 0xb4, 0xd9}})
	want := fmt.Sprintf("SQLiteDatabase: Unexpected application id. Expected %d, got %d", uint32(0xf9beb4d9), uint32(0xfabfb5da))
	if err == nil || err.Error() != want {
		t.Errorf("wrong network: %v, want %q", err, want)
	}
}

func TestNotADatabase(t *testing.T) {
	p := filepath.Join(t.TempDir(), DataFile)
	if err := os.WriteFile(p, bytes.Repeat([]byte("not a database "), 100), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(p, Options{Magic: regtestMagic})
	if err == nil || errors.Is(err, ErrLocked) {
		t.Errorf("open of a non-database: %v", err)
	}
}

func TestExclusiveLockInProcess(t *testing.T) {
	_, p := openNew(t)
	_, err := Open(p, Options{Magic: regtestMagic})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second open: %v", err)
	}
	if !strings.HasPrefix(err.Error(), "SQLiteDatabase: Unable to obtain an exclusive lock on the database, is it being used by another instance of Bitcoin Core?") {
		t.Errorf("lock error text %q", err)
	}
	if _, err := Open(p, Options{Magic: regtestMagic, ReadOnly: true}); !errors.Is(err, ErrLocked) {
		t.Errorf("read-only open of a locked database: %v", err)
	}
}

// TestLockHelper is run as a child process by TestExclusiveLockAcrossProcesses.
func TestLockHelper(t *testing.T) {
	p := os.Getenv("STORE_LOCK_HELPER")
	if p == "" {
		t.Skip("helper process only")
	}
	db, err := Open(p, Options{Magic: regtestMagic})
	if err != nil {
		fmt.Println("ERR:", err)
		return
	}
	db.Close()
	fmt.Println("OPENED")
}

func TestExclusiveLockAcrossProcesses(t *testing.T) {
	db, p := openNew(t)
	run := func() string {
		cmd := exec.Command(os.Args[0], "-test.run=^TestLockHelper$", "-test.count=1")
		cmd.Env = append(os.Environ(), "STORE_LOCK_HELPER="+p)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("helper: %v\n%s", err, out)
		}
		return string(out)
	}
	if out := run(); !strings.Contains(out, "ERR: SQLiteDatabase: Unable to obtain an exclusive lock") {
		t.Errorf("other process opened a locked wallet:\n%s", out)
	}
	// Reading the file elsewhere in this process must not drop the lock.
	if !IsSQLiteFile(p, regtestMagic) {
		t.Fatal("not an SQLite file")
	}
	if out := run(); !strings.Contains(out, "ERR: SQLiteDatabase: Unable to obtain an exclusive lock") {
		t.Errorf("lock lost after reading the file:\n%s", out)
	}
	db.Close()
	if out := run(); !strings.Contains(out, "OPENED") {
		t.Errorf("other process could not open a closed wallet:\n%s", out)
	}
}

func TestBatchRollbackAndVisibility(t *testing.T) {
	db, _ := openNew(t)
	b, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Put([]byte("a"), []byte("1")); err != nil {
		t.Fatal(err)
	}
	if v, ok, _ := db.Get([]byte("a")); !ok || string(v) != "1" {
		t.Error("a batch does not see its own write")
	}
	if err := b.Rollback(); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := db.Get([]byte("a")); ok {
		t.Error("rolled back write is visible")
	}
	if err := b.Put([]byte("a"), []byte("1")); !errors.Is(err, ErrClosed) {
		t.Errorf("put on a finished batch: %v", err)
	}
	if err := b.Commit(); !errors.Is(err, ErrClosed) {
		t.Errorf("commit of a finished batch: %v", err)
	}
	// A new batch can start after the old one ended.
	put(t, db, "b", "")
	v, ok, err := db.Get([]byte("b"))
	if err != nil || !ok || v == nil || len(v) != 0 {
		t.Errorf("empty value: %q %v %v", v, ok, err)
	}
}

func TestPutNewAndDelete(t *testing.T) {
	db, _ := openNew(t)
	err := db.Update(func(b *Batch) error {
		if err := b.PutNew([]byte("x"), []byte("1")); err != nil {
			return err
		}
		if err := b.PutNew([]byte("x"), []byte("2")); !errors.Is(err, ErrRecordExists) {
			return fmt.Errorf("second PutNew: %v", err)
		}
		if err := b.Put([]byte("y"), []byte("1")); err != nil {
			return err
		}
		return b.Delete([]byte("y"))
	})
	if err != nil {
		t.Fatal(err)
	}
	if v, _, _ := db.Get([]byte("x")); string(v) != "1" {
		t.Errorf("x = %q", v)
	}
	if _, ok, _ := db.Get([]byte("y")); ok {
		t.Error("y not deleted")
	}
}

func TestIteratePrefix(t *testing.T) {
	db, _ := openNew(t)
	put(t, db, "ab2", "2", "ab1", "1", "ac", "3", "a", "0", "\xff\xff", "f", "\xff\xff\x01", "g")
	var got []string
	collect := func(k, v []byte) error { got = append(got, string(k)+"="+string(v)); return nil }
	if err := db.Iterate([]byte("ab"), collect); err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "ab1=1,ab2=2" {
		t.Errorf("prefix ab: %v", got)
	}
	got = nil
	if err := db.Iterate([]byte("\xff\xff"), collect); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Errorf("prefix ffff: %q", got)
	}
	got = nil
	if err := db.Iterate(nil, collect); err != nil {
		t.Fatal(err)
	}
	if len(got) != 6 {
		t.Errorf("all records: %q", got)
	}
	stop := errors.New("stop")
	if err := db.Iterate(nil, func(k, v []byte) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("callback error not returned: %v", err)
	}
	err := db.Update(func(b *Batch) error { return b.DeletePrefix([]byte("ab")) })
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	_ = db.Iterate([]byte("a"), collect)
	if strings.Join(got, ",") != "a=0,ac=3" {
		t.Errorf("after DeletePrefix(ab): %v", got)
	}
}

func TestSyncPragma(t *testing.T) {
	for _, unsafe := range []bool{false, true} {
		p := filepath.Join(t.TempDir(), DataFile)
		db, err := Open(p, Options{Create: true, Magic: regtestMagic, UnsafeSync: unsafe})
		if err != nil {
			t.Fatal(err)
		}
		v, err := db.pragmaInt(context.Background(), "synchronous")
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		want := int64(2) // FULL
		if unsafe {
			want = 0 // OFF
		}
		if v != want {
			t.Errorf("unsafe=%v: synchronous=%d, want %d", unsafe, v, want)
		}
	}
}

func TestBackup(t *testing.T) {
	db, _ := openNew(t)
	put(t, db, "k1", "v1", "k2", "v2")
	dst := filepath.Join(t.TempDir(), "backup.dat")
	if err := db.Backup(dst); err != nil {
		t.Fatal(err)
	}
	b, err := Open(dst, Options{Magic: regtestMagic})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	n := 0
	_ = b.Iterate(nil, func(k, v []byte) error { n++; return nil })
	if n != 2 {
		t.Errorf("backup has %d records", n)
	}
	if v, _, _ := b.Get([]byte("k2")); string(v) != "v2" {
		t.Errorf("backup k2 = %q", v)
	}
}

func TestReadOnly(t *testing.T) {
	db, p := openNew(t)
	put(t, db, "k", "v")
	db.Close()
	ro, err := Open(p, Options{Magic: regtestMagic, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.Begin(); err == nil {
		t.Error("Begin on a read-only database")
	}
	if r, err := ro.fileReadOnly(); err != nil || !r {
		t.Errorf("fileReadOnly = %v, %v", r, err)
	}
	if v, _, _ := ro.Get([]byte("k")); string(v) != "v" {
		t.Errorf("k = %q", v)
	}
	if _, err := Open(p, Options{Magic: regtestMagic}); !errors.Is(err, ErrLocked) {
		t.Errorf("writer opened a database held read-only: %v", err)
	}
}

func TestClosed(t *testing.T) {
	db, _ := openNew(t)
	db.Close()
	if _, _, err := db.Get([]byte("k")); !errors.Is(err, ErrClosed) {
		t.Errorf("Get after Close: %v", err)
	}
	if _, err := db.Begin(); !errors.Is(err, ErrClosed) {
		t.Errorf("Begin after Close: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// TestCrashHelper is run as a child process by TestDurableAcrossCrash: it
// commits one record, leaves a second uncommitted and exits without
// closing anything.
func TestCrashHelper(t *testing.T) {
	p := os.Getenv("STORE_CRASH_HELPER")
	if p == "" {
		t.Skip("helper process only")
	}
	db, err := Open(p, Options{Create: true, Magic: regtestMagic})
	if err != nil {
		fmt.Println("ERR:", err)
		os.Exit(2)
	}
	if err := db.Update(func(b *Batch) error { return b.Put([]byte("committed"), []byte("1")) }); err != nil {
		fmt.Println("ERR:", err)
		os.Exit(2)
	}
	b, err := db.Begin()
	if err == nil {
		err = b.Put([]byte("uncommitted"), bytes.Repeat([]byte("x"), 100000))
	}
	if err != nil {
		fmt.Println("ERR:", err)
		os.Exit(2)
	}
	os.Exit(0)
}

func TestDurableAcrossCrash(t *testing.T) {
	p := filepath.Join(t.TempDir(), DataFile)
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), "STORE_CRASH_HELPER="+p)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("helper: %v\n%s", err, out)
	}
	db, err := Open(p, Options{Magic: regtestMagic})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, ok, err := db.Get([]byte("committed")); !ok || string(v) != "1" || err != nil {
		t.Errorf("committed record after a crash: %q %v %v", v, ok, err)
	}
	if _, ok, _ := db.Get([]byte("uncommitted")); ok {
		t.Error("uncommitted record survived a crash")
	}
}

func TestCloseDropsOpenBatch(t *testing.T) {
	db, p := openNew(t)
	b, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Put([]byte("k"), []byte("v")); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(p, Options{Magic: regtestMagic})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, ok, _ := db.Get([]byte("k")); ok {
		t.Error("write of a batch open at Close survived")
	}
}

func TestConcurrentBatches(t *testing.T) {
	db, _ := openNew(t)
	const workers, each = 4, 20
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		go func(w int) {
			for i := 0; i < each; i++ {
				k := []byte(fmt.Sprintf("w%d-%d", w, i))
				err := db.Update(func(b *Batch) error {
					if err := b.Put(k, k); err != nil {
						return err
					}
					// Another goroutine's reads run while this batch is open.
					_, _, err := db.Get([]byte("w0-0"))
					return err
				})
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}(w)
	}
	for w := 0; w < workers; w++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	_ = db.Iterate([]byte("w"), func(k, v []byte) error {
		if !bytes.Equal(k, v) {
			t.Errorf("record %q = %q", k, v)
		}
		n++
		return nil
	})
	if n != workers*each {
		t.Errorf("%d records, want %d", n, workers*each)
	}
}
