package engine

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/wire/v2"
)

func TestBumpFeeReplacesAndMarks(t *testing.T) {
	_, c, w := fundedWallet(t, 2)
	ctx := context.Background()
	created, err := w.CreateTransaction(ctx, []Recipient{{Script: external, Amount: 10_0000_0000}}, SendOptions{ChangePos: -1})
	if err != nil {
		t.Fatal(err)
	}
	// The test chain's FindCoins hides coins its mempool spends (Core's
	// findCoins does not), so the transactions stay out of the mempool:
	// the wallet keeps them, as Core's CommitTransaction does refused ones.
	c.mu.Lock()
	c.reject = "held back by the test"
	c.mu.Unlock()
	if reject, err := w.CommitFinished(ctx, created.Tx); err != nil || reject == "" {
		t.Fatalf("commit: %q %v", reject, err)
	}
	old := created.Tx.TxHash()
	bumped, err := w.CreateBumpTransaction(ctx, old, BumpOptions{Replaceable: true, RequireMine: true})
	if err != nil {
		t.Fatal(err)
	}
	if bumped.OldFee != created.Fee {
		t.Errorf("old fee %d, created with %d", bumped.OldFee, created.Fee)
	}
	// Core's default: the old rate plus 1 sat/kvB plus the wallet's 5 sat/vB
	// incremental fee.
	oldRate := created.Fee * 1000 / vsize(created.Tx)
	if min := feeFor(oldRate+1+walletIncrementalRelayFee, vsize(created.Tx)); bumped.NewFee < min {
		t.Errorf("new fee %d, want at least %d", bumped.NewFee, min)
	}
	spent := map[wire.OutPoint]bool{}
	for _, in := range bumped.Tx.TxIn {
		spent[in.PreviousOutPoint] = true
		if in.Sequence != wire.MaxTxInSequenceNum-2 {
			t.Errorf("sequence %x", in.Sequence)
		}
	}
	for _, in := range created.Tx.TxIn {
		if !spent[in.PreviousOutPoint] {
			t.Errorf("replacement drops input %v", in.PreviousOutPoint)
		}
	}
	paid := false
	for _, o := range bumped.Tx.TxOut {
		paid = paid || (string(o.PkScript) == string(external) && o.Value == 10_0000_0000)
	}
	if !paid {
		t.Fatal("the payment is not in the replacement")
	}
	complete, _, err := w.SignTransaction(ctx, bumped.Tx, nil, "DEFAULT")
	if err != nil || !complete {
		t.Fatalf("sign: %v %v", complete, err)
	}
	in := checkSigned(t, c, bumped.Tx)
	var out int64
	for _, o := range bumped.Tx.TxOut {
		out += o.Value
	}
	if in-out != bumped.NewFee {
		t.Errorf("reported fee %d, paid %d", bumped.NewFee, in-out)
	}
	newID, err := w.CommitBumpTransaction(ctx, old, bumped.Tx)
	if err != nil {
		t.Fatal(err)
	}
	// (The replacement is held out of the test mempool too.)
	if last := c.broadcast[len(c.broadcast)-1]; last.TxHash() != newID {
		t.Errorf("broadcast %v, want the replacement %v", last.TxHash(), newID)
	}
	ov, _ := w.Transaction(old)
	nv, _ := w.Transaction(newID)
	if ov.ReplacedBy == nil || *ov.ReplacedBy != newID || nv.Replaces == nil || *nv.Replaces != old {
		t.Errorf("replaced_by %v, replaces %v", ov.ReplacedBy, nv.Replaces)
	}
	_, err = w.CreateBumpTransaction(ctx, old, BumpOptions{Replaceable: true, RequireMine: true})
	var se *SpendError
	if !errors.As(err, &se) || se.Kind != SpendWalletError || !strings.Contains(se.Msg, "which was already bumped by transaction "+newID.String()) {
		t.Errorf("second bump of the original: %v", err)
	}
	// An explicit rate must beat the old fee by the incremental relay fee.
	_, err = w.CreateBumpTransaction(ctx, newID, BumpOptions{FeeRate: 1000, Replaceable: true, RequireMine: true})
	if !errors.As(err, &se) || se.Kind != SpendInvalidParameter || !strings.HasPrefix(se.Msg, "Insufficient total fee ") {
		t.Errorf("bump below the old fee: %v", err)
	}
}

func TestSendAllSpendsEverything(t *testing.T) {
	_, c, w := fundedWallet(t, 3)
	ctx := context.Background()
	_, err := w.SendAll(ctx, SendAllRequest{Outputs: []*wire.TxOut{wire.NewTxOut(200_0000_0000, external), wire.NewTxOut(0, external)}, Share: []bool{false, true}, Version: 2})
	var se *SpendError
	if !errors.As(err, &se) || se.Kind != SpendInsufficientFunds || se.Msg != "Assigned more value to outputs than available funds." {
		t.Fatalf("overspending sendall: %v", err)
	}
	tx, err := w.SendAll(ctx, SendAllRequest{Outputs: []*wire.TxOut{wire.NewTxOut(0, external)}, Share: []bool{true}, Replaceable: true, Version: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(tx.TxIn) != 3 || len(tx.TxOut) != 1 {
		t.Fatalf("%d inputs, %d outputs", len(tx.TxIn), len(tx.TxOut))
	}
	f, err := w.FinishTransaction(ctx, tx, true)
	if err != nil || !f.Complete {
		t.Fatalf("finish: %v %v", f, err)
	}
	if f.Tx.LockTime != uint32(c.tipHeight()) {
		t.Errorf("locktime %d, tip %d (anti fee sniping)", f.Tx.LockTime, c.tipHeight())
	}
	in := checkSigned(t, c, f.Tx)
	fee := in - f.Tx.TxOut[0].Value
	v := vsize(f.Tx)
	if lo, hi := feeFor(20_000, v), feeFor(20_000, v+3); fee < lo || fee > hi {
		t.Errorf("fee %d for %d vbytes, want %d..%d", fee, v, lo, hi)
	}
	if _, err := w.CommitFinished(ctx, f.Tx); err != nil {
		t.Fatal(err)
	}
	if b := w.Balances(0); b.Trusted != 0 || b.UntrustedPending != 0 {
		t.Errorf("balances after sendall: %+v", b)
	}
}
