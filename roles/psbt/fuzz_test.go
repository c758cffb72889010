package psbt

import (
	"bytes"
	"encoding/base64"
	"testing"

	"github.com/mpbitcoin/mpbitcoin/roles/sign"
)

// FuzzDecode checks that whatever decodes re-encodes to bytes that decode
// to the same encoding (the encoding is canonical).
func FuzzDecode(f *testing.F) {
	b, err := readVectorsFile()
	if err == nil {
		for _, s := range append(b.Valid, b.Invalid...) {
			if raw, err := base64.StdEncoding.DecodeString(s); err == nil {
				f.Add(raw)
			}
		}
	}
	f.Add([]byte("psbt\xff\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := DecodeAny(data)
		if err != nil {
			return
		}
		enc, err := p.Encode()
		if err != nil {
			t.Fatalf("encode: %v", err)
		}
		p2, err := DecodeAny(enc)
		if err != nil {
			t.Fatalf("re-decode: %v\n%x", err, enc)
		}
		enc2, err := p2.Encode()
		if err != nil || !bytes.Equal(enc, enc2) {
			t.Fatalf("unstable encoding:\n%x\n%x", enc, enc2)
		}
		if _, err := Decode(data); err == nil && p.Version != 0 {
			t.Fatal("Core-mode decode accepted a version 2 PSBT")
		}
	})
}

// FuzzFinalize runs the finalizer and a signer over decoded PSBTs: no
// panics, and the result still encodes and decodes.
func FuzzFinalize(f *testing.F) {
	b, err := readVectorsFile()
	if err == nil {
		for _, s := range b.Valid {
			if raw, err := base64.StdEncoding.DecodeString(s); err == nil {
				f.Add(raw)
			}
		}
	}
	var prov sign.Flat
	prov.AddKey(testKey(1), true)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := DecodeAny(data)
		if err != nil {
			return
		}
		a := Analyze(p)
		if a.Error == "" && len(a.Inputs) != len(p.Inputs) {
			t.Fatalf("analysis of %d inputs for %d", len(a.Inputs), len(p.Inputs))
		}
		_, _ = p.Sign(&prov, nil, true, false)
		p.Finalize()
		enc, err := p.Encode()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := DecodeAny(enc); err != nil {
			t.Fatalf("re-decode after finalize: %v", err)
		}
	})
}
