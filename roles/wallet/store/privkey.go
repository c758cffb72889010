package store

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/btcsuite/btcd/btcec/v2"
)

// Core stores private keys as CPrivKey: SEC 1's ECPrivateKey in DER with
// the curve's parameters spelled out (specifiedCurve) and the public key.

// oidPrimeField is 1.2.840.10045.1.1 (prime-field), DER-encoded contents.
const oidPrimeField = "\x2a\x86\x48\xce\x3d\x01\x01"

// derTLV appends a DER tag-length-value.
func derTLV(out []byte, tag byte, content []byte) []byte {
	out = append(out, tag)
	n := len(content)
	switch {
	case n < 0x80:
		out = append(out, byte(n))
	case n <= 0xff:
		out = append(out, 0x81, byte(n))
	default:
		out = append(out, 0x82, byte(n>>8), byte(n))
	}
	return append(out, content...)
}

// derUint is the DER INTEGER contents of a non-negative number.
func derUint(v *big.Int) []byte {
	b := v.Bytes()
	if len(b) == 0 {
		return []byte{0}
	}
	if b[0]&0x80 != 0 {
		b = append([]byte{0}, b...)
	}
	return b
}

func cat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// EncodePrivKey returns Core's CPrivKey form of priv: 279 bytes for a
// key whose public key is used compressed, 214 otherwise.
func EncodePrivKey(priv *btcec.PrivateKey, compressed bool) []byte {
	params := btcec.Params()
	pub := priv.PubKey()
	var g, pubBytes []byte
	if compressed {
		g = btcec.Generator().SerializeCompressed()
		pubBytes = pub.SerializeCompressed()
	} else {
		g = btcec.Generator().SerializeUncompressed()
		pubBytes = pub.SerializeUncompressed()
	}
	one := derTLV(nil, 0x02, []byte{1})
	fieldID := derTLV(nil, 0x30, cat(derTLV(nil, 0x06, []byte(oidPrimeField)), derTLV(nil, 0x02, derUint(params.P))))
	curve := derTLV(nil, 0x30, cat(derTLV(nil, 0x04, []byte{0}), derTLV(nil, 0x04, []byte{7})))
	ecParams := derTLV(nil, 0x30, cat(one, fieldID, curve,
		derTLV(nil, 0x04, g), derTLV(nil, 0x02, derUint(params.N)), one))
	key := priv.Serialize()
	body := cat(one,
		derTLV(nil, 0x04, key),
		derTLV(nil, 0xa0, ecParams),
		derTLV(nil, 0xa1, derTLV(nil, 0x03, append([]byte{0}, pubBytes...))))
	return derTLV(nil, 0x30, body)
}

// ParsePrivKey reads the secret from a CPrivKey as Core's
// ec_seckey_import_der does: a SEQUENCE with a one- or two-byte length
// that fits the input, version 1, and an OCTET STRING of at most 32 bytes
// holding a valid secret; what follows is not looked at.
func ParsePrivKey(der []byte) (*btcec.PrivateKey, error) {
	p := der
	if len(p) < 1 || p[0] != 0x30 {
		return nil, errors.New("private key: not a DER SEQUENCE")
	}
	p = p[1:]
	if len(p) < 1 || p[0]&0x80 == 0 {
		return nil, errors.New("private key: SEQUENCE length not in long form")
	}
	lenb := int(p[0] &^ 0x80)
	p = p[1:]
	if lenb < 1 || lenb > 2 || len(p) < lenb {
		return nil, errors.New("private key: bad SEQUENCE length")
	}
	n := int(p[lenb-1])
	if lenb > 1 {
		n |= int(p[0]) << 8
	}
	p = p[lenb:]
	if len(p) < n {
		return nil, errors.New("private key: SEQUENCE longer than the data")
	}
	if len(p) < 3 || p[0] != 0x02 || p[1] != 0x01 || p[2] != 0x01 {
		return nil, errors.New("private key: version is not 1")
	}
	p = p[3:]
	if len(p) < 2 || p[0] != 0x04 {
		return nil, errors.New("private key: no OCTET STRING")
	}
	oslen := int(p[1])
	p = p[2:]
	if oslen > 32 || len(p) < oslen {
		return nil, errors.New("private key: bad OCTET STRING length")
	}
	var secret [32]byte
	copy(secret[32-oslen:], p[:oslen])
	var s btcec.ModNScalar
	if overflow := s.SetBytes(&secret); overflow != 0 || s.IsZero() {
		return nil, errors.New("private key: secret out of range")
	}
	return btcec.PrivKeyFromScalar(&s), nil
}

// validPubKey is Core's CPubKey::IsValid on a deserialized key: a header
// byte and the length it implies.
func validPubKey(pub []byte) bool {
	if len(pub) == 0 {
		return false
	}
	switch pub[0] {
	case 2, 3:
		return len(pub) == 33
	case 4, 6, 7:
		return len(pub) == 65
	}
	return false
}

// checkKeyPair checks that priv's public key, compressed as pub is, is pub.
func checkKeyPair(priv *btcec.PrivateKey, pub []byte) error {
	var want []byte
	if len(pub) == 33 {
		want = priv.PubKey().SerializeCompressed()
	} else {
		want = priv.PubKey().SerializeUncompressed()
	}
	if string(want) != string(pub) {
		return fmt.Errorf("private key does not match public key %x", pub)
	}
	return nil
}
