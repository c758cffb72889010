package interfaces

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	capnp "capnproto.org/go/capnp/v3"
	"capnproto.org/go/capnp/v3/exc"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/capnp/messages"
)

// fakeMining is a Mining whose waits block until Interrupt or ctx end.
type fakeMining struct {
	mu       sync.Mutex
	opts     BlockCreateOptions
	cooldown bool
	intr     chan struct{}
	tmpl     *fakeTemplate
}

func newFakeMining() *fakeMining {
	return &fakeMining{intr: make(chan struct{}, 1), tmpl: newFakeTemplate()}
}

var fakeTip = BlockRef{Hash: chainhash.Hash{1, 2, 3}, Height: 7}

func (f *fakeMining) IsTestChain(context.Context) (bool, error)            { return true, nil }
func (f *fakeMining) IsInitialBlockDownload(context.Context) (bool, error) { return false, nil }
func (f *fakeMining) Tip(context.Context) (BlockRef, bool, error)          { return fakeTip, true, nil }
func (f *fakeMining) WaitTipChanged(ctx context.Context, cur chainhash.Hash, timeout time.Duration) (BlockRef, bool, error) {
	if cur != fakeTip.Hash {
		return fakeTip, true, nil
	}
	select {
	case <-f.intr:
		return BlockRef{}, false, nil
	case <-ctx.Done():
		return BlockRef{}, false, nil
	case <-time.After(timeout):
		return fakeTip, true, nil
	}
}
func (f *fakeMining) CreateNewBlock(ctx context.Context, o BlockCreateOptions, cooldown bool) (BlockTemplate, error) {
	f.mu.Lock()
	f.opts, f.cooldown = o, cooldown
	f.mu.Unlock()
	return f.tmpl, nil
}
func (f *fakeMining) CheckBlock(ctx context.Context, b *wire.MsgBlock, o BlockCheckOptions) (BlockResult, error) {
	if !o.CheckPow || !o.CheckMerkleRoot {
		return BlockResult{Reason: "options"}, nil
	}
	return BlockResult{Reason: "bad-version(0x00000000)", Debug: "rejected nVersion=0x00000000 block"}, nil
}

// created returns the last createNewBlock arguments.
func (f *fakeMining) created() (BlockCreateOptions, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.opts, f.cooldown
}

func (f *fakeMining) Interrupt() { f.intr <- struct{}{} }
func (f *fakeMining) SubmitBlock(ctx context.Context, b *wire.MsgBlock) (BlockResult, error) {
	return BlockResult{OK: true, Reason: "duplicate"}, nil
}
func (f *fakeMining) TransactionsByTxID(ctx context.Context, ids []chainhash.Hash) ([]*wire.MsgTx, error) {
	out := make([]*wire.MsgTx, len(ids))
	for i, id := range ids {
		if id == f.tmpl.tx.TxHash() {
			out[i] = f.tmpl.tx
		}
	}
	return out, nil
}
func (f *fakeMining) TransactionsByWitnessID(ctx context.Context, ids []chainhash.Hash) ([]*wire.MsgTx, error) {
	return make([]*wire.MsgTx, len(ids)), nil
}

type fakeTemplate struct {
	tx        *wire.MsgTx
	intr      chan struct{}
	waiting   chan struct{} // a WaitNext started
	canceled  chan struct{} // a WaitNext saw its ctx end
	destroyed chan struct{}
	once      sync.Once
	mu        sync.Mutex
	submitted []uint32
}

func newFakeTemplate() *fakeTemplate {
	tx := wire.NewMsgTx(2)
	tx.AddTxIn(&wire.TxIn{PreviousOutPoint: wire.OutPoint{Index: wire.MaxPrevOutIndex}, SignatureScript: []byte{1, 7}})
	tx.AddTxOut(wire.NewTxOut(50, []byte{0x51}))
	return &fakeTemplate{tx: tx, intr: make(chan struct{}, 1), waiting: make(chan struct{}, 8),
		canceled: make(chan struct{}, 8), destroyed: make(chan struct{})}
}

func (t *fakeTemplate) Block() *wire.MsgBlock {
	b := &wire.MsgBlock{Header: wire.BlockHeader{Version: 4, PrevBlock: fakeTip.Hash}}
	b.AddTransaction(t.tx)
	b.AddTransaction(t.tx)
	return b
}
func (t *fakeTemplate) TxFees() []int64   { return []int64{12} }
func (t *fakeTemplate) TxSigops() []int64 { return []int64{4} }
func (t *fakeTemplate) CoinbaseTx() CoinbaseTx {
	return CoinbaseTx{Version: 2, Sequence: 0xfffffffe, ScriptSigPrefix: []byte{1, 7}, Witness: make([]byte, 32),
		BlockRewardRemaining: 5000000012, RequiredOutputs: []*wire.TxOut{wire.NewTxOut(0, []byte{0x6a, 1, 2})}, LockTime: 6}
}
func (t *fakeTemplate) CoinbaseMerklePath() []chainhash.Hash { return []chainhash.Hash{t.tx.TxHash()} }
func (t *fakeTemplate) SubmitSolution(ctx context.Context, v, ts, nonce uint32, cb *wire.MsgTx) (BlockResult, error) {
	t.mu.Lock()
	t.submitted = append(t.submitted, nonce)
	t.mu.Unlock()
	if nonce == 0 {
		return BlockResult{Reason: "high-hash", Debug: "proof of work failed"}, nil
	}
	return BlockResult{OK: true}, nil
}
func (t *fakeTemplate) WaitNext(ctx context.Context, o BlockWaitOptions) (BlockTemplate, error) {
	if o.FeeThreshold == 1 {
		return newFakeTemplate(), nil
	}
	t.waiting <- struct{}{}
	select {
	case <-t.intr:
		return nil, nil
	case <-ctx.Done():
		t.canceled <- struct{}{}
		return nil, nil
	}
}
func (t *fakeTemplate) InterruptWait() { t.intr <- struct{}{} }
func (t *fakeTemplate) Destroy()       { t.once.Do(func() { close(t.destroyed) }) }

// gateSource is a MiningSource that is ready once opened.
type gateSource struct {
	ready chan struct{}
	m     Mining
}

func (g *gateSource) Mining(ctx context.Context) (Mining, error) {
	select {
	case <-g.ready:
		return g.m, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func openTestMining(t *testing.T, log *memLog) (*MiningClient, *fakeMining, func()) {
	t.Helper()
	fm := newFakeMining()
	src := &gateSource{ready: make(chan struct{}), m: fm}
	c, stop := serveRaw(t, log, NewInitFactory(nil, WithMining(src)))
	ctx := testCtx(t)
	type opened struct {
		mc  *MiningClient
		err error
	}
	done := make(chan opened, 1)
	go func() {
		mc, err := OpenMining(ctx, c, "pool")
		done <- opened{mc, err}
	}()
	select {
	case <-done:
		t.Fatal("makeMining returned before the chain was loaded")
	case <-time.After(100 * time.Millisecond):
	}
	close(src.ready)
	o := <-done
	if o.err != nil {
		t.Fatal(o.err)
	}
	return o.mc, fm, stop
}

func TestMiningServerRoundTrip(t *testing.T) {
	log := &memLog{}
	mc, fm, _ := openTestMining(t, log)
	ctx := testCtx(t)
	if v, err := mc.IsTestChain(ctx); err != nil || !v {
		t.Fatalf("isTestChain %v %v", v, err)
	}
	ref, ok, err := mc.Tip(ctx)
	if err != nil || !ok || ref != fakeTip {
		t.Fatalf("getTip %+v %v %v", ref, ok, err)
	}
	if ref, ok, err := mc.WaitTipChanged(ctx, chainhash.Hash{}, 1000); err != nil || !ok || ref != fakeTip {
		t.Fatalf("waitTipChanged %+v %v %v", ref, ok, err)
	}
	// Interrupt (no thread) wakes a waitTipChanged: empty BlockRef.
	go func() {
		time.Sleep(50 * time.Millisecond)
		_ = mc.Interrupt(ctx)
	}()
	if _, ok, err := mc.WaitTipChanged(ctx, fakeTip.Hash, durationToMs(Forever)); err != nil || ok {
		t.Fatalf("interrupted waitTipChanged: ok=%v err=%v", ok, err)
	}

	tmpl, err := mc.CreateNewBlock(ctx, BlockCreateOptions{UseMempool: false, BlockReservedWeight: 4000}, false)
	if err != nil || tmpl == nil {
		t.Fatalf("createNewBlock %v", err)
	}
	if o, cd := fm.created(); o.UseMempool || o.BlockReservedWeight != 4000 || cd {
		t.Fatalf("options not passed: %+v cooldown=%v", o, cd)
	}
	cb, err := tmpl.CoinbaseTx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := fm.tmpl.CoinbaseTx()
	if cb.Version != 2 || cb.Sequence != want.Sequence || cb.LockTime != 6 || cb.BlockRewardRemaining != want.BlockRewardRemaining ||
		len(cb.Witness) != 32 || len(cb.RequiredOutputs) != 1 || string(cb.RequiredOutputs[0].PkScript) != string(want.RequiredOutputs[0].PkScript) {
		t.Fatalf("coinbase %+v", cb)
	}
	blk, err := tmpl.Block(ctx)
	if err != nil || len(blk.Transactions) != 2 {
		t.Fatalf("getBlock %v", err)
	}
	hdr, err := tmpl.Header(ctx)
	if err != nil || hdr.PrevBlock != fakeTip.Hash {
		t.Fatalf("getBlockHeader %v", err)
	}
	if fees, err := tmpl.TxFees(ctx); err != nil || len(fees) != 1 || fees[0] != 12 {
		t.Fatalf("getTxFees %v %v", fees, err)
	}
	if path, err := tmpl.CoinbaseMerklePath(ctx); err != nil || len(path) != 1 || path[0] != fm.tmpl.tx.TxHash() {
		t.Fatalf("merkle path %v %v", path, err)
	}
	r, err := tmpl.SubmitSolution(ctx, 4, 1, 0, fm.tmpl.tx)
	if err != nil || r.OK || r.Reason != "high-hash" || r.Debug != "proof of work failed" {
		t.Fatalf("submitSolution %+v %v", r, err)
	}
	r, err = mc.CheckBlock(ctx, blk, BlockCheckOptions{CheckMerkleRoot: true, CheckPow: true})
	if err != nil || r.OK || r.Reason != "bad-version(0x00000000)" {
		t.Fatalf("checkBlock %+v %v", r, err)
	}
	if r, err = mc.SubmitBlock(ctx, blk); err != nil || !r.OK || r.Reason != "duplicate" {
		t.Fatalf("submitBlock %+v %v", r, err)
	}
	txs, err := mc.TransactionsByTxID(ctx, []chainhash.Hash{{9}, fm.tmpl.tx.TxHash()})
	if err != nil || len(txs) != 2 || txs[0] != nil || txs[1] == nil || txs[1].TxHash() != fm.tmpl.tx.TxHash() {
		t.Fatalf("getTransactionsByTxID %v %v", txs, err)
	}
	next, err := tmpl.WaitNext(ctx, BlockWaitOptions{Timeout: time.Second, FeeThreshold: 1})
	if err != nil || next == nil {
		t.Fatalf("waitNext %v", err)
	}
	if err := next.Destroy(ctx); err != nil {
		t.Fatal(err)
	}
	if err := tmpl.Destroy(ctx); err != nil {
		t.Fatal(err)
	}
	select {
	case <-fm.tmpl.destroyed:
	case <-time.After(5 * time.Second):
		t.Fatal("template not destroyed")
	}
}

// A waitNext blocked on one thread does not hold up calls on another, and
// interruptWait (no thread) ends it with a null template.
func TestMiningWaitNextThreadsAndInterrupt(t *testing.T) {
	mc, fm, _ := openTestMining(t, &memLog{})
	ctx := testCtx(t)
	tmpl, err := mc.CreateNewBlock(ctx, DefaultBlockCreateOptions(), true)
	if err != nil {
		t.Fatal(err)
	}
	if o, cd := fm.created(); !cd || o != DefaultBlockCreateOptions() {
		t.Fatalf("defaults not passed: %+v %v", o, cd)
	}
	waiter, err := mc.WithThread(ctx, "waiter")
	if err != nil {
		t.Fatal(err)
	}
	defer waiter.Close()
	got := make(chan error, 1)
	go func() {
		next, err := tmpl.On(waiter).WaitNext(ctx, DefaultBlockWaitOptions())
		if err == nil && next != nil {
			err = errors.New("waitNext returned a template")
		}
		got <- err
	}()
	<-fm.tmpl.waiting
	if _, _, err := mc.Tip(ctx); err != nil {
		t.Fatalf("getTip on the worker thread while waitNext blocks: %v", err)
	}
	if err := tmpl.InterruptWait(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-got; err != nil {
		t.Fatal(err)
	}
}

// A client that disconnects in the middle of waitNext: the wait sees its
// context end, Core's lines are logged, the template is freed.
func TestMiningDisconnectMidWait(t *testing.T) {
	log := &memLog{}
	mc, fm, stop := openTestMining(t, log)
	ctx := testCtx(t)
	tmpl, err := mc.CreateNewBlock(ctx, DefaultBlockCreateOptions(), false)
	if err != nil {
		t.Fatal(err)
	}
	go func() { _, _ = tmpl.WaitNext(ctx, DefaultBlockWaitOptions()) }()
	<-fm.tmpl.waiting
	stop()
	select {
	case <-fm.tmpl.canceled:
	case <-time.After(5 * time.Second):
		t.Fatal("waitNext not cancelled by the disconnect")
	}
	select {
	case <-fm.tmpl.destroyed:
	case <-time.After(5 * time.Second):
		t.Fatal("template not freed after the disconnect")
	}
	for _, want := range []string{"IPC server: socket disconnected.", "canceled while executing", "interrupted (canceled)"} {
		deadline := time.Now().Add(5 * time.Second)
		for !log.has(want) && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if !log.has(want) {
			t.Errorf("log lacks %q", want)
		}
	}
}

// Unset options get the schema defaults on the server (v31 behaviour).
func TestMiningSchemaDefaults(t *testing.T) {
	fm := newFakeMining()
	src := &gateSource{ready: make(chan struct{}), m: fm}
	close(src.ready)
	c, _ := serve(t, nil, NewInitFactory(nil, WithMining(src)))
	ctx := testCtx(t)
	mf, rel := c.Init.MakeMining(ctx, func(p messages.Init_makeMining_Params) error { return c.SetContext(p.NewContext) })
	defer rel()
	tf, rel2 := mf.Result().CreateNewBlock(ctx, func(p messages.Mining_createNewBlock_Params) error { return c.SetContext(p.NewContext) })
	defer rel2()
	if _, err := tf.Struct(); err != nil {
		t.Fatal(err)
	}
	if o, cd := fm.created(); o != DefaultBlockCreateOptions() || !cd {
		t.Fatalf("defaults: %+v cooldown=%v", o, cd)
	}
	// makeMiningOld2 fails with Core's message.
	of, rel3 := c.Init.MakeMiningOld2(ctx, nil)
	defer rel3()
	if _, err := of.Struct(); err == nil || !stringsContains(err.Error(), "Old mining interface (@2) not supported. Please update your client!") {
		t.Fatalf("makeMiningOld2: %v", err)
	}
}

// A process without a Mining gives a null capability.
func TestMiningNotServed(t *testing.T) {
	c, _ := serveRaw(t, nil, NewInitFactory(nil))
	if _, err := OpenMining(testCtx(t), c, "x"); err == nil {
		t.Fatal("OpenMining succeeded on a process serving no Mining")
	}
}

func FuzzReadTxOut(f *testing.F) {
	b, _ := txOutBytes(wire.NewTxOut(5, []byte{0x6a, 0x24, 0xaa}))
	f.Add(b)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := readTxOut(data)
		if err != nil {
			return
		}
		again, err := txOutBytes(out)
		if err != nil || string(again) != string(data) {
			t.Fatalf("round trip: %x -> %x (%v)", data, again, err)
		}
	})
}

func FuzzReadTxList(f *testing.F) {
	f.Add([]byte{}, []byte{1, 0, 0, 0})
	f.Fuzz(func(t *testing.T, a, b []byte) {
		_, seg, err := capnp.NewMessage(capnp.SingleSegment(nil))
		if err != nil {
			t.Fatal(err)
		}
		l, err := capnp.NewDataList(seg, 2)
		if err != nil {
			t.Fatal(err)
		}
		_ = l.Set(0, a)
		_ = l.Set(1, b)
		txs, err := readTxList(l)
		if err == nil && len(txs) != 2 {
			t.Fatalf("%d transactions", len(txs))
		}
	})
}

// The @10 → @7 fallback and the @3 probe recognise "unimplemented" however
// the error is wrapped, and nothing else.
func TestIsUnimplemented(t *testing.T) {
	if !isUnimplemented(fmt.Errorf("BlockTemplate.submitSolution: %w", exc.New(exc.Unimplemented, "", "method not found"))) {
		t.Error("a wrapped Unimplemented exception")
	}
	if isUnimplemented(exc.New(exc.Failed, "", "std::exception: Old submitSolution (@7) not supported. Please update your client!")) {
		t.Error("a FAILED exception")
	}
}
