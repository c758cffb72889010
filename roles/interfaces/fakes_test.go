package interfaces

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
)

func hashOf(b byte) chainhash.Hash {
	var h chainhash.Hash
	for i := range h {
		h[i] = b + byte(i)
	}
	return h
}

// testTx is a segwit transaction, so witness encoding is exercised.
func testTx(n uint32) *wire.MsgTx {
	tx := wire.NewMsgTx(2)
	prev := hashOf(byte(n))
	tx.AddTxIn(wire.NewTxIn(wire.NewOutPoint(&prev, n), nil, [][]byte{{1, 2, 3}, {byte(n)}}))
	tx.AddTxOut(wire.NewTxOut(int64(n)*1000, []byte{0x00, 0x14, byte(n)}))
	tx.LockTime = n
	return tx
}

func testBlock(n uint32) *wire.MsgBlock {
	prev := hashOf(byte(n))
	b := wire.NewMsgBlock(wire.NewBlockHeader(4, &prev, &chainhash.Hash{}, 0x1d00ffff, n))
	b.Header.Timestamp = time.Unix(1700000000+int64(n), 0)
	b.AddTransaction(testTx(n))
	return b
}

var errFake = errors.New("fake failure")

// fakeChain is a node's Chain for tests: fixed answers derived from the
// arguments, and a record of what it was given.
type fakeChain struct {
	mu        sync.Mutex
	lastTx    *wire.MsgTx
	settings  map[string]json.RawMessage
	notify    ChainNotifications
	handlers  int
	discons   int
	disconned chan struct{}
	waited    chainhash.Hash
	block     *wire.MsgBlock
}

func newFakeChain() *fakeChain {
	return &fakeChain{settings: map[string]json.RawMessage{}, disconned: make(chan struct{}, 16), block: testBlock(7)}
}

func (f *fakeChain) Tip(ctx context.Context) (Tip, error) {
	return Tip{Height: 812, Hash: hashOf(9)}, nil
}

func (f *fakeChain) BlockHash(ctx context.Context, height int32) (chainhash.Hash, bool, error) {
	if height < 0 {
		return chainhash.Hash{}, false, errFake
	}
	if height > 1000 {
		return chainhash.Hash{}, false, nil
	}
	return hashOf(byte(height)), true, nil
}

func (f *fakeChain) found() FoundBlock {
	return FoundBlock{Hash: f.block.BlockHash(), Height: 7, InActiveChain: true, Time: 1700000007, MaxTime: 1700000008, MedianTimePast: 1699999999}
}

func (f *fakeChain) FindBlock(ctx context.Context, hash chainhash.Hash, wantData bool) (FoundBlock, bool, error) {
	if hash != f.block.BlockHash() {
		return FoundBlock{}, false, nil
	}
	fb := f.found()
	if wantData {
		fb.Block = f.block
	}
	return fb, true, nil
}

func (f *fakeChain) FindFirstBlockWithTimeAndHeight(ctx context.Context, minTime int64, minHeight int32) (FoundBlock, bool, error) {
	if minHeight > 7 {
		return FoundBlock{}, false, nil
	}
	return f.found(), true, nil
}

func (f *fakeChain) IsInitialBlockDownload(ctx context.Context) (bool, error) { return true, nil }

func (f *fakeChain) BroadcastTransaction(ctx context.Context, tx *wire.MsgTx, maxTxFee int64, relay bool) (string, error) {
	f.mu.Lock()
	f.lastTx = tx
	f.mu.Unlock()
	if maxTxFee < 0 {
		return "", errFake
	}
	if !relay {
		return "max-fee-exceeded", nil
	}
	return "", nil
}

func (f *fakeChain) IsInMempool(ctx context.Context, txid chainhash.Hash) (bool, error) {
	return txid == hashOf(1), nil
}

func (f *fakeChain) TransactionAncestry(ctx context.Context, txid chainhash.Hash) (uint64, uint64, error) {
	return uint64(txid[0]), uint64(txid[1]) + 1<<40, nil
}

func (f *fakeChain) EstimateSmartFee(ctx context.Context, target int32, conservative bool) (int64, int32, error) {
	if target == 666 {
		panic("fake chain bug")
	}
	if conservative {
		return 2000, target + 1, nil
	}
	return 1000, target, nil
}

func (f *fakeChain) RelayFees(ctx context.Context) (RelayFees, error) {
	return RelayFees{MinRelay: 100, Incremental: 200, Dust: 3000}, nil
}

func (f *fakeChain) Now(ctx context.Context) (time.Time, error) { return time.Unix(1234567890, 0), nil }

type fakeHandler struct {
	f    *fakeChain
	once sync.Once
}

func (h *fakeHandler) Disconnect() {
	h.once.Do(func() {
		h.f.mu.Lock()
		h.f.discons++
		h.f.notify = nil
		h.f.mu.Unlock()
		h.f.disconned <- struct{}{}
	})
}

func (f *fakeChain) HandleNotifications(ctx context.Context, n ChainNotifications) (Handler, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.notify = n
	f.handlers++
	return &fakeHandler{f: f}, nil
}

// notifications returns the registered ChainNotifications (nil after
// disconnect).
func (f *fakeChain) notifications() ChainNotifications {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.notify
}

func (f *fakeChain) WaitForNotificationsIfTipChanged(ctx context.Context, oldTip chainhash.Hash) error {
	f.mu.Lock()
	f.waited = oldTip
	f.mu.Unlock()
	return nil
}

func (f *fakeChain) RwSetting(ctx context.Context, name string) (json.RawMessage, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.settings[name], nil
}

func (f *fakeChain) UpdateRwSetting(ctx context.Context, name string, value json.RawMessage) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if name == "" {
		return errFake
	}
	if value == nil {
		delete(f.settings, name)
	} else {
		f.settings[name] = value
	}
	return nil
}

func (f *fakeChain) FindCoins(ctx context.Context, ops []wire.OutPoint) ([]Coin, error) {
	coins := make([]Coin, len(ops))
	for i, op := range ops {
		if op.Index%2 == 0 {
			coins[i] = Coin{Found: true, Value: int64(op.Index) * 10, Script: []byte{op.Hash[0], 0x51}, Height: int32(op.Index), Coinbase: op.Index == 0}
		}
	}
	return coins, nil
}

// recorder is a wallet's ChainNotifications that records events in order.
type recorder struct {
	slow   bool // BlockConnected at even heights takes a while
	mu     sync.Mutex
	events []string
	got    chan struct{}
}

func newRecorder() *recorder { return &recorder{got: make(chan struct{}, 1024)} }

func (r *recorder) add(s string) {
	r.mu.Lock()
	r.events = append(r.events, s)
	r.mu.Unlock()
	r.got <- struct{}{}
}

func (r *recorder) list() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.events...)
}

func (r *recorder) TransactionAddedToMempool(tx *wire.MsgTx, seq uint64) {
	r.add(fmt.Sprintf("add %d %d", tx.LockTime, seq))
}

func (r *recorder) TransactionRemovedFromMempool(tx *wire.MsgTx, reason string, seq uint64) {
	r.add(fmt.Sprintf("remove %d %s %d", tx.LockTime, reason, seq))
}

func (r *recorder) BlockConnected(b *wire.MsgBlock, height int32) {
	if r.slow && height%2 == 0 {
		time.Sleep(time.Millisecond)
	}
	r.add(fmt.Sprintf("connect %d %d", b.Header.Nonce, height))
}

func (r *recorder) BlockDisconnected(b *wire.MsgBlock, height int32) {
	r.add(fmt.Sprintf("disconnect %d %d", b.Header.Nonce, height))
}

func (r *recorder) UpdatedBlockTip() { r.add("tip") }

// fakeLoader is a wallet role's WalletLoader and RPC.
type fakeLoader struct{ chain Chain }

func (l *fakeLoader) RPCCommands(ctx context.Context) ([]rpcserver.Command, error) {
	return []rpcserver.Command{{Name: "getbalance", Category: "wallet", Help: "Returns the balance.",
		Args:    []rpcserver.Arg{{Name: "minconf", Type: rpcserver.ArgNumber, Default: "0"}},
		Handler: func(*rpcserver.Request) (any, error) { return nil, nil }}}, nil
}

func (l *fakeLoader) ListWallets(ctx context.Context) ([]string, error) {
	return []string{"", "w1", "ünicode"}, nil
}

type fakeExec struct{}

func (fakeExec) Execute(ctx context.Context, body []byte, uri, user string) ([]byte, int) {
	return []byte(fmt.Sprintf(`{"result":"wallet %s %s","error":null,"id":1}`, uri, user)), 200
}
