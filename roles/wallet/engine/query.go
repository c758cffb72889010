package engine

import (
	"errors"
	"fmt"
	"sort"

	"github.com/btcsuite/btcd/chaincfg/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/store"
)

// scriptAddress renders a script as an address of the wallet's network.
func scriptAddress(script []byte, params *chaincfg.Params) (string, error) {
	a, ok := descriptor.ScriptAddress(script, params)
	if !ok {
		return "", errors.New("the descriptor has no address for this script")
	}
	return a, nil
}

// Info is what getwalletinfo reports.
type Info struct {
	Name                        string
	TxCount                     int
	KeypoolSize, KeypoolSizeInt int
	Flags                       uint64
	Birth                       int64
	LastProcessedHash           chainhash.Hash
	LastProcessedHeight         int32
}

// Info describes the wallet.
func (w *Wallet) Info() Info {
	w.mu.Lock()
	defer w.mu.Unlock()
	in := Info{Name: w.name, TxCount: len(w.txs), Flags: w.flags, Birth: w.birth,
		LastProcessedHash: w.synced.Hash, LastProcessedHeight: w.synced.Height}
	for k, id := range w.active {
		s := w.spkms[id]
		n := int(s.rec.RangeEnd - s.rec.NextIndex)
		if k.internal {
			in.KeypoolSizeInt += n
		} else {
			in.KeypoolSize += n
		}
	}
	return in
}

// Unspent is one listunspent entry.
type Unspent struct {
	OutPoint   wire.OutPoint
	Script     []byte
	Value      int64
	Depth      int32
	Address    string
	Label      string
	HasLabel   bool
	Descriptor string // inferred with the wallet's knowledge
	ParentDesc string
	Safe       bool
	Reused     bool
	Ancestors  uint64
	Redeem     []byte
	Witness    []byte
	Out        descriptor.Output // what the wallet's descriptor says of it
}

// ListUnspent lists unspent outputs with minConf <= depth <= maxConf
// (Core's listunspent; locked outputs are left out).
func (w *Wallet) ListUnspent(minConf, maxConf int32, includeUnsafe bool) []Unspent {
	return w.ListUnspentWith(UnspentFilter{MinConf: minConf, MaxConf: maxConf, IncludeUnsafe: includeUnsafe})
}

// UnspentFilter selects listunspent's outputs.
type UnspentFilter struct {
	MinConf, MaxConf int32
	IncludeUnsafe    bool
	IncludeImmature  bool // immature coinbase outputs too
}

// ListUnspentWith is ListUnspent with every filter.
func (w *Wallet) ListUnspentWith(f UnspentFilter) []Unspent {
	minConf, maxConf, includeUnsafe := f.MinConf, f.MaxConf, f.IncludeUnsafe
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []Unspent
	for _, t := range w.txs {
		d := w.depth(t)
		if d < 0 || d < minConf || d > maxConf || t.state == stateAbandoned || (!f.IncludeImmature && w.immatureBlocks(t) > 0) {
			continue
		}
		if d == 0 && t.state != stateMempool {
			continue
		}
		safe := w.trusted(t, nil)
		if !safe && !includeUnsafe {
			continue
		}
		for i, o := range t.tx.TxOut {
			op := wire.OutPoint{Hash: t.txid, Index: uint32(i)}
			r, mine := w.isMine(o.PkScript)
			if !mine || w.isSpent(op) || w.locked[op] {
				continue
			}
			u := Unspent{OutPoint: op, Script: o.PkScript, Value: o.Value, Depth: d, Safe: safe,
				Redeem: r.out.RedeemScript, Witness: r.out.WitnessScript, Out: r.out}
			if a, ok := descriptor.ScriptAddress(o.PkScript, w.opts.Params); ok {
				u.Address = a
				if e, ok := w.book[a]; ok {
					u.Label, u.HasLabel = e.label, true
				}
			}
			u.ParentDesc = descriptor.AddChecksum(w.spkms[r.id].rec.Descriptor)
			out = append(out, u)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Depth != out[j].Depth {
			return out[i].Depth > out[j].Depth
		}
		if out[i].OutPoint.Hash != out[j].OutPoint.Hash {
			return out[i].OutPoint.Hash.String() < out[j].OutPoint.Hash.String()
		}
		return out[i].OutPoint.Index < out[j].OutPoint.Index
	})
	return out
}

// Labels returns the address book.
func (w *Wallet) Labels() map[string][2]string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make(map[string][2]string, len(w.book))
	for a, e := range w.book {
		out[a] = [2]string{e.label, e.purpose}
	}
	return out
}

// SetLabel labels an address (durably).
func (w *Wallet) SetLabel(addr, label string) error {
	script, err := descriptor.AddressScript(addr, w.opts.Params)
	if err != nil {
		return err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	purpose := "send"
	if _, mine := w.isMine(script); mine {
		purpose = "receive"
	}
	if e, ok := w.book[addr]; ok && e.purpose != "" {
		purpose = e.purpose
	}
	w.book[addr] = bookEntry{label: label, purpose: purpose}
	return w.update(func(b *store.Batch) error { return w.writeBook(b, addr) })
}

// IsMineScript reports whether the wallet knows script, and its descriptor.
func (w *Wallet) IsMineScript(script []byte) (parent string, out descriptor.Output, ok bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	r, ok := w.isMine(script)
	if !ok {
		return "", descriptor.Output{}, false
	}
	return descriptor.AddChecksum(w.spkms[r.id].rec.Descriptor), r.out, true
}

// LockUnspent locks or unlocks outputs (persistently when persist).
func (w *Wallet) LockUnspent(unlock bool, ops []wire.OutPoint, persist bool) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, op := range ops {
		t, ok := w.txs[op.Hash]
		if !ok {
			return errors.New("Invalid parameter, unknown transaction")
		}
		if int(op.Index) >= len(t.tx.TxOut) {
			return errors.New("Invalid parameter, vout index out of bounds")
		}
		if !unlock && w.isSpent(op) {
			return errors.New("Invalid parameter, expected unspent output")
		}
		if !unlock && w.locked[op] && !persist {
			return errors.New("Invalid parameter, output already locked")
		}
		if unlock && !w.locked[op] {
			return errors.New("Invalid parameter, expected locked output")
		}
	}
	return w.update(func(b *store.Batch) error {
		for _, op := range ops {
			if unlock {
				delete(w.locked, op)
				if err := b.EraseLockedUTXO(op); err != nil {
					return err
				}
			} else {
				w.locked[op] = true
				if persist {
					if err := b.WriteLockedUTXO(op); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
}

// UnlockAll clears every lock.
func (w *Wallet) UnlockAll() error {
	w.mu.Lock()
	var ops []wire.OutPoint
	for op := range w.locked {
		ops = append(ops, op)
	}
	w.mu.Unlock()
	if len(ops) == 0 {
		return nil
	}
	return w.LockUnspent(true, ops, true)
}

// Locked lists the locked outputs.
func (w *Wallet) Locked() []wire.OutPoint {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []wire.OutPoint
	for op := range w.locked {
		out = append(out, op)
	}
	sort.Slice(out, func(i, j int) bool { return fmt.Sprint(out[i]) < fmt.Sprint(out[j]) })
	return out
}

// AddressDetails is what the wallet knows of one of its scripts.
type AddressDetails struct {
	Out       descriptor.Output
	Parent    string
	Internal  bool
	Timestamp int64
}

// AddressInfo describes a script of the wallet (false when not ours).
func (w *Wallet) AddressInfo(script []byte) (AddressDetails, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	r, ok := w.isMine(script)
	if !ok {
		return AddressDetails{}, false
	}
	s := w.spkms[r.id]
	d := AddressDetails{Out: r.out, Parent: descriptor.AddChecksum(s.rec.Descriptor), Timestamp: s.rec.CreationTime}
	for k, id := range w.active {
		if id == r.id && k.internal {
			d.Internal = true
		}
	}
	return d, true
}
