package store

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

// TxStateKind is the kind of a wallet transaction's state (Core's TxState
// alternatives).
type TxStateKind uint8

// The states of Core's wallet/transaction.h. InMempool is never read back:
// it is stored as Inactive, as Core does.
const (
	TxInactive TxStateKind = iota
	TxAbandoned
	TxInMempool
	TxConfirmed
	TxBlockConflicted
	TxUnrecognized
)

// TxState is where a wallet transaction stands: confirmed in or conflicted
// by BlockHash, or neither. Heights are not stored (-1 when loaded).
type TxState struct {
	Kind        TxStateKind
	BlockHash   chainhash.Hash // Confirmed, BlockConflicted, Unrecognized
	BlockHeight int32          // Confirmed, BlockConflicted; not stored
	Index       int32          // position in block (Confirmed), or the stored index (Unrecognized)
}

// hashOne is uint256::ONE, the stored block hash of abandoned transactions.
func hashOne() chainhash.Hash { return chainhash.Hash{1} }

// serialized is Core's TxStateSerializedBlockHash and TxStateSerializedIndex.
func (s TxState) serialized() (chainhash.Hash, int32) {
	switch s.Kind {
	case TxAbandoned:
		return hashOne(), -1
	case TxConfirmed:
		return s.BlockHash, s.Index
	case TxBlockConflicted:
		return s.BlockHash, -1
	case TxUnrecognized:
		return s.BlockHash, s.Index
	}
	return chainhash.Hash{}, 0
}

// interpretTxState is Core's TxStateInterpretSerialized.
func interpretTxState(h chainhash.Hash, index int32) TxState {
	switch {
	case h == chainhash.Hash{}:
		if index == 0 {
			return TxState{Kind: TxInactive}
		}
	case h == hashOne():
		if index == -1 {
			return TxState{Kind: TxAbandoned}
		}
	case index >= 0:
		return TxState{Kind: TxConfirmed, BlockHash: h, BlockHeight: -1, Index: index}
	case index == -1:
		return TxState{Kind: TxBlockConflicted, BlockHash: h, BlockHeight: -1}
	}
	return TxState{Kind: TxUnrecognized, BlockHash: h, Index: index}
}

// WalletTx is a "tx" record: Core's CWalletTx as v30 serializes it.
type WalletTx struct {
	Tx    *wire.MsgTx
	State TxState
	// MapValue holds "comment", "to", "replaces_txid", "replaced_by_txid"
	// and the like; "n" and "timesmart" live in OrderPos and TimeSmart,
	// and "fromaccount" and "spent" are dropped as Core drops them.
	MapValue     map[string]string
	OrderForm    [][2]string // vOrderForm: ("Message", ...), ("PaymentRequest", ...)
	TimeReceived uint32      // nTimeReceived
	TimeSmart    uint32      // nTimeSmart; 0 is not stored
	OrderPos     int64       // nOrderPos; -1 (unordered) is not stored
}

// TxID is the transaction's id (the record's key).
func (w WalletTx) TxID() chainhash.Hash { return w.Tx.TxHash() }

func (w WalletTx) encode() ([]byte, error) {
	var buf bytes.Buffer
	if err := w.Tx.BtcEncode(&buf, 0, wire.WitnessEncoding); err != nil {
		return nil, fmt.Errorf("serialize wallet transaction: %w", err)
	}
	e := &encoder{b: buf.Bytes()}
	h, idx := w.State.serialized()
	e.hash([32]byte(h))
	e.compactSize(0) // vMerkleBranch, no longer kept
	e.i32(idx)
	e.compactSize(0) // vtxPrev, no longer kept
	mv := make(map[string]string, len(w.MapValue)+3)
	for k, v := range w.MapValue {
		mv[k] = v
	}
	mv["fromaccount"] = ""
	if w.OrderPos != -1 {
		mv["n"] = strconv.FormatInt(w.OrderPos, 10)
	}
	if w.TimeSmart != 0 {
		mv["timesmart"] = strconv.FormatUint(uint64(w.TimeSmart), 10)
	}
	keys := make([]string, 0, len(mv))
	for k := range mv {
		keys = append(keys, k)
	}
	sort.Strings(keys) // std::map order: bytewise
	e.compactSize(uint64(len(keys)))
	for _, k := range keys {
		e.str(k)
		e.str(mv[k])
	}
	e.compactSize(uint64(len(w.OrderForm)))
	for _, kv := range w.OrderForm {
		e.str(kv[0])
		e.str(kv[1])
	}
	e.u32(0) // fTimeReceivedIsTxTime, no longer used
	e.u32(w.TimeReceived)
	e.boolean(false) // fFromMe, no longer used
	e.boolean(false) // fSpent, no longer used
	return e.b, nil
}

// decodeTx reads a transaction in Core's serialization (witness allowed).
func decodeTx(d *decoder) *wire.MsgTx {
	if d.err != nil {
		return nil
	}
	r := bytes.NewReader(d.b)
	tx := new(wire.MsgTx)
	if err := tx.BtcDecode(r, 0, wire.WitnessEncoding); err != nil {
		d.fail(fmt.Errorf("transaction: %w", err))
		return nil
	}
	d.b = d.b[len(d.b)-r.Len():]
	return tx
}

func decodeWalletTx(v []byte) (WalletTx, error) {
	d := &decoder{b: v}
	w := WalletTx{OrderPos: -1}
	w.Tx = decodeTx(d)
	blockHash := chainhash.Hash(d.hash())
	d.hashes() // vMerkleBranch
	index := d.i32()
	// vtxPrev: CMerkleTx entries of wallets from before 0.3.
	nPrev := d.compactSize()
	for i := uint64(0); i < nPrev && d.err == nil; i++ {
		decodeTx(d)
		d.hash()
		d.hashes()
		d.i32()
	}
	nMap := d.compactSize()
	mv := make(map[string]string)
	for i := uint64(0); i < nMap && d.err == nil; i++ {
		k, val := d.str(), d.str()
		if _, dup := mv[k]; !dup { // std::map keeps the first
			mv[k] = val
		}
	}
	nForm := d.compactSize()
	for i := uint64(0); i < nForm && d.err == nil; i++ {
		k := d.str()
		w.OrderForm = append(w.OrderForm, [2]string{k, d.str()})
	}
	d.u32() // fTimeReceivedIsTxTime
	w.TimeReceived = d.u32()
	d.boolean() // fFromMe
	d.boolean() // fSpent
	if d.err != nil {
		return WalletTx{}, d.err
	}
	w.State = interpretTxState(blockHash, index)
	if n, ok := mv["n"]; ok {
		w.OrderPos = atoi64(n)
	}
	if ts, ok := mv["timesmart"]; ok {
		w.TimeSmart = uint32(atoi64(ts))
	}
	for _, k := range []string{"fromaccount", "spent", "n", "timesmart"} {
		delete(mv, k)
	}
	w.MapValue = mv
	return w, nil
}

// atoi64 is Core's LocaleIndependentAtoi<int64_t>: leading and trailing
// whitespace trimmed, one optional sign, saturating, 0 when it is not a
// number. Like std::from_chars it stops at the first non-digit.
func atoi64(s string) int64 {
	s = strings.Trim(s, " \f\n\r\t\v")
	if strings.HasPrefix(s, "+") {
		if strings.HasPrefix(s, "+-") {
			return 0
		}
		s = s[1:]
	}
	neg := strings.HasPrefix(s, "-")
	digits := s
	if neg {
		digits = s[1:]
	}
	end := 0
	for end < len(digits) && digits[end] >= '0' && digits[end] <= '9' {
		end++
	}
	if end == 0 {
		return 0
	}
	v, err := strconv.ParseInt(s[:len(s)-len(digits)+end], 10, 64)
	if err != nil {
		if neg {
			return math.MinInt64
		}
		return math.MaxInt64
	}
	return v
}
