package engine

import (
	"context"
	"testing"
)

// heldPrivateKeys counts the private keys w keeps in memory: descriptor
// keys and those of the cached script expansions.
func heldPrivateKeys(w *Wallet) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for _, r := range w.scripts {
		for _, k := range r.out.Keys {
			if k.Priv != nil {
				n++
			}
		}
	}
	for _, s := range w.spkms {
		n += len(s.keys)
		if s.desc.HasPrivateKeys() {
			n++
		}
		for _, outs := range s.outs {
			for _, o := range outs {
				for _, k := range o.Keys {
					if k.Priv != nil {
						n++
					}
				}
			}
		}
	}
	return n
}

// Core's Lock wipes every decrypted key; a locked wallet holds none.
func TestLockDropsPrivateKeys(t *testing.T) {
	_, c, w := fundedWallet(t, 1)
	if heldPrivateKeys(w) == 0 {
		t.Fatal("an unencrypted wallet holds no private keys")
	}
	if err := w.Encrypt("pw"); err != nil {
		t.Fatal(err)
	}
	if n := heldPrivateKeys(w); n != 0 {
		t.Errorf("%d private keys in memory after encryption", n)
	}
	if err := w.Unlock("pw", 1000); err != nil {
		t.Fatal(err)
	}
	created, err := w.CreateTransaction(context.Background(), []Recipient{{Script: external, Amount: 1_0000_0000}}, SendOptions{ChangePos: -1})
	if err != nil {
		t.Fatal(err)
	}
	checkSigned(t, c, created.Tx)
	if err := w.Lock(); err != nil {
		t.Fatal(err)
	}
	if n := heldPrivateKeys(w); n != 0 {
		t.Errorf("%d private keys in memory after walletlock", n)
	}
}
