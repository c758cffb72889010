package engine

import (
	"context"
	"errors"
	"testing"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/sign"
)

// external is an output script the wallet does not own (P2WSH of OP_TRUE
// style garbage is enough: nobody verifies it).
var external = append([]byte{0x00, 0x20}, make([]byte, 32)...)

// fundedWallet is a wallet with n mature 50 BTC coinbase outputs.
func fundedWallet(t *testing.T, n int) (*Manager, *testChain, *Wallet) {
	t.Helper()
	m, c := newManager(t)
	w := createWallet(t, m, "funded")
	for range n {
		c.mine(nil, script(t, w, newAddr(t, w, typeBech32, "")))
	}
	c.mineN(coinbaseMaturity, []byte{0x51})
	if got := w.Balances(0).Trusted; got != int64(n)*50_0000_0000 {
		t.Fatalf("funded balance %d", got)
	}
	return m, c, w
}

// vsize is the transaction's virtual size.
func vsize(tx *wire.MsgTx) int64 {
	weight := int64(tx.SerializeSizeStripped())*3 + int64(tx.SerializeSize())
	return (weight + 3) / 4
}

// checkSigned verifies every input of tx against the chain's coins and
// returns what the inputs spend.
func checkSigned(t *testing.T, c *testChain, tx *wire.MsgTx) int64 {
	t.Helper()
	ops := make([]wire.OutPoint, len(tx.TxIn))
	for i, in := range tx.TxIn {
		ops[i] = in.PreviousOutPoint
	}
	coins, err := c.FindCoins(context.Background(), ops)
	if err != nil {
		t.Fatal(err)
	}
	prev := map[wire.OutPoint]sign.Prevout{}
	var in int64
	for i, coin := range coins {
		if !coin.Found {
			t.Fatalf("input %d spends %v, not a coin", i, ops[i])
		}
		prev[ops[i]] = sign.Prevout{Script: coin.Script, Value: coin.Value}
		in += coin.Value
	}
	for i := range tx.TxIn {
		if err := sign.VerifyInput(tx, i, prev); err != nil {
			t.Errorf("input %d: %v", i, err)
		}
	}
	return in
}

func TestBalancesThroughCoinbaseMaturity(t *testing.T) {
	m, c := newManager(t)
	w := createWallet(t, m, "mature")
	pk := script(t, w, newAddr(t, w, typeBech32, ""))
	c.mine(nil, pk) // height 1
	if b := w.Balances(0); b != (Balances{Immature: 50_0000_0000}) {
		t.Errorf("after 1 block: %+v", b)
	}
	c.mineN(coinbaseMaturity-1, []byte{0x51}) // depth 100
	if b := w.Balances(0); b != (Balances{Immature: 50_0000_0000}) {
		t.Errorf("at depth 100: %+v", b)
	}
	if n := len(w.ListUnspent(0, 9999999, true)); n != 0 {
		t.Errorf("%d immature outputs listed as unspent", n)
	}
	c.mine(nil, []byte{0x51}) // depth 101
	if b := w.Balances(0); b != (Balances{Trusted: 50_0000_0000}) {
		t.Errorf("at depth 101: %+v", b)
	}

	// A payment from outside sits in untrusted_pending until mined.
	in := payTx(nil, 7, wire.NewTxOut(3_0000_0000, script(t, w, newAddr(t, w, typeLegacy, ""))))
	c.addToMempool(in)
	if b := w.Balances(0); b != (Balances{Trusted: 50_0000_0000, UntrustedPending: 3_0000_0000}) {
		t.Errorf("with an incoming mempool payment: %+v", b)
	}
	c.mine(nil, []byte{0x51})
	if b := w.Balances(0); b != (Balances{Trusted: 53_0000_0000}) {
		t.Errorf("after it is mined: %+v", b)
	}
	if b := w.Balances(2); b.Trusted != 50_0000_0000 {
		t.Errorf("minconf 2: %+v", b)
	}
}

func TestSendSignsAndPaysFallbackFee(t *testing.T) {
	_, c, w := fundedWallet(t, 2)
	ctx := context.Background()
	created, err := w.CreateTransaction(ctx, []Recipient{{Script: external, Amount: 60_0000_0000}}, SendOptions{ChangePos: -1})
	if err != nil {
		t.Fatal(err)
	}
	tx := created.Tx
	if !created.Complete || len(tx.TxIn) != 2 {
		t.Fatalf("complete %v, %d inputs", created.Complete, len(tx.TxIn))
	}
	in := checkSigned(t, c, tx)
	var out int64
	for _, o := range tx.TxOut {
		out += o.Value
	}
	if in-out != created.Fee {
		t.Errorf("reported fee %d, inputs-outputs %d", created.Fee, in-out)
	}
	// The fallback fee (20 sat/vB) on the signed size; the estimate may
	// count up to a byte per signature more than the real one.
	v := vsize(tx)
	if lo, hi := feeFor(20_000, v), feeFor(20_000, v+int64(len(tx.TxIn))); created.Fee < lo || created.Fee > hi {
		t.Errorf("fee %d for %d vbytes, want %d..%d", created.Fee, v, lo, hi)
	}
	if created.ChangePos < 0 || len(tx.TxOut) != 2 {
		t.Fatalf("change pos %d with %d outputs", created.ChangePos, len(tx.TxOut))
	}
	change := tx.TxOut[created.ChangePos]
	if info, ok := w.AddressInfo(change.PkScript); !ok || !info.Internal {
		t.Errorf("change goes to %x: ours %v, internal %v", change.PkScript, ok, info.Internal)
	}
	if len(change.PkScript) != 22 || change.PkScript[0] != 0 {
		t.Errorf("change is not P2WPKH (the default change type): %x", change.PkScript)
	}
	if pay := tx.TxOut[1-created.ChangePos]; pay.Value != 60_0000_0000 || string(pay.PkScript) != string(external) {
		t.Errorf("payment output %d %x", pay.Value, pay.PkScript)
	}
	for _, i := range tx.TxIn {
		if i.Sequence != wire.MaxTxInSequenceNum-2 {
			t.Errorf("sequence %x, want RBF signalling", i.Sequence)
		}
	}
	if tx.LockTime != uint32(c.tipHeight()) {
		t.Errorf("locktime %d, tip %d", tx.LockTime, c.tipHeight())
	}

	if err := w.CommitTransaction(ctx, tx, "for rent", "landlord", true); err != nil {
		t.Fatal(err)
	}
	if len(c.broadcast) != 1 || c.broadcast[0].TxHash() != tx.TxHash() {
		t.Fatalf("broadcast %d txs", len(c.broadcast))
	}
	v2, ok := w.Transaction(tx.TxHash())
	if !ok || !v2.InMempool || !v2.FromMe || v2.Comment != "for rent" || v2.To != "landlord" || !v2.HasFee || v2.Fee != created.Fee {
		t.Errorf("committed tx view %+v", v2)
	}
	if !v2.Outputs[created.ChangePos].Change {
		t.Error("change output not shown as change")
	}
	// The change of our own mempool transaction is trusted.
	if b := w.Balances(0); b != (Balances{Trusted: 100_0000_0000 - 60_0000_0000 - created.Fee}) {
		t.Errorf("balances after send: %+v", b)
	}
	c.mine(nil, []byte{0x51})
	if v, _ := w.Transaction(tx.TxHash()); v.Depth != 1 || v.InMempool {
		t.Errorf("after mining: depth %d, in mempool %v", v.Depth, v.InMempool)
	}

	// The change position was used: the next change goes elsewhere.
	again, err := w.CreateTransaction(ctx, []Recipient{{Script: external, Amount: 1_0000_0000}}, SendOptions{ChangePos: 0})
	if err != nil {
		t.Fatal(err)
	}
	if string(again.Tx.TxOut[0].PkScript) == string(change.PkScript) {
		t.Error("change address reused")
	}
}

func TestSendInsufficientFunds(t *testing.T) {
	_, _, w := fundedWallet(t, 1)
	ctx := context.Background()
	_, err := w.CreateTransaction(ctx, []Recipient{{Script: external, Amount: 50_0000_0000}}, SendOptions{ChangePos: -1})
	if !errors.Is(err, ErrInsufficientFunds) {
		t.Errorf("spending everything without fee room: %v", err)
	}
	// Subtracting the fee from the amount makes it fit.
	created, err := w.CreateTransaction(ctx, []Recipient{{Script: external, Amount: 50_0000_0000, SubtractFeeFromAmt: true}}, SendOptions{ChangePos: -1})
	if err != nil {
		t.Fatal(err)
	}
	if len(created.Tx.TxOut) != 1 || created.Tx.TxOut[0].Value != 50_0000_0000-created.Fee || created.Fee <= 0 {
		t.Errorf("sffo: %d outputs, value %d, fee %d", len(created.Tx.TxOut), created.Tx.TxOut[0].Value, created.Fee)
	}
	if _, err := w.CreateTransaction(ctx, nil, SendOptions{}); err == nil {
		t.Error("no recipients accepted")
	}
	if _, err := w.CreateTransaction(ctx, []Recipient{{Script: external, Amount: -1}}, SendOptions{}); err == nil {
		t.Error("negative amount accepted")
	}
	w.opts.FallbackFee = 0
	if _, err := w.CreateTransaction(ctx, []Recipient{{Script: external, Amount: 1000_0000}}, SendOptions{}); !errors.Is(err, ErrFeeEstimation) {
		t.Errorf("without estimate or fallback: %v", err)
	}
}

func TestDisconnectUnconfirms(t *testing.T) {
	_, c, w := fundedWallet(t, 1)
	ctx := context.Background()
	created, err := w.CreateTransaction(ctx, []Recipient{{Script: external, Amount: 1_0000_0000}}, SendOptions{ChangePos: -1})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.CommitTransaction(ctx, created.Tx, "", "", true); err != nil {
		t.Fatal(err)
	}
	blk := c.mine(nil, []byte{0x51})
	txid := created.Tx.TxHash()
	if v, _ := w.Transaction(txid); v.Depth != 1 || v.BlockHash != blk.BlockHash() {
		t.Fatalf("confirmed view %+v", v)
	}
	c.disconnectTip()
	v, _ := w.Transaction(txid)
	if v.Depth != 0 || v.InMempool || v.BlockHash != (chainhash.Hash{}) {
		t.Errorf("after disconnect: depth %d, in mempool %v, block %s", v.Depth, v.InMempool, v.BlockHash)
	}
	if in := w.Info(); in.LastProcessedHash != blk.Header.PrevBlock || in.LastProcessedHeight != c.tipHeight() {
		t.Errorf("last processed %s at %d", in.LastProcessedHash, in.LastProcessedHeight)
	}
	// The spent coin stays spent by our own transaction.
	if b := w.Balances(0); b.Trusted != 0 {
		t.Errorf("trusted %d after disconnect", b.Trusted)
	}
	c.mine([]*wire.MsgTx{created.Tx}, []byte{0x51})
	if v, _ := w.Transaction(txid); v.Depth != 1 {
		t.Errorf("mined again: depth %d", v.Depth)
	}
}

func TestConflictMarking(t *testing.T) {
	_, c, w := fundedWallet(t, 2)
	ctx := context.Background()
	created, err := w.CreateTransaction(ctx, []Recipient{{Script: external, Amount: 1_0000_0000}}, SendOptions{ChangePos: -1})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.CommitTransaction(ctx, created.Tx, "", "", true); err != nil {
		t.Fatal(err)
	}
	spent := created.Tx.TxIn[0].PreviousOutPoint
	// Another transaction spending the same coin is mined instead.
	double := payTx(&spent, 0, wire.NewTxOut(49_0000_0000, external))
	c.mine([]*wire.MsgTx{double}, []byte{0x51})
	v, _ := w.Transaction(created.Tx.TxHash())
	if v.Depth != -1 || v.Trusted {
		t.Errorf("the replaced send: depth %d, trusted %v", v.Depth, v.Trusted)
	}
	if len(v.Conflicts) != 1 || v.Conflicts[0] != double.TxHash() {
		t.Errorf("conflicts %v", v.Conflicts)
	}
	if d, ok := w.Transaction(double.TxHash()); !ok || d.Depth != 1 || !d.FromMe {
		t.Errorf("the double spend in the wallet: %+v %v", d, ok)
	}
	// Only the other coinbase is left.
	if b := w.Balances(0); b != (Balances{Trusted: 50_0000_0000}) {
		t.Errorf("balances %+v", b)
	}
	c.mine(nil, []byte{0x51})
	if v, _ := w.Transaction(created.Tx.TxHash()); v.Depth != -2 {
		t.Errorf("conflict depth one block later %d", v.Depth)
	}
	// Disconnecting both blocks undoes the conflict.
	c.disconnectTip()
	c.disconnectTip()
	if v, _ := w.Transaction(created.Tx.TxHash()); v.Depth != 0 {
		t.Errorf("after the conflicting block is disconnected: depth %d", v.Depth)
	}
}
