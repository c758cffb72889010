package miner

import (
	"context"
	"crypto/sha256"
	"testing"
	"time"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/interfaces"
	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	"github.com/mpbitcoin/mpbitcoin/roles/node/mempool"
)

// opTrueP2WSH is the P2WSH of OP_TRUE, spendable with the witness [OP_TRUE].
func opTrueP2WSH() []byte {
	h := sha256.Sum256([]byte{txscript.OP_TRUE})
	return append([]byte{0x00, 0x20}, h[:]...)
}

type fixture struct {
	c      *chain.Chain
	pool   *mempool.Pool
	m      *Miner
	cancel context.CancelFunc
	mined  []chainhash.Hash
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	p, err := chain.Params("regtest")
	if err != nil {
		t.Fatal(err)
	}
	c, err := chain.Open(t.TempDir(), p, &chain.Clock{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	pool := mempool.New(c)
	mined, err := c.Generate(context.Background(), 110, opTrueP2WSH(), 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	m := New(ctx, c, pool)
	m.tick = 50 * time.Millisecond
	return &fixture{c: c, pool: pool, m: m, cancel: cancel, mined: mined}
}

// spendCoinbase sends a transaction spending the coinbase of mined block
// i with fee into the pool.
func (f *fixture) spendCoinbase(t *testing.T, i int, fee int64) *wire.MsgTx {
	t.Helper()
	blk, err := f.c.BlockByHash(&f.mined[i])
	if err != nil {
		t.Fatal(err)
	}
	cb := blk.MsgBlock().Transactions[0]
	h := cb.TxHash()
	tx := wire.NewMsgTx(2)
	tx.AddTxIn(wire.NewTxIn(wire.NewOutPoint(&h, 0), nil, wire.TxWitness{{txscript.OP_TRUE}}))
	tx.AddTxOut(wire.NewTxOut(cb.TxOut[0].Value-fee, opTrueP2WSH()))
	if _, err := f.pool.Submit(btcutil.NewTx(tx)); err != nil {
		t.Fatalf("mempool: %v", err)
	}
	return tx
}

// coinbaseFrom builds a pool's coinbase from the template's CoinbaseTx.
func coinbaseFrom(cb interfaces.CoinbaseTx, extranonce []byte) *wire.MsgTx {
	tx := wire.NewMsgTx(int32(cb.Version))
	in := &wire.TxIn{
		PreviousOutPoint: wire.OutPoint{Index: wire.MaxPrevOutIndex},
		SignatureScript:  append(append([]byte{}, cb.ScriptSigPrefix...), extranonce...),
		Sequence:         cb.Sequence,
	}
	if cb.Witness != nil {
		in.Witness = wire.TxWitness{cb.Witness}
	}
	tx.AddTxIn(in)
	tx.AddTxOut(wire.NewTxOut(cb.BlockRewardRemaining, opTrueP2WSH()))
	for _, o := range cb.RequiredOutputs {
		tx.AddTxOut(o)
	}
	tx.LockTime = cb.LockTime
	return tx
}

// solve grinds the nonce of blk (with coinbase) and returns it.
func solve(t *testing.T, blk *wire.MsgBlock, coinbase *wire.MsgTx) uint32 {
	t.Helper()
	blk.Transactions[0] = coinbase
	blk.Header.MerkleRoot = merkleRoot(blk)
	target := blockchain.CompactToBig(blk.Header.Bits)
	for n := uint32(0); ; n++ {
		blk.Header.Nonce = n
		h := blk.Header.BlockHash()
		if blockchain.HashToBig(&h).Cmp(target) <= 0 {
			return n
		}
	}
}

func TestTemplateSolveSubmit(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	spent := f.spendCoinbase(t, 0, 5000)
	cl := f.m.Client()
	if ibd, _ := cl.IsInitialBlockDownload(ctx); ibd {
		t.Fatal("in IBD after generating recent blocks")
	}
	bt, err := cl.CreateNewBlock(ctx, interfaces.DefaultBlockCreateOptions(), true)
	if err != nil || bt == nil {
		t.Fatalf("createNewBlock: %v", err)
	}
	tmpl := bt.(*Template)
	blk := tmpl.Block()
	height := f.c.Tip().Height + 1
	if blk.Header.PrevBlock != f.c.Tip().Hash || len(blk.Transactions) != 2 || blk.Transactions[1].TxHash() != spent.TxHash() {
		t.Fatalf("template block: prev %s, %d txs", blk.Header.PrevBlock, len(blk.Transactions))
	}
	if fees := tmpl.TxFees(); len(fees) != 1 || fees[0] != 5000 {
		t.Fatalf("fees %v", fees)
	}
	if sig := tmpl.TxSigops(); len(sig) != 1 {
		t.Fatalf("sigops %v", sig)
	}
	cb := tmpl.CoinbaseTx()
	wantPrefix, _ := txscript.NewScriptBuilder().AddInt64(int64(height)).Script()
	if cb.Version != 2 || cb.Sequence != 0xfffffffe || cb.LockTime != uint32(height-1) ||
		string(cb.ScriptSigPrefix) != string(wantPrefix) || len(cb.Witness) != 32 || len(cb.RequiredOutputs) != 1 ||
		cb.BlockRewardRemaining != blockchain.CalcBlockSubsidy(height, f.c.Params)+5000 {
		t.Fatalf("coinbase %+v", cb)
	}
	if path := tmpl.CoinbaseMerklePath(); len(path) != 1 || path[0] != spent.TxHash() {
		t.Fatalf("merkle path %v", path)
	}

	// A bad version is refused with Core's reason, by checkBlock and by
	// submitSolution (which keeps the solution in the template).
	coinbase := coinbaseFrom(cb, []byte{0xde, 0xad})
	bad := tmpl.Block()
	bad.Header.Version = 0
	nonce := solve(t, bad, coinbase)
	r, err := cl.CheckBlock(ctx, bad, interfaces.BlockCheckOptions{CheckMerkleRoot: true, CheckPow: true})
	if err != nil || r.OK || r.Reason != "bad-version(0x00000000)" {
		t.Fatalf("checkBlock bad version: %+v %v", r, err)
	}
	ts := uint32(bad.Header.Timestamp.Unix())
	if r, err := tmpl.SubmitSolution(ctx, 0, ts, nonce, coinbase); err != nil || r.OK || r.Reason != "bad-version(0x00000000)" {
		t.Fatalf("submitSolution bad version: %+v %v", r, err)
	}
	if got := tmpl.Block(); got.Header.Version != 0 || got.Transactions[0].TxHash() != coinbase.TxHash() {
		t.Fatal("submitSolution did not mutate the template")
	}

	good := tmpl.Block()
	good.Header.Version = blk.Header.Version
	nonce = solve(t, good, coinbase)
	if r, err := cl.CheckBlock(ctx, good, interfaces.BlockCheckOptions{CheckMerkleRoot: true, CheckPow: true}); err != nil || !r.OK {
		t.Fatalf("checkBlock good: %+v %v", r, err)
	}
	if r, err := tmpl.SubmitSolution(ctx, uint32(good.Header.Version), uint32(good.Header.Timestamp.Unix()), nonce, coinbase); err != nil || !r.OK || r.Reason != "" {
		t.Fatalf("submitSolution: %+v %v", r, err)
	}
	if f.c.Tip().Hash != good.BlockHash() {
		t.Fatal("the solved block is not the tip")
	}
	if r, _ := tmpl.SubmitSolution(ctx, uint32(good.Header.Version), uint32(good.Header.Timestamp.Unix()), nonce, coinbase); !r.OK || r.Reason != "duplicate" {
		t.Fatalf("resubmit: %+v", r)
	}
	if r, _ := cl.CheckBlock(ctx, good, interfaces.BlockCheckOptions{CheckMerkleRoot: true, CheckPow: true}); r.OK || r.Reason != "inconclusive-not-best-prevblk" {
		t.Fatalf("checkBlock on a stale prev: %+v", r)
	}
	if txs, _ := cl.TransactionsByTxID(ctx, []chainhash.Hash{spent.TxHash()}); len(txs) != 1 || txs[0] != nil {
		t.Fatal("a mined transaction is still found in the mempool")
	}
}

func TestWaitNextTipFeesTimeoutInterrupt(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	cl := f.m.Client()
	bt, err := cl.CreateNewBlock(ctx, interfaces.DefaultBlockCreateOptions(), false)
	if err != nil {
		t.Fatal(err)
	}
	// Timeout: nil.
	start := time.Now()
	if next, err := bt.WaitNext(ctx, interfaces.BlockWaitOptions{Timeout: 200 * time.Millisecond, FeeThreshold: interfaces.MaxMoney}); err != nil || next != nil {
		t.Fatalf("waitNext timeout: %v %v", next, err)
	}
	if d := time.Since(start); d < 150*time.Millisecond || d > 5*time.Second {
		t.Fatalf("waitNext timed out after %v", d)
	}
	// A fee rise of at least the threshold.
	got := make(chan interfaces.BlockTemplate, 1)
	go func() {
		next, _ := bt.WaitNext(ctx, interfaces.BlockWaitOptions{Timeout: 10 * time.Second, FeeThreshold: 1000})
		got <- next
	}()
	time.Sleep(150 * time.Millisecond)
	tx := f.spendCoinbase(t, 1, 3000)
	next := <-got
	if next == nil || len(next.Block().Transactions) != 2 || next.Block().Transactions[1].TxHash() != tx.TxHash() {
		t.Fatal("waitNext did not return on the fee rise")
	}
	if txs, _ := cl.TransactionsByWitnessID(ctx, []chainhash.Hash{tx.WitnessHash(), {1}}); txs[0] == nil || txs[1] != nil {
		t.Fatal("getTransactionsByWitnessID")
	}
	// A smaller rise than the threshold times out.
	f.spendCoinbase(t, 2, 500)
	if n, _ := next.WaitNext(ctx, interfaces.BlockWaitOptions{Timeout: 300 * time.Millisecond, FeeThreshold: 1000}); n != nil {
		t.Fatal("waitNext returned on a rise below the threshold")
	}
	// interruptWait before the wait: the next wait returns nil at once.
	next.InterruptWait()
	if n, _ := next.WaitNext(ctx, interfaces.DefaultBlockWaitOptions()); n != nil {
		t.Fatal("interrupted waitNext returned a template")
	}
	// A new tip.
	go func() {
		n, _ := next.WaitNext(ctx, interfaces.DefaultBlockWaitOptions())
		got <- n
	}()
	time.Sleep(100 * time.Millisecond)
	if _, err := f.c.Generate(ctx, 1, opTrueP2WSH(), 1<<30); err != nil {
		t.Fatal(err)
	}
	select {
	case n := <-got:
		if n == nil || n.Block().Header.PrevBlock != f.c.Tip().Hash {
			t.Fatal("waitNext after a new tip")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("waitNext did not return on a new tip")
	}
	// Shutdown wakes every waiter.
	go func() {
		n, _ := next.WaitNext(ctx, interfaces.DefaultBlockWaitOptions())
		got <- n
	}()
	wt := make(chan bool, 1)
	go func() {
		_, ok, _ := cl.WaitTipChanged(ctx, f.c.Tip().Hash, interfaces.Forever)
		wt <- ok
	}()
	time.Sleep(100 * time.Millisecond)
	f.cancel()
	select {
	case <-got:
	case <-time.After(5 * time.Second):
		t.Fatal("shutdown did not wake waitNext")
	}
	select {
	case ok := <-wt:
		if ok {
			t.Fatal("waitTipChanged returned a tip at shutdown")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("shutdown did not wake waitTipChanged")
	}
}

func TestInterruptCreateAndWaitTip(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	cl := f.m.Client()
	tip := f.c.Tip()
	if ref, ok, _ := cl.WaitTipChanged(ctx, tip.Hash, 100*time.Millisecond); !ok || ref.Hash != tip.Hash {
		t.Fatalf("waitTipChanged timeout: %+v %v", ref, ok)
	}
	if ref, ok, _ := cl.WaitTipChanged(ctx, chainhash.Hash{}, interfaces.Forever); !ok || ref.Hash != tip.Hash || ref.Height != tip.Height {
		t.Fatalf("waitTipChanged on another tip: %+v %v", ref, ok)
	}
	done := make(chan bool, 1)
	go func() {
		_, ok, _ := cl.WaitTipChanged(ctx, tip.Hash, interfaces.Forever)
		done <- ok
	}()
	time.Sleep(100 * time.Millisecond)
	cl.Interrupt()
	if ok := <-done; ok {
		t.Fatal("interrupted waitTipChanged returned a tip")
	}
	// A pending interrupt makes the next createNewBlock return nil, once;
	// another client is not affected.
	cl.Interrupt()
	if bt, err := f.m.Client().CreateNewBlock(ctx, interfaces.DefaultBlockCreateOptions(), false); err != nil || bt == nil {
		t.Fatal("another client's createNewBlock was interrupted")
	}
	if bt, err := cl.CreateNewBlock(ctx, interfaces.DefaultBlockCreateOptions(), false); err != nil || bt != nil {
		t.Fatal("interrupted createNewBlock returned a template")
	}
	if bt, err := cl.CreateNewBlock(ctx, interfaces.DefaultBlockCreateOptions(), false); err != nil || bt == nil {
		t.Fatal("the interrupt was not consumed")
	}
	// useMempool=false: an empty block.
	f.spendCoinbase(t, 0, 1000)
	bt, _ := cl.CreateNewBlock(ctx, interfaces.BlockCreateOptions{UseMempool: false, BlockReservedWeight: 8000}, false)
	if n := len(bt.Block().Transactions); n != 1 {
		t.Fatalf("useMempool=false: %d transactions", n)
	}
}

func TestLoaderWaitsForOpen(t *testing.T) {
	l := NewLoader()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := l.Mining(ctx); err == nil {
		t.Fatal("Mining returned before Open")
	}
	f := newFixture(t)
	l.Open(f.m)
	if m, err := l.Mining(context.Background()); err != nil || m == nil {
		t.Fatalf("Mining after Open: %v", err)
	}
}

func TestMerklePath(t *testing.T) {
	mk := func(n int) *wire.MsgBlock {
		b := &wire.MsgBlock{}
		for i := 0; i < n; i++ {
			tx := wire.NewMsgTx(1)
			tx.LockTime = uint32(i)
			b.AddTransaction(tx)
		}
		return b
	}
	for n := 1; n <= 9; n++ {
		b := mk(n)
		// Folding the coinbase txid up the path gives the merkle root.
		h := b.Transactions[0].TxHash()
		for _, s := range merklePath(b) {
			h = blockchain.HashMerkleBranches(&h, &s)
		}
		if h != merkleRoot(b) {
			t.Fatalf("%d transactions: path does not lead to the root", n)
		}
	}
}

func TestSigopFit(t *testing.T) {
	for _, c := range []struct {
		sigops []int64
		cb     uint64
		want   int
	}{
		{nil, 400, 0},
		{[]int64{4, 4}, 400, 2},
		{[]int64{40000, 39599, 1}, 400, 2},
		{[]int64{40000, 39600}, 400, 1},
		{[]int64{1}, 1 << 40, 0},
	} {
		if got := sigopFit(c.sigops, c.cb); got != c.want {
			t.Errorf("sigopFit(%v, %d) = %d, want %d", c.sigops, c.cb, got, c.want)
		}
	}
}
