package engine

import (
	"encoding/hex"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/btcutil/v2/hdkeychain"
	"github.com/btcsuite/btcd/chaincfg/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
)

func TestParseAmount(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true},
		{"0.0002", 20_000, true},
		{"1", 100_000_000, true},
		{" 1.5 ", 150_000_000, true},
		{".5", 50_000_000, true},
		{"0.00000001", 1, true},
		{"21000000", 21_000_000 * 100_000_000, true},
		{"", 0, false},
		{"-1", 0, false},
		{"0.000000001", 0, false},
		{"21000001", 0, false},
		{"abc", 0, false},
		{"1e3", 0, false},
		{"1.2.3", 0, false},
		{".", 0, true},
		{"0.", 0, true},
		{"12345.", 12345 * 100_000_000, true},
		{"..", 0, false},
		{"0..0", 0, false},
		{"1 2", 0, false},
		// Core's ParseMoney takes digits only and caps at MAX_MONEY.
		{"+1", 0, false},
		{"1.-5", 0, false},
		{"1.+5", 0, false},
		{"21000000.00000001", 0, false},
	} {
		got, err := ParseAmount(tc.in)
		if tc.ok && (err != nil || got != tc.want) {
			t.Errorf("ParseAmount(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
		if !tc.ok && err == nil {
			t.Errorf("ParseAmount(%q) = %d, want an error", tc.in, got)
		}
	}
}

func TestSubtractFee(t *testing.T) {
	outs := func(vs ...int64) *wire.MsgTx {
		tx := wire.NewMsgTx(2)
		for _, v := range vs {
			tx.AddTxOut(wire.NewTxOut(v, nil))
		}
		return tx
	}
	values := func(tx *wire.MsgTx) []int64 {
		var out []int64
		for _, o := range tx.TxOut {
			out = append(out, o.Value)
		}
		return out
	}
	for _, tc := range []struct {
		name      string
		tx        *wire.MsgTx
		sffo      map[int]bool
		changePos int
		fee       int64
		want      []int64
		fails     bool
	}{
		{"one", outs(1000, 2000), map[int]bool{1: true}, -1, 101, []int64{1000, 1899}, false},
		{"split, first pays the remainder", outs(1000, 2000, 3000), map[int]bool{0: true, 2: true}, -1, 101, []int64{949, 2000, 2950}, false},
		// Indexes are the recipients' positions, before change was inserted.
		{"with change", outs(1000, 5000, 2000), map[int]bool{1: true}, 1, 100, []int64{1000, 5000, 1900}, false},
		{"too small", outs(1000, 50), map[int]bool{1: true}, -1, 50, nil, true},
	} {
		err := subtractFee(tc.tx, tc.sffo, tc.changePos, tc.fee)
		if tc.fails {
			if err == nil {
				t.Errorf("%s: no error", tc.name)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		got := values(tc.tx)
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: values %v, want %v", tc.name, got, tc.want)
				break
			}
		}
	}
}

func TestRootPrivateKeysAndAttachPrivate(t *testing.T) {
	params := &chaincfg.RegressionNetParams
	master, err := hdkeychain.NewMaster(make([]byte, 32), params)
	if err != nil {
		t.Fatal(err)
	}
	seed := make([]byte, 32)
	seed[31] = 7
	k, _ := btcec.PrivKeyFromBytes(seed)
	compressed, _ := btcutil.NewWIF(k, params, true)
	uncompressed, _ := btcutil.NewWIF(k, params, false)

	for _, private := range []string{
		"wpkh(" + master.String() + "/84h/1h/0h/0/*)",
		"tr(" + master.String() + "/0/*)",
		"combo(" + compressed.String() + ")",
		"pkh(" + uncompressed.String() + ")",
		"tr(" + compressed.String() + ")",
		"sh(multi(1," + compressed.String() + "," + master.String() + "/1))",
	} {
		d, err := descriptor.Parse(private, params, false)
		if err != nil {
			t.Fatalf("%s: %v", private, err)
		}
		keys, err := rootPrivateKeys(private, params)
		if err != nil {
			t.Fatalf("%s: %v", private, err)
		}
		if len(keys) == 0 {
			t.Fatalf("%s: no root keys", private)
		}
		for pub, priv := range keys {
			b, _ := hex.DecodeString(pub)
			want := priv.PubKey().SerializeCompressed()
			if len(b) == 65 {
				want = priv.PubKey().SerializeUncompressed()
			}
			if hex.EncodeToString(want) != pub {
				t.Errorf("%s: key stored under %s is %x", private, pub, want)
			}
		}
		// The public form with the keys attached is the private descriptor.
		back, err := attachPrivate(descriptor.AddChecksum(d.String()), keys, params)
		if err != nil {
			t.Fatalf("%s: attachPrivate: %v", private, err)
		}
		got, err := back.PrivateString()
		if err != nil {
			t.Fatalf("%s: %v", private, err)
		}
		want, _ := d.PrivateString()
		if got != want {
			t.Errorf("round trip of %s:\n got %s\nwant %s", private, got, want)
		}
		// Without keys it stays public.
		pub, err := attachPrivate(d.String(), nil, params)
		if err != nil || pub.HasPrivateKeys() {
			t.Errorf("%s: attachPrivate without keys: private %v, %v", private, pub != nil && pub.HasPrivateKeys(), err)
		}
	}
	// Keys of another network are not taken.
	mainWIF, _ := btcutil.NewWIF(k, &chaincfg.MainNetParams, true)
	if keys, err := rootPrivateKeys("combo("+mainWIF.String()+")", params); err != nil || len(keys) != 0 {
		t.Errorf("mainnet WIF on regtest: %d keys, %v", len(keys), err)
	}
}

// FuzzParseAmount checks ParseAmount never panics, stays within
// MAX_MONEY, and reads back what formatMoney prints.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"0.0002", "21000000", ".", "1.-5", "+1", " 1 ", "99999999999", "0.00000001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseAmount(s)
		if err != nil {
			return
		}
		if v < 0 || v > 21_000_000*100_000_000 {
			t.Fatalf("ParseAmount(%q) = %d out of range", s, v)
		}
		if back, err := ParseAmount(formatMoney(v)); err != nil || back != v {
			t.Fatalf("ParseAmount(%q) = %d, but %q reads %d, %v", s, v, formatMoney(v), back, err)
		}
	})
}
