package engine

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mpbitcoin/mpbitcoin/roles/interfaces"
)

// walletCtl is a wallet's runtime state that Core keeps on CWallet but
// never writes to the database: the settxfee override of -paytxfee and
// the rescan reservation with its abort switch (Core's
// WalletRescanReserver, fAbortRescan, m_scanning_*).
type walletCtl struct {
	payTxFee    atomic.Int64 // sat/kvB, valid when payTxFeeSet
	payTxFeeSet atomic.Bool

	scanMu    sync.Mutex
	scanning  bool
	aborting  bool
	abort     context.CancelFunc
	scanStart time.Time
	scanFrom  int32
	scanTo    int32
	scanAt    atomic.Int32 // the last height scanned, for progress
}

// Rescan errors with Core's texts.
var (
	ErrRescanning     = errors.New("Wallet is currently rescanning. Abort existing rescan or wait.")
	ErrRescanAborted  = errors.New("Rescan aborted.")
	ErrRescanNotFound = errors.New("no rescan is running")
)

// PayTxFee is the wallet's fixed fee rate in sat/kvB (Core's
// m_pay_tx_fee): settxfee's value, else -paytxfee; 0 selects the fee
// automatically. It is safe without w.mu.
func (w *Wallet) PayTxFee() int64 {
	if w.ctl.payTxFeeSet.Load() {
		return w.ctl.payTxFee.Load()
	}
	return w.opts.PayTxFee
}

// SetPayTxFee overrides -paytxfee for this wallet until it is unloaded
// (Core's settxfee; 0 restores automatic selection).
func (w *Wallet) SetPayTxFee(satPerKvB int64) {
	w.ctl.payTxFee.Store(satPerKvB)
	w.ctl.payTxFeeSet.Store(true)
}

// ScanChain is Rescan under the wallet's rescan reservation: one scan at
// a time (ErrRescanning otherwise), abortable by AbortRescan, which makes
// it return ErrRescanAborted with the last block scanned.
func (w *Wallet) ScanChain(ctx context.Context, start, stop int32) (interfaces.Tip, error) {
	ctx, release, err := w.reserveScan(ctxOrBackground(ctx), start, stop)
	if err != nil {
		return interfaces.Tip{Height: -1}, err
	}
	last, err := w.Rescan(ctx, start, stop)
	if aborted := release(); aborted && err != nil {
		return last, ErrRescanAborted
	}
	return last, err
}

// reserveScan takes the rescan reservation; release gives it back and
// reports whether the scan was aborted.
func (w *Wallet) reserveScan(ctx context.Context, start, stop int32) (context.Context, func() bool, error) {
	c := &w.ctl
	c.scanMu.Lock()
	defer c.scanMu.Unlock()
	if c.scanning {
		return nil, nil, ErrRescanning
	}
	ctx, cancel := context.WithCancel(ctx)
	c.scanning, c.aborting, c.abort = true, false, cancel
	c.scanStart, c.scanFrom, c.scanTo = time.Now(), start, stop
	c.scanAt.Store(start)
	release := func() bool {
		c.scanMu.Lock()
		defer c.scanMu.Unlock()
		cancel()
		aborted := c.aborting
		c.scanning, c.aborting, c.abort = false, false, nil
		return aborted
	}
	return ctx, release, nil
}

// AbortRescan asks the running rescan to stop (Core's abortrescan): false
// when none runs or one is being aborted already.
func (w *Wallet) AbortRescan() bool {
	c := &w.ctl
	c.scanMu.Lock()
	defer c.scanMu.Unlock()
	if !c.scanning || c.aborting {
		return false
	}
	c.aborting = true
	c.abort()
	return true
}

// noteScanned records scan progress (Rescan calls it per block).
func (w *Wallet) noteScanned(height int32) { w.ctl.scanAt.Store(height) }

// ScanState is getwalletinfo's "scanning" object.
type ScanState struct {
	Duration time.Duration
	Progress float64 // 0..1
}

// Scanning reports the running rescan, if any.
func (w *Wallet) Scanning() (ScanState, bool) {
	c := &w.ctl
	c.scanMu.Lock()
	defer c.scanMu.Unlock()
	if !c.scanning {
		return ScanState{}, false
	}
	st := ScanState{Duration: time.Since(c.scanStart)}
	if span := c.scanTo - c.scanFrom; span > 0 {
		st.Progress = min(max(float64(c.scanAt.Load()-c.scanFrom)/float64(span), 0), 1)
	}
	return st, true
}
