package walletrpc

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/interfaces"
)

// rpcChain is a small in-memory interfaces.Chain for the RPC tests: a
// straight chain of blocks the test mines, events delivered synchronously
// after the chain's lock is released, no mempool.
type rpcChain struct {
	mu        sync.Mutex
	blocks    []*wire.MsgBlock
	listeners []interfaces.ChainNotifications
	settings  map[string]json.RawMessage
}

var _ interfaces.Chain = (*rpcChain)(nil)

const rpcChainStart = 1_700_000_000

func newRPCChain() *rpcChain {
	c := &rpcChain{settings: map[string]json.RawMessage{}}
	c.mine([]byte{0x51})
	return c
}

// mine connects a block whose coinbase pays 50 BTC to pk.
func (c *rpcChain) mine(pk []byte) {
	c.mu.Lock()
	h := int32(len(c.blocks))
	blk := &wire.MsgBlock{Header: wire.BlockHeader{Version: 4, Timestamp: time.Unix(rpcChainStart+int64(h)*600, 0)}}
	if h > 0 {
		blk.Header.PrevBlock = c.blocks[h-1].BlockHash()
	}
	cb := wire.NewMsgTx(2)
	cb.AddTxIn(wire.NewTxIn(&wire.OutPoint{Index: wire.MaxPrevOutIndex}, []byte{4, byte(h), byte(h >> 8), 0, 0}, nil))
	cb.AddTxOut(wire.NewTxOut(50_0000_0000, pk))
	blk.AddTransaction(cb)
	c.blocks = append(c.blocks, blk)
	ls := append([]interfaces.ChainNotifications(nil), c.listeners...)
	c.mu.Unlock()
	for _, l := range ls {
		if l != nil {
			l.BlockConnected(blk, h)
		}
	}
}

func (c *rpcChain) Tip(context.Context) (interfaces.Tip, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	h := int32(len(c.blocks)) - 1
	return interfaces.Tip{Height: h, Hash: c.blocks[h].BlockHash()}, nil
}

func (c *rpcChain) BlockHash(_ context.Context, h int32) (chainhash.Hash, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if h < 0 || int(h) >= len(c.blocks) {
		return chainhash.Hash{}, false, nil
	}
	return c.blocks[h].BlockHash(), true, nil
}

func (c *rpcChain) found(h int, wantData bool) interfaces.FoundBlock {
	b := c.blocks[h]
	t := b.Header.Timestamp.Unix()
	fb := interfaces.FoundBlock{Hash: b.BlockHash(), Height: int32(h), InActiveChain: true, Time: t, MaxTime: t, MedianTimePast: t}
	if wantData {
		fb.Block = b
	}
	return fb
}

func (c *rpcChain) FindBlock(_ context.Context, hash chainhash.Hash, wantData bool) (interfaces.FoundBlock, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for h, b := range c.blocks {
		if b.BlockHash() == hash {
			return c.found(h, wantData), true, nil
		}
	}
	return interfaces.FoundBlock{}, false, nil
}

func (c *rpcChain) FindFirstBlockWithTimeAndHeight(_ context.Context, minTime int64, minHeight int32) (interfaces.FoundBlock, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for h := max(int(minHeight), 0); h < len(c.blocks); h++ {
		if c.blocks[h].Header.Timestamp.Unix() >= minTime {
			return c.found(h, false), true, nil
		}
	}
	return interfaces.FoundBlock{}, false, nil
}

func (c *rpcChain) IsInitialBlockDownload(context.Context) (bool, error) { return false, nil }

func (c *rpcChain) BroadcastTransaction(context.Context, *wire.MsgTx, int64, bool) (string, error) {
	return "", nil
}

func (c *rpcChain) IsInMempool(context.Context, chainhash.Hash) (bool, error) { return false, nil }

func (c *rpcChain) TransactionAncestry(context.Context, chainhash.Hash) (uint64, uint64, error) {
	return 0, 0, nil
}

func (c *rpcChain) EstimateSmartFee(context.Context, int32, bool) (int64, int32, error) {
	return 0, 0, nil
}

func (c *rpcChain) RelayFees(context.Context) (interfaces.RelayFees, error) {
	return interfaces.RelayFees{MinRelay: 100, Incremental: 100, Dust: 3000}, nil
}

func (c *rpcChain) Now(context.Context) (time.Time, error) {
	return time.Unix(rpcChainStart, 0), nil
}

type rpcHandler struct {
	c *rpcChain
	i int
}

func (h rpcHandler) Disconnect() {
	h.c.mu.Lock()
	h.c.listeners[h.i] = nil
	h.c.mu.Unlock()
}

func (c *rpcChain) HandleNotifications(_ context.Context, n interfaces.ChainNotifications) (interfaces.Handler, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.listeners = append(c.listeners, n)
	return rpcHandler{c: c, i: len(c.listeners) - 1}, nil
}

func (c *rpcChain) WaitForNotificationsIfTipChanged(context.Context, chainhash.Hash) error {
	return nil
}

func (c *rpcChain) RwSetting(_ context.Context, name string) (json.RawMessage, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.settings[name], nil
}

func (c *rpcChain) UpdateRwSetting(_ context.Context, name string, v json.RawMessage) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.settings[name] = v
	return nil
}

func (c *rpcChain) FindCoins(_ context.Context, ops []wire.OutPoint) ([]interfaces.Coin, error) {
	return make([]interfaces.Coin, len(ops)), nil
}
