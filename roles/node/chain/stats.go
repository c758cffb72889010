package chain

import (
	"fmt"
	"time"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

// ChainTxCount is Core's m_chain_tx_count for a main-chain block: the
// number of transactions in the chain up to and including it. btcd keeps
// the total only for the tip, so the blocks above are subtracted.
func (c *Chain) ChainTxCount(height int32) (uint64, error) {
	tip := c.bc.BestSnapshot()
	if height < 0 || height > tip.Height {
		return 0, fmt.Errorf("height %d out of range", height)
	}
	count := tip.TotalTxns
	for h := tip.Height; h > height; h-- {
		blk, err := c.bc.BlockByHeight(h)
		if err != nil {
			return 0, err
		}
		count -= uint64(len(blk.Transactions()))
	}
	return count, nil
}

// Coin is an unspent output (Core's Coin).
type Coin struct {
	Amount   int64
	PkScript []byte
	Height   int32
	Coinbase bool
}

// UTXO returns the unspent output at op, nil when there is none.
func (c *Chain) UTXO(op wire.OutPoint) (*Coin, error) {
	e, err := c.bc.FetchUtxoEntry(op)
	if err != nil || e == nil || e.IsSpent() {
		return nil, err
	}
	return &Coin{Amount: e.Amount(), PkScript: e.PkScript(), Height: e.BlockHeight(), Coinbase: e.IsCoinBase()}, nil
}

// Verify is a light Core verifychain: it reads the last depth main-chain
// blocks (0: all) and, from level 1, re-checks their context-free
// validity with btcd's CheckBlockSanity. Undo data and reconnection
// (levels 2-4) are not checked separately; btcd validated them when the
// blocks were connected.
func (c *Chain) Verify(level, depth int) (bool, error) {
	tip := c.bc.BestSnapshot()
	if depth <= 0 || depth > int(tip.Height) {
		depth = int(tip.Height)
	}
	for h := tip.Height; h > tip.Height-int32(depth); h-- {
		blk, err := c.bc.BlockByHeight(h)
		if err != nil {
			return false, err
		}
		if level >= 1 {
			if err := blockchain.CheckBlockSanity(blk, c.Params.PowLimit, noFuture{}); err != nil {
				return false, nil
			}
		}
	}
	return true, nil
}

// OnMainChain reports whether hash is a block of the active chain.
func (c *Chain) OnMainChain(hash *chainhash.Hash) bool { return c.bc.MainChainHasBlock(hash) }

// noFuture is a time source under which no stored block is from the
// future: verifychain's CheckBlock has no time check (that one is
// contextual, done when the block arrived).
type noFuture struct{}

func (noFuture) AdjustedTime() time.Time         { return time.Unix(1<<40, 0) }
func (noFuture) AddTimeSample(string, time.Time) {}
func (noFuture) Offset() time.Duration           { return 0 }
