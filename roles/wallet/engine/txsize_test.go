package engine

import (
	"bytes"
	"testing"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/sign"
)

func TestFormatMoney(t *testing.T) {
	for sat, want := range map[int64]string{
		0: "0.00", 1: "0.00000001", 141: "0.00000141", 100_000: "0.001", 100_000_000: "1.00",
		10_000_000: "0.10", 2_100_000_000_000_000: "21000000.00", -150: "-0.0000015",
	} {
		if got := formatMoney(sat); got != want {
			t.Errorf("formatMoney(%d) = %q, want %q", sat, got, want)
		}
	}
}

func TestFeeForRoundsUp(t *testing.T) {
	for _, c := range []struct{ rate, vsize, want int64 }{
		{1000, 141, 141}, {999, 141, 141}, {100, 141, 15}, {1, 1, 1}, {0, 100, 0}, {5000, 0, 0},
	} {
		if got := feeFor(c.rate, c.vsize); got != c.want {
			t.Errorf("feeFor(%d, %d) = %d, want %d", c.rate, c.vsize, got, c.want)
		}
	}
}

// signedSize of a transaction spending P2WPKH and P2PKH outputs is within
// a vbyte of the size the signed transaction has (low-R signatures may be
// one byte shorter than the estimate).
func TestSignedSizeMatchesSignature(t *testing.T) {
	for _, kind := range []string{"p2wpkh", "p2pkh", "mixed"} {
		t.Run(kind, func(t *testing.T) {
			prov := &sign.Flat{}
			prevouts := map[wire.OutPoint]sign.Prevout{}
			tx := wire.NewMsgTx(2)
			var scripts [][]byte
			for i := 0; i < 2; i++ {
				priv, _ := btcec.PrivKeyFromBytes(bytes.Repeat([]byte{byte(i + 1)}, 32))
				prov.AddKey(priv, true)
				hash := address.Hash160(priv.PubKey().SerializeCompressed())
				var script []byte
				var err error
				if kind == "p2wpkh" || (kind == "mixed" && i == 0) {
					script, err = txscript.NewScriptBuilder().AddOp(txscript.OP_0).AddData(hash).Script()
				} else {
					script, err = txscript.NewScriptBuilder().AddOp(txscript.OP_DUP).AddOp(txscript.OP_HASH160).AddData(hash).AddOp(txscript.OP_EQUALVERIFY).AddOp(txscript.OP_CHECKSIG).Script()
				}
				if err != nil {
					t.Fatal(err)
				}
				op := wire.OutPoint{Index: uint32(i)}
				op.Hash[0] = byte(i + 1)
				tx.AddTxIn(&wire.TxIn{PreviousOutPoint: op, Sequence: wire.MaxTxInSequenceNum - 2})
				prevouts[op] = sign.Prevout{Script: script, Value: 50_000}
				scripts = append(scripts, script)
			}
			tx.AddTxOut(wire.NewTxOut(30_000, scripts[0]))
			tx.AddTxOut(wire.NewTxOut(60_000, scripts[1]))
			estimate, weight, ok := signedSize(tx, scripts, prov)
			if !ok {
				t.Fatal("unsolvable")
			}
			complete, errs, err := sign.SignTx(tx, prevouts, prov, "ALL")
			if err != nil || !complete {
				t.Fatalf("sign: %v %v", err, errs)
			}
			actual := txVSize(tx)
			if estimate < actual || estimate > actual+1 {
				t.Fatalf("estimate %d vB (weight %d), signed %d vB", estimate, weight, actual)
			}
		})
	}
}
