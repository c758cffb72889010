package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/chaincfg/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
)

// activeDesc is the active descriptor of (type, internal) as listed.
func activeDesc(t *testing.T, w *Wallet, typ string, internal bool) DescView {
	t.Helper()
	ds, err := w.Descriptors(false)
	if err != nil {
		t.Fatal(err)
	}
	prefix := map[string]string{typeLegacy: "pkh(", typeP2SHSegwit: "sh(wpkh(", typeBech32: "wpkh(", typeBech32m: "tr("}[typ]
	for _, d := range ds {
		if d.Active && d.Internal == internal && strings.HasPrefix(d.Descriptor, prefix) {
			return d
		}
	}
	t.Fatalf("no active %s descriptor (internal %v)", typ, internal)
	return DescView{}
}

// addressAt derives position i of a listed descriptor independently of
// the wallet.
func addressAt(t *testing.T, desc string, i uint32) string {
	t.Helper()
	d, err := descriptor.Parse(desc, &chaincfg.RegressionNetParams, true)
	if err != nil {
		t.Fatal(err)
	}
	outs, err := d.Expand(i)
	if err != nil || len(outs) != 1 {
		t.Fatalf("expand %s at %d: %v", desc, i, err)
	}
	a, ok := descriptor.ScriptAddress(outs[0].Script, &chaincfg.RegressionNetParams)
	if !ok {
		t.Fatalf("no address for position %d of %s", i, desc)
	}
	return a
}

func TestAddressesDeterministicAcrossReload(t *testing.T) {
	m, _ := newManager(t)
	ctx := context.Background()
	w := createWallet(t, m, "addr")
	prefixes := map[string]string{typeLegacy: "m", typeP2SHSegwit: "2", typeBech32: "bcrt1q", typeBech32m: "bcrt1p"}
	first := map[string]string{}
	for _, typ := range outputTypes {
		a := newAddr(t, w, typ, "lbl-"+typ)
		if !strings.HasPrefix(a, prefixes[typ]) && !(typ == typeLegacy && strings.HasPrefix(a, "n")) {
			t.Errorf("%s address %s", typ, a)
		}
		if _, _, ok := w.IsMineScript(script(t, w, a)); !ok {
			t.Errorf("%s address %s is not ours", typ, a)
		}
		if info, ok := w.AddressInfo(script(t, w, a)); !ok || info.Internal {
			t.Errorf("%s address info %+v %v", typ, info, ok)
		}
		d := activeDesc(t, w, typ, false)
		if want := addressAt(t, d.Descriptor, 0); a != want {
			t.Errorf("first %s address %s, descriptor position 0 is %s", typ, a, want)
		}
		if d.Next != 1 {
			t.Errorf("%s next index %d after one address", typ, d.Next)
		}
		first[typ] = a
		if got := w.Labels()[a]; got != [2]string{"lbl-" + typ, "receive"} {
			t.Errorf("label of %s = %q", a, got)
		}
	}
	change, err := w.NewChangeAddress(typeBech32)
	if err != nil {
		t.Fatal(err)
	}
	if info, ok := w.AddressInfo(script(t, w, change)); !ok || !info.Internal {
		t.Errorf("change address info %+v %v", info, ok)
	}
	if _, labelled := w.Labels()[change]; labelled {
		t.Error("a change address is in the address book")
	}

	if err := m.Unload(ctx, "addr", nil); err != nil {
		t.Fatal(err)
	}
	w, err = m.Load(ctx, "addr", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range outputTypes {
		d := activeDesc(t, w, typ, false)
		a := newAddr(t, w, typ, "")
		if a == first[typ] {
			t.Errorf("%s: the reloaded wallet handed out %s again", typ, a)
		}
		if want := addressAt(t, d.Descriptor, 1); a != want {
			t.Errorf("second %s address %s, descriptor position 1 is %s", typ, a, want)
		}
		if got := w.Labels()[first[typ]]; got[0] != "lbl-"+typ {
			t.Errorf("label of %s lost on reload: %q", first[typ], got)
		}
	}
	c2, err := w.NewChangeAddress(typeBech32)
	if err != nil {
		t.Fatal(err)
	}
	if c2 == change {
		t.Error("the reloaded wallet handed out the same change address")
	}
}

func TestAddressUnknownType(t *testing.T) {
	m, _ := newManager(t)
	w := createWallet(t, m, "x")
	if _, err := w.NewAddress("bech33", ""); err == nil || err.Error() != "Error: No bech33 addresses available." {
		t.Errorf("unknown type: %v", err)
	}
}

func TestKeypoolTopUpOnUse(t *testing.T) {
	m, c := newManager(t)
	w := createWallet(t, m, "pool")
	if in := w.Info(); in.KeypoolSize != 4*5 || in.KeypoolSizeInt != 4*5 {
		t.Fatalf("initial keypool %d/%d", in.KeypoolSize, in.KeypoolSizeInt)
	}
	for range 7 {
		newAddr(t, w, typeBech32, "")
	}
	if in := w.Info(); in.KeypoolSize != 4*5 {
		t.Errorf("keypool after handing out addresses = %d, want it topped up to %d", in.KeypoolSize, 4*5)
	}
	d := activeDesc(t, w, typeBech32, false)
	if d.Next != 7 || d.RangeEnd != 7+5-1 {
		t.Errorf("next %d range end %d", d.Next, d.RangeEnd)
	}
	// A payment to the last position of the keypool, seen in a block,
	// uses it: the pool grows past it so the gap stays covered.
	last := addressAt(t, d.Descriptor, uint32(d.RangeEnd))
	beyond := addressAt(t, d.Descriptor, uint32(d.RangeEnd+5))
	if _, _, ok := w.IsMineScript(script(t, w, beyond)); ok {
		t.Fatal("position past the keypool already known")
	}
	c.mine(nil, script(t, w, last))
	if _, _, ok := w.IsMineScript(script(t, w, beyond)); !ok {
		t.Error("the keypool was not topped up past a used position")
	}
	d2 := activeDesc(t, w, typeBech32, false)
	if d2.Next != d.RangeEnd+1 || d2.RangeEnd != d.RangeEnd+5 {
		t.Errorf("after use: next %d range end %d", d2.Next, d2.RangeEnd)
	}
	if got := w.Balances(0).Immature; got != 50_0000_0000 {
		t.Errorf("immature %d", got)
	}
}
