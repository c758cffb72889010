package engine

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/interfaces"
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

// slowChain serves empty blocks and stalls on height stallAt until the
// caller's context ends; only what Rescan uses is implemented.
type slowChain struct {
	interfaces.Chain
	tip     int32
	stallAt int32
	reached chan struct{}
}

func (c *slowChain) Tip(context.Context) (interfaces.Tip, error) {
	return interfaces.Tip{Height: c.tip, Hash: chainhash.Hash{byte(c.tip)}}, nil
}

func (c *slowChain) Now(context.Context) (time.Time, error) { return time.Unix(1_600_000_000, 0), nil }

func (c *slowChain) BlockHash(_ context.Context, h int32) (chainhash.Hash, bool, error) {
	return chainhash.Hash{byte(h)}, h <= c.tip, nil
}

func (c *slowChain) FindBlock(ctx context.Context, hash chainhash.Hash, _ bool) (interfaces.FoundBlock, bool, error) {
	h := int32(hash[0])
	if h == c.stallAt {
		close(c.reached)
		<-ctx.Done()
		return interfaces.FoundBlock{}, false, ctx.Err()
	}
	blk := wire.NewMsgBlock(wire.NewBlockHeader(1, &chainhash.Hash{}, &chainhash.Hash{}, 0, 0))
	return interfaces.FoundBlock{Hash: hash, Height: h, InActiveChain: true, Block: blk}, true, nil
}

func TestAbortRescan(t *testing.T) {
	w := testWallet(t)
	c := &slowChain{tip: 50, stallAt: 20, reached: make(chan struct{})}
	w.chain = c
	done := make(chan error, 1)
	var last interfaces.Tip
	go func() {
		var err error
		last, err = w.ScanChain(context.Background(), 0, -1)
		done <- err
	}()
	<-c.reached
	if _, err := w.ScanChain(context.Background(), 0, -1); !errors.Is(err, ErrRescanning) {
		t.Errorf("concurrent rescan: %v", err)
	}
	if !w.AbortRescan() {
		t.Fatal("AbortRescan found no rescan")
	}
	select {
	case err := <-done:
		if !errors.Is(err, ErrRescanAborted) {
			t.Errorf("ScanChain after abort: %v", err)
		}
		if last.Height != 19 {
			t.Errorf("last scanned %d, want 19", last.Height)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the rescan did not stop")
	}
	// A scan that is not aborted runs to the end.
	c.stallAt = -1
	if last, err := w.ScanChain(context.Background(), 0, -1); err != nil || last.Height != 50 {
		t.Errorf("full rescan: %v at %d", err, last.Height)
	}
}
