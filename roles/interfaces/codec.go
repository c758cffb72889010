package interfaces

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

// outpointSize is a findCoins outpoint: 32-byte txid, 4-byte LE index.
const outpointSize = chainhash.HashSize + 4

// readHash checks that b is a 32-byte hash in internal byte order.
func readHash(b []byte, field string) (chainhash.Hash, error) {
	var h chainhash.Hash
	if len(b) != chainhash.HashSize {
		return h, fmt.Errorf("%s: hash of %d bytes, want %d", field, len(b), chainhash.HashSize)
	}
	copy(h[:], b)
	return h, nil
}

// readOptHash is readHash where absence (no bytes) means the zero hash.
func readOptHash(b []byte, field string) (chainhash.Hash, error) {
	if len(b) == 0 {
		return chainhash.Hash{}, nil
	}
	return readHash(b, field)
}

func txBytes(tx *wire.MsgTx) ([]byte, error) {
	if tx == nil {
		return nil, errors.New("nil transaction")
	}
	var buf bytes.Buffer
	buf.Grow(tx.SerializeSize())
	if err := tx.Serialize(&buf); err != nil {
		return nil, fmt.Errorf("serializing transaction: %w", err)
	}
	return buf.Bytes(), nil
}

func readTx(b []byte, field string) (*wire.MsgTx, error) {
	tx := new(wire.MsgTx)
	r := bytes.NewReader(b)
	if err := tx.Deserialize(r); err != nil {
		return nil, fmt.Errorf("%s: %w", field, err)
	}
	if r.Len() != 0 {
		return nil, fmt.Errorf("%s: %d bytes after the transaction", field, r.Len())
	}
	return tx, nil
}

func blockBytes(b *wire.MsgBlock) ([]byte, error) {
	if b == nil {
		return nil, errors.New("nil block")
	}
	var buf bytes.Buffer
	buf.Grow(b.SerializeSize())
	if err := b.Serialize(&buf); err != nil {
		return nil, fmt.Errorf("serializing block: %w", err)
	}
	return buf.Bytes(), nil
}

func readBlock(b []byte, field string) (*wire.MsgBlock, error) {
	blk := new(wire.MsgBlock)
	r := bytes.NewReader(b)
	if err := blk.Deserialize(r); err != nil {
		return nil, fmt.Errorf("%s: %w", field, err)
	}
	if r.Len() != 0 {
		return nil, fmt.Errorf("%s: %d bytes after the block", field, r.Len())
	}
	return blk, nil
}

func outpointBytes(op wire.OutPoint) []byte {
	b := make([]byte, outpointSize)
	copy(b, op.Hash[:])
	binary.LittleEndian.PutUint32(b[chainhash.HashSize:], op.Index)
	return b
}

func readOutpoint(b []byte, field string) (wire.OutPoint, error) {
	if len(b) != outpointSize {
		return wire.OutPoint{}, fmt.Errorf("%s: outpoint of %d bytes, want %d", field, len(b), outpointSize)
	}
	var op wire.OutPoint
	copy(op.Hash[:], b)
	op.Index = binary.LittleEndian.Uint32(b[chainhash.HashSize:])
	return op, nil
}
