package interfaces

import (
	"context"
	"testing"

	capnp "capnproto.org/go/capnp/v3"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/capnp/messages"
)

// TestServerRejectsMalformedFields sends raw calls with wrong field sizes
// to a node's Chain: each fails with an error naming the field, none
// reaches the implementation or panics.
func TestServerRejectsMalformedFields(t *testing.T) {
	s := viaMakeChain(t, nil)
	ch, ctx := rawChain(s), testCtx(t)
	check := func(name string, err error, want string) {
		t.Helper()
		if !contains(err, want) {
			t.Errorf("%s: err = %v, want %q", name, err, want)
		}
	}
	short := make([]byte, 31)
	var err error

	f1, r1 := ch.FindBlock(ctx, func(p messages.Chain_findBlock_Params) error { return p.SetHash(short) })
	defer r1()
	_, err = f1.Struct()
	check("findBlock", err, "hash: hash of 31 bytes, want 32")
	f2, r2 := ch.IsInMempool(ctx, nil)
	defer r2()
	_, err = f2.Struct()
	check("isInMempool", err, "txid: hash of 0 bytes")
	f3, r3 := ch.GetTransactionAncestry(ctx, func(p messages.Chain_getTransactionAncestry_Params) error { return p.SetTxid(make([]byte, 33)) })
	defer r3()
	_, err = f3.Struct()
	check("getTransactionAncestry", err, "txid: hash of 33 bytes")
	f4, r4 := ch.WaitForNotificationsIfTipChanged(ctx, func(p messages.Chain_waitForNotificationsIfTipChanged_Params) error { return p.SetOldTip(short) })
	defer r4()
	_, err = f4.Struct()
	check("waitForNotificationsIfTipChanged", err, "oldTip: hash of 31 bytes")
	f5, r5 := ch.BroadcastTransaction(ctx, func(p messages.Chain_broadcastTransaction_Params) error { return p.SetTx([]byte{1, 2, 3}) })
	defer r5()
	_, err = f5.Struct()
	check("broadcastTransaction", err, "tx: ")
	raw, err := txBytes(testTx(1))
	if err != nil {
		t.Fatal(err)
	}
	f6, r6 := ch.BroadcastTransaction(ctx, func(p messages.Chain_broadcastTransaction_Params) error { return p.SetTx(append(raw, 0)) })
	defer r6()
	_, err = f6.Struct()
	check("broadcastTransaction trailing", err, "1 bytes after the transaction")
	f7, r7 := ch.FindCoins(ctx, func(p messages.Chain_findCoins_Params) error {
		l, err := p.NewOutpoints(2)
		if err != nil {
			return err
		}
		if err := l.Set(0, make([]byte, 36)); err != nil {
			return err
		}
		return l.Set(1, make([]byte, 35))
	})
	defer r7()
	_, err = f7.Struct()
	check("findCoins", err, "outpoint 1: outpoint of 35 bytes, want 36")
	f8, r8 := ch.UpdateRwSetting(ctx, func(p messages.Chain_updateRwSetting_Params) error {
		if err := p.SetName("x"); err != nil {
			return err
		}
		return p.SetValue("{")
	})
	defer r8()
	_, err = f8.Struct()
	check("updateRwSetting", err, "not JSON")
	s.fake.mu.Lock()
	defer s.fake.mu.Unlock()
	if s.fake.lastTx != nil || len(s.fake.settings) != 0 {
		t.Error("a malformed call reached the chain")
	}
}

// badChain answers with malformed fields.
type badChain struct {
	*chainServer
	coins int32
}

func (b *badChain) GetTip(ctx context.Context, call messages.Chain_getTip) error {
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	res.SetHeight(5)
	return res.SetHash([]byte{1, 2, 3, 4, 5})
}

func (b *badChain) GetBlockHash(ctx context.Context, call messages.Chain_getBlockHash) error {
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	res.SetFound(true)
	return res.SetHash(make([]byte, 31))
}

func (b *badChain) FindBlock(ctx context.Context, call messages.Chain_findBlock) error {
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	res.SetFound(true)
	m, err := res.NewBlock()
	if err != nil {
		return err
	}
	if call.Args().WantData() {
		// A valid hash, but data of another block.
		h := testBlock(1).BlockHash()
		raw, err := blockBytes(testBlock(2))
		if err != nil {
			return err
		}
		if err := m.SetHash(h[:]); err != nil {
			return err
		}
		return m.SetData(raw)
	}
	return m.SetHash(make([]byte, 64))
}

func (b *badChain) FindFirstBlockWithTimeAndHeight(ctx context.Context, call messages.Chain_findFirstBlockWithTimeAndHeight) error {
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	res.SetFound(true)
	m, err := res.NewBlock()
	if err != nil {
		return err
	}
	h := testBlock(1).BlockHash()
	if err := m.SetHash(h[:]); err != nil {
		return err
	}
	return m.SetData([]byte{0xde, 0xad})
}

func (b *badChain) FindCoins(ctx context.Context, call messages.Chain_findCoins) error {
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	_, err = res.NewCoins(b.coins)
	return err
}

func (b *badChain) GetRwSetting(ctx context.Context, call messages.Chain_getRwSetting) error {
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	return res.SetValue("{not json")
}

// TestClientRejectsMalformedFields has a node answer with malformed fields:
// the wallet's client returns errors, never panics.
func TestClientRejectsMalformedFields(t *testing.T) {
	bad := &badChain{chainServer: &chainServer{chain: newFakeChain()}, coins: 1}
	c := serveCap(t, capnp.Client(messages.Chain_ServerToClient(bad)))
	chain := NewChainClient(Conn{Client: c}, messages.Chain(capnp.Client(c.Init).AddRef()))
	defer chain.Close()
	ctx := testCtx(t)
	if _, err := chain.Tip(ctx); !contains(err, "Chain.getTip: hash: hash of 5 bytes, want 32") {
		t.Errorf("Tip: %v", err)
	}
	if _, _, err := chain.BlockHash(ctx, 1); !contains(err, "hash of 31 bytes") {
		t.Errorf("BlockHash: %v", err)
	}
	if _, _, err := chain.FindBlock(ctx, hashOf(1), false); !contains(err, "block hash: hash of 64 bytes") {
		t.Errorf("FindBlock: %v", err)
	}
	if _, _, err := chain.FindBlock(ctx, hashOf(1), true); !contains(err, "block data hashes to") {
		t.Errorf("FindBlock(wantData): %v", err)
	}
	if _, _, err := chain.FindFirstBlockWithTimeAndHeight(ctx, 0, 0); !contains(err, "block data") {
		t.Errorf("FindFirstBlockWithTimeAndHeight: %v", err)
	}
	if _, err := chain.FindCoins(ctx, make([]wire.OutPoint, 3)); !contains(err, "1 coins for 3 outpoints") {
		t.Errorf("FindCoins: %v", err)
	}
	if _, err := chain.RwSetting(ctx, "x"); !contains(err, "not JSON") {
		t.Errorf("RwSetting: %v", err)
	}
	// Methods the bad chain does not override still work.
	if ibd, err := chain.IsInitialBlockDownload(ctx); err != nil || !ibd {
		t.Errorf("IsInitialBlockDownload = %v %v", ibd, err)
	}
}

// TestNotificationServerRejectsMalformed: a garbage block fails the call
// and is not delivered.
func TestNotificationServerRejectsMalformed(t *testing.T) {
	rec := newRecorder()
	c := serveCap(t, capnp.Client(messages.ChainNotifications_ServerToClient(&notifyServer{n: rec})))
	remote := messages.ChainNotifications(capnp.Client(c.Init).AddRef())
	defer remote.Release()
	ctx := testCtx(t)
	f, rel := remote.BlockConnected(ctx, func(p messages.ChainNotifications_blockConnected_Params) error {
		return p.SetBlock([]byte{1, 2, 3})
	})
	defer rel()
	if _, err := f.Struct(); !contains(err, "block: ") {
		t.Errorf("blockConnected: %v", err)
	}
	f2, rel2 := remote.TransactionAddedToMempool(ctx, nil)
	defer rel2()
	if _, err := f2.Struct(); !contains(err, "tx: ") {
		t.Errorf("transactionAddedToMempool: %v", err)
	}
	if got := rec.list(); len(got) != 0 {
		t.Errorf("delivered %q", got)
	}
}
