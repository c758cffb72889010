package rest

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

func TestParseDataFormat(t *testing.T) {
	for _, c := range []struct {
		in, param string
		f         Format
	}{
		{"abc.json", "abc", FormatJSON},
		{"abc.bin", "abc", FormatBinary},
		{"abc.hex?count=5", "abc", FormatHex},
		{"abc.json?x=1.bin", "abc", FormatJSON},
		{"abc", "abc", FormatUndef},
		{"abc.", "abc", FormatUndef},
		{"abc.txt", "abc.txt", FormatUndef},
		{"contents.json?%.json", "contents", FormatJSON},
		{"", "", FormatUndef},
	} {
		p, f := ParseDataFormat(c.in)
		if p != c.param || f != c.f {
			t.Errorf("%q: got %q %d, want %q %d", c.in, p, f, c.param, c.f)
		}
	}
}

func TestQueryParameter(t *testing.T) {
	for _, c := range []struct {
		uri, key, val string
		found, bad    bool
	}{
		{"/rest/headers/x.json?count=7", "count", "7", true, false},
		{"/rest/headers/x.json?a=1&count=7&count=8", "count", "7", true, false},
		{"/rest/headers/x.json", "count", "", false, false},
		{"/rest/headers/x.json?count=a%20b+c", "count", "a b c", true, false},
		{"/rest/headers/x%.json?count=1", "count", "", false, true},
		{"/rest/mempool/contents.json?%.json", "verbose", "", false, true},
		{"/rest/x.json?count=1#frag", "count", "1", true, false},
		{"/rest/x.json?flag&count=1", "count", "", false, false}, // malformed query: no parameters
		{"/rest/x.json?count=1 ", "count", "", false, true},
		{"/rest/x.json?a=b?c/d", "a", "b?c/d", true, false},
	} {
		v, found, err := QueryParameter(c.uri, c.key)
		if (err != nil) != c.bad || v != c.val || found != c.found {
			t.Errorf("%q: got %q %v %v", c.uri, v, found, err)
		}
	}
}

func TestParseNumbers(t *testing.T) {
	for _, s := range []string{"5a", "-5", "+5", "", " 5", "99999999999999999999999999999999999"} {
		if _, ok := parseUint(s, 64); ok {
			t.Errorf("parseUint accepted %q", s)
		}
	}
	if v, ok := parseUint("0012", 64); !ok || v != 12 {
		t.Errorf("parseUint 0012: %d %v", v, ok)
	}
	if _, ok := parseUint("4294967296", 32); ok {
		t.Error("uint32 overflow accepted")
	}
	if v, ok := parseInt32("-1"); !ok || v != -1 {
		t.Errorf("parseInt32 -1: %d %v", v, ok)
	}
	for _, s := range []string{"+1", "abc", "2147483648", ""} {
		if _, ok := parseInt32(s); ok {
			t.Errorf("parseInt32 accepted %q", s)
		}
	}
}

func TestParseHash(t *testing.T) {
	h := strings.Repeat("ab", 32)
	if got, ok := parseHash(h); !ok || got.String() != h {
		t.Fatalf("%v %v", got, ok)
	}
	if got, ok := parseHash(strings.ToUpper(h)); !ok || got.String() != h {
		t.Fatalf("upper case: %v %v", got, ok)
	}
	for _, bad := range []string{"abc", h + "0", h[:62] + "zz", "0x" + h[:62]} {
		if _, ok := parseHash(bad); ok {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestParseUtxoURI(t *testing.T) {
	txid := strings.Repeat("11", 32)
	req, has, err := ParseUtxoURI("/checkmempool/" + txid + "-0/" + txid + "-7")
	if err != nil || !has || !req.CheckMempool || len(req.Outpoints) != 2 || req.Outpoints[1].Index != 7 || req.Outpoints[0].Hash.String() != txid {
		t.Fatalf("%+v %v %v", req, has, err)
	}
	if req, has, err := ParseUtxoURI("/checkmempool"); err != nil || !has || len(req.Outpoints) != 0 {
		t.Fatalf("checkmempool only: %+v %v %v", req, has, err)
	}
	if _, has, _ := ParseUtxoURI(""); has {
		t.Fatal("empty has parts")
	}
	for _, bad := range []string{"/" + txid + "_+1", "/" + txid + "-+1", "/" + txid + "--1", "/" + txid + "aa-1234", "/aa-1234", "/" + txid + "-0/", "/" + txid + "-4294967296"} {
		if _, _, err := ParseUtxoURI(bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

// Core's quirk: the body is read as a serialized string, so the first
// byte read is the body's length (checkmempool) and the outpoint vector
// starts at the body's first byte.
func TestParseUtxoBody(t *testing.T) {
	var h chainhash.Hash
	h[0] = 0xaa
	body := []byte{0x01}
	body = append(body, h[:]...)
	body = append(body, 5, 0, 0, 0)
	req, err := ParseUtxoBody(body)
	if err != nil || !req.CheckMempool || len(req.Outpoints) != 1 || req.Outpoints[0] != (wire.OutPoint{Hash: h, Index: 5}) {
		t.Fatalf("%+v %v", req, err)
	}
	if _, err := ParseUtxoBody([]byte(`{"checkmempool`)); err == nil {
		t.Fatal("garbage accepted")
	}
	// Core's interface_rest.py request: 0x01 0x02 then two outpoints; the
	// second is left over.
	long := append([]byte{1, 2}, bytes.Repeat([]byte{7}, 72)...)
	if req, err := ParseUtxoBody(long); err != nil || len(req.Outpoints) != 1 {
		t.Fatalf("%+v %v", req, err)
	}
}

func TestUtxoResultBinary(t *testing.T) {
	var tip chainhash.Hash
	tip[31] = 9
	res := &UtxoResult{Height: 201, Tip: tip, Hits: []bool{true, false, true}, Coins: []Coin{{Height: 5, Value: 1000, PkScript: []byte{0x51}}, {Height: mempoolHeight, Value: 1, PkScript: nil}}}
	b, err := res.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	want := "c9000000" + hex.EncodeToString(tip[:]) + "0105" + "02" +
		"00000000" + "05000000" + "e803000000000000" + "0151" +
		"00000000" + "ffffff7f" + "0100000000000000" + "00"
	if hex.EncodeToString(b) != want {
		t.Fatalf("got  %x\nwant %s", b, want)
	}
	if res.BitmapString() != "101" {
		t.Fatal(res.BitmapString())
	}
}

func TestParseHexLenient(t *testing.T) {
	if got := parseHexLenient(" 01 0a\nff"); !bytes.Equal(got, []byte{1, 10, 255}) {
		t.Fatalf("%x", got)
	}
	for _, bad := range []string{"0", "0g", "0 1"} {
		if got := parseHexLenient(bad); got != nil {
			t.Errorf("%q gave %x", bad, got)
		}
	}
}

func FuzzParseDataFormat(f *testing.F) {
	f.Add("abc.json?count=1")
	f.Fuzz(func(t *testing.T, s string) {
		p, _ := ParseDataFormat(s)
		if !strings.HasPrefix(s, p) {
			t.Fatalf("%q -> %q is not a prefix", s, p)
		}
	})
}

func FuzzQueryParameter(f *testing.F) {
	f.Add("/rest/headers/x.json?count=5", "count")
	f.Add("/rest/x%.json", "a")
	f.Fuzz(func(t *testing.T, uri, key string) {
		v, found, err := QueryParameter(uri, key)
		if err != nil && (found || v != "") {
			t.Fatal("value with an error")
		}
		if !found && v != "" {
			t.Fatal("value without a parameter")
		}
	})
}

func FuzzParseUtxoURI(f *testing.F) {
	f.Add("/checkmempool/" + strings.Repeat("11", 32) + "-0")
	f.Fuzz(func(t *testing.T, s string) {
		req, _, err := ParseUtxoURI(s)
		if err == nil && len(req.Outpoints) > strings.Count(s, "/") {
			t.Fatal("more outpoints than parts")
		}
	})
}

func FuzzParseUtxoBody(f *testing.F) {
	f.Add([]byte{1, 2, 3})
	f.Add(append([]byte{1}, make([]byte, 36)...))
	f.Fuzz(func(t *testing.T, body []byte) {
		req, err := ParseUtxoBody(body)
		if err != nil {
			return
		}
		if len(req.Outpoints)*36 > len(body) || !req.CheckMempool {
			t.Fatalf("%d outpoints from %d bytes, checkmempool %v", len(req.Outpoints), len(body), req.CheckMempool)
		}
	})
}

func FuzzParseHexLenient(f *testing.F) {
	f.Add(" 0a ff")
	f.Fuzz(func(t *testing.T, s string) {
		b := parseHexLenient(s)
		if len(b)*2 > len(s) {
			t.Fatal("more bytes than digits")
		}
	})
}
