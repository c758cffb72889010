package psbt

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

type vectors struct {
	Invalid        []string    `json:"invalid"`
	InvalidWithMsg [][2]string `json:"invalid_with_msg"`
	Valid          []string    `json:"valid"`
	Combiner       []struct {
		Combine []string `json:"combine"`
		Result  string   `json:"result"`
	} `json:"combiner"`
}

// loadVectors reads Core's rpc_psbt.json (BIP174/BIP371 vectors).
func loadVectors(t *testing.T) vectors {
	t.Helper()
	v, err := readVectorsFile()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func readVectorsFile() (vectors, error) {
	var v vectors
	b, err := os.ReadFile("testdata/rpc_psbt.json")
	if err != nil {
		return v, err
	}
	err = json.Unmarshal(b, &v)
	return v, err
}

func TestVectorsInvalid(t *testing.T) {
	v := loadVectors(t)
	for i, s := range v.Invalid {
		if _, err := DecodeBase64(s); err == nil {
			t.Errorf("invalid %d accepted: %s", i, s)
		}
	}
	for i, c := range v.InvalidWithMsg {
		_, err := DecodeBase64(c[0])
		if err == nil || !strings.Contains(err.Error(), c[1]) {
			t.Errorf("invalid_with_msg %d: got %v, want %q", i, err, c[1])
		}
	}
}

func TestVectorsValid(t *testing.T) {
	v := loadVectors(t)
	for i, s := range v.Valid {
		p, err := DecodeBase64(s)
		if err != nil {
			t.Errorf("valid %d: %v", i, err)
			continue
		}
		// Encoding is canonical: a second round gives the same bytes.
		enc, err := p.Encode()
		if err != nil {
			t.Fatal(err)
		}
		p2, err := Decode(enc)
		if err != nil {
			t.Fatalf("valid %d re-decode: %v", i, err)
		}
		enc2, _ := p2.Encode()
		if !bytes.Equal(enc, enc2) {
			t.Errorf("valid %d: encoding not stable", i)
		}
		raw, _ := base64.StdEncoding.DecodeString(s)
		if !bytes.Equal(raw, enc) {
			t.Logf("valid %d re-encodes differently (Core's order)", i)
		}
	}
}

func TestRPCText(t *testing.T) {
	_, err := Decode([]byte("psbt\xfe"))
	if got := RPCText(err); got != "Invalid PSBT magic bytes: iostream error" {
		t.Fatalf("got %q", got)
	}
	p, _ := DecodeBase64(loadVectors(t).Valid[0])
	enc, _ := p.Encode()
	_, err = Decode(append(enc, 0))
	if got := RPCText(err); got != "extra data after PSBT" {
		t.Fatalf("got %q", got)
	}
}
