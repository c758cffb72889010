package engine

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/chaincfg/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
)

// p2wpkh is the P2WPKH script of a compressed public key.
func p2wpkh(pub []byte) []byte {
	return append([]byte{0x00, 0x14}, address.Hash160(pub)...)
}

func importErrCode(err error) int {
	var ie *ImportError
	if errors.As(err, &ie) {
		return ie.Code
	}
	return 0
}

func TestImportComboRescansFromTimestamp(t *testing.T) {
	m, c := newManager(t)
	ctx := context.Background()
	priv, err := btcec.NewPrivateKey()
	if err != nil {
		t.Fatal(err)
	}
	wif, err := btcutil.NewWIF(priv, &chaincfg.RegressionNetParams, true)
	if err != nil {
		t.Fatal(err)
	}
	pk := p2wpkh(priv.PubKey().SerializeCompressed())
	old := payTx(nil, 3, wire.NewTxOut(1_2345_6789, pk))
	c.mine([]*wire.MsgTx{old}, []byte{0x51}) // height 1
	c.mineN(20, []byte{0x51})
	// The wallet is born long after those blocks, so it does not scan them.
	c.setNow(time.Unix(chainStart+100*24*3600, 0))
	w := createWallet(t, m, "imp")
	desc := descriptor.AddChecksum("combo(" + wif.String() + ")")

	ts, warnings, err := w.ImportDescriptor(ctx, ImportRequest{Descriptor: desc, Timestamp: -1})
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 0 || ts != chainStart+100*24*3600 {
		t.Errorf("timestamp now: %d, warnings %q", ts, warnings)
	}
	if _, _, ok := w.IsMineScript(pk); !ok {
		t.Fatal("combo's P2WPKH script is not ours")
	}
	if h, err := w.RescanFrom(ctx, ts); err != nil || h != -1 {
		t.Errorf("rescan from now: %d, %v", h, err)
	}
	if b := w.Balances(0); b.Trusted != 0 {
		t.Errorf("found coins without scanning: %+v", b)
	}

	// Importing it again with its real birth time rescans far enough.
	birth := int64(chainStart + 600)
	ts, _, err = w.ImportDescriptor(ctx, ImportRequest{Descriptor: desc, Timestamp: birth})
	if err != nil {
		t.Fatal(err)
	}
	h, err := w.RescanFrom(ctx, ts)
	if err != nil {
		t.Fatal(err)
	}
	if h != 0 {
		t.Errorf("rescan started at %d, want 0 (two hours before block 1)", h)
	}
	if b := w.Balances(0); b.Trusted != 1_2345_6789 {
		t.Errorf("after rescan: %+v", b)
	}
	if v, ok := w.Transaction(old.TxHash()); !ok || v.Depth != 21 || v.BlockHeight != 1 {
		t.Errorf("found tx %+v %v", v, ok)
	}
	ds, err := w.Descriptors(false)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, d := range ds {
		if d.HasRange || d.Active {
			continue
		}
		found = true
		if d.Timestamp != birth {
			t.Errorf("imported descriptor timestamp %d, want the earlier %d", d.Timestamp, birth)
		}
	}
	if !found {
		t.Error("the import is not listed")
	}
	// The imported key signs.
	created, err := w.CreateTransaction(ctx, []Recipient{{Script: external, Amount: 1_0000_0000}}, SendOptions{ChangePos: -1})
	if err != nil {
		t.Fatal(err)
	}
	checkSigned(t, c, created.Tx)
}

func TestImportDescriptorErrors(t *testing.T) {
	m, _ := newManager(t)
	ctx := context.Background()
	w := createWallet(t, m, "imp")
	priv, _ := btcec.NewPrivateKey()
	wif, _ := btcutil.NewWIF(priv, &chaincfg.RegressionNetParams, true)
	combo := "combo(" + wif.String() + ")"
	pubOnly := "wpkh(" + hexString(priv.PubKey().SerializeCompressed()) + ")"
	for _, tc := range []struct {
		name string
		r    ImportRequest
		code int
	}{
		{"no checksum", ImportRequest{Descriptor: combo}, -5},
		{"active un-ranged", ImportRequest{Descriptor: descriptor.AddChecksum(combo), Active: true}, -8},
		{"range on un-ranged", ImportRequest{Descriptor: descriptor.AddChecksum(combo), HasRange: true, RangeEnd: 5}, -8},
		{"public key only", ImportRequest{Descriptor: descriptor.AddChecksum(pubOnly)}, -4},
		{"internal with label", ImportRequest{Descriptor: descriptor.AddChecksum(combo), Internal: true, Label: "x"}, -8},
	} {
		if _, _, err := w.ImportDescriptor(ctx, tc.r); importErrCode(err) != tc.code {
			t.Errorf("%s: %v (code %d), want code %d", tc.name, err, importErrCode(err), tc.code)
		}
	}
}

func hexString(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, x := range b {
		out = append(out, digits[x>>4], digits[x&15])
	}
	return string(out)
}
