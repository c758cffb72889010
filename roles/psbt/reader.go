package psbt

import (
	"encoding/binary"
	"errors"
)

// maxSize is Core's MAX_SIZE, the largest compact size a length may have.
const maxSize = 0x02000000

// errEOF is Core's stream error for reading past the end.
var errEOF = errors.New("DataStream::read(): end of data")

// reader reads Core's serialization primitives from a byte slice.
type reader struct {
	b   []byte
	err error
}

func (r *reader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

func (r *reader) empty() bool { return len(r.b) == 0 }

func (r *reader) bytes(n uint64) []byte {
	if r.err != nil {
		return nil
	}
	if uint64(len(r.b)) < n {
		r.fail(errEOF)
		r.b = nil
		return nil
	}
	out := r.b[:n:n]
	r.b = r.b[n:]
	return out
}

func (r *reader) u8() byte {
	b := r.bytes(1)
	if b == nil {
		return 0
	}
	return b[0]
}

func (r *reader) u32() uint32 {
	b := r.bytes(4)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint32(b)
}

// compact is Core's ReadCompactSize (canonical, and at most maxSize when
// rangeCheck).
func (r *reader) compact(rangeCheck bool) uint64 {
	first := r.u8()
	var v uint64
	switch {
	case r.err != nil:
		return 0
	case first < 253:
		v = uint64(first)
	case first == 253:
		b := r.bytes(2)
		if b == nil {
			return 0
		}
		v = uint64(binary.LittleEndian.Uint16(b))
		if v < 253 {
			r.fail(errors.New("non-canonical ReadCompactSize()"))
		}
	case first == 254:
		b := r.bytes(4)
		if b == nil {
			return 0
		}
		v = uint64(binary.LittleEndian.Uint32(b))
		if v < 0x10000 {
			r.fail(errors.New("non-canonical ReadCompactSize()"))
		}
	default:
		b := r.bytes(8)
		if b == nil {
			return 0
		}
		v = binary.LittleEndian.Uint64(b)
		if v < 0x100000000 {
			r.fail(errors.New("non-canonical ReadCompactSize()"))
		}
	}
	if rangeCheck && v > maxSize {
		r.fail(errors.New("ReadCompactSize(): size too large"))
	}
	if r.err != nil {
		return 0
	}
	return v
}

// vec reads a compact-size prefixed byte vector.
func (r *reader) vec() []byte {
	n := r.compact(true)
	if r.err != nil {
		return nil
	}
	b := r.bytes(n)
	if b == nil {
		return nil
	}
	return append([]byte{}, b...)
}

// writer writes Core's serialization primitives.
type writer struct{ b []byte }

func (w *writer) compact(v uint64) {
	switch {
	case v < 253:
		w.b = append(w.b, byte(v))
	case v <= 0xffff:
		w.b = append(w.b, 253)
		w.b = binary.LittleEndian.AppendUint16(w.b, uint16(v))
	case v <= 0xffffffff:
		w.b = append(w.b, 254)
		w.b = binary.LittleEndian.AppendUint32(w.b, uint32(v))
	default:
		w.b = append(w.b, 255)
		w.b = binary.LittleEndian.AppendUint64(w.b, v)
	}
}

func (w *writer) vec(b []byte) {
	w.compact(uint64(len(b)))
	w.b = append(w.b, b...)
}

// kv writes one map entry.
func (w *writer) kv(key, value []byte) {
	w.vec(key)
	w.vec(value)
}
