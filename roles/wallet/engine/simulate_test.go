package engine

import (
	"context"
	"errors"
	"testing"

	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/interfaces"
)

// coinChain knows a fixed set of unspent coins.
type coinChain struct {
	interfaces.Chain
	unspent map[wire.OutPoint]bool
}

func (c *coinChain) FindCoins(_ context.Context, ops []wire.OutPoint) ([]interfaces.Coin, error) {
	out := make([]interfaces.Coin, len(ops))
	for i, op := range ops {
		out[i].Found = c.unspent[op]
	}
	return out, nil
}

func TestSimulateBalanceChange(t *testing.T) {
	w := testWallet(t)
	a := newAddr(t, w, "bech32", "")
	funding := payTx(nil, 1, wire.NewTxOut(100_000_000, script(t, w, a)))
	record(t, w, funding, stateConfirmed, 100)
	coin := wire.OutPoint{Hash: funding.TxHash()}
	foreign := wire.OutPoint{Hash: [32]byte{0xee}}
	w.chain = &coinChain{unspent: map[wire.OutPoint]bool{coin: true, foreign: true}}
	stranger := script(t, w, "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080")

	pay := payTx(&coin, 0, wire.NewTxOut(60_000_000, stranger), wire.NewTxOut(39_000_000, script(t, w, newAddr(t, w, "bech32", ""))))
	if got, err := w.SimulateBalanceChange(context.Background(), []*wire.MsgTx{pay}); err != nil || got != -61_000_000 {
		t.Errorf("payment: %d, %v; want -61000000", got, err)
	}
	// A chain: the second tx spends the first's change to a stranger.
	next := payTx(&wire.OutPoint{Hash: pay.TxHash(), Index: 1}, 0, wire.NewTxOut(38_000_000, stranger))
	if got, err := w.SimulateBalanceChange(context.Background(), []*wire.MsgTx{pay, next}); err != nil || got != -100_000_000 {
		t.Errorf("chain: %d, %v; want -100000000", got, err)
	}
	// Incoming from a coin that is not ours.
	in := payTx(&foreign, 0, wire.NewTxOut(5_000, script(t, w, a)))
	if got, err := w.SimulateBalanceChange(context.Background(), []*wire.MsgTx{in}); err != nil || got != 5_000 {
		t.Errorf("incoming: %d, %v", got, err)
	}
	if _, err := w.SimulateBalanceChange(context.Background(), []*wire.MsgTx{pay, pay}); !errors.Is(err, ErrDoubleSpendInSimulation) {
		t.Errorf("double spend: %v", err)
	}
	gone := payTx(&wire.OutPoint{Hash: [32]byte{0xdd}}, 0, wire.NewTxOut(1, stranger))
	if _, err := w.SimulateBalanceChange(context.Background(), []*wire.MsgTx{gone}); !errors.Is(err, ErrInputsMissing) {
		t.Errorf("missing input: %v", err)
	}
	if got, err := w.SimulateBalanceChange(context.Background(), nil); err != nil || got != 0 {
		t.Errorf("no txs: %d, %v", got, err)
	}
}
