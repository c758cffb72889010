package engine

import (
	"errors"

	"github.com/mpbitcoin/mpbitcoin/roles/wallet/store"
)

// ErrKeypoolRefill is Core's keypoolrefill failure text.
var ErrKeypoolRefill = errors.New("Error refreshing keypool.")

// RefillKeypool derives every active ranged descriptor up to size unused
// positions past its next index (0: -keypool), persisting the new ranges
// (Core's TopUpKeyPool). A locked encrypted wallet fails with
// ErrUnlockNeeded.
func (w *Wallet) RefillKeypool(size int) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.keysLocked() {
		return ErrUnlockNeeded
	}
	if size <= 0 {
		size = max(w.opts.Keypool, 1)
	}
	var grown []*spkm
	seen := map[[32]byte]bool{}
	for _, id := range w.active {
		s := w.spkms[id]
		if seen[id] || !s.desc.IsRange() {
			continue
		}
		seen[id] = true
		if end := s.rec.NextIndex + int32(size); end > s.rec.RangeEnd {
			if err := w.expand(s, end); err != nil {
				return ErrKeypoolRefill
			}
			grown = append(grown, s)
		}
	}
	if len(grown) == 0 {
		return nil
	}
	return w.update(func(b *store.Batch) error {
		for _, s := range grown {
			if err := w.writeDescriptor(b, s); err != nil {
				return err
			}
		}
		return nil
	})
}
