package descriptor

import (
	"errors"
	"fmt"
	"strings"
)

// inputCharset is the descriptor character set from BIP380; the position of
// a character determines the symbols fed into the checksum polynomial.
const inputCharset = "0123456789()[],'/*abcdefgh@:$%{}" +
	"IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~" +
	"ijklmnopqrstuvwxyzABCDEFGH`#\"\\ "

// checksumCharset is the bech32 alphabet used for the checksum itself.
const checksumCharset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

// polyMod advances the BCH code state c by one 5-bit symbol.
func polyMod(c uint64, val uint64) uint64 {
	c0 := c >> 35
	c = ((c & 0x7ffffffff) << 5) ^ val
	if c0&1 != 0 {
		c ^= 0xf5dee51989
	}
	if c0&2 != 0 {
		c ^= 0xa9fdca3312
	}
	if c0&4 != 0 {
		c ^= 0x1bab10e32d
	}
	if c0&8 != 0 {
		c ^= 0x3706b1677a
	}
	if c0&16 != 0 {
		c ^= 0x644d626ffd
	}
	return c
}

// ErrInvalidCharacters is returned when a descriptor contains characters
// outside the descriptor character set.
var ErrInvalidCharacters = errors.New("Invalid characters in payload")

// Checksum returns the 8-character checksum of desc, which must not itself
// carry a "#checksum" suffix.
func Checksum(desc string) (string, error) {
	c := uint64(1)
	cls, clsCount := uint64(0), 0
	for i := 0; i < len(desc); i++ {
		pos := strings.IndexByte(inputCharset, desc[i])
		if pos < 0 {
			return "", ErrInvalidCharacters
		}
		c = polyMod(c, uint64(pos&31))
		cls = cls*3 + uint64(pos>>5)
		clsCount++
		if clsCount == 3 {
			c = polyMod(c, cls)
			cls, clsCount = 0, 0
		}
	}
	if clsCount > 0 {
		c = polyMod(c, cls)
	}
	for j := 0; j < 8; j++ {
		c = polyMod(c, 0)
	}
	c ^= 1
	var out [8]byte
	for j := 0; j < 8; j++ {
		out[j] = checksumCharset[(c>>(5*(7-j)))&31]
	}
	return string(out[:]), nil
}

// AddChecksum returns desc followed by "#" and its checksum. A descriptor
// with characters outside the descriptor set is returned unchanged.
func AddChecksum(desc string) string {
	sum, err := Checksum(desc)
	if err != nil {
		return desc
	}
	return desc + "#" + sum
}

// splitChecksum verifies an optional "#checksum" suffix the way Core's
// CheckChecksum does and returns the payload and its computed checksum.
func splitChecksum(s string, require bool) (payload, sum string, err error) {
	parts := strings.Split(s, "#")
	if len(parts) > 2 {
		return "", "", errors.New("Multiple '#' symbols")
	}
	if len(parts) == 1 && require {
		return "", "", errors.New("Missing checksum")
	}
	if len(parts) == 2 && len(parts[1]) != 8 {
		return "", "", fmt.Errorf("Expected 8 character checksum, not %d characters", len(parts[1]))
	}
	sum, err = Checksum(parts[0])
	if err != nil {
		return "", "", err
	}
	if len(parts) == 2 && parts[1] != sum {
		return "", "", fmt.Errorf("Provided checksum '%s' does not match computed checksum '%s'", parts[1], sum)
	}
	return parts[0], sum, nil
}

// DescriptorChecksum mirrors Core's GetDescriptorChecksum: the checksum of a
// descriptor given with or without "#checksum", or "" when the provided
// checksum is wrong or the payload has invalid characters.
func DescriptorChecksum(s string) string {
	_, sum, err := splitChecksum(s, false)
	if err != nil {
		return ""
	}
	return sum
}
