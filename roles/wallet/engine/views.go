package engine

import (
	"context"
	"sort"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
)

// OutView is one output of a wallet transaction as the RPCs show it.
type OutView struct {
	Index      uint32
	Script     []byte
	Value      int64
	Mine       bool
	Change     bool
	Address    string
	Label      string
	HasLabel   bool
	ParentDesc string
}

// TxView is a snapshot of a wallet transaction.
type TxView struct {
	Tx           *wire.MsgTx
	TxID         chainhash.Hash
	Depth        int32
	BlockHash    chainhash.Hash
	BlockHeight  int32
	BlockIndex   int32
	BlockTime    int64
	TimeReceived int64
	Trusted      bool
	Abandoned    bool
	InMempool    bool
	Coinbase     bool
	Immature     bool
	FromMe       bool
	Debit        int64 // what it spends from the wallet
	Fee          int64 // valid when FromMe and every input is the wallet's
	HasFee       bool
	Outputs      []OutView
	Conflicts    []chainhash.Hash
	Replaceable  string // "yes", "no", "unknown"
	Comment      string
	To           string
	OrderPos     int64
	ReplacedBy   *chainhash.Hash
	Replaces     *chainhash.Hash
}

// Time is Core's GetTxTime: the time the wallet first saw it.
func (v *TxView) Time() int64 { return v.TimeReceived }

func (w *Wallet) view(t *walletTx) TxView {
	v := TxView{Tx: t.tx, TxID: t.txid, Depth: w.depth(t), TimeReceived: t.timeReceived,
		Abandoned: t.state == stateAbandoned, InMempool: t.state == stateMempool, Coinbase: isCoinbase(t.tx),
		FromMe: t.fromMe, Comment: t.comment, To: t.commentTo, OrderPos: t.orderPos,
		ReplacedBy: t.replacedBy, Replaces: t.replaces}
	if t.state == stateConfirmed || t.state == stateConflicted {
		v.BlockHash, v.BlockHeight, v.BlockIndex, v.BlockTime = t.blockHash, t.blockHeight, t.blockIndex, t.blockTime
	}
	v.Trusted = w.trusted(t, nil)
	v.Immature = w.immatureBlocks(t) > 0
	v.Debit = w.debit(t.tx)
	allMine := !v.Coinbase
	var in int64
	for _, i := range t.tx.TxIn {
		o, ok := w.prevOut(i.PreviousOutPoint)
		if !ok {
			allMine = false
			break
		}
		in += o.Value
	}
	var outSum int64
	for i, o := range t.tx.TxOut {
		outSum += o.Value
		ov := OutView{Index: uint32(i), Script: o.PkScript, Value: o.Value}
		if r, mine := w.isMine(o.PkScript); mine {
			ov.Mine = true
			ov.ParentDesc = descriptor.AddChecksum(w.spkms[r.id].rec.Descriptor)
		}
		if a, ok := descriptor.ScriptAddress(o.PkScript, w.opts.Params); ok {
			ov.Address = a
			if e, ok := w.book[a]; ok {
				ov.Label, ov.HasLabel = e.label, true
			}
		}
		ov.Change = ov.Mine && !ov.HasLabel && v.FromMe
		v.Outputs = append(v.Outputs, ov)
	}
	if v.FromMe && allMine {
		v.Fee, v.HasFee = in-outSum, true
	}
	for _, i := range t.tx.TxIn {
		for _, other := range w.spentBy[i.PreviousOutPoint] {
			if other != t.txid {
				v.Conflicts = append(v.Conflicts, other)
			}
		}
	}
	v.Replaceable = "no"
	if v.Depth == 0 {
		for _, i := range t.tx.TxIn {
			if i.Sequence < wire.MaxTxInSequenceNum-1 {
				v.Replaceable = "yes"
			}
		}
		if v.Replaceable == "no" {
			v.Replaceable = "unknown"
			if t.state == stateMempool {
				v.Replaceable = w.inheritedRBF(t)
			}
		}
	}
	return v
}

// inheritedRBF is "yes" when an unconfirmed wallet parent signals RBF.
func (w *Wallet) inheritedRBF(t *walletTx) string {
	for _, i := range t.tx.TxIn {
		if p, ok := w.txs[i.PreviousOutPoint.Hash]; ok && w.depth(p) == 0 {
			for _, pi := range p.tx.TxIn {
				if pi.Sequence < wire.MaxTxInSequenceNum-1 {
					return "yes"
				}
			}
		}
	}
	return "no"
}

// Transaction returns one wallet transaction.
func (w *Wallet) Transaction(txid chainhash.Hash) (TxView, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	t, ok := w.txs[txid]
	if !ok {
		return TxView{}, false
	}
	return w.view(t), true
}

// Transactions returns every wallet transaction in the order the wallet
// saw them.
func (w *Wallet) Transactions() []TxView {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make([]TxView, 0, len(w.txs))
	for _, t := range w.txs {
		out = append(out, w.view(t))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].OrderPos < out[j].OrderPos })
	return out
}

// NewAddress hands out a receiving address.
func (w *Wallet) NewAddress(outputType, label string) (string, error) {
	return w.newDestination(outputType, false, label)
}

// NewChangeAddress hands out a change address.
func (w *Wallet) NewChangeAddress(outputType string) (string, error) {
	return w.newDestination(outputType, true, "")
}

// Descriptors lists the wallet's descriptors (public form unless
// private) with their state, for listdescriptors.
type DescView struct {
	Descriptor string
	Timestamp  int64
	Active     bool
	Internal   bool
	HasRange   bool
	RangeStart int32
	RangeEnd   int32 // inclusive, as listdescriptors shows it
	Next       int32
}

// Descriptors returns the wallet's descriptors.
func (w *Wallet) Descriptors(private bool) ([]DescView, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []DescView
	for _, id := range w.order {
		s := w.spkms[id]
		text := descriptor.AddChecksum(s.rec.Descriptor)
		if private {
			p, err := s.desc.PrivateString()
			if err != nil {
				return nil, err
			}
			text = p
		}
		v := DescView{Descriptor: text, Timestamp: s.rec.CreationTime, HasRange: s.desc.IsRange(),
			RangeStart: s.rec.RangeStart, RangeEnd: s.rec.RangeEnd - 1, Next: s.rec.NextIndex}
		for k, a := range w.active {
			if a == id {
				v.Active, v.Internal = true, k.internal
			}
		}
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Descriptor < out[j].Descriptor })
	return out, nil
}

// ctxOrBackground guards nil contexts from callers.
func ctxOrBackground(ctx context.Context) context.Context {
	if ctx == nil {
		return context.Background()
	}
	return ctx
}
