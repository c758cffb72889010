package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"sort"
)

// Legacy wallets are Berkeley DB btree files with the records in a
// subdatabase named "main". Like Core's BerkeleyRODatabase, ReadBDB reads
// such a file without the BDB library, for dumping and migrating.

// Record is a key-value record.
type Record struct{ Key, Value []byte }

const (
	bdbMagic         = 0x00053162
	bdbMagicOther    = 0x62310500
	bdbPageInternal  = 3
	bdbPageLeaf      = 5
	bdbPageOverflow  = 7
	bdbPageMeta      = 9
	bdbRecKeyData    = 1
	bdbRecOverflow   = 3
	bdbRecDeleted    = 0x80
	bdbFlagSubDB     = 0x20
	bdbPageHeaderLen = 26
)

type bdbFile struct {
	data     []byte
	pageSize uint32
	order    binary.ByteOrder
}

func (f *bdbFile) page(n uint32) ([]byte, error) {
	off := uint64(n) * uint64(f.pageSize)
	if off+uint64(f.pageSize) > uint64(len(f.data)) {
		// The last page may be short: BDB does not pad the file.
		if off+bdbPageHeaderLen > uint64(len(f.data)) {
			return nil, fmt.Errorf("page %d is past the end of the file", n)
		}
		return f.data[off:], nil
	}
	return f.data[off : off+uint64(f.pageSize)], nil
}

type bdbMeta struct {
	pageSize, lastPage, root, flags uint32
	encrypt, typ                    uint8
}

func (f *bdbFile) meta(n uint32) (bdbMeta, error) {
	p, err := f.page(n)
	if err != nil {
		return bdbMeta{}, err
	}
	if len(p) < 92 {
		return bdbMeta{}, errors.New("metadata page too short")
	}
	o := f.order
	m := bdbMeta{pageSize: o.Uint32(p[20:]), encrypt: p[24], typ: p[25], lastPage: o.Uint32(p[32:]),
		flags: o.Uint32(p[48:]), root: o.Uint32(p[88:])}
	switch {
	case o.Uint32(p[8:]) != n:
		return m, errors.New("Meta page number mismatch")
	case o.Uint32(p[12:]) != bdbMagic:
		return m, errors.New("Not a BDB file")
	case o.Uint32(p[16:]) != 9:
		return m, errors.New("Unsupported BDB data file version number")
	case m.pageSize < 512 || m.pageSize > 65536 || m.pageSize&(m.pageSize-1) != 0:
		return m, errors.New("Bad page size")
	case m.typ != bdbPageMeta:
		return m, errors.New("Unexpected page type, should be 9 (BTree Metadata)")
	case m.flags != bdbFlagSubDB:
		return m, errors.New("Unexpected database flags, should only be 0x20 (subdatabases)")
	case m.encrypt != 0:
		return m, errors.New("BDB builtin encryption is not supported")
	}
	return m, nil
}

type bdbHeader struct {
	next           uint32
	entries, hfOff uint16
	level, typ     uint8
}

func (f *bdbFile) header(p []byte, n uint32) (bdbHeader, error) {
	o := f.order
	h := bdbHeader{next: o.Uint32(p[16:]), entries: o.Uint16(p[20:]), hfOff: o.Uint16(p[22:]), level: p[24], typ: p[25]}
	if o.Uint32(p[8:]) != n {
		return h, errors.New("Page number mismatch")
	}
	if (h.typ != bdbPageOverflow && h.level < 1) || (h.typ == bdbPageOverflow && h.level != 0) {
		return h, errors.New("Bad btree level")
	}
	return h, nil
}

// bdbItem is a record of a leaf or internal page.
type bdbItem struct {
	deleted  bool
	overflow bool
	data     []byte // key data, or internal key
	pageNum  uint32 // overflow start page, or internal child page
}

func (f *bdbFile) items(p []byte, h bdbHeader, internal bool) ([]bdbItem, error) {
	o := f.order
	var out []bdbItem
	for i := 0; i < int(h.entries); i++ {
		at := bdbPageHeaderLen + 2*i
		if at+2 > len(p) {
			return nil, errors.New("record index past the page")
		}
		idx := int(o.Uint16(p[at:]))
		if idx < at+2 {
			return nil, errors.New("Data record position not in page")
		}
		if idx+3 > len(p) {
			return nil, errors.New("record past the page")
		}
		n := int(o.Uint16(p[idx:]))
		typ := p[idx+2]
		it := bdbItem{deleted: typ&bdbRecDeleted != 0}
		body := p[idx+3:]
		switch {
		case internal && typ&^bdbRecDeleted == bdbRecKeyData:
			if len(body) < 9+n {
				return nil, errors.New("internal record past the page")
			}
			it.pageNum = o.Uint32(body[1:])
			it.data = body[9 : 9+n]
		case internal:
			return nil, errors.New("Unknown record type in internal page")
		case typ&^bdbRecDeleted == bdbRecKeyData:
			if len(body) < n {
				return nil, errors.New("data record past the page")
			}
			it.data = body[:n]
		case typ&^bdbRecDeleted == bdbRecOverflow:
			if len(body) < 9 {
				return nil, errors.New("overflow record past the page")
			}
			it.overflow = true
			it.pageNum = o.Uint32(body[1:])
		default:
			return nil, errors.New("Unknown record type in records page")
		}
		out = append(out, it)
	}
	return out, nil
}

func (f *bdbFile) overflow(start uint32) ([]byte, error) {
	var data []byte
	seen := map[uint32]bool{}
	for n := start; n != 0; {
		if seen[n] {
			return nil, errors.New("overflow pages form a loop")
		}
		seen[n] = true
		p, err := f.page(n)
		if err != nil {
			return nil, err
		}
		h, err := f.header(p, n)
		if err != nil {
			return nil, err
		}
		if h.typ != bdbPageOverflow {
			return nil, errors.New("Bad overflow record page type")
		}
		end := bdbPageHeaderLen + int(h.hfOff)
		if end > len(p) {
			return nil, errors.New("overflow data past the page")
		}
		data = append(data, p[bdbPageHeaderLen:end]...)
		n = h.next
	}
	return data, nil
}

// ReadBDB reads every record of the "main" database of a Berkeley DB
// btree file, sorted by key, with Core's checks and error messages (which
// do not name the file).
func ReadBDB(path string) ([]Record, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("BerkeleyRODatabase: Failed to open database file: %w", err)
	}
	return ParseBDB(data)
}

// ParseBDB is ReadBDB on the file's contents.
func ParseBDB(data []byte) ([]Record, error) {
	if len(data) < 512 {
		return nil, errors.New("Not a BDB file")
	}
	f := &bdbFile{data: data, pageSize: 512, order: binary.LittleEndian}
	switch binary.LittleEndian.Uint32(data[12:]) {
	case bdbMagic:
	case bdbMagicOther:
		f.order = binary.BigEndian
	default:
		return nil, errors.New("Not a BDB file")
	}
	f.pageSize = f.order.Uint32(data[20:])
	if f.pageSize < 512 || f.pageSize > 65536 || f.pageSize&(f.pageSize-1) != 0 {
		return nil, errors.New("Bad page size")
	}
	outer, err := f.meta(0)
	if err != nil {
		return nil, err
	}
	if uint64(outer.lastPage) != uint64(len(data))/uint64(f.pageSize)-1 {
		return nil, errors.New("Last page number could not fit in file")
	}
	for i := uint32(0); i < outer.lastPage; i++ {
		p, err := f.page(i)
		if err != nil {
			return nil, err
		}
		if f.order.Uint32(p[0:]) != 0 || f.order.Uint32(p[4:]) != 1 {
			return nil, errors.New("LSNs are not reset, this database is not completely flushed. Please reopen then close the database with a version that has BDB support")
		}
	}
	rootPage, err := f.page(outer.root)
	if err != nil {
		return nil, err
	}
	h, err := f.header(rootPage, outer.root)
	if err != nil {
		return nil, err
	}
	if h.typ != bdbPageLeaf {
		return nil, errors.New("Unexpected outer database root page type")
	}
	if h.entries != 2 {
		return nil, errors.New("Unexpected number of entries in outer database root page")
	}
	names, err := f.items(rootPage, h, false)
	if err != nil {
		return nil, err
	}
	if names[0].overflow || string(names[0].data) != "main" {
		return nil, errors.New("Subdatabase has an unexpected name")
	}
	if names[1].overflow || len(names[1].data) != 4 {
		return nil, errors.New("Subdatabase page number has unexpected length")
	}
	mainPage := binary.BigEndian.Uint32(names[1].data)
	if mainPage > outer.lastPage {
		return nil, errors.New("Page number is greater than database last page")
	}
	inner, err := f.meta(mainPage)
	if err != nil {
		return nil, err
	}
	if inner.pageSize != f.pageSize {
		return nil, errors.New("Unexpected page size")
	}
	if inner.lastPage > outer.lastPage {
		return nil, errors.New("Subdatabase last page is greater than database last page")
	}
	records := map[string][]byte{}
	visited := map[uint32]bool{}
	pages := []uint32{inner.root}
	for len(pages) > 0 {
		n := pages[len(pages)-1]
		pages = pages[:len(pages)-1]
		if visited[n] {
			return nil, errors.New("btree pages form a loop")
		}
		visited[n] = true
		p, err := f.page(n)
		if err != nil {
			return nil, err
		}
		h, err := f.header(p, n)
		if err != nil {
			return nil, err
		}
		switch h.typ {
		case bdbPageInternal:
			items, err := f.items(p, h, true)
			if err != nil {
				return nil, err
			}
			for _, it := range items {
				if !it.deleted {
					pages = append(pages, it.pageNum)
				}
			}
		case bdbPageLeaf:
			items, err := f.items(p, h, false)
			if err != nil {
				return nil, err
			}
			if len(items)%2 != 0 {
				return nil, errors.New("Records page has odd number of records")
			}
			var key []byte
			isKey := true
			for _, it := range items {
				if it.deleted {
					continue
				}
				v := it.data
				if it.overflow {
					if v, err = f.overflow(it.pageNum); err != nil {
						return nil, err
					}
				}
				if isKey {
					key = v
				} else if _, dup := records[string(key)]; !dup {
					records[string(key)] = append([]byte{}, v...)
				}
				isKey = !isKey
			}
		default:
			return nil, errors.New("Unexpected page type")
		}
	}
	out := make([]Record, 0, len(records))
	for k, v := range records {
		out = append(out, Record{Key: []byte(k), Value: v})
	}
	sort.Slice(out, func(i, j int) bool { return bytes.Compare(out[i].Key, out[j].Key) < 0 })
	return out, nil
}
