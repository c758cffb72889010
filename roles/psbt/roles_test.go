package psbt

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"

	"github.com/btcsuite/btcd/btcutil/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/sign"
)

type roleVectors struct {
	Signer []struct {
		Privkeys []string `json:"privkeys"`
		PSBT     string   `json:"psbt"`
		Result   string   `json:"result"`
	} `json:"signer"`
	Combiner []struct {
		Combine []string `json:"combine"`
		Result  string   `json:"result"`
	} `json:"combiner"`
	Finalizer []struct {
		Finalize string `json:"finalize"`
		Result   string `json:"result"`
	} `json:"finalizer"`
	Extractor []struct {
		Extract string `json:"extract"`
		Result  string `json:"result"`
	} `json:"extractor"`
}

func loadRoleVectors(t *testing.T) roleVectors {
	b, err := os.ReadFile("testdata/rpc_psbt.json")
	if err != nil {
		t.Fatal(err)
	}
	var v roleVectors
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func mustB64(t *testing.T, p *Packet) string {
	t.Helper()
	s, err := p.B64()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestCombinerVectors(t *testing.T) {
	for i, c := range loadRoleVectors(t).Combiner {
		var ps []*Packet
		for _, s := range c.Combine {
			p, err := DecodeBase64(s)
			if err != nil {
				t.Fatal(err)
			}
			ps = append(ps, p)
		}
		out, err := Combine(ps)
		if err != nil {
			t.Fatal(err)
		}
		if got := mustB64(t, out); got != c.Result {
			t.Errorf("combiner %d:\n got %s\nwant %s", i, got, c.Result)
		}
	}
}

func TestFinalizerExtractorVectors(t *testing.T) {
	v := loadRoleVectors(t)
	for i, c := range v.Finalizer {
		p, err := DecodeBase64(c.Finalize)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Finalize() {
			t.Errorf("finalizer %d: not complete", i)
		}
		if got := mustB64(t, p); got != c.Result {
			t.Errorf("finalizer %d:\n got %s\nwant %s", i, got, c.Result)
		}
	}
	for i, c := range v.Extractor {
		p, err := DecodeBase64(c.Extract)
		if err != nil {
			t.Fatal(err)
		}
		tx, err := p.Extract()
		if err != nil {
			t.Fatalf("extractor %d: %v", i, err)
		}
		var b bytes.Buffer
		_ = tx.Serialize(&b)
		if got := hex.EncodeToString(b.Bytes()); got != c.Result {
			t.Errorf("extractor %d:\n got %s\nwant %s", i, got, c.Result)
		}
	}
}

func TestSignerVectors(t *testing.T) {
	for i, c := range loadRoleVectors(t).Signer {
		p, err := DecodeBase64(c.PSBT)
		if err != nil {
			t.Fatal(err)
		}
		var f sign.Flat
		for _, k := range c.Privkeys {
			w, err := btcutil.DecodeWIF(k)
			if err != nil {
				t.Fatal(err)
			}
			f.AddKey(w.PrivKey, w.CompressPubKey)
		}
		// Core's test signs through a wallet that also knows the scripts
		// and keys in the PSBT; the PSBT carries them here.
		if _, err := p.Sign(&f, nil, true, false); err != nil {
			t.Errorf("signer %d: %v", i, err)
			continue
		}
		if got := mustB64(t, p); got != c.Result {
			t.Errorf("signer %d:\n got %s\nwant %s", i, got, c.Result)
		}
	}
}
