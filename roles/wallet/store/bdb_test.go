package store

import (
	"encoding/hex"
	"os"
	"strings"
	"testing"
)

// The fixtures were written by Berkeley DB 5.3's db_load (btree, 512-byte
// pages, subdatabase "main", each byte order) from the records in
// legacy.records: sixty small ones over several leaves under an internal
// page, and a 3000-byte value on overflow pages.
func TestReadBDB(t *testing.T) {
	want, err := os.ReadFile("testdata/legacy.records")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"testdata/legacy-le.dat", "testdata/legacy-be.dat"} {
		if !IsBDBFile(f) {
			t.Errorf("%s: not recognized as BDB", f)
		}
		recs, err := ReadBDB(f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var b strings.Builder
		for _, r := range recs {
			b.WriteString(hex.EncodeToString(r.Key) + "," + hex.EncodeToString(r.Value) + "\n")
		}
		if b.String() != string(want) {
			t.Errorf("%s: records differ:\n%s", f, b.String())
		}
	}
}

func TestReadBDBErrors(t *testing.T) {
	data, err := os.ReadFile("testdata/legacy-le.dat")
	if err != nil {
		t.Fatal(err)
	}
	mod := func(f func(b []byte) []byte) []byte { return f(append([]byte{}, data...)) }
	for _, tc := range []struct {
		name string
		data []byte
		err  string
	}{
		{"short", data[:100], "Not a BDB file"},
		{"magic", mod(func(b []byte) []byte { b[12] = 0; return b }), "Not a BDB file"},
		{"truncated", data[:len(data)-512], "Last page number could not fit in file"},
		{"lsn", mod(func(b []byte) []byte { b[512+4] = 2; return b }), "LSNs are not reset"},
		{"encrypted", mod(func(b []byte) []byte { b[24] = 1; return b }), "BDB builtin encryption is not supported"},
		{"version", mod(func(b []byte) []byte { b[16] = 8; return b }), "Unsupported BDB data file version number"},
	} {
		_, err := ParseBDB(tc.data)
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.err)
		}
	}
}

func FuzzParseBDB(f *testing.F) {
	for _, p := range []string{"testdata/legacy-le.dat", "testdata/legacy-be.dat"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := ParseBDB(data)
		if err != nil {
			return
		}
		for i := 1; i < len(recs); i++ {
			if string(recs[i-1].Key) >= string(recs[i].Key) {
				t.Fatal("records not sorted and unique")
			}
		}
	})
}
