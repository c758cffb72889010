package tool

import (
	"bytes"
	"testing"
)

func dumpOf(recs ...DumpRecord) []byte {
	var b bytes.Buffer
	w := NewDumpWriter(&b, "sqlite")
	for _, r := range recs {
		_ = w.Record(r.Key, r.Value)
	}
	_ = w.Finish()
	return b.Bytes()
}

// FuzzDumpFile parses arbitrary dump files as createfromdump does.
func FuzzDumpFile(f *testing.F) {
	f.Add(dumpOf(DumpRecord{[]byte{5, 'f', 'l', 'a', 'g', 's'}, []byte{0, 0, 0, 0, 4, 0, 0, 0}}))
	f.Add([]byte("BITCOIN_CORE_WALLET_DUMP,1\nformat,sqlite\n,\nzz\nchecksum, 00 11\n"))
	f.Add([]byte("BITCOIN_CORE_WALLET_DUMP,1\nformat,sqlite"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ReadDumpHeader(data)
		if err != nil {
			return
		}
		recs, err := r.Records()
		if err != nil {
			return
		}
		for _, rec := range recs {
			if len(rec.Key) == 0 || len(rec.Value) == 0 {
				t.Fatal("empty record accepted")
			}
		}
	})
}

// FuzzDumpRoundTrip checks that what DumpWriter writes reads back.
func FuzzDumpRoundTrip(f *testing.F) {
	f.Add([]byte{1}, []byte{2}, []byte{3, 4}, []byte{})
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2 []byte) {
		in := []DumpRecord{{k1, v1}, {k2, v2}}
		r, err := ReadDumpHeader(dumpOf(in...))
		if err != nil {
			t.Fatal(err)
		}
		recs, err := r.Records()
		if err != nil {
			t.Fatal(err)
		}
		var want []DumpRecord
		for _, rec := range in {
			if len(rec.Key) > 0 && len(rec.Value) > 0 { // empty ones are skipped, as in Core
				want = append(want, rec)
			}
		}
		if len(recs) != len(want) {
			t.Fatalf("%d records back, want %d", len(recs), len(want))
		}
		for i := range want {
			if !bytes.Equal(recs[i].Key, want[i].Key) || !bytes.Equal(recs[i].Value, want[i].Value) {
				t.Fatalf("record %d changed", i)
			}
		}
	})
}
