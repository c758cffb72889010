package engine

import (
	"errors"
	"testing"

	"github.com/btcsuite/btcd/wire/v2"
)

func TestReceivedByAddressAndLabel(t *testing.T) {
	w := testWallet(t)
	a := newAddr(t, w, "bech32", "lbl")
	b := newAddr(t, w, "legacy", "lbl")
	c := newAddr(t, w, "bech32", "mined")
	foreign := "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080"
	if err := w.SetLabel(foreign, "theirs"); err != nil {
		t.Fatal(err)
	}
	// Tip 110: tx1 11 deep, tx2 in the mempool, tx3 1 deep, a coinbase 1 deep.
	tx1 := payTx(nil, 1, wire.NewTxOut(100_000_000, script(t, w, a)), wire.NewTxOut(7, script(t, w, foreign)))
	tx2 := payTx(nil, 2, wire.NewTxOut(50_000_000, script(t, w, a)))
	tx3 := payTx(nil, 3, wire.NewTxOut(200_000_000, script(t, w, b)))
	cb := coinbaseTx(4, script(t, w, c), 5_000_000_000)
	record(t, w, tx1, stateConfirmed, 100)
	record(t, w, tx2, stateMempool, -1)
	record(t, w, tx3, stateConfirmed, 110)
	record(t, w, cb, stateConfirmed, 110)

	for _, c := range []struct {
		minconf int32
		want    int64
	}{{0, 150_000_000}, {1, 100_000_000}, {11, 100_000_000}, {12, 0}} {
		got, err := w.ReceivedByAddress(a, c.minconf, false)
		if err != nil || got != c.want {
			t.Errorf("ReceivedByAddress(minconf=%d) = %d, %v; want %d", c.minconf, got, err, c.want)
		}
	}
	if got, err := w.ReceivedByLabel("lbl", 0, false); err != nil || got != 350_000_000 {
		t.Errorf("ReceivedByLabel(lbl, 0) = %d, %v", got, err)
	}
	if got, err := w.ReceivedByLabel("lbl", 2, false); err != nil || got != 100_000_000 {
		t.Errorf("ReceivedByLabel(lbl, 2) = %d, %v", got, err)
	}
	if got, _ := w.ReceivedByAddress(c, 1, false); got != 0 {
		t.Errorf("immature coinbase counted: %d", got)
	}
	if got, _ := w.ReceivedByAddress(c, 1, true); got != 5_000_000_000 {
		t.Errorf("include_immature_coinbase: %d", got)
	}
	if _, err := w.ReceivedByLabel("nobody", 0, false); !errors.Is(err, ErrLabelNotFound) {
		t.Errorf("unknown label: %v", err)
	}
	if _, err := w.ReceivedByLabel("theirs", 0, false); !errors.Is(err, ErrAddressNotFound) {
		t.Errorf("label of a foreign address: %v", err)
	}
	if _, err := w.ReceivedByAddress(foreign, 0, false); !errors.Is(err, ErrAddressNotFound) {
		t.Errorf("foreign address: %v", err)
	}
	if _, err := w.ReceivedByAddress("nonsense", 0, false); !errors.Is(err, ErrInvalidAddress) {
		t.Errorf("bad address: %v", err)
	}

	rows, err := w.ListReceived(1, false, false, false, "")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Received{}
	for _, r := range rows {
		got[r.Address] = r
	}
	if len(rows) != 2 || got[a].Amount != 100_000_000 || got[a].Confirmations != 11 || len(got[a].TxIDs) != 1 || got[a].TxIDs[0] != tx1.TxHash() ||
		got[b].Amount != 200_000_000 || got[b].Confirmations != 1 || got[b].Label != "lbl" {
		t.Errorf("ListReceived(1) = %+v", rows)
	}
	rows, _ = w.ListReceived(0, false, false, false, "")
	for _, r := range rows {
		if r.Address == a && (r.Amount != 150_000_000 || r.Confirmations != 0 || len(r.TxIDs) != 2) {
			t.Errorf("ListReceived(0) row of a = %+v", r)
		}
	}
	// include_empty lists the whole address book, the foreign one too (as Core).
	rows, _ = w.ListReceived(1, true, false, false, "")
	if len(rows) != 4 {
		t.Errorf("include_empty rows = %+v", rows)
	}
	rows, _ = w.ListReceived(1, true, false, false, c)
	if len(rows) != 1 || rows[0].Address != c || rows[0].Amount != 0 || rows[0].Confirmations != 0 {
		t.Errorf("filtered row = %+v", rows)
	}
	if _, err := w.ListReceived(1, false, false, false, "bad"); err == nil {
		t.Error("bad filter accepted")
	}
	labels, _ := w.ListReceived(0, true, false, true, "")
	want := map[string]int64{"lbl": 350_000_000, "mined": 0, "theirs": 0}
	if len(labels) != len(want) {
		t.Fatalf("by label = %+v", labels)
	}
	for i, r := range labels {
		if r.Address != "" || want[r.Label] != r.Amount || i > 0 && labels[i-1].Label >= r.Label {
			t.Errorf("by label row %d = %+v", i, r)
		}
	}
	if by := w.AddressesByLabel("lbl"); len(by) != 2 || by[a] != "receive" || by[b] != "receive" {
		t.Errorf("AddressesByLabel(lbl) = %v", by)
	}
	if by := w.AddressesByLabel("theirs"); by[foreign] != "send" {
		t.Errorf("AddressesByLabel(theirs) = %v", by)
	}
}
