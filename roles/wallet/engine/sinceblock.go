package engine

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/btcsuite/btcd/chainhash/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/interfaces"
)

// Errors of listsinceblock, with Core's texts.
var (
	ErrBlockNotFound   = errors.New("Block not found")
	ErrBlockUnreadable = errors.New("Can't read block from disk")
)

// SinceBlock is what listsinceblock reports.
type SinceBlock struct {
	// Txs are the wallet transactions less deep than the fork point of
	// the requested block (all of them without one), in wallet order.
	Txs []TxView
	// Removed are the wallet transactions of the blocks between the
	// requested block and the fork point, when it is off the active
	// chain: from the requested block back.
	Removed []TxView
	// LastBlock is the block target-1 below the wallet's last block.
	LastBlock chainhash.Hash
}

// ListSinceBlock is Core's listsinceblock. since may be nil; target
// (>= 1) picks LastBlock; removed is skipped unless includeRemoved.
func (w *Wallet) ListSinceBlock(ctx context.Context, since *chainhash.Hash, target int32, includeRemoved bool) (SinceBlock, error) {
	w.mu.Lock()
	last := w.synced
	w.mu.Unlock()
	var out SinceBlock
	forkHeight, altHeight := int32(-1), int32(-1)
	if since != nil {
		fb, ok, err := w.chain.FindBlock(ctx, *since, false)
		if err != nil {
			return out, fmt.Errorf("find block: %w", err)
		}
		if !ok {
			return out, ErrBlockNotFound
		}
		altHeight = fb.Height
		if forkHeight, err = w.forkPoint(ctx, *since, fb); err != nil {
			return out, err
		}
		forkHeight = min(forkHeight, last.Height)
	}
	// The transactions of the detached blocks, read before taking w.mu.
	var detached []chainhash.Hash
	if includeRemoved && since != nil {
		hash, h := *since, altHeight
		for h > forkHeight {
			fb, ok, err := w.chain.FindBlock(ctx, hash, true)
			if err != nil || !ok || fb.Block == nil {
				return out, ErrBlockUnreadable
			}
			for _, tx := range fb.Block.Transactions {
				detached = append(detached, tx.TxHash())
			}
			hash = fb.Block.Header.PrevBlock
			h--
		}
	}
	target = min(target, last.Height+1)
	if h := last.Height + 1 - target; h >= 0 {
		hash, ok, err := w.chain.BlockHash(ctx, h)
		if err != nil {
			return out, fmt.Errorf("block hash at %d: %w", h, err)
		}
		if ok {
			out.LastBlock = hash
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	depth := int32(-1)
	if since != nil {
		depth = w.synced.Height + 1 - forkHeight
	}
	for _, t := range w.txs {
		d := w.depth(t)
		if d < 0 {
			d = -d
		}
		if depth == -1 || d < depth {
			out.Txs = append(out.Txs, w.view(t))
		}
	}
	sort.Slice(out.Txs, func(i, j int) bool { return out.Txs[i].OrderPos < out.Txs[j].OrderPos })
	for _, id := range detached {
		if t, ok := w.txs[id]; ok {
			out.Removed = append(out.Removed, w.view(t))
		}
	}
	return out, nil
}

// forkPoint is the height of the last block the active chain shares with
// the branch ending at hash (Core's findCommonAncestor with the tip).
func (w *Wallet) forkPoint(ctx context.Context, hash chainhash.Hash, fb interfaces.FoundBlock) (int32, error) {
	for !fb.InActiveChain {
		full, ok, err := w.chain.FindBlock(ctx, hash, true)
		if err != nil {
			return 0, fmt.Errorf("find block: %w", err)
		}
		if !ok || full.Block == nil {
			return 0, ErrBlockNotFound
		}
		hash = full.Block.Header.PrevBlock
		if fb, ok, err = w.chain.FindBlock(ctx, hash, false); err != nil {
			return 0, fmt.Errorf("find block: %w", err)
		} else if !ok {
			return 0, ErrBlockNotFound
		}
	}
	return fb.Height, nil
}
