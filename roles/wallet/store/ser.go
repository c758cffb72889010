package store

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// maxSize is Core's MAX_SIZE: the largest CompactSize a length may have.
const maxSize = 0x02000000

// errShort is returned when a record ends before a field does (Core's
// "DataStream::read(): end of data").
var errShort = errors.New("end of data")

// decoder reads Core's serialization from a byte slice. The first error
// sticks: later reads return zero values, and err reports it.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

// next returns the next n bytes (aliasing the input).
func (d *decoder) next(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n < 0 || n > len(d.b) {
		d.fail(errShort)
		return nil
	}
	p := d.b[:n:n]
	d.b = d.b[n:]
	return p
}

func (d *decoder) empty() bool { return len(d.b) == 0 }

func (d *decoder) u8() uint8 {
	p := d.next(1)
	if p == nil {
		return 0
	}
	return p[0]
}

func (d *decoder) u32() uint32 {
	p := d.next(4)
	if p == nil {
		return 0
	}
	return binary.LittleEndian.Uint32(p)
}

func (d *decoder) u64() uint64 {
	p := d.next(8)
	if p == nil {
		return 0
	}
	return binary.LittleEndian.Uint64(p)
}

func (d *decoder) i32() int32 { return int32(d.u32()) }
func (d *decoder) i64() int64 { return int64(d.u64()) }

func (d *decoder) boolean() bool { return d.u8() != 0 }

func (d *decoder) hash() [32]byte {
	var h [32]byte
	copy(h[:], d.next(32))
	return h
}

// compactSize is Core's ReadCompactSize with the range check.
func (d *decoder) compactSize() uint64 {
	first := d.u8()
	if d.err != nil {
		return 0
	}
	var n, min uint64
	switch first {
	case 0xfd:
		p := d.next(2)
		if p == nil {
			return 0
		}
		n, min = uint64(binary.LittleEndian.Uint16(p)), 0xfd
	case 0xfe:
		n, min = uint64(d.u32()), 0x10000
	case 0xff:
		n, min = d.u64(), 0x100000000
	default:
		return uint64(first)
	}
	if d.err != nil {
		return 0
	}
	if n < min {
		d.fail(errors.New("non-canonical ReadCompactSize()"))
		return 0
	}
	if n > maxSize {
		d.fail(errors.New("ReadCompactSize(): size too large"))
		return 0
	}
	return n
}

// varBytes reads a CompactSize-prefixed byte vector (a copy).
func (d *decoder) varBytes() []byte {
	n := d.compactSize()
	p := d.next(int(n))
	if p == nil {
		return nil
	}
	return append([]byte{}, p...)
}

func (d *decoder) str() string { return string(d.varBytes()) }

// hashes reads a vector of uint256.
func (d *decoder) hashes() [][32]byte {
	n := d.compactSize()
	if d.err != nil {
		return nil
	}
	if n*32 > uint64(len(d.b)) {
		d.fail(errShort)
		return nil
	}
	out := make([][32]byte, n)
	for i := range out {
		out[i] = d.hash()
	}
	return out
}

// encoder appends Core's serialization to a byte slice.
type encoder struct{ b []byte }

func (e *encoder) u8(v uint8)   { e.b = append(e.b, v) }
func (e *encoder) u32(v uint32) { e.b = binary.LittleEndian.AppendUint32(e.b, v) }
func (e *encoder) u64(v uint64) { e.b = binary.LittleEndian.AppendUint64(e.b, v) }
func (e *encoder) i32(v int32)  { e.u32(uint32(v)) }
func (e *encoder) i64(v int64)  { e.u64(uint64(v)) }
func (e *encoder) raw(p []byte) { e.b = append(e.b, p...) }
func (e *encoder) hash(h [32]byte) {
	e.b = append(e.b, h[:]...)
}

func (e *encoder) boolean(v bool) {
	if v {
		e.u8(1)
	} else {
		e.u8(0)
	}
}

func (e *encoder) compactSize(n uint64) {
	switch {
	case n < 0xfd:
		e.u8(uint8(n))
	case n <= 0xffff:
		e.u8(0xfd)
		e.b = binary.LittleEndian.AppendUint16(e.b, uint16(n))
	case n <= 0xffffffff:
		e.u8(0xfe)
		e.u32(uint32(n))
	default:
		e.u8(0xff)
		e.u64(n)
	}
}

func (e *encoder) varBytes(p []byte) {
	e.compactSize(uint64(len(p)))
	e.raw(p)
}

func (e *encoder) str(s string) {
	e.compactSize(uint64(len(s)))
	e.b = append(e.b, s...)
}

func (e *encoder) hashes(hs [][32]byte) {
	e.compactSize(uint64(len(hs)))
	for _, h := range hs {
		e.hash(h)
	}
}

// recordKey starts a key with its CompactSize-prefixed type string.
func recordKey(typ string) *encoder {
	e := &encoder{b: make([]byte, 0, len(typ)+48)}
	e.str(typ)
	return e
}

// KeyPrefix returns the serialized type string every key of records of typ
// begins with (for Iterate).
func KeyPrefix(typ string) []byte { return recordKey(typ).b }

// RecordType returns the type string a record key begins with and the rest
// of the key.
func RecordType(key []byte) (string, []byte, error) {
	d := &decoder{b: key}
	t := d.str()
	if d.err != nil {
		return "", nil, fmt.Errorf("record key type: %w", d.err)
	}
	return t, d.b, nil
}
