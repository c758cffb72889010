package rest

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

// maxOutpoints is Core's MAX_GETUTXOS_OUTPOINTS.
const maxOutpoints = 15

// mempoolHeight is Core's MEMPOOL_HEIGHT, the height of a coin created by
// a mempool transaction.
const mempoolHeight = 0x7FFFFFFF

// errParse is Core's "Parse error" (400) of getutxos.
var errParse = errors.New("Parse error")

// UtxoRequest is a parsed /rest/getutxos request.
type UtxoRequest struct {
	CheckMempool bool
	Outpoints    []wire.OutPoint
}

// ParseUtxoURI parses the URI part after "/rest/getutxos" (format and
// query already removed): "/checkmempool/<txid>-<n>/…" or
// "/<txid>-<n>/…". hasParts reports whether the URI held any parts, since
// Core treats an empty request differently from a malformed one.
func ParseUtxoURI(param string) (req UtxoRequest, hasParts bool, err error) {
	if len(param) <= 1 {
		return req, false, nil
	}
	parts := strings.Split(param[1:], "/")
	i := 0
	if parts[0] == "checkmempool" {
		req.CheckMempool = true
		i = 1
	}
	for _, p := range parts[i:] {
		fields := strings.Split(p, "-")
		if len(fields) != 2 {
			return req, true, errParse
		}
		txid, ok := parseHash(fields[0])
		n, nok := parseUint(fields[1], 32)
		if !ok || !nok {
			return req, true, errParse
		}
		req.Outpoints = append(req.Outpoints, wire.OutPoint{Hash: txid, Index: uint32(n)})
	}
	return req, true, nil
}

// ParseUtxoBody decodes a binary getutxos request body as Core v30 does:
// Core streams the body as a serialized string (so its compact-size length
// comes first), then reads the checkmempool byte and the outpoint vector
// from that stream; bytes left over are ignored. In effect checkmempool is
// set for any non-empty body and the outpoints start at the body's first
// byte.
func ParseUtxoBody(body []byte) (UtxoRequest, error) {
	var stream bytes.Buffer
	if err := wire.WriteVarInt(&stream, 0, uint64(len(body))); err != nil {
		return UtxoRequest{}, fmt.Errorf("getutxos body: %w", err)
	}
	stream.Write(body)
	r := bytes.NewReader(stream.Bytes())
	flag, err := r.ReadByte()
	if err != nil {
		return UtxoRequest{}, errParse
	}
	req := UtxoRequest{CheckMempool: flag != 0}
	count, err := readCompactSize(r)
	if err != nil {
		return UtxoRequest{}, errParse
	}
	// Each outpoint is 36 bytes: a count beyond what is left cannot be
	// read (Core fails on the short read the same way).
	if count > uint64(r.Len())/36 {
		return UtxoRequest{}, errParse
	}
	for i := uint64(0); i < count; i++ {
		var op wire.OutPoint
		if _, err := r.Read(op.Hash[:]); err != nil {
			return UtxoRequest{}, errParse
		}
		var n [4]byte
		if _, err := r.Read(n[:]); err != nil {
			return UtxoRequest{}, errParse
		}
		op.Index = binary.LittleEndian.Uint32(n[:])
		req.Outpoints = append(req.Outpoints, op)
	}
	return req, nil
}

// readCompactSize is Core's ReadCompactSize: canonical encodings only, at
// most MAX_SIZE (0x02000000).
func readCompactSize(r *bytes.Reader) (uint64, error) {
	const maxSize = 0x02000000
	first, err := r.ReadByte()
	if err != nil {
		return 0, err
	}
	var n uint64
	var width int
	var min uint64
	switch first {
	case 0xfd:
		width, min = 2, 0xfd
	case 0xfe:
		width, min = 4, 0x10000
	case 0xff:
		width, min = 8, 0x100000000
	default:
		return uint64(first), nil
	}
	buf := make([]byte, 8)
	if got, _ := r.Read(buf[:width]); got != width {
		return 0, errors.New("short compact size")
	}
	n = binary.LittleEndian.Uint64(buf)
	if n < min {
		return 0, errors.New("non-canonical ReadCompactSize()")
	}
	if n > maxSize {
		return 0, errors.New("ReadCompactSize(): size too large")
	}
	return n, nil
}

// Coin is one unspent output of a getutxos answer (Core's CCoin).
type Coin struct {
	Height   uint32 // mempoolHeight for a mempool output
	Value    int64
	PkScript []byte
}

// UtxoResult is a getutxos answer.
type UtxoResult struct {
	Height int32
	Tip    chainhash.Hash
	Hits   []bool
	Coins  []Coin // one per hit, in order
}

// Bitmap is the hits as Core's bitmap: bit i%8 of byte i/8.
func (u *UtxoResult) Bitmap() []byte {
	out := make([]byte, (len(u.Hits)+7)/8)
	for i, hit := range u.Hits {
		if hit {
			out[i/8] |= 1 << (i % 8)
		}
	}
	return out
}

// BitmapString is the hits as "1"/"0" characters (the JSON bitmap).
func (u *UtxoResult) BitmapString() string {
	var b strings.Builder
	for _, hit := range u.Hits {
		if hit {
			b.WriteByte('1')
		} else {
			b.WriteByte('0')
		}
	}
	return b.String()
}

// MarshalBinary is the BIP64 answer: height, tip hash, bitmap vector and
// the coins (each a zero version, height and output).
func (u *UtxoResult) MarshalBinary() ([]byte, error) {
	var b bytes.Buffer
	_ = binary.Write(&b, binary.LittleEndian, u.Height)
	b.Write(u.Tip[:])
	bitmap := u.Bitmap()
	if err := wire.WriteVarBytes(&b, 0, bitmap); err != nil {
		return nil, fmt.Errorf("getutxos bitmap: %w", err)
	}
	if err := wire.WriteVarInt(&b, 0, uint64(len(u.Coins))); err != nil {
		return nil, fmt.Errorf("getutxos coins: %w", err)
	}
	for _, c := range u.Coins {
		_ = binary.Write(&b, binary.LittleEndian, uint32(0))
		_ = binary.Write(&b, binary.LittleEndian, c.Height)
		_ = binary.Write(&b, binary.LittleEndian, c.Value)
		if err := wire.WriteVarBytes(&b, 0, c.PkScript); err != nil {
			return nil, fmt.Errorf("getutxos coin script: %w", err)
		}
	}
	return b.Bytes(), nil
}
