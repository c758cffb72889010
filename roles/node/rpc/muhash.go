package rpc

import (
	"crypto/sha256"
	"math/big"

	"golang.org/x/crypto/chacha20"
)

// muHash is Core's MuHash3072: a multiset hash whose elements map to
// numbers modulo the prime 2^3072 - 1103717 and are multiplied in
// (Insert) or divided out (Remove).
type muHash struct {
	num, den *big.Int
}

const muHashBytes = 384

func muHashPrime() *big.Int {
	p := new(big.Int).Lsh(big.NewInt(1), 3072)
	return p.Sub(p, big.NewInt(1103717))
}

func newMuHash() *muHash { return &muHash{num: big.NewInt(1), den: big.NewInt(1)} }

// muHashElement maps data to a number: SHA256 of the data keys ChaCha20,
// whose first 384 keystream bytes are read little-endian.
func muHashElement(data []byte) *big.Int {
	key := sha256.Sum256(data)
	c, _ := chacha20.NewUnauthenticatedCipher(key[:], make([]byte, chacha20.NonceSize))
	buf := make([]byte, muHashBytes)
	c.XORKeyStream(buf, buf)
	return new(big.Int).SetBytes(reverse(buf))
}

func (m *muHash) insert(data []byte) {
	m.num.Mul(m.num, muHashElement(data))
	m.num.Mod(m.num, muHashPrime())
}

func (m *muHash) remove(data []byte) {
	m.den.Mul(m.den, muHashElement(data))
	m.den.Mod(m.den, muHashPrime())
}

// finalize is SHA256 of num/den as 384 little-endian bytes, in internal
// byte order (display reverses it, as for any uint256).
func (m *muHash) finalize() [32]byte {
	p := muHashPrime()
	v := new(big.Int).ModInverse(m.den, p)
	v.Mul(v, m.num).Mod(v, p)
	out := make([]byte, muHashBytes)
	v.FillBytes(out)
	return sha256.Sum256(reverse(out))
}

func reverse(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		out[len(b)-1-i] = c
	}
	return out
}
