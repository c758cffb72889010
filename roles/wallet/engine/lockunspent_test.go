package engine

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

func TestLockUnspentRules(t *testing.T) {
	m, c, w := fundedWallet(t, 2)
	ctx := context.Background()
	us := w.ListUnspent(1, 9999999, true)
	if len(us) != 2 {
		t.Fatalf("%d unspent", len(us))
	}
	a, b := us[0].OutPoint, us[1].OutPoint
	wantErr := func(what string, err error, msg string) {
		t.Helper()
		if err == nil || err.Error() != msg {
			t.Errorf("%s: %v, want %q", what, err, msg)
		}
	}
	wantErr("unknown tx", w.LockUnspent(false, []wire.OutPoint{{Hash: chainhash.Hash{1}}}, false), "Invalid parameter, unknown transaction")
	wantErr("vout out of range", w.LockUnspent(false, []wire.OutPoint{{Hash: a.Hash, Index: 5}}, false), "Invalid parameter, vout index out of bounds")
	wantErr("unlock unlocked", w.LockUnspent(true, []wire.OutPoint{a}, false), "Invalid parameter, expected locked output")

	if err := w.LockUnspent(false, []wire.OutPoint{a}, false); err != nil {
		t.Fatal(err)
	}
	wantErr("lock twice", w.LockUnspent(false, []wire.OutPoint{a}, false), "Invalid parameter, output already locked")
	// Locking an already locked output persistently is allowed (Core).
	if err := w.LockUnspent(false, []wire.OutPoint{a}, true); err != nil {
		t.Errorf("persist an existing lock: %v", err)
	}
	if err := w.LockUnspent(false, []wire.OutPoint{b}, false); err != nil {
		t.Fatal(err)
	}
	want := []wire.OutPoint{a, b}
	if got := w.Locked(); len(got) != 2 || !(reflect.DeepEqual(got, want) || reflect.DeepEqual(got, []wire.OutPoint{b, a})) {
		t.Errorf("locked %v", got)
	}
	if n := len(w.ListUnspent(1, 9999999, true)); n != 0 {
		t.Errorf("%d locked outputs listed", n)
	}
	if _, err := w.CreateTransaction(ctx, []Recipient{{Script: external, Amount: 1000}}, SendOptions{ChangePos: -1}); !errors.Is(err, ErrInsufficientFunds) {
		t.Errorf("send with every coin locked: %v", err)
	}
	// Coin control may still pick a locked coin.
	created, err := w.CreateTransaction(ctx, []Recipient{{Script: external, Amount: 1000_0000}}, SendOptions{ChangePos: -1, Inputs: []wire.OutPoint{b}})
	if err != nil {
		t.Fatalf("preselected locked coin: %v", err)
	}
	if len(created.Tx.TxIn) != 1 || created.Tx.TxIn[0].PreviousOutPoint != b {
		t.Errorf("inputs %v", created.Tx.TxIn)
	}

	// Only the persistent lock survives a reload.
	if err := m.Unload(ctx, "funded", nil); err != nil {
		t.Fatal(err)
	}
	w, err = m.Load(ctx, "funded", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := w.Locked(); !reflect.DeepEqual(got, []wire.OutPoint{a}) {
		t.Errorf("locked after reload %v, want only the persistent %v", got, a)
	}
	// A wallet transaction spending a locked coin unlocks it.
	created, err = w.CreateTransaction(ctx, []Recipient{{Script: external, Amount: 1000_0000}}, SendOptions{ChangePos: -1, Inputs: []wire.OutPoint{a}})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.CommitTransaction(ctx, created.Tx, "", "", true); err != nil {
		t.Fatal(err)
	}
	if got := w.Locked(); len(got) != 0 {
		t.Errorf("still locked after being spent: %v", got)
	}
	wantErr("lock spent", w.LockUnspent(false, []wire.OutPoint{a}, false), "Invalid parameter, expected unspent output")
	c.mine(nil, []byte{0x51})
	if err := m.Unload(ctx, "funded", nil); err != nil {
		t.Fatal(err)
	}
	if w, err = m.Load(ctx, "funded", nil); err != nil {
		t.Fatal(err)
	}
	if got := w.Locked(); len(got) != 0 {
		t.Errorf("the erased lock came back: %v", got)
	}
	if err := w.LockUnspent(false, []wire.OutPoint{b}, true); err != nil {
		t.Fatal(err)
	}
	if err := w.UnlockAll(); err != nil {
		t.Fatal(err)
	}
	if got := w.Locked(); len(got) != 0 {
		t.Errorf("after UnlockAll: %v", got)
	}
}
