package walletchain

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/config"
	"github.com/mpbitcoin/mpbitcoin/roles/interfaces"
	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	"github.com/mpbitcoin/mpbitcoin/roles/node/mempool"
	"github.com/mpbitcoin/mpbitcoin/roles/node/notify"
)

// Policy fee rates in sat/kvB (Core v30's defaults: -minrelaytxfee,
// -incrementalrelayfee, -dustrelayfee).
const (
	defaultMinRelayFee    = 100
	defaultIncrementalFee = 100
	defaultDustRelayFee   = 3000
)

// Chain serves interfaces.Chain from the node's parts.
type Chain struct {
	Chain *chain.Chain
	Pool  *mempool.Pool // nil: empty mempool, broadcasts fail
	Hub   *notify.Hub
	Clock *chain.Clock
	Args  *config.Args
}

var _ interfaces.Chain = (*Chain)(nil)

// Tip returns the active tip.
func (c *Chain) Tip(context.Context) (interfaces.Tip, error) {
	s := c.Chain.Tip()
	return interfaces.Tip{Height: s.Height, Hash: s.Hash}, nil
}

// BlockHash returns the hash of the active-chain block at height.
func (c *Chain) BlockHash(_ context.Context, height int32) (chainhash.Hash, bool, error) {
	if height < 0 || height > c.Chain.Tip().Height {
		return chainhash.Hash{}, false, nil
	}
	h, err := c.Chain.BlockChain().BlockHashByHeight(height)
	if err != nil {
		return chainhash.Hash{}, false, nil
	}
	return *h, true, nil
}

// FindBlock looks a block up by hash.
func (c *Chain) FindBlock(_ context.Context, hash chainhash.Hash, wantData bool) (interfaces.FoundBlock, bool, error) {
	hdr, err := c.Chain.HeaderByHash(&hash)
	if err != nil {
		return interfaces.FoundBlock{}, false, nil
	}
	height, err := c.Chain.Height(hash)
	if err != nil {
		return interfaces.FoundBlock{}, false, nil
	}
	fb := interfaces.FoundBlock{Hash: hash, Height: height, InActiveChain: c.Chain.OnMainChain(&hash), Time: hdr.Timestamp.Unix()}
	fb.MaxTime = fb.Time
	if mtp, err := c.Chain.MedianTime(&hdr); err == nil {
		fb.MedianTimePast = mtp.Unix()
	}
	if fb.InActiveChain {
		// MaxTime is the highest header time up to this block, as Core's
		// nTimeMax; a short walk back is enough on the chains we serve.
		for h := height - 1; h >= 0 && h >= height-11; h-- {
			if bh, err := c.Chain.BlockChain().BlockHashByHeight(h); err == nil {
				if ph, err := c.Chain.HeaderByHash(bh); err == nil && ph.Timestamp.Unix() > fb.MaxTime {
					fb.MaxTime = ph.Timestamp.Unix()
				}
			}
		}
	}
	if wantData {
		blk, err := c.Chain.BlockByHash(&hash)
		if err != nil {
			return interfaces.FoundBlock{}, false, fmt.Errorf("read block %s: %w", hash, err)
		}
		fb.Block = blk.MsgBlock()
	}
	return fb, true, nil
}

// FindFirstBlockWithTimeAndHeight returns the first active-chain block with
// time >= minTime (by its running maximum time, as Core) and height >=
// minHeight.
func (c *Chain) FindFirstBlockWithTimeAndHeight(ctx context.Context, minTime int64, minHeight int32) (interfaces.FoundBlock, bool, error) {
	tip := c.Chain.Tip().Height
	if minHeight < 0 {
		minHeight = 0
	}
	maxTime := int64(0)
	for h := int32(0); h <= tip; h++ {
		hash, ok, _ := c.BlockHash(ctx, h)
		if !ok {
			break
		}
		hdr, err := c.Chain.HeaderByHash(&hash)
		if err != nil {
			return interfaces.FoundBlock{}, false, fmt.Errorf("read header at %d: %w", h, err)
		}
		if t := hdr.Timestamp.Unix(); t > maxTime {
			maxTime = t
		}
		if h >= minHeight && maxTime >= minTime {
			return c.FindBlock(ctx, hash, false)
		}
	}
	return interfaces.FoundBlock{}, false, nil
}

// IsInitialBlockDownload is the node's IBD latch.
func (c *Chain) IsInitialBlockDownload(context.Context) (bool, error) {
	return c.Chain.IsInitialBlockDownload(), nil
}

// BroadcastTransaction adds tx to the mempool (relaying it to peers) unless
// its fee exceeds maxTxFee (0: no limit); an already known tx is success.
func (c *Chain) BroadcastTransaction(_ context.Context, msg *wire.MsgTx, maxTxFee int64, _ bool) (string, error) {
	if c.Pool == nil {
		return "", errors.New("the node has no mempool")
	}
	tx := btcutil.NewTx(msg)
	if c.Pool.Have(tx.Hash()) {
		return "", nil
	}
	if maxTxFee > 0 {
		res, err := c.Pool.Check(tx)
		if err != nil {
			reason, _ := mempool.RejectReason(err)
			return reason, nil
		}
		if res.Fee > maxTxFee {
			return "max-fee-exceeded", nil
		}
	}
	if _, err := c.Pool.Submit(tx); err != nil {
		reason, _ := mempool.RejectReason(err)
		return reason, nil
	}
	return "", nil
}

// IsInMempool reports whether txid is in the mempool.
func (c *Chain) IsInMempool(_ context.Context, txid chainhash.Hash) (bool, error) {
	return c.Pool != nil && c.Pool.Have(&txid), nil
}

// TransactionAncestry counts the unconfirmed ancestors and descendants of
// txid in the mempool, itself included.
func (c *Chain) TransactionAncestry(_ context.Context, txid chainhash.Hash) (uint64, uint64, error) {
	if c.Pool == nil || !c.Pool.Have(&txid) {
		return 0, 0, nil
	}
	byID := map[chainhash.Hash]*wire.MsgTx{}
	children := map[chainhash.Hash][]chainhash.Hash{}
	for _, d := range c.Pool.Descs() {
		byID[*d.Tx.Hash()] = d.Tx.MsgTx()
	}
	for id, tx := range byID {
		for _, in := range tx.TxIn {
			if _, ok := byID[in.PreviousOutPoint.Hash]; ok {
				children[in.PreviousOutPoint.Hash] = append(children[in.PreviousOutPoint.Hash], id)
			}
		}
	}
	walk := func(start chainhash.Hash, next func(chainhash.Hash) []chainhash.Hash) uint64 {
		seen := map[chainhash.Hash]bool{start: true}
		stack := []chainhash.Hash{start}
		for len(stack) > 0 {
			id := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, n := range next(id) {
				if !seen[n] {
					seen[n] = true
					stack = append(stack, n)
				}
			}
		}
		return uint64(len(seen))
	}
	parents := func(id chainhash.Hash) []chainhash.Hash {
		var out []chainhash.Hash
		for _, in := range byID[id].TxIn {
			if _, ok := byID[in.PreviousOutPoint.Hash]; ok {
				out = append(out, in.PreviousOutPoint.Hash)
			}
		}
		return out
	}
	return walk(txid, parents), walk(txid, func(id chainhash.Hash) []chainhash.Hash { return children[id] }), nil
}

// EstimateSmartFee has no fee estimator behind it yet: it reports no
// estimate, as Core does before it has seen enough blocks.
func (c *Chain) EstimateSmartFee(context.Context, int32, bool) (int64, int32, error) {
	return 0, 0, nil
}

// RelayFees returns the node's policy fee rates.
func (c *Chain) RelayFees(context.Context) (interfaces.RelayFees, error) {
	return interfaces.RelayFees{MinRelay: defaultMinRelayFee, Incremental: defaultIncrementalFee, Dust: defaultDustRelayFee}, nil
}

// Now is the node's clock.
func (c *Chain) Now(context.Context) (time.Time, error) { return c.Clock.Now(), nil }

// RwSetting returns a settings.json value as JSON (nil when unset).
func (c *Chain) RwSetting(_ context.Context, name string) (json.RawMessage, error) {
	v, ok := c.Args.RWSetting(name)
	if !ok {
		return nil, nil
	}
	return json.Marshal(v)
}

// UpdateRwSetting writes a settings.json value (nil removes it).
func (c *Chain) UpdateRwSetting(_ context.Context, name string, value json.RawMessage) error {
	var v any
	if value != nil {
		if err := json.Unmarshal(value, &v); err != nil {
			return fmt.Errorf("setting %s: %w", name, err)
		}
	}
	return c.Args.UpdateRWSettings(func(rw map[string]any) {
		if v == nil {
			delete(rw, name)
		} else {
			rw[name] = v
		}
	})
}

// FindCoins looks outpoints up in the UTXO set, then among mempool outputs.
func (c *Chain) FindCoins(_ context.Context, ops []wire.OutPoint) ([]interfaces.Coin, error) {
	out := make([]interfaces.Coin, len(ops))
	for i, op := range ops {
		coin, err := c.Chain.UTXO(op)
		if err != nil {
			return nil, fmt.Errorf("look up %s: %w", op, err)
		}
		if coin != nil {
			out[i] = interfaces.Coin{Found: true, Value: coin.Amount, Script: coin.PkScript, Height: coin.Height, Coinbase: coin.Coinbase}
			continue
		}
		if c.Pool != nil {
			if tx, err := c.Pool.Fetch(&op.Hash); err == nil && int(op.Index) < len(tx.MsgTx().TxOut) {
				o := tx.MsgTx().TxOut[op.Index]
				out[i] = interfaces.Coin{Found: true, Value: o.Value, Script: o.PkScript, Height: -1}
			}
		}
	}
	return out, nil
}
