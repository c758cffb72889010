package zmq

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/btcsuite/btcd/chainhash/v2"
)

// Topics, as Core's MSG_* names.
const (
	TopicHashBlock = "hashblock"
	TopicHashTx    = "hashtx"
	TopicRawBlock  = "rawblock"
	TopicRawTx     = "rawtx"
	TopicSequence  = "sequence"
)

// Sequence labels.
const (
	LabelConnect    = 'C'
	LabelDisconnect = 'D'
	LabelAdded      = 'A'
	LabelRemoved    = 'R'
)

// hashBody is a hash in display byte order.
func hashBody(h chainhash.Hash) []byte {
	out := make([]byte, chainhash.HashSize)
	for i := range h {
		out[chainhash.HashSize-1-i] = h[i]
	}
	return out
}

// sequenceBody is a "sequence" message body; mempoolSeq is written for
// the mempool labels (A, R) only.
func sequenceBody(h chainhash.Hash, label byte, mempoolSeq uint64) []byte {
	out := append(hashBody(h), label)
	if label == LabelAdded || label == LabelRemoved {
		out = binary.LittleEndian.AppendUint64(out, mempoolSeq)
	}
	return out
}

// Message is a decoded notification.
type Message struct {
	Topic string
	Body  []byte
	Seq   uint32 // the publisher's message sequence number
}

// ParseMessage decodes the three frames of a notification.
func ParseMessage(frames [][]byte) (Message, error) {
	if len(frames) != 3 {
		return Message{}, fmt.Errorf("notification has %d frames, want 3", len(frames))
	}
	if len(frames[2]) != 4 {
		return Message{}, fmt.Errorf("sequence frame has %d bytes, want 4", len(frames[2]))
	}
	return Message{Topic: string(frames[0]), Body: frames[1], Seq: binary.LittleEndian.Uint32(frames[2])}, nil
}

// SequenceEvent is a decoded "sequence" body.
type SequenceEvent struct {
	Hash  chainhash.Hash // in internal byte order (as chainhash prints it)
	Label byte
	// MempoolSeq is set for A and R.
	MempoolSeq uint64
}

// ParseSequence decodes a "sequence" body.
func ParseSequence(body []byte) (SequenceEvent, error) {
	if len(body) < chainhash.HashSize+1 {
		return SequenceEvent{}, errors.New("sequence body too short")
	}
	var ev SequenceEvent
	for i := 0; i < chainhash.HashSize; i++ {
		ev.Hash[chainhash.HashSize-1-i] = body[i]
	}
	ev.Label = body[chainhash.HashSize]
	rest := body[chainhash.HashSize+1:]
	switch ev.Label {
	case LabelConnect, LabelDisconnect:
		if len(rest) != 0 {
			return SequenceEvent{}, fmt.Errorf("sequence %c body has %d extra bytes", ev.Label, len(rest))
		}
	case LabelAdded, LabelRemoved:
		if len(rest) != 8 {
			return SequenceEvent{}, fmt.Errorf("sequence %c body has %d bytes after the label, want 8", ev.Label, len(rest))
		}
		ev.MempoolSeq = binary.LittleEndian.Uint64(rest)
	default:
		return SequenceEvent{}, fmt.Errorf("unknown sequence label %q", ev.Label)
	}
	return ev, nil
}
