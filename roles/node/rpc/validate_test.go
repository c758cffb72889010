package rpc

import (
	"encoding/hex"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/chaincfg/v2"
)

func TestDecodeDestinationCoreVectors(t *testing.T) {
	params := &chaincfg.MainNetParams
	for _, v := range validateAddressInvalid {
		_, msg, locs := decodeDestination(v.addr, params)
		if locs == nil {
			locs = []int{}
		}
		if msg != v.err || !reflect.DeepEqual(locs, v.locs) {
			t.Errorf("%s: got %q %v, want %q %v", v.addr, msg, locs, v.err, v.locs)
		}
	}
	for _, v := range validateAddressValid {
		d, msg, _ := decodeDestination(v.addr, params)
		if msg != "" || hex.EncodeToString(d.script()) != v.spk {
			t.Errorf("%s: got %q %x, want %s", v.addr, msg, d.script(), v.spk)
		}
		if got := encodeDestination(d, params); got != strings.ToLower(v.addr) {
			t.Errorf("%s: re-encoded as %s", v.addr, got)
		}
	}
}

func TestBech32LocateErrors(t *testing.T) {
	const good = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
	if dec := bech32Decode(good); dec.enc != encBech32 {
		t.Fatalf("valid string not decoded")
	}
	flip := func(s string, i int) string {
		b := []byte(s)
		if b[i] == 'q' {
			b[i] = 'p'
		} else {
			b[i] = 'q'
		}
		return string(b)
	}
	// One and two substitutions in the data part are located exactly.
	for _, pos := range [][]int{{10}, {41}, {5, 30}, {4, 40}} {
		s := good
		for _, p := range pos {
			s = flip(s, p)
		}
		msg, locs := bech32LocateErrors(s)
		if msg != "Invalid Bech32 checksum" || !reflect.DeepEqual(locs, pos) {
			t.Errorf("errors at %v: %q %v", pos, msg, locs)
		}
	}
	cases := []struct {
		s, msg string
		locs   []int
	}{
		{"bc1" + strings.Repeat("q", 90), "Bech32 string too long", []int{90, 91, 92}},
		{"bcqw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "Missing separator", []int{}},
		{"1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "Invalid separator position", []int{0}},
		{"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3tb", "Invalid Base 32 character", []int{41}},
		{"bc1qw508 6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "Invalid character or mixed case", []int{8}},
	}
	for _, c := range cases {
		msg, locs := bech32LocateErrors(c.s)
		if msg != c.msg || !reflect.DeepEqual(locs, c.locs) {
			t.Errorf("%s: %q %v, want %q %v", c.s, msg, locs, c.msg, c.locs)
		}
	}
}

func TestValidateAddressRPC(t *testing.T) {
	tab, _ := newTestTable(t)
	res, e := execute(t, tab, "validateaddress", addr)
	if e != nil {
		t.Fatal(e)
	}
	keysInOrder(t, res, "isvalid", "address", "scriptPubKey", "isscript", "iswitness")
	res, _ = execute(t, tab, "validateaddress", "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080")
	var v map[string]any
	_ = json.Unmarshal(res, &v)
	if v["isvalid"] != true || v["witness_version"] != float64(0) || v["witness_program"] != "751e76e8199196d454941c45d1b3a323f1433bd6" || v["isscript"] != false {
		t.Errorf("p2wpkh: %s", res)
	}
	res, _ = execute(t, tab, "validateaddress", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")
	keysInOrder(t, res, "isvalid", "error_locations", "error")
	if !strings.Contains(string(res), `"Invalid or unsupported Segwit (Bech32) or Base58 encoding."`) {
		t.Errorf("mainnet address on regtest: %s", res)
	}
}

func FuzzBech32Decode(f *testing.F) {
	for _, v := range validateAddressInvalid {
		f.Add(v.addr)
	}
	for _, v := range validateAddressValid {
		f.Add(v.addr)
	}
	f.Fuzz(func(t *testing.T, s string) {
		dec := bech32Decode(s)
		msg, locs := bech32LocateErrors(s)
		if (dec.enc != encInvalid) != (msg == "") {
			t.Fatalf("%q: decode %v, locate %q", s, dec.enc, msg)
		}
		for _, i := range locs {
			if i < 0 || i >= len(s) {
				t.Fatalf("%q: location %d out of range", s, i)
			}
		}
		_, _, _ = decodeDestination(s, &chaincfg.MainNetParams)
	})
}
