package store

import (
	"crypto/sha256"
	"strings"
)

// WalletDescriptor is the value of a "walletdescriptor" record (Core's
// WalletDescriptor without the parsed descriptor and its cache).
type WalletDescriptor struct {
	// Descriptor is the public descriptor string with its checksum, as
	// Core's Descriptor::ToString gives it.
	Descriptor   string
	CreationTime uint64 // unix seconds
	NextIndex    int32  // position of the next item to hand out
	RangeStart   int32  // first item of the range, inclusive
	RangeEnd     int32  // item after the last one generated, exclusive
}

func (d WalletDescriptor) encode() []byte {
	e := &encoder{}
	e.str(d.Descriptor)
	e.u64(d.CreationTime)
	e.i32(d.NextIndex)
	e.i32(d.RangeStart)
	e.i32(d.RangeEnd)
	return e.b
}

func decodeWalletDescriptor(v []byte) (WalletDescriptor, error) {
	d := &decoder{b: v}
	var w WalletDescriptor
	w.Descriptor = d.str()
	w.CreationTime = d.u64()
	w.NextIndex = d.i32()
	w.RangeStart = d.i32()
	w.RangeEnd = d.i32()
	return w, d.err
}

// IsRange reports whether the descriptor has a ranged (wildcard) key, as
// Core's Descriptor::IsRange would for a descriptor it wrote.
func (d WalletDescriptor) IsRange() bool { return strings.Contains(d.Descriptor, "/*") }

// DescriptorID is Core's DescriptorID: the SHA256 of the descriptor's
// compatibility string (hardened steps written with an apostrophe) with
// its checksum. desc is a public descriptor string as Core's ToString
// writes it, with or without its checksum.
func DescriptorID(publicDescriptor string) [32]byte {
	return sha256.Sum256([]byte(CompatDescriptorString(publicDescriptor)))
}

// CompatDescriptorString returns desc with every hardened derivation step
// written with an apostrophe ("84h" and "84H" become "84'", "*h" becomes
// "*'") and a fresh checksum appended in place of any old one.
func CompatDescriptorString(desc string) string {
	if i := strings.LastIndexByte(desc, '#'); i >= 0 {
		desc = desc[:i]
	}
	b := []byte(desc)
	// A step is what follows a '/' up to the next delimiter: digits or a
	// wildcard, then an optional hardened marker.
	for i := 0; i < len(b); i++ {
		if b[i] != '/' {
			continue
		}
		j := i + 1
		for j < len(b) && (b[j] >= '0' && b[j] <= '9' || b[j] == '*') {
			j++
		}
		if j > i+1 && j < len(b) && (b[j] == 'h' || b[j] == 'H') {
			b[j] = '\''
		}
		i = j - 1
	}
	s := string(b)
	return s + "#" + DescriptorChecksum(s)
}

// descInputCharset is the character set of descriptor checksums' input
// (BIP 380): positions within a group of 32, and the group.
const descInputCharset = "0123456789()[],'/*abcdefgh@:$%{}" +
	"IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~" +
	"ijklmnopqrstuvwxyzABCDEFGH`#\"\\ "

const descChecksumCharset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

func descPolyMod(c uint64, val int) uint64 {
	c0 := c >> 35
	c = (c&0x7ffffffff)<<5 ^ uint64(val)
	gens := [5]uint64{0xf5dee51989, 0xa9fdca3312, 0x1bab10e32d, 0x3706b1677a, 0x644d626ffd}
	for i, g := range gens {
		if c0>>i&1 != 0 {
			c ^= g
		}
	}
	return c
}

// DescriptorChecksum returns the 8-character BIP 380 checksum of a
// descriptor string without its '#', or "" if desc has a character
// outside the descriptor character set.
func DescriptorChecksum(desc string) string {
	c := uint64(1)
	cls, clsCount := 0, 0
	for i := 0; i < len(desc); i++ {
		pos := strings.IndexByte(descInputCharset, desc[i])
		if pos < 0 {
			return ""
		}
		c = descPolyMod(c, pos&31)
		cls = cls*3 + pos>>5
		if clsCount++; clsCount == 3 {
			c = descPolyMod(c, cls)
			cls, clsCount = 0, 0
		}
	}
	if clsCount > 0 {
		c = descPolyMod(c, cls)
	}
	for range 8 {
		c = descPolyMod(c, 0)
	}
	c ^= 1
	out := make([]byte, 8)
	for j := range out {
		out[j] = descChecksumCharset[(c>>(5*(7-j)))&31]
	}
	return string(out)
}
