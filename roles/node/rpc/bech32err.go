package rpc

import (
	"strings"
	"sync"
)

// Bech32 and Bech32m decoding with Core's error reports (BIP 173, BIP 350,
// and Core's error locator, which finds up to two substituted characters
// from the checksum's syndromes).

// bech32Limit is the longest address string accepted (Core's
// CharLimit::BECH32).
const bech32Limit = 90

const (
	bech32Charset   = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
	bech32Const     = 1
	bech32mConst    = 0x2bc830a3
	bech32ChecksumN = 6
)

// bech32Encoding is which checksum constant a string verifies with.
type bech32Encoding int

const (
	encInvalid bech32Encoding = iota
	encBech32
	encBech32m
)

// bech32Decoded is a verified string: lower-case HRP and the data symbols
// without the checksum.
type bech32Decoded struct {
	enc  bech32Encoding
	hrp  string
	data []byte
}

func bech32Polymod(values []byte) uint32 {
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	c := uint32(1)
	for _, v := range values {
		top := c >> 25
		c = (c&0x1ffffff)<<5 ^ uint32(v)
		for i, g := range gen {
			if top>>i&1 != 0 {
				c ^= g
			}
		}
	}
	return c
}

// bech32Coefficients is the expanded HRP followed by the data symbols.
func bech32Coefficients(hrp string, values []byte) []byte {
	out := make([]byte, 0, 2*len(hrp)+1+len(values))
	for i := 0; i < len(hrp); i++ {
		out = append(out, hrp[i]>>5)
	}
	out = append(out, 0)
	for i := 0; i < len(hrp); i++ {
		out = append(out, hrp[i]&31)
	}
	return append(out, values...)
}

// bech32BadChars lists the indices of characters outside the printable
// range or breaking the string's single case.
func bech32BadChars(s string) []int {
	var bad []int
	lower, upper := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
			if upper {
				bad = append(bad, i)
			} else {
				lower = true
			}
		case c >= 'A' && c <= 'Z':
			if lower {
				bad = append(bad, i)
			} else {
				upper = true
			}
		case c < 33 || c > 126:
			bad = append(bad, i)
		}
	}
	return bad
}

// bech32Split finds the separator and the data symbols; ok is false when
// the layout is unusable (no separator, empty HRP, short checksum, or a
// character outside the charset, whose index is badChar, else -1).
func bech32Split(s string) (hrp string, values []byte, sep, badChar int, ok bool) {
	sep = strings.LastIndexByte(s, '1')
	if sep < 1 || sep+bech32ChecksumN >= len(s) {
		return "", nil, sep, -1, false
	}
	values = make([]byte, 0, len(s)-sep-1)
	for i := sep + 1; i < len(s); i++ {
		v := strings.IndexByte(bech32Charset, lowerASCII(s[i]))
		if v < 0 {
			return "", nil, sep, i, false
		}
		values = append(values, byte(v))
	}
	return strings.ToLower(s[:sep]), values, sep, -1, true
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c - 'A' + 'a'
	}
	return c
}

// bech32Decode is Core's bech32::Decode: enc is encInvalid when the string
// is not a valid Bech32 or Bech32m string.
func bech32Decode(s string) bech32Decoded {
	if len(bech32BadChars(s)) > 0 || len(s) > bech32Limit {
		return bech32Decoded{}
	}
	hrp, values, _, _, ok := bech32Split(s)
	if !ok {
		return bech32Decoded{}
	}
	enc := encInvalid
	switch bech32Polymod(bech32Coefficients(hrp, values)) {
	case bech32Const:
		enc = encBech32
	case bech32mConst:
		enc = encBech32m
	default:
		return bech32Decoded{}
	}
	return bech32Decoded{enc: enc, hrp: hrp, data: values[:len(values)-bech32ChecksumN]}
}

// gf1024 holds exp/log tables of GF(1024) built as GF(32)[x]/(x^2+9x+23),
// with GF(32) = GF(2)[a]/(a^5+a^3+1); log[0] is -1.
type gf1024 struct {
	exp [1023]int
	log [1024]int
}

var gfTables = sync.OnceValue(func() *gf1024 {
	var exp32 [31]int
	var log32 [32]int
	log32[0] = -1
	v := 1
	for i := 0; i < 31; i++ {
		exp32[i] = v
		log32[v] = i
		v <<= 1
		if v&32 != 0 {
			v ^= 41
		}
	}
	mul32 := func(a, b int) int {
		if a == 0 || b == 0 {
			return 0
		}
		return exp32[(log32[a]+log32[b])%31]
	}
	t := &gf1024{}
	t.log[0] = -1
	v = 1
	for i := 0; i < 1023; i++ {
		t.exp[i] = v
		t.log[v] = i
		lo, hi := v&31, v>>5
		v = (mul32(hi, 9)^lo)<<5 | mul32(hi, 23)
	}
	return t
})

// syndromes evaluates the checksum residue, a polynomial of degree 5 over
// GF(32), at e^997, e^998 and e^999.
func (t *gf1024) syndromes(residue uint32) [3]int {
	var s [3]int
	for j := 0; j < 3; j++ {
		for k := 0; k < 6; k++ {
			r := int(residue>>(5*k)) & 31
			if r == 0 {
				continue
			}
			s[j] ^= t.exp[(t.log[r]+(997+j)*k)%1023]
		}
	}
	return s
}

// locate finds the positions (counted from the right end, 0-based) of one
// or two symbol errors that explain the residue, nil when none fit.
func (t *gf1024) locate(residue uint32, length int) []int {
	s := t.syndromes(residue)
	l0, l1, l2 := t.log[s[0]], t.log[s[1]], t.log[s[2]]
	if l0 != -1 && l1 != -1 && l2 != -1 && (2*l1-l2-l0+2046)%1023 == 0 {
		p := (l1 - l0 + 1023) % 1023
		le := l0 + (1023-997)*p
		if p < length && le%33 == 0 {
			return []int{p}
		}
		return nil
	}
	mulExp := func(val, logVal, k int) int { // val + e^(logVal+k), with val's log given
		if val == 0 {
			return 0
		}
		return t.exp[(logVal+k)%1023]
	}
	for p1 := 0; p1 < length; p1++ {
		a := s[2] ^ mulExp(s[1], l1, p1)
		if a == 0 {
			continue
		}
		b := s[1] ^ mulExp(s[0], l0, p1)
		if b == 0 {
			continue
		}
		p2 := (t.log[a] - t.log[b] + 1023) % 1023
		if p2 >= length || p1 == p2 {
			continue
		}
		c := s[1] ^ mulExp(s[0], l0, p2)
		if c == 0 {
			continue
		}
		inv := 1023 - t.log[t.exp[p1]^t.exp[p2]]
		if (t.log[b]+inv+(1023-997)*p2)%33 != 0 {
			continue
		}
		if (t.log[c]+inv+(1023-997)*p1)%33 != 0 {
			continue
		}
		return []int{p1, p2}
	}
	return nil
}

// bech32LocateErrors is Core's bech32::LocateErrors: why s is not a valid
// Bech32(m) string and the indices of the characters likely at fault.
func bech32LocateErrors(s string) (string, []int) {
	if len(s) > bech32Limit {
		locs := make([]int, 0, len(s)-bech32Limit)
		for i := bech32Limit; i < len(s); i++ {
			locs = append(locs, i)
		}
		return "Bech32 string too long", locs
	}
	if bad := bech32BadChars(s); len(bad) > 0 {
		return "Invalid character or mixed case", bad
	}
	hrp, values, sep, badChar, ok := bech32Split(s)
	if !ok {
		switch {
		case sep < 0:
			return "Missing separator", []int{}
		case badChar >= 0:
			return "Invalid Base 32 character", []int{badChar}
		}
		return "Invalid separator position", []int{sep}
	}
	t := gfTables()
	coeffs := bech32Coefficients(hrp, values)
	var best []int
	bestEnc := encInvalid
	for _, enc := range []bech32Encoding{encBech32, encBech32m} {
		constant := uint32(bech32Const)
		if enc == encBech32m {
			constant = bech32mConst
		}
		residue := bech32Polymod(coeffs) ^ constant
		if residue == 0 {
			return "", []int{}
		}
		found := t.locate(residue, len(values))
		var locs []int
		for i := len(found) - 1; i >= 0; i-- {
			locs = append(locs, len(s)-found[i]-1)
		}
		if len(locs) == 2 && locs[0] > locs[1] {
			locs[0], locs[1] = locs[1], locs[0]
		}
		if len(best) == 0 || (len(locs) > 0 && len(locs) < len(best)) {
			best = locs
			if len(locs) > 0 {
				bestEnc = enc
			}
		}
	}
	if best == nil {
		best = []int{}
	}
	switch bestEnc {
	case encBech32m:
		return "Invalid Bech32m checksum", best
	case encBech32:
		return "Invalid Bech32 checksum", best
	}
	return "Invalid checksum", best
}
