package engine

import (
	"context"
	"encoding/json"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/btcsuite/btcd/chaincfg/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/interfaces"
)

// chainStart is the time of the test chain's block 0; each block is ten
// minutes after its parent.
const chainStart = 1_700_000_000

// testChain is an in-memory interfaces.Chain over blocks built with wire.
// It does not validate anything: tests decide what a block holds. Events
// are delivered synchronously, in the caller's goroutine, after the
// chain's own lock is released.
type testChain struct {
	mu        sync.Mutex
	active    []*wire.MsgBlock                  // by height
	known     map[chainhash.Hash]int32          // every block ever connected, by hash
	blocks    map[chainhash.Hash]*wire.MsgBlock // the same, with data
	mempool   map[chainhash.Hash]*wire.MsgTx
	now       time.Time
	settings  map[string]json.RawMessage
	broadcast []*wire.MsgTx
	reject    string // BroadcastTransaction's answer when set
	fees      interfaces.RelayFees
	listeners map[int]interfaces.ChainNotifications
	nextID    int
	nonce     uint32
}

var _ interfaces.Chain = (*testChain)(nil)

// newTestChain returns a chain holding only block 0 (an empty coinbase).
func newTestChain(t *testing.T) *testChain {
	t.Helper()
	c := &testChain{
		known: map[chainhash.Hash]int32{}, blocks: map[chainhash.Hash]*wire.MsgBlock{},
		mempool: map[chainhash.Hash]*wire.MsgTx{}, settings: map[string]json.RawMessage{},
		fees:      interfaces.RelayFees{MinRelay: 100, Incremental: 100, Dust: 3000},
		listeners: map[int]interfaces.ChainNotifications{},
		now:       time.Unix(chainStart, 0),
	}
	c.mine(nil, []byte{0x51})
	return c
}

// setNow sets the node's clock.
func (c *testChain) setNow(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// tipHeight is the active chain's height.
func (c *testChain) tipHeight() int32 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return int32(len(c.active)) - 1
}

// coinbase is a coinbase paying 50 BTC to pk, unique per call.
func (c *testChain) coinbase(height int32, pk []byte) *wire.MsgTx {
	c.nonce++
	tx := wire.NewMsgTx(2)
	sig := []byte{4, byte(height), byte(height >> 8), byte(height >> 16), byte(height >> 24), 4,
		byte(c.nonce), byte(c.nonce >> 8), byte(c.nonce >> 16), byte(c.nonce >> 24)}
	tx.AddTxIn(wire.NewTxIn(&wire.OutPoint{Index: wire.MaxPrevOutIndex}, sig, nil))
	tx.AddTxOut(wire.NewTxOut(50_0000_0000, pk))
	return tx
}

// mine connects a block with a coinbase paying 50 BTC to coinbasePk and
// txs (nil: the whole mempool, in txid order), removes them from the
// mempool and notifies the listeners. It returns the block.
func (c *testChain) mine(txs []*wire.MsgTx, coinbasePk []byte) *wire.MsgBlock {
	c.mu.Lock()
	height := int32(len(c.active))
	if txs == nil {
		for _, tx := range c.mempool {
			txs = append(txs, tx)
		}
		sort.Slice(txs, func(i, j int) bool {
			a, b := txs[i].TxHash(), txs[j].TxHash()
			return string(a[:]) < string(b[:])
		})
	}
	blk := &wire.MsgBlock{Header: wire.BlockHeader{Version: 4, Timestamp: time.Unix(chainStart+int64(height)*600, 0), Bits: 0x207fffff, Nonce: c.nonce}}
	if height > 0 {
		blk.Header.PrevBlock = c.active[height-1].BlockHash()
	}
	blk.AddTransaction(c.coinbase(height, coinbasePk))
	spent := map[wire.OutPoint]bool{}
	for _, tx := range txs {
		blk.AddTransaction(tx)
		delete(c.mempool, tx.TxHash())
		for _, in := range tx.TxIn {
			spent[in.PreviousOutPoint] = true
		}
	}
	// Mempool transactions double-spent by the block leave the mempool.
	var conflicts []*wire.MsgTx
	for id, tx := range c.mempool {
		for _, in := range tx.TxIn {
			if spent[in.PreviousOutPoint] {
				conflicts = append(conflicts, tx)
				delete(c.mempool, id)
				break
			}
		}
	}
	hash := blk.BlockHash()
	c.active = append(c.active, blk)
	c.known[hash], c.blocks[hash] = height, blk
	ls := c.listenersLocked()
	c.mu.Unlock()
	for _, l := range ls {
		for _, tx := range conflicts {
			l.TransactionRemovedFromMempool(tx, "conflict", 0)
		}
		for _, tx := range txs {
			l.TransactionRemovedFromMempool(tx, "block", 0)
		}
		l.BlockConnected(blk, height)
		l.UpdatedBlockTip()
	}
	return blk
}

// mineN mines n blocks paying to pk.
func (c *testChain) mineN(n int, pk []byte) {
	for range n {
		c.mine([]*wire.MsgTx{}, pk)
	}
}

// disconnectTip takes the tip block off the active chain; its
// transactions are not put back in the mempool.
func (c *testChain) disconnectTip() *wire.MsgBlock {
	c.mu.Lock()
	height := int32(len(c.active)) - 1
	blk := c.active[height]
	c.active = c.active[:height]
	ls := c.listenersLocked()
	c.mu.Unlock()
	for _, l := range ls {
		l.BlockDisconnected(blk, height)
		l.UpdatedBlockTip()
	}
	return blk
}

// addToMempool puts tx in the mempool and notifies the listeners.
func (c *testChain) addToMempool(tx *wire.MsgTx) {
	c.mu.Lock()
	c.mempool[tx.TxHash()] = tx
	ls := c.listenersLocked()
	c.mu.Unlock()
	for _, l := range ls {
		l.TransactionAddedToMempool(tx, 0)
	}
}

func (c *testChain) listenersLocked() []interfaces.ChainNotifications {
	ids := make([]int, 0, len(c.listeners))
	for id := range c.listeners {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	out := make([]interfaces.ChainNotifications, 0, len(ids))
	for _, id := range ids {
		out = append(out, c.listeners[id])
	}
	return out
}

func (c *testChain) Tip(context.Context) (interfaces.Tip, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	h := int32(len(c.active)) - 1
	if h < 0 {
		return interfaces.Tip{Height: -1}, nil
	}
	return interfaces.Tip{Height: h, Hash: c.active[h].BlockHash()}, nil
}

func (c *testChain) BlockHash(_ context.Context, height int32) (chainhash.Hash, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if height < 0 || int(height) >= len(c.active) {
		return chainhash.Hash{}, false, nil
	}
	return c.active[height].BlockHash(), true, nil
}

// foundLocked describes the block at height h of the active chain or a
// known stale block.
func (c *testChain) foundLocked(hash chainhash.Hash, wantData bool) interfaces.FoundBlock {
	h := c.known[hash]
	blk := c.blocks[hash]
	fb := interfaces.FoundBlock{Hash: hash, Height: h, Time: blk.Header.Timestamp.Unix()}
	fb.InActiveChain = int(h) < len(c.active) && c.active[h].BlockHash() == hash
	fb.MaxTime, fb.MedianTimePast = fb.Time, fb.Time
	if fb.InActiveChain {
		var times []int64
		for i := h; i >= 0 && i > h-11; i-- {
			times = append(times, c.active[i].Header.Timestamp.Unix())
		}
		sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
		fb.MedianTimePast = times[len(times)/2]
		for i := int32(0); i <= h; i++ {
			fb.MaxTime = max(fb.MaxTime, c.active[i].Header.Timestamp.Unix())
		}
	}
	if wantData {
		fb.Block = blk
	}
	return fb
}

func (c *testChain) FindBlock(_ context.Context, hash chainhash.Hash, wantData bool) (interfaces.FoundBlock, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.known[hash]; !ok {
		return interfaces.FoundBlock{}, false, nil
	}
	return c.foundLocked(hash, wantData), true, nil
}

func (c *testChain) FindFirstBlockWithTimeAndHeight(_ context.Context, minTime int64, minHeight int32) (interfaces.FoundBlock, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for h := max(minHeight, 0); int(h) < len(c.active); h++ {
		fb := c.foundLocked(c.active[h].BlockHash(), false)
		if fb.MaxTime >= minTime {
			return fb, true, nil
		}
	}
	return interfaces.FoundBlock{}, false, nil
}

func (c *testChain) IsInitialBlockDownload(context.Context) (bool, error) { return false, nil }

// BroadcastTransaction records tx and, unless c.reject is set, puts it in
// the mempool (notifying the listeners).
func (c *testChain) BroadcastTransaction(_ context.Context, tx *wire.MsgTx, _ int64, _ bool) (string, error) {
	c.mu.Lock()
	c.broadcast = append(c.broadcast, tx)
	reject := c.reject
	c.mu.Unlock()
	if reject != "" {
		return reject, nil
	}
	c.addToMempool(tx)
	return "", nil
}

func (c *testChain) IsInMempool(_ context.Context, txid chainhash.Hash) (bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.mempool[txid]
	return ok, nil
}

func (c *testChain) TransactionAncestry(_ context.Context, txid chainhash.Hash) (uint64, uint64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.mempool[txid]; ok {
		return 1, 1, nil
	}
	return 0, 0, nil
}

func (c *testChain) EstimateSmartFee(context.Context, int32, bool) (int64, int32, error) {
	return 0, 0, nil
}

func (c *testChain) RelayFees(context.Context) (interfaces.RelayFees, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.fees, nil
}

func (c *testChain) Now(context.Context) (time.Time, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now, nil
}

type testHandler struct {
	c  *testChain
	id int
}

func (h testHandler) Disconnect() {
	h.c.mu.Lock()
	delete(h.c.listeners, h.id)
	h.c.mu.Unlock()
}

func (c *testChain) HandleNotifications(_ context.Context, n interfaces.ChainNotifications) (interfaces.Handler, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.nextID++
	c.listeners[c.nextID] = n
	return testHandler{c: c, id: c.nextID}, nil
}

// WaitForNotificationsIfTipChanged returns at once: every event was
// delivered before the call that caused it returned.
func (c *testChain) WaitForNotificationsIfTipChanged(context.Context, chainhash.Hash) error {
	return nil
}

func (c *testChain) RwSetting(_ context.Context, name string) (json.RawMessage, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.settings[name], nil
}

func (c *testChain) UpdateRwSetting(_ context.Context, name string, value json.RawMessage) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if value == nil {
		delete(c.settings, name)
	} else {
		c.settings[name] = value
	}
	return nil
}

// FindCoins looks outpoints up in the active chain's UTXO set, then in
// the mempool.
func (c *testChain) FindCoins(_ context.Context, ops []wire.OutPoint) ([]interfaces.Coin, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	utxo := map[wire.OutPoint]interfaces.Coin{}
	for h, blk := range c.active {
		for i, tx := range blk.Transactions {
			if i > 0 {
				for _, in := range tx.TxIn {
					delete(utxo, in.PreviousOutPoint)
				}
			}
			for n, o := range tx.TxOut {
				utxo[wire.OutPoint{Hash: tx.TxHash(), Index: uint32(n)}] = interfaces.Coin{Found: true, Value: o.Value, Script: o.PkScript, Height: int32(h), Coinbase: i == 0}
			}
		}
	}
	for _, tx := range c.mempool {
		for _, in := range tx.TxIn {
			delete(utxo, in.PreviousOutPoint)
		}
		for n, o := range tx.TxOut {
			utxo[wire.OutPoint{Hash: tx.TxHash(), Index: uint32(n)}] = interfaces.Coin{Found: true, Value: o.Value, Script: o.PkScript, Height: -1}
		}
	}
	out := make([]interfaces.Coin, len(ops))
	for i, op := range ops {
		out[i] = utxo[op]
	}
	return out, nil
}

// chainOptions are regtest options with a small keypool and Core's
// regtest-test fallback fee (0.0002 BTC/kvB).
func chainOptions(dir string) *Options {
	return &Options{Params: &chaincfg.RegressionNetParams, Chain: "regtest", WalletDir: dir, Keypool: 5,
		FallbackFee: 20_000, MinTxFee: defaultMinTxFee, MaxTxFee: defaultMaxTxFee, DiscardFee: defaultDiscardFee,
		ConfirmTarget: defaultConfirmTarget, SpendZeroConfChange: true, WalletRBF: true, UnsafeSync: true}
}

// newManager is a manager on a fresh wallet directory and test chain.
func newManager(t *testing.T) (*Manager, *testChain) {
	t.Helper()
	c := newTestChain(t)
	m := NewManager(c, chainOptions(t.TempDir()), t.Logf)
	t.Cleanup(m.Close)
	return m, c
}

// createWallet creates a loaded wallet named name on m.
func createWallet(t *testing.T, m *Manager, name string) *Wallet {
	t.Helper()
	w, err := m.Create(context.Background(), name, CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// evict takes tx out of the mempool for reason (Core's
// MemPoolRemovalReason name) and notifies the listeners.
func (c *testChain) evict(tx *wire.MsgTx, reason string) {
	c.mu.Lock()
	delete(c.mempool, tx.TxHash())
	ls := c.listenersLocked()
	c.mu.Unlock()
	for _, l := range ls {
		l.TransactionRemovedFromMempool(tx, reason, 0)
	}
}
