package sign

import (
	"bytes"
	"crypto/sha256"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2/ecdsa"
)

func TestSignLowR(t *testing.T) {
	k := key(t, 5)
	ground := 0
	for i := 0; i < 64; i++ {
		h := sha256.Sum256([]byte{byte(i)})
		sig := signLowR(k, h[:])
		if !sig.Verify(h[:], k.PubKey()) {
			t.Fatalf("%d: signature does not verify", i)
		}
		der := sig.Serialize()
		if len(der) > 70 {
			t.Fatalf("%d: %d-byte signature is not low R", i, len(der))
		}
		// Without grinding the result is btcd's RFC6979 signature.
		plain := ecdsa.Sign(k, h[:]).Serialize()
		if len(plain) <= 70 && !bytes.Equal(plain, der) {
			t.Fatalf("%d: differs from btcd's signature with the same nonce", i)
		}
		if len(plain) > 70 {
			ground++
		}
	}
	if ground == 0 {
		t.Fatal("no case needed grinding; the test is too small")
	}
}

func ecdsaParse(sig []byte) (*ecdsa.Signature, error) {
	return ecdsa.ParseDERSignature(sig[:len(sig)-1])
}
