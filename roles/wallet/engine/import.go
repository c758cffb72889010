package engine

import (
	"context"
	"errors"
	"fmt"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/store"
)

// ImportRequest is one importdescriptors entry.
type ImportRequest struct {
	Descriptor string
	Timestamp  int64 // -1: now
	Active     bool
	RangeStart int32
	RangeEnd   int32 // exclusive; 0: the keypool
	HasRange   bool
	NextIndex  *int32
	Internal   bool
	Label      string
}

// ImportDescriptor adds a descriptor (Core's importdescriptors for one
// request, without the rescan) and returns the birth time to rescan from.
func (w *Wallet) ImportDescriptor(ctx context.Context, r ImportRequest) (int64, []string, error) {
	ctx = ctxOrBackground(ctx)
	d, err := descriptor.Parse(r.Descriptor, w.opts.Params, true)
	if err != nil {
		return 0, nil, &ImportError{Code: -5, Msg: err.Error()}
	}
	var warnings []string
	if !d.IsRange() && r.HasRange {
		return 0, nil, &ImportError{Code: -8, Msg: "Range should not be specified for an un-ranged descriptor"}
	}
	if d.IsRange() && !r.HasRange {
		warnings = append(warnings, "Range not given, using default keypool range")
	}
	if d.IsRange() && r.NextIndex != nil {
		start, end := int32(0), int32(max(w.opts.Keypool, 1))
		if r.HasRange {
			start, end = r.RangeStart, r.RangeEnd
		}
		if *r.NextIndex < start || *r.NextIndex >= end {
			return 0, nil, &ImportError{Code: -8, Msg: "next_index is out of range"}
		}
	}
	if r.Active && !d.IsRange() {
		return 0, nil, &ImportError{Code: -8, Msg: "Active descriptors must be ranged"}
	}
	if d.IsRange() && r.Label != "" {
		return 0, nil, &ImportError{Code: -8, Msg: "Ranged descriptors should not have a label"}
	}
	if r.Internal && r.Label != "" {
		return 0, nil, &ImportError{Code: -8, Msg: "Internal addresses should not have a label"}
	}
	if r.Active && !d.IsSingleType() {
		return 0, nil, &ImportError{Code: -4, Msg: "Combo descriptors cannot be set to active"}
	}
	if w.PrivateKeysDisabled() && d.HasPrivateKeys() {
		return 0, nil, &ImportError{Code: -4, Msg: "Cannot import private keys to a wallet with private keys disabled"}
	}
	if !w.PrivateKeysDisabled() {
		if !d.HasPrivateKeys() {
			return 0, nil, &ImportError{Code: -4, Msg: "Cannot import descriptor without private keys to a wallet with private keys enabled"}
		}
		if !allPrivate(d) {
			warnings = append(warnings, "Not all private keys provided. Some wallet functionality may return unexpected errors")
		}
	}
	ts := r.Timestamp
	if ts < 0 {
		now, err := w.chain.Now(ctx)
		if err != nil {
			return 0, nil, err
		}
		ts = now.Unix()
	}
	start, end := int32(0), int32(0)
	if d.IsRange() {
		end = int32(max(w.opts.Keypool, 1))
		if r.HasRange {
			start, end = r.RangeStart, r.RangeEnd
		}
	}
	text := r.Descriptor
	if d.HasPrivateKeys() {
		if text, err = d.PrivateString(); err != nil {
			return 0, nil, err
		}
	}
	outType, _ := d.OutputType()
	w.mu.Lock()
	defer w.mu.Unlock()
	err = w.update(func(b *store.Batch) error {
		if err := w.addDescriptor(b, text, ts, start, end, outType, r.Internal, r.Active); err != nil {
			return err
		}
		id := store.DescriptorID(publicBody(d.String()))
		s := w.spkms[id]
		if s == nil {
			return errors.New("imported descriptor not found after import")
		}
		if r.NextIndex != nil {
			s.rec.NextIndex = *r.NextIndex
		} else if r.HasRange && s.rec.NextIndex < start {
			s.rec.NextIndex = start
		}
		if err := w.writeDescriptor(b, s); err != nil {
			return err
		}
		if !d.IsRange() && !r.Internal { // Core labels them, "" included
			outs, err := d.Expand(0)
			if err != nil {
				return err
			}
			for _, o := range outs {
				if a, ok := descriptor.ScriptAddress(o.Script, w.opts.Params); ok {
					w.book[a] = bookEntry{label: r.Label, purpose: "receive"}
					if err := w.writeBook(b, a); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return 0, nil, &ImportError{Code: -4, Msg: fmt.Sprintf("%v", err)}
	}
	return ts, warnings, nil
}

// ImportError carries Core's code for a failed import.
type ImportError struct {
	Code int
	Msg  string
}

func (e *ImportError) Error() string { return e.Msg }

// RescanFrom rescans the active chain from the first block whose time is
// within Core's TIMESTAMP_WINDOW of ts; it returns the height it started at
// (-1: nothing to scan).
func (w *Wallet) RescanFrom(ctx context.Context, ts int64) (int32, error) {
	ctx = ctxOrBackground(ctx)
	fb, ok, err := w.chain.FindFirstBlockWithTimeAndHeight(ctx, ts-timestampWindow, 0)
	if err != nil || !ok {
		return -1, err
	}
	if _, err := w.ScanChain(ctx, fb.Height, -1); err != nil {
		return fb.Height, err // ErrRescanning, ErrRescanAborted (abortrescan) or a chain error
	}
	return fb.Height, nil
}

// allPrivate reports whether every key of the descriptor's first position
// comes with its private key.
func allPrivate(d *descriptor.Descriptor) bool {
	outs, err := d.Expand(0)
	if err != nil {
		return false
	}
	for _, o := range outs {
		for _, k := range o.Keys {
			if k.Priv == nil {
				return false
			}
		}
	}
	return true
}
