package zmq

import (
	"bytes"
	"encoding/hex"
	"testing"

	"github.com/btcsuite/btcd/chainhash/v2"
)

func TestSequenceBody(t *testing.T) {
	h, _ := chainhash.NewHashFromStr("00000000000000000000000000000000000000000000000000000000000000ff")
	// Display order: the hash as printed.
	if got := hex.EncodeToString(hashBody(*h)); got != h.String() {
		t.Fatalf("hash body %s, want %s", got, h)
	}
	body := sequenceBody(*h, LabelAdded, 0x0102)
	if len(body) != 41 || body[32] != 'A' || !bytes.Equal(body[33:], []byte{2, 1, 0, 0, 0, 0, 0, 0}) {
		t.Fatalf("A body %x", body)
	}
	if b := sequenceBody(*h, LabelConnect, 7); len(b) != 33 || b[32] != 'C' {
		t.Fatalf("C body %x", b)
	}
	ev, err := ParseSequence(body)
	if err != nil || ev.Hash != *h || ev.Label != 'A' || ev.MempoolSeq != 0x0102 {
		t.Fatalf("parse: %+v %v", ev, err)
	}
	for _, bad := range [][]byte{body[:32], append(body[:33:33], 1), append(append([]byte{}, body[:32]...), 'X')} {
		if _, err := ParseSequence(bad); err == nil {
			t.Fatalf("accepted %x", bad)
		}
	}
}

func TestParseMessage(t *testing.T) {
	m, err := ParseMessage([][]byte{[]byte("rawtx"), {1, 2}, {5, 0, 0, 1}})
	if err != nil || m.Topic != "rawtx" || m.Seq != 0x01000005 || !bytes.Equal(m.Body, []byte{1, 2}) {
		t.Fatalf("%+v %v", m, err)
	}
	if _, err := ParseMessage([][]byte{[]byte("rawtx"), {1}}); err == nil {
		t.Fatal("two frames accepted")
	}
	if _, err := ParseMessage([][]byte{[]byte("rawtx"), {1}, {1, 2}}); err == nil {
		t.Fatal("short sequence accepted")
	}
}

type fakeArgs map[string][]string

func (f fakeArgs) GetAll(n string) []string { return f[n] }
func (f fakeArgs) GetInt(n string, def int64) int64 {
	if v, ok := f[n]; ok && len(v) > 0 {
		var i int64
		for _, c := range v[len(v)-1] {
			i = i*10 + int64(c-'0')
		}
		return i
	}
	return def
}

func TestEndpoints(t *testing.T) {
	eps := Endpoints(fakeArgs{
		"zmqpubsequence":    {"tcp://127.0.0.1:1"},
		"zmqpubrawtx":       {"unix:/tmp/x.sock", "tcp://127.0.0.1:2"},
		"zmqpubrawtxhwm":    {"5"},
		"zmqpubhashblock":   {"tcp://127.0.0.1:1"},
		"zmqpubhashblockhw": {"9"},
	})
	want := []Endpoint{
		{"pubhashblock", "tcp://127.0.0.1:1", DefaultHWM},
		{"pubrawtx", "ipc:///tmp/x.sock", 5},
		{"pubrawtx", "tcp://127.0.0.1:2", 5},
		{"pubsequence", "tcp://127.0.0.1:1", DefaultHWM},
	}
	if len(eps) != len(want) {
		t.Fatalf("%+v", eps)
	}
	for i := range want {
		if eps[i] != want[i] {
			t.Fatalf("endpoint %d: %+v, want %+v", i, eps[i], want[i])
		}
	}
}

func FuzzParseSequence(f *testing.F) {
	var h chainhash.Hash
	f.Add(sequenceBody(h, LabelAdded, 9))
	f.Add(sequenceBody(h, LabelDisconnect, 0))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := ParseSequence(body)
		if err != nil {
			return
		}
		if again := sequenceBody(ev.Hash, ev.Label, ev.MempoolSeq); !bytes.Equal(again, body) {
			t.Fatalf("round trip %x -> %x", body, again)
		}
	})
}

func FuzzParseMessage(f *testing.F) {
	f.Add([]byte("sequence"), []byte{1}, []byte{0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, a, b, c []byte) {
		m, err := ParseMessage([][]byte{a, b, c})
		if err != nil {
			if len(c) == 4 {
				t.Fatalf("rejected a 4-byte sequence: %v", err)
			}
			return
		}
		if m.Topic != string(a) || !bytes.Equal(m.Body, b) {
			t.Fatal("frames not kept")
		}
	})
}

func FuzzNormalizeAddress(f *testing.F) {
	f.Add("unix:/tmp/a")
	f.Add("tcp://127.0.0.1:28332")
	f.Fuzz(func(t *testing.T, s string) {
		out := NormalizeAddress(s)
		if len(s) >= 5 && s[:5] == "unix:" {
			if out != "ipc://"+s[5:] {
				t.Fatalf("%q -> %q", s, out)
			}
		} else if out != s {
			t.Fatalf("%q changed to %q", s, out)
		}
	})
}
