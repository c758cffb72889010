package mempool

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	"github.com/mpbitcoin/mpbitcoin/roles/node/notify"
)

// eventLog records events with short transaction names.
type eventLog struct {
	mu    sync.Mutex
	names map[chainhash.Hash]string
	got   []string
}

func (l *eventLog) add(format string, args ...any) {
	l.mu.Lock()
	l.got = append(l.got, fmt.Sprintf(format, args...))
	l.mu.Unlock()
}

func (l *eventLog) BlockConnected(b *wire.MsgBlock, h int32)    { l.add("C%d", h) }
func (l *eventLog) BlockDisconnected(b *wire.MsgBlock, h int32) { l.add("D%d", h) }
func (l *eventLog) TransactionAddedToMempool(tx *wire.MsgTx, seq uint64) {
	l.add("A %s %d", l.names[tx.TxHash()], seq)
}
func (l *eventLog) TransactionRemovedFromMempool(tx *wire.MsgTx, reason string, seq uint64) {
	l.add("R %s %s %d", l.names[tx.TxHash()], reason, seq)
}
func (l *eventLog) UpdatedBlockTip(h chainhash.Hash, height int32, _ bool) { l.add("T%d", height) }

// replaceable spends prev:0 (an OP_TRUE P2WSH output) signalling BIP125.
func replaceable(prev chainhash.Hash, value, fee int64) *btcutil.Tx {
	tx := wire.NewMsgTx(2)
	in := wire.NewTxIn(wire.NewOutPoint(&prev, 0), nil, wire.TxWitness{{0x51}})
	in.Sequence = 0xfffffffd
	tx.AddTxIn(in)
	tx.AddTxOut(wire.NewTxOut(value-fee, opTrue()))
	return btcutil.NewTx(tx)
}

// TestEvents follows Core's interface_zmq.py sequence checks: additions,
// an RBF replacement (R then A), a block mining one pool transaction and
// conflicting with another (removals before the block), and a
// disconnection (the block before its transactions re-entering), each with
// the next mempool sequence number.
func TestEvents(t *testing.T) {
	p, _ := chain.Params("regtest")
	c, err := chain.Open(t.TempDir(), p, &chain.Clock{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	pool := New(c)
	hashes, err := c.Generate(context.Background(), 101, opTrue(), 1e6)
	if err != nil {
		t.Fatal(err)
	}
	coinbase := func(i int) chainhash.Hash {
		blk, err := c.BlockByHash(&hashes[i])
		if err != nil {
			t.Fatal(err)
		}
		return *blk.Transactions()[0].Hash()
	}
	hub := notify.NewHub()
	defer hub.Close()
	c.SetNotify(hub)
	pool.SetNotify(hub)
	orig := replaceable(coinbase(0), 50e8, 1000)
	bump := replaceable(coinbase(0), 50e8, 5000)
	other := replaceable(coinbase(1), 50e8, 1000)
	log := &eventLog{names: map[chainhash.Hash]string{*orig.Hash(): "orig", *bump.Hash(): "bump", *other.Hash(): "other"}}
	hub.Subscribe(log)

	for _, tx := range []*btcutil.Tx{orig, bump, other} {
		if _, err := pool.Submit(tx); err != nil {
			t.Fatal(err)
		}
	}
	// A block with the replaced original: bump leaves as a conflict,
	// other as mined.
	if _, err := c.GenerateBlock(opTrue(), []*wire.MsgTx{orig.MsgTx(), other.MsgTx()}, true); err != nil {
		t.Fatal(err)
	}
	if err := c.Invalidate(&c.Tip().Hash); err != nil {
		t.Fatal(err)
	}
	if err := hub.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"A orig 1", "R orig replaced 2", "A bump 3", "A other 4",
		"R bump conflict 5", "R other block 6", "C102", "T102",
		"D102", "A orig 7", "A other 8", "T101",
	}
	if fmt.Sprint(log.got) != fmt.Sprint(want) {
		t.Fatalf("events\n got %q\nwant %q", log.got, want)
	}
	if s := pool.Sequence(); s != 9 {
		t.Fatalf("sequence %d, want 9", s)
	}
}

// TestExpiry: a transaction older than the expiry leaves with its
// descendants (reason expiry) at the next acceptance, after that
// acceptance's own event, as Core's LimitMempoolSize.
func TestExpiry(t *testing.T) {
	p, _ := chain.Params("regtest")
	clock := &chain.Clock{}
	c, err := chain.Open(t.TempDir(), p, clock)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	pool := New(c)
	hashes, err := c.Generate(context.Background(), 101, opTrue(), 1e6)
	if err != nil {
		t.Fatal(err)
	}
	hub := notify.NewHub()
	defer hub.Close()
	pool.SetNotify(hub)
	pool.SetExpiry(time.Hour)
	cb := func(i int) chainhash.Hash {
		blk, _ := c.BlockByHash(&hashes[i])
		return *blk.Transactions()[0].Hash()
	}
	parent := spendTx(cb(0), 50e8, 1000)
	child := spendTx(*parent.Hash(), 50e8-1000, 1000)
	late := spendTx(cb(1), 50e8, 1000)
	log := &eventLog{names: map[chainhash.Hash]string{*parent.Hash(): "parent", *child.Hash(): "child", *late.Hash(): "late"}}
	hub.Subscribe(log)
	for _, tx := range []*btcutil.Tx{parent, child} {
		if _, err := pool.Submit(tx); err != nil {
			t.Fatal(err)
		}
	}
	clock.SetMock(time.Now().Add(61 * time.Minute).Unix())
	if _, err := pool.Submit(late); err != nil {
		t.Fatal(err)
	}
	if err := hub.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := log.got
	if len(got) != 5 || fmt.Sprint(got[:3]) != fmt.Sprint([]string{"A parent 1", "A child 2", "A late 3"}) {
		t.Fatalf("events %q", got)
	}
	rest := map[string]bool{got[3]: true, got[4]: true}
	if !rest["R parent expiry 4"] && !rest["R parent expiry 5"] || !rest["R child expiry 4"] && !rest["R child expiry 5"] {
		t.Fatalf("expiry events %q", got[3:])
	}
	if n, _, _ := pool.Stats(); n != 1 || !pool.Have(late.Hash()) {
		t.Fatalf("%d txs left", n)
	}
}

// TestReorgRemoval: a transaction spending a coinbase that a disconnection
// makes immature leaves with its child (reason reorg), after the block's
// own events.
func TestReorgRemoval(t *testing.T) {
	p, _ := chain.Params("regtest")
	c, err := chain.Open(t.TempDir(), p, &chain.Clock{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	pool := New(c)
	hashes, err := c.Generate(context.Background(), 101, opTrue(), 1e6)
	if err != nil {
		t.Fatal(err)
	}
	hub := notify.NewHub()
	defer hub.Close()
	c.SetNotify(hub)
	pool.SetNotify(hub)
	blk, _ := c.BlockByHash(&hashes[0])
	parent := spendTx(*blk.Transactions()[0].Hash(), 50e8, 1000) // coinbase of height 1
	child := spendTx(*parent.Hash(), 50e8-1000, 1000)
	log := &eventLog{names: map[chainhash.Hash]string{*parent.Hash(): "parent", *child.Hash(): "child"}}
	hub.Subscribe(log)
	for _, tx := range []*btcutil.Tx{parent, child} {
		if _, err := pool.Submit(tx); err != nil {
			t.Fatal(err)
		}
	}
	// Invalidating height 100 leaves the tip at 99: the height-1 coinbase
	// is immature for the next block (100 - 1 < 100 confirmations).
	if err := c.Invalidate(&hashes[99]); err != nil {
		t.Fatal(err)
	}
	if err := hub.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := log.got
	if len(got) != 7 || fmt.Sprint(got[:4]) != fmt.Sprint([]string{"A parent 1", "A child 2", "D101", "D100"}) || got[6] != "T99" {
		t.Fatalf("events %q", got)
	}
	rest := map[string]bool{got[4]: true, got[5]: true}
	if !rest["R parent reorg 3"] && !rest["R parent reorg 4"] || !rest["R child reorg 3"] && !rest["R child reorg 4"] {
		t.Fatalf("reorg removals %q", got[4:6])
	}
	if n, _, _ := pool.Stats(); n != 0 {
		t.Fatalf("%d txs left", n)
	}
}

// TestReorgRemovesNonFinal: a transaction locked to the tip's height is
// final for the next block, and no longer once the tip is disconnected.
func TestReorgRemovesNonFinal(t *testing.T) {
	p, _ := chain.Params("regtest")
	c, err := chain.Open(t.TempDir(), p, &chain.Clock{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	pool := New(c)
	hashes, err := c.Generate(context.Background(), 102, opTrue(), 1e6)
	if err != nil {
		t.Fatal(err)
	}
	blk, _ := c.BlockByHash(&hashes[0])
	locked := spendTx(*blk.Transactions()[0].Hash(), 50e8, 1000)
	locked.MsgTx().TxIn[0].Sequence = 0xfffffffe
	locked.MsgTx().LockTime = uint32(c.Tip().Height)
	locked = btcutil.NewTx(locked.MsgTx())
	if _, err := pool.Submit(locked); err != nil {
		t.Fatal(err)
	}
	if err := c.Invalidate(&hashes[101]); err != nil {
		t.Fatal(err)
	}
	if pool.Have(locked.Hash()) {
		t.Fatal("non-final transaction kept after the reorg")
	}
}
