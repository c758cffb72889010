package engine

import (
	"path/filepath"
	"testing"

	"github.com/btcsuite/btcd/chaincfg/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
	"github.com/mpbitcoin/mpbitcoin/roles/interfaces"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/store"
)

// testWallet is a wallet with Core's default descriptors on a fresh
// database and no chain; tests feed it transactions with addTx.
func testWallet(t *testing.T) *Wallet {
	t.Helper()
	opts := &Options{Params: &chaincfg.RegressionNetParams, Chain: "regtest", Keypool: 5, MinTxFee: defaultMinTxFee, MaxTxFee: defaultMaxTxFee}
	db, err := store.Open(filepath.Join(t.TempDir(), "wallet.dat"), store.Options{Create: true, Magic: magic(opts), UnsafeSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	w := newWallet("test", db, nil, opts)
	w.flags = FlagDescriptors
	if err := w.update(func(b *store.Batch) error { return w.setupDescriptors(1_600_000_000, b) }); err != nil {
		t.Fatal(err)
	}
	w.synced = interfaces.Tip{Height: 110}
	return w
}

// script is the output script of addr.
func script(t *testing.T, w *Wallet, addr string) []byte {
	t.Helper()
	s, err := descriptor.AddressScript(addr, w.opts.Params)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// newAddr hands out a receiving address.
func newAddr(t *testing.T, w *Wallet, typ, label string) string {
	t.Helper()
	a, err := w.NewAddress(typ, label)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// payTx is a transaction spending prev (a made-up outpoint when nil)
// with one output per (script, value).
func payTx(prev *wire.OutPoint, seed byte, outs ...*wire.TxOut) *wire.MsgTx {
	tx := wire.NewMsgTx(2)
	op := wire.OutPoint{Hash: chainhash.Hash{seed, 1}, Index: 0}
	if prev != nil {
		op = *prev
	}
	tx.AddTxIn(wire.NewTxIn(&op, nil, nil))
	for _, o := range outs {
		tx.AddTxOut(o)
	}
	return tx
}

// coinbaseTx is a coinbase paying value to pk.
func coinbaseTx(seed byte, pk []byte, value int64) *wire.MsgTx {
	tx := wire.NewMsgTx(2)
	tx.AddTxIn(wire.NewTxIn(&wire.OutPoint{Index: wire.MaxPrevOutIndex}, []byte{seed, 0}, nil))
	tx.AddTxOut(wire.NewTxOut(value, pk))
	return tx
}

// record adds tx to w in state; height >= 0 confirms it at that height.
func record(t *testing.T, w *Wallet, tx *wire.MsgTx, state txState, height int32) {
	t.Helper()
	var pos *blockPos
	if height >= 0 {
		pos = &blockPos{hash: chainhash.Hash{byte(height), 0xbb}, height: height}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	err := w.update(func(b *store.Batch) error {
		ok, err := w.addTx(b, tx, state, pos, 1_600_000_000)
		if err == nil && !ok {
			t.Fatalf("tx %s not relevant", tx.TxHash())
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
