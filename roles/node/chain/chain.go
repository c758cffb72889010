package chain

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/chaincfg/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/database"
	_ "github.com/btcsuite/btcd/database/ffldb" // registers the ffldb driver
	"github.com/btcsuite/btcd/wire/v2"
)

// Chain is the node's block chain: btcd's BlockChain over ffldb.
type Chain struct {
	Params *chaincfg.Params
	Clock  *Clock

	db  database.DB
	bc  *blockchain.BlockChain
	dir string

	genMu sync.Mutex // one block generation at a time
	work  workCache
	tip   tipWatch
	// assembled records that a block template was built (Core's
	// BlockAssembler sets m_last_block_weight/num_txs then).
	assembled    atomic.Bool
	blockVersion atomic.Int32 // -blockversion override; 0 = none

	srcMu sync.Mutex
	src   TxSource

	ibdDone atomic.Bool // Core's m_cached_finished_ibd latch

	ev events // validation events and lock (events.go)
}

// Open opens (creating if needed) the chain state in <netDataDir>/blocks.
func Open(netDataDir string, params *chaincfg.Params, clock *Clock) (*Chain, error) {
	dir := filepath.Join(netDataDir, "blocks")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating %s: %w", dir, err)
	}
	db, err := database.Open("ffldb", dir, params.Net)
	if err != nil {
		var dbErr database.Error
		if !errors.As(err, &dbErr) || dbErr.ErrorCode != database.ErrDbDoesNotExist {
			return nil, fmt.Errorf("opening block database %s: %w", dir, err)
		}
		if db, err = database.Create("ffldb", dir, params.Net); err != nil {
			return nil, fmt.Errorf("creating block database %s: %w", dir, err)
		}
	}
	bc, err := blockchain.New(&blockchain.Config{
		DB:               db,
		ChainParams:      params,
		TimeSource:       medianTime{clock},
		SigCache:         nil,
		UtxoCacheMaxSize: 64 << 20,
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("loading chain state: %w", err)
	}
	c := &Chain{Params: params, Clock: clock, db: db, bc: bc, dir: dir}
	if err := c.checkFutureTip(); err != nil {
		db.Close()
		return nil, err
	}
	c.subscribe()
	return c, nil
}

// Close flushes the UTXO cache and closes the database.
func (c *Chain) Close() error {
	err := c.bc.FlushUtxoCache(blockchain.FlushRequired)
	if cerr := c.db.Close(); err == nil {
		err = cerr
	}
	return err
}

// Dir is the database directory (for size_on_disk).
func (c *Chain) Dir() string { return c.dir }

// BlockChain exposes btcd's chain for read-only queries.
func (c *Chain) BlockChain() *blockchain.BlockChain { return c.bc }

// Tip returns the best block's snapshot.
func (c *Chain) Tip() *blockchain.BestState { return c.bc.BestSnapshot() }

// BlockByHash returns a block whose data is stored, on the main chain or
// not (stored.go); an error if unknown or not downloaded.
func (c *Chain) BlockByHash(h *chainhash.Hash) (*btcutil.Block, error) {
	if blk, err := c.bc.BlockByHash(h); err == nil {
		return blk, nil
	}
	return c.storedBlock(h)
}

// HeaderByHash returns a header of any known block.
func (c *Chain) HeaderByHash(h *chainhash.Hash) (wire.BlockHeader, error) {
	return c.bc.HeaderByHash(h)
}

// Height returns the height of any known block: main chain, header chain,
// or a side branch (walking back to the main chain).
func (c *Chain) Height(hash chainhash.Hash) (int32, error) {
	if h, err := c.bc.BlockHeightByHash(&hash); err == nil {
		return h, nil
	}
	if h, err := c.bc.HeaderHeightByHash(hash); err == nil {
		return h, nil
	}
	var back int32
	for h := hash; ; back++ {
		if height, err := c.bc.BlockHeightByHash(&h); err == nil {
			return height + back, nil
		}
		hdr, err := c.bc.HeaderByHash(&h)
		if err != nil {
			return -1, fmt.Errorf("block %s not found: %w", hash, err)
		}
		h = hdr.PrevBlock
	}
}

// MedianTime is Core's GetMedianTimePast for any known block (the
// genesis block's is its own time).
func (c *Chain) MedianTime(hdr *wire.BlockHeader) (time.Time, error) {
	if hdr.PrevBlock == (chainhash.Hash{}) {
		return hdr.Timestamp, nil
	}
	return c.bc.PastMedianTime(hdr)
}

// Invalidate marks a block invalid (invalidateblock) and then, as Core
// does, activates the valid branch with the most work: btcd only
// disconnects back to the fork point, so the best valid-fork tip is
// reconsidered to make it active.
func (c *Chain) Invalidate(hash *chainhash.Hash) error {
	defer c.lockValidation()()
	if err := c.invalidateSideDescendants(*hash); err != nil {
		return err
	}
	if err := c.bc.InvalidateBlock(hash); err != nil {
		return err
	}
	return c.activateBestChain()
}
