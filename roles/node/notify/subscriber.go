package notify

import (
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

// Core's MemPoolRemovalReason names, as TransactionRemovedFromMempool
// reports them.
const (
	ReasonExpiry    = "expiry"    // older than -mempoolexpiry
	ReasonSizeLimit = "sizelimit" // evicted by -maxmempool
	ReasonReorg     = "reorg"     // no longer final or spendable after a reorg
	ReasonBlock     = "block"     // included in a connected block
	ReasonConflict  = "conflict"  // spends an output a connected block spent
	ReasonReplaced  = "replaced"  // replaced by a higher-fee transaction (RBF)
)

// Subscriber receives the node's events, one at a time, in the order they
// were published. Embed Nop to implement only some methods.
type Subscriber interface {
	// BlockConnected: block became part of the active chain at height.
	// Mempool removals caused by the block come before it, as in Core.
	BlockConnected(block *wire.MsgBlock, height int32)
	// BlockDisconnected: block (at height) left the active chain. Its
	// transactions re-entering the mempool come after it.
	BlockDisconnected(block *wire.MsgBlock, height int32)
	// TransactionAddedToMempool: tx entered the mempool; mempoolSequence
	// is the pool's sequence number at that moment (Core's
	// GetAndIncrementSequence).
	TransactionAddedToMempool(tx *wire.MsgTx, mempoolSequence uint64)
	// TransactionRemovedFromMempool: tx left the mempool for reason (one
	// of the Reason constants). Unlike Core, which reports block inclusion
	// only through BlockConnected, removals with ReasonBlock are delivered
	// too (they consume a mempool sequence number in Core as well);
	// subscribers modelled on Core's interface should ignore them.
	TransactionRemovedFromMempool(tx *wire.MsgTx, reason string, mempoolSequence uint64)
	// UpdatedBlockTip: the active chain's tip changed (once per batch of
	// connections and disconnections, as in Core).
	UpdatedBlockTip(hash chainhash.Hash, height int32, initialDownload bool)
}

// Nop implements Subscriber with methods that do nothing; embed it.
type Nop struct{}

// BlockConnected does nothing.
func (Nop) BlockConnected(*wire.MsgBlock, int32) {}

// BlockDisconnected does nothing.
func (Nop) BlockDisconnected(*wire.MsgBlock, int32) {}

// TransactionAddedToMempool does nothing.
func (Nop) TransactionAddedToMempool(*wire.MsgTx, uint64) {}

// TransactionRemovedFromMempool does nothing.
func (Nop) TransactionRemovedFromMempool(*wire.MsgTx, string, uint64) {}

// UpdatedBlockTip does nothing.
func (Nop) UpdatedBlockTip(chainhash.Hash, int32, bool) {}
