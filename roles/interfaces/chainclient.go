package interfaces

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/capnp/messages"
)

// NewChainClient returns a Go Chain whose calls go to remote over conn.
// Every field the node returns is checked (hash lengths, serializations);
// once the connection is gone calls fail at once with errors wrapping
// ipc.ErrCalledAfterDisconnect or ipc.ErrInterruptedByDisconnect. The
// client owns remote: Close releases it.
func NewChainClient(conn Conn, remote messages.Chain) *ChainClient {
	return &ChainClient{conn: conn, k: newCaller(conn), remote: remote}
}

// ChainClient is the Chain of a node reached over IPC.
type ChainClient struct {
	conn   Conn
	k      *caller
	remote messages.Chain
}

var _ Chain = (*ChainClient)(nil)

// Close releases the capability.
func (c *ChainClient) Close() { c.remote.Release() }

// Tip implements Chain.
func (c *ChainClient) Tip(ctx context.Context) (Tip, error) {
	var t Tip
	err := c.k.do("Chain.getTip", func() error {
		f, rel := c.remote.GetTip(ctx, nil)
		defer rel()
		res, err := f.Struct()
		if err != nil {
			return err
		}
		raw, err := res.Hash()
		if err != nil {
			return fmt.Errorf("reading hash: %w", err)
		}
		t.Height = res.Height()
		if t.Height < 0 {
			t.Hash, err = readOptHash(raw, "hash")
		} else {
			t.Hash, err = readHash(raw, "hash")
		}
		return err
	})
	return t, err
}

// BlockHash implements Chain.
func (c *ChainClient) BlockHash(ctx context.Context, height int32) (chainhash.Hash, bool, error) {
	var h chainhash.Hash
	var found bool
	err := c.k.do("Chain.getBlockHash", func() error {
		f, rel := c.remote.GetBlockHash(ctx, func(p messages.Chain_getBlockHash_Params) error {
			p.SetHeight(height)
			return nil
		})
		defer rel()
		res, err := f.Struct()
		if err != nil || !res.Found() {
			return err
		}
		raw, err := res.Hash()
		if err != nil {
			return fmt.Errorf("reading hash: %w", err)
		}
		h, err = readHash(raw, "hash")
		found = err == nil
		return err
	})
	return h, found, err
}

// foundSource is what findBlock and findFirstBlockWithTimeAndHeight
// results have in common.
type foundSource interface {
	Found() bool
	Block() (messages.FoundBlock, error)
}

func readFound(res foundSource) (FoundBlock, bool, error) {
	if !res.Found() {
		return FoundBlock{}, false, nil
	}
	m, err := res.Block()
	if err != nil {
		return FoundBlock{}, false, fmt.Errorf("reading block: %w", err)
	}
	raw, err := m.Hash()
	if err != nil {
		return FoundBlock{}, false, fmt.Errorf("reading block hash: %w", err)
	}
	h, err := readHash(raw, "block hash")
	if err != nil {
		return FoundBlock{}, false, err
	}
	fb := FoundBlock{
		Hash: h, Height: m.Height(), InActiveChain: m.InActiveChain(),
		Time: m.Time(), MaxTime: m.MaxTime(), MedianTimePast: m.MedianTimePast(),
	}
	if m.HasData() {
		data, err := m.Data()
		if err != nil {
			return FoundBlock{}, false, fmt.Errorf("reading block data: %w", err)
		}
		if fb.Block, err = readBlock(data, "block data"); err != nil {
			return FoundBlock{}, false, err
		}
		if got := fb.Block.BlockHash(); got != h {
			return FoundBlock{}, false, fmt.Errorf("block data hashes to %s, not %s", got, h)
		}
	}
	return fb, true, nil
}

// FindBlock implements Chain.
func (c *ChainClient) FindBlock(ctx context.Context, hash chainhash.Hash, wantData bool) (FoundBlock, bool, error) {
	var fb FoundBlock
	var found bool
	err := c.k.do("Chain.findBlock", func() error {
		f, rel := c.remote.FindBlock(ctx, func(p messages.Chain_findBlock_Params) error {
			p.SetWantData(wantData)
			return p.SetHash(hash[:])
		})
		defer rel()
		res, err := f.Struct()
		if err != nil {
			return err
		}
		fb, found, err = readFound(res)
		return err
	})
	return fb, found, err
}

// FindFirstBlockWithTimeAndHeight implements Chain.
func (c *ChainClient) FindFirstBlockWithTimeAndHeight(ctx context.Context, minTime int64, minHeight int32) (FoundBlock, bool, error) {
	var fb FoundBlock
	var found bool
	err := c.k.do("Chain.findFirstBlockWithTimeAndHeight", func() error {
		f, rel := c.remote.FindFirstBlockWithTimeAndHeight(ctx, func(p messages.Chain_findFirstBlockWithTimeAndHeight_Params) error {
			p.SetMinTime(minTime)
			p.SetMinHeight(minHeight)
			return nil
		})
		defer rel()
		res, err := f.Struct()
		if err != nil {
			return err
		}
		fb, found, err = readFound(res)
		return err
	})
	return fb, found, err
}

// IsInitialBlockDownload implements Chain.
func (c *ChainClient) IsInitialBlockDownload(ctx context.Context) (bool, error) {
	var ibd bool
	err := c.k.do("Chain.isInitialBlockDownload", func() error {
		f, rel := c.remote.IsInitialBlockDownload(ctx, nil)
		defer rel()
		res, err := f.Struct()
		ibd = err == nil && res.Result()
		return err
	})
	return ibd, err
}

// BroadcastTransaction implements Chain.
func (c *ChainClient) BroadcastTransaction(ctx context.Context, tx *wire.MsgTx, maxTxFee int64, relay bool) (string, error) {
	raw, err := txBytes(tx)
	if err != nil {
		return "", fmt.Errorf("Chain.broadcastTransaction: %w", err)
	}
	var reject string
	err = c.k.do("Chain.broadcastTransaction", func() error {
		f, rel := c.remote.BroadcastTransaction(ctx, func(p messages.Chain_broadcastTransaction_Params) error {
			p.SetMaxTxFee(maxTxFee)
			p.SetRelay(relay)
			return p.SetTx(raw)
		})
		defer rel()
		res, err := f.Struct()
		if err != nil {
			return err
		}
		reject, err = res.Error()
		return err
	})
	return reject, err
}

// IsInMempool implements Chain.
func (c *ChainClient) IsInMempool(ctx context.Context, txid chainhash.Hash) (bool, error) {
	var in bool
	err := c.k.do("Chain.isInMempool", func() error {
		f, rel := c.remote.IsInMempool(ctx, func(p messages.Chain_isInMempool_Params) error { return p.SetTxid(txid[:]) })
		defer rel()
		res, err := f.Struct()
		in = err == nil && res.Result()
		return err
	})
	return in, err
}

// TransactionAncestry implements Chain.
func (c *ChainClient) TransactionAncestry(ctx context.Context, txid chainhash.Hash) (ancestors, descendants uint64, err error) {
	err = c.k.do("Chain.getTransactionAncestry", func() error {
		f, rel := c.remote.GetTransactionAncestry(ctx, func(p messages.Chain_getTransactionAncestry_Params) error {
			return p.SetTxid(txid[:])
		})
		defer rel()
		res, err := f.Struct()
		if err == nil {
			ancestors, descendants = res.Ancestors(), res.Descendants()
		}
		return err
	})
	return ancestors, descendants, err
}

// EstimateSmartFee implements Chain.
func (c *ChainClient) EstimateSmartFee(ctx context.Context, target int32, conservative bool) (feeRate int64, returnedTarget int32, err error) {
	err = c.k.do("Chain.estimateSmartFee", func() error {
		f, rel := c.remote.EstimateSmartFee(ctx, func(p messages.Chain_estimateSmartFee_Params) error {
			p.SetTarget(target)
			p.SetConservative(conservative)
			return nil
		})
		defer rel()
		res, err := f.Struct()
		if err == nil {
			feeRate, returnedTarget = res.FeeRate(), res.ReturnedTarget()
		}
		return err
	})
	return feeRate, returnedTarget, err
}

// RelayFees implements Chain with the three fee calls, pipelined.
func (c *ChainClient) RelayFees(ctx context.Context) (RelayFees, error) {
	var fees RelayFees
	err := c.k.do("Chain.relayMinFee/relayIncrementalFee/relayDustFee", func() error {
		fm, rel1 := c.remote.RelayMinFee(ctx, nil)
		defer rel1()
		fi, rel2 := c.remote.RelayIncrementalFee(ctx, nil)
		defer rel2()
		fd, rel3 := c.remote.RelayDustFee(ctx, nil)
		defer rel3()
		m, err := fm.Struct()
		if err != nil {
			return err
		}
		i, err := fi.Struct()
		if err != nil {
			return err
		}
		d, err := fd.Struct()
		if err != nil {
			return err
		}
		fees = RelayFees{MinRelay: m.FeeRate(), Incremental: i.FeeRate(), Dust: d.FeeRate()}
		return nil
	})
	return fees, err
}

// Now implements Chain.
func (c *ChainClient) Now(ctx context.Context) (time.Time, error) {
	var t time.Time
	err := c.k.do("Chain.now", func() error {
		f, rel := c.remote.Now(ctx, nil)
		defer rel()
		res, err := f.Struct()
		if err == nil {
			t = time.Unix(res.Seconds(), 0)
		}
		return err
	})
	return t, err
}

// HandleNotifications implements Chain: n is served on this connection,
// one call at a time in the order the node sends them, until the returned
// Handler is disconnected.
func (c *ChainClient) HandleNotifications(ctx context.Context, n ChainNotifications) (Handler, error) {
	if n == nil {
		return nil, errors.New("Chain.handleNotifications: nil notifications")
	}
	local := &notifyServer{n: n}
	var handler messages.Handler
	err := c.k.do("Chain.handleNotifications", func() error {
		capN := messages.ChainNotifications(c.conn.export(messages.ChainNotifications_Methods(nil, local), local))
		f, rel := c.remote.HandleNotifications(ctx, func(p messages.Chain_handleNotifications_Params) error {
			return p.SetNotifications(capN)
		})
		defer rel()
		res, err := f.Struct()
		if err != nil {
			return err
		}
		if !res.HasHandler() {
			return errors.New("null handler")
		}
		handler = res.Handler().AddRef()
		return nil
	})
	if err != nil {
		local.stopped.Store(true)
		return nil, err
	}
	return &handlerClient{k: c.k, log: c.conn.logger(), remote: handler, local: local}, nil
}

// WaitForNotificationsIfTipChanged implements Chain.
func (c *ChainClient) WaitForNotificationsIfTipChanged(ctx context.Context, oldTip chainhash.Hash) error {
	return c.k.do("Chain.waitForNotificationsIfTipChanged", func() error {
		f, rel := c.remote.WaitForNotificationsIfTipChanged(ctx, func(p messages.Chain_waitForNotificationsIfTipChanged_Params) error {
			return p.SetOldTip(oldTip[:])
		})
		defer rel()
		_, err := f.Struct()
		return err
	})
}

// RwSetting implements Chain; JSON null reads as no value.
func (c *ChainClient) RwSetting(ctx context.Context, name string) (json.RawMessage, error) {
	var v json.RawMessage
	err := c.k.do("Chain.getRwSetting", func() error {
		f, rel := c.remote.GetRwSetting(ctx, func(p messages.Chain_getRwSetting_Params) error { return p.SetName(name) })
		defer rel()
		res, err := f.Struct()
		if err != nil || !res.HasValue() {
			return err
		}
		text, err := res.Value()
		if err != nil {
			return fmt.Errorf("reading value: %w", err)
		}
		v, err = settingValue(text)
		return err
	})
	return v, err
}

// UpdateRwSetting implements Chain; a nil value removes the setting.
func (c *ChainClient) UpdateRwSetting(ctx context.Context, name string, value json.RawMessage) error {
	if value != nil && !json.Valid(value) {
		return errors.New("Chain.updateRwSetting: value is not JSON")
	}
	return c.k.do("Chain.updateRwSetting", func() error {
		f, rel := c.remote.UpdateRwSetting(ctx, func(p messages.Chain_updateRwSetting_Params) error {
			if value != nil {
				if err := p.SetValue(string(value)); err != nil {
					return err
				}
			}
			return p.SetName(name)
		})
		defer rel()
		res, err := f.Struct()
		if err != nil {
			return err
		}
		if !res.Ok() {
			return fmt.Errorf("setting %q was not written", name)
		}
		return nil
	})
}

// FindCoins implements Chain.
func (c *ChainClient) FindCoins(ctx context.Context, outpoints []wire.OutPoint) ([]Coin, error) {
	var coins []Coin
	err := c.k.do("Chain.findCoins", func() error {
		f, rel := c.remote.FindCoins(ctx, func(p messages.Chain_findCoins_Params) error {
			l, err := p.NewOutpoints(int32(len(outpoints)))
			if err != nil {
				return err
			}
			for i, op := range outpoints {
				if err := l.Set(i, outpointBytes(op)); err != nil {
					return err
				}
			}
			return nil
		})
		defer rel()
		res, err := f.Struct()
		if err != nil {
			return err
		}
		list, err := res.Coins()
		if err != nil {
			return fmt.Errorf("reading coins: %w", err)
		}
		if list.Len() != len(outpoints) {
			return fmt.Errorf("%d coins for %d outpoints", list.Len(), len(outpoints))
		}
		coins = make([]Coin, list.Len())
		for i := range coins {
			m := list.At(i)
			if !m.Found() {
				continue
			}
			script, err := m.Script()
			if err != nil {
				return fmt.Errorf("reading coin %d script: %w", i, err)
			}
			coins[i] = Coin{Found: true, Value: m.Value(), Script: append([]byte(nil), script...), Height: m.Height(), Coinbase: m.Coinbase()}
		}
		return nil
	})
	return coins, err
}
