package engine

import (
	"context"
	"testing"

	"github.com/btcsuite/btcd/wire/v2"
)

func TestMempoolEviction(t *testing.T) {
	m, c := newManager(t)
	w := createWallet(t, m, "pool")
	in := payTx(nil, 9, wire.NewTxOut(2_0000_0000, script(t, w, newAddr(t, w, typeBech32m, ""))))
	c.addToMempool(in)
	if b := w.Balances(0); b.UntrustedPending != 2_0000_0000 {
		t.Fatalf("pending %+v", b)
	}
	if v, _ := w.Transaction(in.TxHash()); !v.InMempool || v.FromMe {
		t.Errorf("incoming tx view %+v", v)
	}
	c.evict(in, "expiry")
	if b := w.Balances(0); b != (Balances{}) {
		t.Errorf("after eviction %+v", b)
	}
	if v, ok := w.Transaction(in.TxHash()); !ok || v.InMempool || v.Depth != 0 {
		t.Errorf("evicted tx view %+v, %v", v, ok)
	}
	// Seen again, then mined.
	c.addToMempool(in)
	c.mine(nil, []byte{0x51})
	if b := w.Balances(0); b != (Balances{Trusted: 2_0000_0000}) {
		t.Errorf("mined %+v", b)
	}
}

func TestCommitRejectedBroadcast(t *testing.T) {
	_, c, w := fundedWallet(t, 1)
	ctx := context.Background()
	created, err := w.CreateTransaction(ctx, []Recipient{{Script: external, Amount: 1_0000_0000}}, SendOptions{ChangePos: -1})
	if err != nil {
		t.Fatal(err)
	}
	c.reject = "min relay fee not met"
	if err := w.CommitTransaction(ctx, created.Tx, "", "", true); err == nil || err.Error() != "min relay fee not met" {
		t.Errorf("commit with a refused broadcast: %v", err)
	}
	v, ok := w.Transaction(created.Tx.TxHash())
	if !ok || v.InMempool || !v.FromMe {
		t.Errorf("the refused tx in the wallet: %+v %v", v, ok)
	}
	// Its coin stays spent by it (Core keeps it until abandoned).
	if b := w.Balances(0); b.Trusted != 0 {
		t.Errorf("balances %+v", b)
	}
}
