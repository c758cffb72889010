package chain

import (
	"fmt"

	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/database"
)

// storedBlock reads a block off the main chain (a side branch, or one
// invalidated) from the block database, as Core reads any block whose data
// it has. Its height is set when known.
func (c *Chain) storedBlock(h *chainhash.Hash) (*btcutil.Block, error) {
	var raw []byte
	err := c.db.View(func(tx database.Tx) error {
		b, err := tx.FetchBlock(h)
		if err != nil {
			return err
		}
		raw = append([]byte(nil), b...) // b is valid only inside the transaction
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("block %s: %w", h, err)
	}
	blk, err := btcutil.NewBlockFromBytes(raw)
	if err != nil {
		return nil, fmt.Errorf("stored block %s: %w", h, err)
	}
	if height, err := c.Height(*h); err == nil {
		blk.SetHeight(height)
	}
	return blk, nil
}
