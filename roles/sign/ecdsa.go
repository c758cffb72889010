package sign

import (
	"encoding/binary"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcec/v2/ecdsa"
)

// signLowR is Core's CKey::Sign with R grinding: RFC6979 nonces (with a
// counter as extra entropy after the first try) until R's encoding is 32
// bytes, which makes the DER signature at most 71 bytes. The first try is
// btcd's ecdsa.Sign. Low S as always.
func signLowR(key *btcec.PrivateKey, hash []byte) *ecdsa.Signature {
	priv := key.Key.Bytes()
	var e btcec.ModNScalar
	e.SetByteSlice(hash)
	for counter := uint32(0); ; counter++ {
		var extra []byte
		if counter > 0 {
			extra = make([]byte, 32)
			binary.LittleEndian.PutUint32(extra, counter)
		}
		r, s, ok := signWithNonce(&key.Key, &e, priv[:], hash, extra)
		if !ok {
			continue
		}
		rb := r.Bytes()
		if rb[0] < 0x80 {
			return ecdsa.NewSignature(r, s)
		}
	}
}

// signWithNonce makes (r, s) with the RFC6979 nonce for extra, trying the
// nonce stream's next values if one gives r or s zero.
func signWithNonce(d, e *btcec.ModNScalar, priv, hash, extra []byte) (*btcec.ModNScalar, *btcec.ModNScalar, bool) {
	for iter := uint32(0); iter < 8; iter++ {
		k := btcec.NonceRFC6979(priv, hash, extra, nil, iter)
		var R btcec.JacobianPoint
		btcec.ScalarBaseMultNonConst(k, &R)
		R.ToAffine()
		var r btcec.ModNScalar
		xb := R.X.Bytes()
		r.SetByteSlice(xb[:])
		if r.IsZero() {
			continue
		}
		var s btcec.ModNScalar
		s.Mul2(&r, d).Add(e)
		kinv := new(btcec.ModNScalar).InverseValNonConst(k)
		s.Mul(kinv)
		if s.IsZero() {
			continue
		}
		if s.IsOverHalfOrder() {
			s.Negate()
		}
		return &r, &s, true
	}
	return nil, nil, false
}
