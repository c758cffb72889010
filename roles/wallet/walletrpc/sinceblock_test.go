package walletrpc

import (
	"testing"

	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/engine"
)

// summary is "category address amount [label]" per entry.
func summary(es []univalue.Value) []string {
	var out []string
	for _, e := range es {
		s := e.Get("category").Str + " " + e.Get("address").Str + " " + e.Get("amount").Write(0)
		if l := e.Get("label"); !l.IsNull() {
			s += " [" + l.Str + "]"
		}
		out = append(out, s)
	}
	return out
}

func TestLongEntries(t *testing.T) {
	tx := wire.NewMsgTx(2)
	// A payment from the wallet: to a stranger, to our labelled address,
	// and change (ours, no address book entry).
	paid := engine.TxView{Tx: tx, Depth: 3, FromMe: true, Debit: 10_0000_0000, Outputs: []engine.OutView{
		{Index: 0, Value: 2_0000_0000, Address: "stranger"},
		{Index: 1, Value: 3_0000_0000, Address: "mine", Mine: true, Label: "lbl", HasLabel: true},
		{Index: 2, Value: 4_9990_0000, Address: "change", Mine: true},
	}}
	cases := []struct {
		name     string
		v        engine.TxView
		minDepth int32
		filter   *string
		change   bool
		want     []string
	}{
		{"payment", paid, 0, nil, false, []string{"send stranger -2.00000000", "send mine -3.00000000 [lbl]", "receive mine 3.00000000 [lbl]"}},
		{"with change", paid, 0, nil, true, []string{"send stranger -2.00000000", "send mine -3.00000000 [lbl]", "send change -4.99900000",
			"receive mine 3.00000000 [lbl]", "receive change 4.99900000"}},
		{"label filter drops sends", paid, 0, ptr("lbl"), false, []string{"receive mine 3.00000000 [lbl]"}},
		{"too shallow for receives", paid, 4, nil, false, []string{"send stranger -2.00000000", "send mine -3.00000000 [lbl]"}},
		{"incoming to an unlabelled output", engine.TxView{Tx: tx, Depth: 1, Outputs: []engine.OutView{
			{Index: 0, Value: 1_0000_0000, Address: "nolabel", Mine: true},
			{Index: 1, Value: 5, Address: "theirs"},
		}}, 0, ptr(""), false, []string{"receive nolabel 1.00000000"}},
		{"immature coinbase", engine.TxView{Tx: tx, Depth: 5, Coinbase: true, Immature: true, Outputs: []engine.OutView{
			{Index: 0, Value: 50_0000_0000, Address: "miner", Mine: true, HasLabel: true},
		}}, 0, nil, false, []string{"immature miner 50.00000000 []"}},
		{"orphaned coinbase", engine.TxView{Tx: tx, Depth: 0, Coinbase: true, Outputs: []engine.OutView{
			{Index: 0, Value: 50_0000_0000, Address: "miner", Mine: true},
		}}, -100000000, nil, false, []string{"orphan miner 50.00000000"}},
	}
	for _, c := range cases {
		got := summary(longEntries(c.v, c.minDepth, c.filter, c.change))
		if len(got) != len(c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: entry %d %q, want %q", c.name, i, got[i], c.want[i])
			}
		}
	}
	// Sends carry the fee (debit minus outputs) and abandoned; receives
	// carry abandoned too.
	es := longEntries(paid, 0, nil, false)
	if fee := es[0].Get("fee").Write(0); fee != "-0.00100000" {
		t.Errorf("fee %s", fee)
	}
	for _, e := range es {
		if e.Get("abandoned").IsNull() || e.Get("confirmations").Write(0) != "3" {
			t.Errorf("entry lacks abandoned/confirmations: %s", e.Write(0))
		}
	}
}

func ptr(s string) *string { return &s }
