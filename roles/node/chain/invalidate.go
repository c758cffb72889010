package chain

import (
	"math/big"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/chainhash/v2"
)

// descendantSideTips lists the chain tips off the main chain that descend
// from hash (header-only branches included).
func (c *Chain) descendantSideTips(hash chainhash.Hash) []chainhash.Hash {
	height, err := c.Height(hash)
	if err != nil {
		return nil
	}
	var out []chainhash.Hash
	for _, tip := range c.bc.ChainTips() {
		if tip.BranchLen == 0 || tip.Height <= height || tip.BlockHash == hash {
			continue
		}
		h := tip.BlockHash
		for n := tip.Height; n > height; n-- {
			hdr, err := c.bc.HeaderByHash(&h)
			if err != nil {
				break
			}
			h = hdr.PrevBlock
		}
		if h == hash {
			out = append(out, tip.BlockHash)
		}
	}
	return out
}

// invalidateSideDescendants marks the side branches descending from hash
// invalid, as Core's invalidateblock marks every descendant: btcd's
// InvalidateBlock leaves them (header-only ones in particular) valid and
// may pick one as the new best tip.
func (c *Chain) invalidateSideDescendants(hash chainhash.Hash) error {
	for _, tip := range c.descendantSideTips(hash) {
		if err := c.bc.InvalidateBlock(&tip); err != nil {
			return err
		}
	}
	return nil
}

// Reconsider is Core's reconsiderblock: the failure marks of the block, its
// ancestors and all its descendants (side branches included) are cleared,
// and the chain moves to the most-work valid tip. btcd's ReconsiderBlock
// clears only the block and its descendants, so the block's branch is
// cleared from the fork point up.
func (c *Chain) Reconsider(hash *chainhash.Hash) error {
	defer c.lockValidation()()
	var path []chainhash.Hash
	for h := *hash; !c.bc.MainChainHasBlock(&h); {
		path = append(path, h)
		hdr, err := c.bc.HeaderByHash(&h)
		if err != nil {
			return err
		}
		h = hdr.PrevBlock
	}
	if len(path) == 0 {
		path = []chainhash.Hash{*hash}
	}
	for i := len(path) - 1; i >= 0; i-- {
		if err := c.bc.ReconsiderBlock(&path[i]); err != nil {
			return err
		}
	}
	for _, tip := range c.descendantSideTips(*hash) {
		if err := c.bc.ReconsiderBlock(&tip); err != nil {
			return err
		}
	}
	return c.activateBestChain()
}

// BestHeaderHeight is the height of Core's m_best_header: the most-work
// header not known to be invalid (btcd's best header is not moved back by
// invalidateblock or failed blocks).
func (c *Chain) BestHeaderHeight() int32 {
	tip := c.bc.BestSnapshot()
	best, bestWork := tip.Height, (*big.Int)(nil)
	if w, err := c.ChainWork(tip.Hash); err == nil {
		bestWork = w
	}
	for _, t := range c.bc.ChainTips() {
		if t.Status == blockchain.StatusInvalid || t.Status == blockchain.StatusActive {
			continue
		}
		w, err := c.ChainWork(t.BlockHash)
		if err != nil || bestWork == nil || w.Cmp(bestWork) <= 0 {
			continue
		}
		best, bestWork = t.Height, w
	}
	return best
}

// activateBestChain makes the valid fork with the most work active, as
// Core's ActivateBestChain: btcd only reorganizes on its own when a new
// block arrives, so the best valid-fork tip is reconsidered to move to it.
func (c *Chain) activateBestChain() error {
	for {
		tipWork, err := c.ChainWork(c.Tip().Hash)
		if err != nil {
			return err
		}
		var best *blockchain.ChainTip
		var bestWork *big.Int
		tips := c.bc.ChainTips()
		for i := range tips {
			t := &tips[i]
			if t.Status != blockchain.StatusValidFork {
				continue
			}
			w, err := c.ChainWork(t.BlockHash)
			if err != nil {
				return err
			}
			if w.Cmp(tipWork) > 0 && (bestWork == nil || w.Cmp(bestWork) > 0) {
				best, bestWork = t, w
			}
		}
		if best == nil {
			return nil
		}
		before := c.Tip().Hash
		if err := c.bc.ReconsiderBlock(&best.BlockHash); err != nil {
			return err
		}
		if c.Tip().Hash == before {
			return nil // btcd would not move; avoid looping
		}
	}
}

// Precious is Core's preciousblock: a block with as much work as the tip
// becomes the tip, as if it had arrived first. btcd has no block sequence
// ids, so the current tip is invalidated (btcd then moves to the remaining
// most-work tip) and reconsidered at once (an equal-work branch does not
// take the tip back).
func (c *Chain) Precious(hash *chainhash.Hash) error {
	defer c.lockValidation()()
	tip := c.Tip().Hash
	if *hash == tip {
		return nil
	}
	work, err := c.ChainWork(*hash)
	if err != nil {
		return err
	}
	tipWork, err := c.ChainWork(tip)
	if err != nil {
		return err
	}
	if work.Cmp(tipWork) < 0 {
		return nil
	}
	if have, err := c.bc.HaveBlock(hash); err != nil || !have {
		return err
	}
	if err := c.bc.InvalidateBlock(&tip); err != nil {
		return err
	}
	return c.bc.ReconsiderBlock(&tip)
}
