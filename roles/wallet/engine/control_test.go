package engine

import (
	"context"
	"errors"
	"testing"
)

func TestPayTxFeeOverride(t *testing.T) {
	w := testWallet(t)
	w.opts.PayTxFee = 2000
	if got := w.PayTxFee(); got != 2000 {
		t.Errorf("default = %d, want -paytxfee", got)
	}
	w.SetPayTxFee(5000)
	if got := w.PayTxFee(); got != 5000 {
		t.Errorf("after settxfee = %d", got)
	}
	w.SetPayTxFee(0)
	if got := w.PayTxFee(); got != 0 {
		t.Errorf("settxfee 0 = %d, want automatic (0)", got)
	}
}

func TestRescanReservation(t *testing.T) {
	w := testWallet(t)
	if w.AbortRescan() {
		t.Error("abort without a rescan succeeded")
	}
	ctx, release, err := w.reserveScan(context.Background(), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.reserveScan(context.Background(), 0, 1); !errors.Is(err, ErrRescanning) {
		t.Errorf("second reservation: %v", err)
	}
	w.noteScanned(50)
	if st, ok := w.Scanning(); !ok || st.Progress != 0.5 {
		t.Errorf("Scanning = %+v, %v", st, ok)
	}
	if !w.AbortRescan() {
		t.Error("abort failed")
	}
	if w.AbortRescan() {
		t.Error("second abort succeeded")
	}
	if ctx.Err() == nil {
		t.Error("the scan's context is not cancelled")
	}
	if !release() {
		t.Error("release does not report the abort")
	}
	if _, ok := w.Scanning(); ok {
		t.Error("still scanning after release")
	}
	if _, release, err := w.reserveScan(context.Background(), 0, 1); err != nil {
		t.Errorf("reserve after release: %v", err)
	} else if release() {
		t.Error("an unaborted scan reports an abort")
	}
}

func TestRefillKeypool(t *testing.T) {
	w := testWallet(t)
	if in := w.Info(); in.KeypoolSize != 4*5 {
		t.Fatalf("keypool = %d", in.KeypoolSize)
	}
	if err := w.RefillKeypool(12); err != nil {
		t.Fatal(err)
	}
	in := w.Info()
	if in.KeypoolSize != 4*12 || in.KeypoolSizeInt != 4*12 {
		t.Errorf("after refill 12: %d/%d", in.KeypoolSize, in.KeypoolSizeInt)
	}
	// A smaller size never shrinks the pool.
	if err := w.RefillKeypool(3); err != nil {
		t.Fatal(err)
	}
	if got := w.Info().KeypoolSize; got != 4*12 {
		t.Errorf("after refill 3: %d", got)
	}
	c, err := w.db.Load()
	if err != nil {
		t.Fatal(err)
	}
	for id, d := range c.Descriptors {
		if d.RangeEnd != 12 {
			t.Errorf("stored range end of %x = %d", id[:4], d.RangeEnd)
		}
	}
}
