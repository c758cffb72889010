package sign

import (
	"errors"
	"testing"

	"github.com/btcsuite/btcd/wire/v2"
)

func TestCombine(t *testing.T) {
	k1, k2, k3 := key(t, 1), key(t, 2), key(t, 3)
	ms := multisig(t, 2, k1.PubKey().SerializeCompressed(), k2.PubKey().SerializeCompressed(), k3.PubKey().SerializeCompressed())
	for name, pk := range map[string][]byte{"p2sh": p2sh(t, ms), "p2wsh": p2wsh(t, ms)} {
		t.Run(name, func(t *testing.T) {
			base, prev := spend(pk, pk)
			variants := []*Flat{{}, {}}
			variants[0].AddKey(k1, true)
			variants[1].AddKey(k3, true)
			for _, f := range variants {
				f.AddScript(ms)
			}
			txs := base.Copy()
			a, b := base.Copy(), base.Copy()
			if complete, _, _ := SignTx(a, prev, variants[0], ""); complete {
				t.Fatal("one key completed")
			}
			if complete, _, _ := SignTx(b, prev, variants[1], ""); complete {
				t.Fatal("one key completed")
			}
			merged, err := Combine([]*wire.MsgTx{a, b}, prev)
			if err != nil {
				t.Fatal(err)
			}
			mustVerify(t, merged, prev)
			// Combining with the unsigned transaction keeps everything.
			again, err := Combine([]*wire.MsgTx{txs, merged}, prev)
			if err != nil {
				t.Fatal(err)
			}
			mustVerify(t, again, prev)
			// A single partial variant stays incomplete.
			single, _ := Combine([]*wire.MsgTx{a}, prev)
			if VerifyInput(single, 0, prev) == nil {
				t.Fatal("one signature verified as 2-of-3")
			}
			delete(prev, base.TxIn[1].PreviousOutPoint)
			if _, err := Combine([]*wire.MsgTx{a, b}, prev); !errors.Is(err, ErrCombineInputNotFound) {
				t.Fatalf("missing prevout: %v", err)
			}
		})
	}
}
