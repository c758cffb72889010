package tool

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"strconv"
)

// Core's wallet dump format: a magic line with the version, a format
// line, one "hexkey,hexvalue" line per record and a checksum line holding
// the double SHA256 of every line before it.
const (
	DumpMagic   = "BITCOIN_CORE_WALLET_DUMP"
	DumpVersion = 1
)

// dumpHasher is Core's HashWriter: SHA256d of what is written.
type dumpHasher struct{ h hash.Hash }

func newDumpHasher() *dumpHasher { return &dumpHasher{h: sha256.New()} }

func (d *dumpHasher) line(s string) { d.h.Write([]byte(s)) }

func (d *dumpHasher) sum() [32]byte {
	first := d.h.Sum(nil)
	return sha256.Sum256(first)
}

// DumpWriter writes a dump file.
type DumpWriter struct {
	w   io.Writer
	h   *dumpHasher
	err error
}

// NewDumpWriter writes the magic and format lines to w.
func NewDumpWriter(w io.Writer, format string) *DumpWriter {
	d := &DumpWriter{w: w, h: newDumpHasher()}
	d.line(fmt.Sprintf("%s,%d\n", DumpMagic, DumpVersion))
	d.line(fmt.Sprintf("format,%s\n", format))
	return d
}

func (d *DumpWriter) line(s string) {
	if d.err != nil {
		return
	}
	d.h.line(s)
	_, d.err = io.WriteString(d.w, s)
}

// Record writes one record.
func (d *DumpWriter) Record(key, value []byte) error {
	d.line(hex.EncodeToString(key) + "," + hex.EncodeToString(value) + "\n")
	return d.err
}

// Finish writes the checksum line.
func (d *DumpWriter) Finish() error {
	if d.err != nil {
		return d.err
	}
	sum := d.h.sum()
	_, d.err = fmt.Fprintf(d.w, "checksum,%s\n", hex.EncodeToString(sum[:]))
	return d.err
}

// getliner reads as std::getline does on an ifstream: up to a delimiter
// (consumed) or the end, which sets eof, and a read at the end sets fail;
// once either is set later reads give "".
type getliner struct {
	data      []byte
	eof, fail bool
}

func (g *getliner) good() bool { return !g.eof && !g.fail }

func (g *getliner) getline(delim byte) string {
	if !g.good() {
		g.fail = true
		return ""
	}
	i := bytes.IndexByte(g.data, delim)
	if i < 0 {
		s := g.data
		g.data = nil
		g.eof = true
		if len(s) == 0 {
			g.fail = true
		}
		return string(s)
	}
	s := g.data[:i]
	g.data = g.data[i+1:]
	return string(s)
}

// DumpRecord is a record of a dump file.
type DumpRecord struct{ Key, Value []byte }

// DumpReader reads a dump file as Core's CreateFromDump does.
type DumpReader struct {
	g *getliner
	h *dumpHasher
}

// ReadDumpHeader checks the magic, version and format lines and returns
// the format ("sqlite" is the only one accepted). Errors are Core's.
func ReadDumpHeader(data []byte) (*DumpReader, error) {
	r := &DumpReader{g: &getliner{data: data}, h: newDumpHasher()}
	magic := r.g.getline(',')
	version := r.g.getline('\n')
	if magic != DumpMagic {
		return nil, fmt.Errorf("Error: Dumpfile identifier record is incorrect. Got \"%s\", expected \"%s\".", magic, DumpMagic)
	}
	ver, err := strconv.ParseUint(version, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("Error: Unable to parse version %s as a uint32_t", version)
	}
	if ver != DumpVersion {
		return nil, fmt.Errorf("Error: Dumpfile version is not supported. This version of bitcoin-wallet only supports version 1 dumpfiles. Got dumpfile with version %s", version)
	}
	r.h.line(magic + "," + version + "\n")
	key := r.g.getline(',')
	format := r.g.getline('\n')
	if key != "format" {
		return nil, fmt.Errorf("Error: Dumpfile format record is incorrect. Got \"%s\", expected \"format\".", key)
	}
	if format != "sqlite" {
		return nil, fmt.Errorf("Error: Dumpfile specifies an unsupported database format (%s). Only sqlite database dumps are supported", format)
	}
	r.h.line(key + "," + format + "\n")
	return r, nil
}

// isHex is Core's IsHex: a non-empty, even-length string of hex digits.
func isHex(s string) bool {
	if len(s) == 0 || len(s)%2 != 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// parseHex is Core's ParseHex: whitespace between bytes is skipped, and
// anything invalid gives nothing.
func parseHex(s string) []byte {
	var out []byte
	for i := 0; i < len(s); {
		if c := s[i]; c == ' ' || c == '\f' || c == '\n' || c == '\r' || c == '\t' || c == '\v' {
			i++
			continue
		}
		if i+1 >= len(s) {
			return nil
		}
		b, err := hex.DecodeString(s[i : i+2])
		if err != nil {
			return nil
		}
		out = append(out, b[0])
		i += 2
	}
	return out
}

// Records reads the records after the header and checks the checksum.
// Lines with an empty key or value are hashed but skipped, as in Core.
func (r *DumpReader) Records() ([]DumpRecord, error) {
	var recs []DumpRecord
	var checksum [32]byte
	for r.g.good() {
		key := r.g.getline(',')
		value := r.g.getline('\n')
		if key == "checksum" {
			p := parseHex(value)
			if len(p) != len(checksum) {
				return nil, errors.New("Error: Checksum is not the correct size")
			}
			copy(checksum[:], p)
			break
		}
		r.h.line(key + "," + value + "\n")
		if key == "" || value == "" {
			continue
		}
		if !isHex(key) {
			return nil, fmt.Errorf("Error: Got key that was not hex: %s", key)
		}
		if !isHex(value) {
			return nil, fmt.Errorf("Error: Got value that was not hex: %s", value)
		}
		k, _ := hex.DecodeString(key)
		v, _ := hex.DecodeString(value)
		recs = append(recs, DumpRecord{Key: k, Value: v})
	}
	computed := r.h.sum()
	if checksum == ([32]byte{}) {
		return nil, errors.New("Error: Missing checksum")
	}
	if checksum != computed {
		return nil, fmt.Errorf("Error: Dumpfile checksum does not match. Computed %s, expected %s", hex.EncodeToString(computed[:]), hex.EncodeToString(checksum[:]))
	}
	return recs, nil
}
