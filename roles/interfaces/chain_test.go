package interfaces

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/capnp/messages"
	"github.com/mpbitcoin/mpbitcoin/ipc"
)

// chainSetup is one way a wallet reaches a node's Chain.
type chainSetup struct {
	chain *ChainClient // the wallet's view
	fake  *fakeChain   // the node's implementation
	stop  func()       // closes the connection
}

// viaMakeChain: the node serves the connection and Init.makeChain (a
// wallet attached with -ipcconnect).
func viaMakeChain(t *testing.T, srvLog ipc.Logger) chainSetup {
	t.Helper()
	fake := newFakeChain()
	c, stop := serve(t, srvLog, NewInitFactory(nil, WithChain(fake)))
	ctx := testCtx(t)
	f, rel := c.Init.MakeChain(ctx, func(p messages.Init_makeChain_Params) error { return c.SetContext(p.NewContext) })
	defer rel()
	res, err := f.Struct()
	if err != nil {
		t.Fatalf("makeChain: %v", err)
	}
	if !res.HasResult() {
		t.Fatal("makeChain returned a null Chain")
	}
	return chainSetup{chain: NewChainClient(Conn{Client: c}, res.Result().AddRef()), fake: fake, stop: stop}
}

// walletSetup is a node that spawned a wallet process: the node is the
// connection's client and passes its Chain in Init.makeWalletLoader.
type walletSetup struct {
	chainSetup
	client *ipc.Client
	loader *WalletLoaderClient
	rpc    *RPCClient
	args   []byte
}

func viaMakeWalletLoader(t *testing.T, srvLog ipc.Logger) walletSetup {
	t.Helper()
	fake := newFakeChain()
	type loaded struct {
		chain Chain
		args  []byte
	}
	got := make(chan loaded, 1)
	load := func(ctx context.Context, chain Chain, args []byte) (WalletLoader, RPCExecutor, error) {
		got <- loaded{chain, args}
		return &fakeLoader{chain: chain}, fakeExec{}, nil
	}
	c, stop := serve(t, srvLog, NewInitFactory(nil, WithWalletLoader(load)))
	loader, rpc, err := CallMakeWalletLoader(testCtx(t), Conn{Client: c}, fake, []byte(`{"wallet":["w1"]}`))
	if err != nil {
		t.Fatalf("CallMakeWalletLoader: %v", err)
	}
	l := <-got
	cc, ok := l.chain.(*ChainClient)
	if !ok {
		t.Fatalf("the wallet got a %T", l.chain)
	}
	return walletSetup{chainSetup: chainSetup{chain: cc, fake: fake, stop: stop}, client: c, loader: loader, rpc: rpc, args: l.args}
}

func bothWays(t *testing.T, f func(t *testing.T, s chainSetup)) {
	t.Run("makeChain", func(t *testing.T) { f(t, viaMakeChain(t, nil)) })
	t.Run("makeWalletLoader", func(t *testing.T) { f(t, viaMakeWalletLoader(t, nil).chainSetup) })
}

func TestChainRoundTrip(t *testing.T) {
	bothWays(t, func(t *testing.T, s chainSetup) {
		ctx := testCtx(t)
		c, fake := s.chain, s.fake
		if tip, err := c.Tip(ctx); err != nil || tip != (Tip{Height: 812, Hash: hashOf(9)}) {
			t.Errorf("Tip = %+v, %v", tip, err)
		}
		if h, ok, err := c.BlockHash(ctx, 5); err != nil || !ok || h != hashOf(5) {
			t.Errorf("BlockHash(5) = %v %v %v", h, ok, err)
		}
		if h, ok, err := c.BlockHash(ctx, 5000); err != nil || ok || h != (chainhash.Hash{}) {
			t.Errorf("BlockHash(5000) = %v %v %v", h, ok, err)
		}
		if _, _, err := c.BlockHash(ctx, -1); err == nil || !errors.Is(err, err) || !contains(err, "fake failure") || !contains(err, "Chain.getBlockHash") {
			t.Errorf("BlockHash(-1) err = %v", err)
		}
		want := fake.found()
		fb, ok, err := c.FindBlock(ctx, want.Hash, false)
		if err != nil || !ok || fb != want {
			t.Errorf("FindBlock = %+v %v %v", fb, ok, err)
		}
		fb, ok, err = c.FindBlock(ctx, want.Hash, true)
		if err != nil || !ok || fb.Block == nil || fb.Block.BlockHash() != want.Hash || fb.Block.Transactions[0].WitnessHash() != testTx(7).WitnessHash() {
			t.Errorf("FindBlock(wantData) = %+v %v %v", fb, ok, err)
		}
		if _, ok, err := c.FindBlock(ctx, hashOf(3), true); ok || err != nil {
			t.Errorf("FindBlock(unknown) = %v %v", ok, err)
		}
		if fb, ok, err := c.FindFirstBlockWithTimeAndHeight(ctx, 1, 7); err != nil || !ok || fb != want {
			t.Errorf("FindFirstBlockWithTimeAndHeight = %+v %v %v", fb, ok, err)
		}
		if _, ok, err := c.FindFirstBlockWithTimeAndHeight(ctx, 1, 8); err != nil || ok {
			t.Errorf("FindFirstBlockWithTimeAndHeight(8) = %v %v", ok, err)
		}
		if ibd, err := c.IsInitialBlockDownload(ctx); err != nil || !ibd {
			t.Errorf("IsInitialBlockDownload = %v %v", ibd, err)
		}
		tx := testTx(3)
		if reject, err := c.BroadcastTransaction(ctx, tx, 1000, true); err != nil || reject != "" {
			t.Errorf("BroadcastTransaction = %q %v", reject, err)
		}
		fake.mu.Lock()
		sent := fake.lastTx
		fake.mu.Unlock()
		if sent == nil || sent.WitnessHash() != tx.WitnessHash() || !sent.HasWitness() {
			t.Errorf("the node got %v, want the witness transaction", sent)
		}
		if reject, err := c.BroadcastTransaction(ctx, tx, 1000, false); err != nil || reject != "max-fee-exceeded" {
			t.Errorf("BroadcastTransaction(reject) = %q %v", reject, err)
		}
		if _, err := c.BroadcastTransaction(ctx, tx, -1, true); !contains(err, "fake failure") {
			t.Errorf("BroadcastTransaction(fail) err = %v", err)
		}
		if _, err := c.BroadcastTransaction(ctx, nil, 1, true); err == nil {
			t.Error("BroadcastTransaction(nil) succeeded")
		}
		if in, err := c.IsInMempool(ctx, hashOf(1)); err != nil || !in {
			t.Errorf("IsInMempool(1) = %v %v", in, err)
		}
		if in, err := c.IsInMempool(ctx, hashOf(2)); err != nil || in {
			t.Errorf("IsInMempool(2) = %v %v", in, err)
		}
		if a, d, err := c.TransactionAncestry(ctx, hashOf(4)); err != nil || a != 4 || d != 5+1<<40 {
			t.Errorf("TransactionAncestry = %d %d %v", a, d, err)
		}
		if r, tg, err := c.EstimateSmartFee(ctx, 6, true); err != nil || r != 2000 || tg != 7 {
			t.Errorf("EstimateSmartFee = %d %d %v", r, tg, err)
		}
		// A panicking implementation fails the call, not the process.
		if _, _, err := c.EstimateSmartFee(ctx, 666, false); !contains(err, "panic in IPC server method") {
			t.Errorf("EstimateSmartFee(panic) err = %v", err)
		}
		if f, err := c.RelayFees(ctx); err != nil || f != (RelayFees{100, 200, 3000}) {
			t.Errorf("RelayFees = %+v %v", f, err)
		}
		if now, err := c.Now(ctx); err != nil || !now.Equal(time.Unix(1234567890, 0)) {
			t.Errorf("Now = %v %v", now, err)
		}
		err = c.WaitForNotificationsIfTipChanged(ctx, hashOf(42))
		fake.mu.Lock()
		waited := fake.waited
		fake.mu.Unlock()
		if err != nil || waited != hashOf(42) {
			t.Errorf("WaitForNotificationsIfTipChanged: %v, node got %v", err, waited)
		}
		checkSettings(t, ctx, c)
		checkCoins(t, ctx, c)
	})
}

func checkSettings(t *testing.T, ctx context.Context, c Chain) {
	t.Helper()
	if v, err := c.RwSetting(ctx, "wallet"); err != nil || v != nil {
		t.Errorf("RwSetting(unset) = %s %v", v, err)
	}
	if err := c.UpdateRwSetting(ctx, "wallet", json.RawMessage(`["w1","w2"]`)); err != nil {
		t.Errorf("UpdateRwSetting: %v", err)
	}
	if v, err := c.RwSetting(ctx, "wallet"); err != nil || string(v) != `["w1","w2"]` {
		t.Errorf("RwSetting = %s %v", v, err)
	}
	if err := c.UpdateRwSetting(ctx, "wallet", nil); err != nil {
		t.Errorf("UpdateRwSetting(nil): %v", err)
	}
	if v, err := c.RwSetting(ctx, "wallet"); err != nil || v != nil {
		t.Errorf("RwSetting(removed) = %s %v", v, err)
	}
	if err := c.UpdateRwSetting(ctx, "", json.RawMessage(`1`)); !contains(err, "fake failure") {
		t.Errorf("UpdateRwSetting(fail) err = %v", err)
	}
	if err := c.UpdateRwSetting(ctx, "x", json.RawMessage(`{`)); !contains(err, "not JSON") {
		t.Errorf("UpdateRwSetting(bad JSON) err = %v", err)
	}
}

func checkCoins(t *testing.T, ctx context.Context, c Chain) {
	t.Helper()
	h := hashOf(0xaa)
	ops := []wire.OutPoint{{Hash: h, Index: 0}, {Hash: h, Index: 1}, {Hash: h, Index: 0x01020304}}
	coins, err := c.FindCoins(ctx, ops)
	if err != nil || len(coins) != 3 {
		t.Fatalf("FindCoins = %+v %v", coins, err)
	}
	want0 := Coin{Found: true, Value: 0, Script: []byte{0xaa, 0x51}, Height: 0, Coinbase: true}
	if c0 := coins[0]; !c0.Found || c0.Value != want0.Value || string(c0.Script) != string(want0.Script) || !c0.Coinbase {
		t.Errorf("coin 0 = %+v", c0)
	}
	if coins[1].Found {
		t.Errorf("coin 1 = %+v, want not found", coins[1])
	}
	if c2 := coins[2]; !c2.Found || c2.Value != 0x01020304*10 || c2.Height != 0x01020304 || c2.Coinbase {
		t.Errorf("coin 2 = %+v (outpoint index byte order?)", c2)
	}
	if coins, err := c.FindCoins(ctx, nil); err != nil || len(coins) != 0 {
		t.Errorf("FindCoins(nil) = %v %v", coins, err)
	}
}

func contains(err error, sub string) bool {
	return err != nil && len(sub) > 0 && stringsContains(err.Error(), sub)
}

func TestChainTraced(t *testing.T) {
	log := &memLog{}
	s := viaMakeChain(t, log)
	if _, err := s.chain.Tip(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	if !log.has("Chain.getTip$Params") || !log.has("Init.makeChain$Params") {
		t.Errorf("server log does not name the Chain methods: %q", log.lines)
	}
	// A wallet process traces the notifications it serves.
	wlog := &memLog{}
	w := viaMakeWalletLoader(t, wlog)
	if _, err := w.chain.HandleNotifications(testCtx(t), newRecorder()); err != nil {
		t.Fatal(err)
	}
	w.fake.notifications().UpdatedBlockTip()
	if !wlog.has("ChainNotifications.updatedBlockTip$Params") || !wlog.has("Init.makeWalletLoader$Params") {
		t.Errorf("wallet log does not name the notifications: %q", wlog.lines)
	}
}

func TestNullChain(t *testing.T) {
	c, _ := serve(t, nil, NewInitFactory(nil))
	ctx := testCtx(t)
	f, rel := c.Init.MakeChain(ctx, func(p messages.Init_makeChain_Params) error { return c.SetContext(p.NewContext) })
	defer rel()
	res, err := f.Struct()
	if err != nil || res.HasResult() {
		t.Fatalf("makeChain without a chain: has result %v, %v", res.HasResult(), err)
	}
	nf, rel2 := c.Init.MakeNode(ctx, func(p messages.Init_makeNode_Params) error { return c.SetContext(p.NewContext) })
	defer rel2()
	nres, err := nf.Struct()
	if err != nil || nres.HasResult() {
		t.Fatalf("makeNode: has result %v, %v", nres.HasResult(), err)
	}
	if ExportChain(Conn{}, nil).IsValid() {
		t.Error("ExportChain(nil) is not null")
	}
}

func TestClosedConnectionFailsFast(t *testing.T) {
	bothWays(t, func(t *testing.T, s chainSetup) {
		ctx := testCtx(t)
		if _, err := s.chain.Tip(ctx); err != nil {
			t.Fatal(err)
		}
		s.stop()
		for i := 0; i < 3; i++ {
			start := time.Now()
			_, err := s.chain.Tip(ctx)
			if !errors.Is(err, ipc.ErrCalledAfterDisconnect) && !errors.Is(err, ipc.ErrInterruptedByDisconnect) {
				t.Fatalf("call %d after close: err = %v", i, err)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Fatalf("call %d after close took %v", i, d)
			}
		}
		_, err := s.chain.FindCoins(ctx, nil)
		if !errors.Is(err, ipc.ErrCalledAfterDisconnect) {
			t.Fatalf("later call: err = %v, want ErrCalledAfterDisconnect", err)
		}
	})
}
