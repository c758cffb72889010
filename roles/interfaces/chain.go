package interfaces

import (
	"context"
	"encoding/json"
	"time"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
)

// Chain is what the wallet needs of the node (capnp/messages/chain.capnp
// documents each method). The node's local implementation and the IPC
// client of a node process both satisfy it, so the wallet has one code
// path in bitcoind and in bitcoin-node.
type Chain interface {
	// Tip returns the active tip; Height is -1 while there is none.
	Tip(ctx context.Context) (Tip, error)
	// BlockHash returns the hash of the active-chain block at height.
	BlockHash(ctx context.Context, height int32) (chainhash.Hash, bool, error)
	// FindBlock looks a block up by hash; wantData fills FoundBlock.Block.
	FindBlock(ctx context.Context, hash chainhash.Hash, wantData bool) (FoundBlock, bool, error)
	// FindFirstBlockWithTimeAndHeight returns the first active-chain block
	// with time >= minTime and height >= minHeight.
	FindFirstBlockWithTimeAndHeight(ctx context.Context, minTime int64, minHeight int32) (FoundBlock, bool, error)
	IsInitialBlockDownload(ctx context.Context) (bool, error)
	// BroadcastTransaction submits tx to the mempool and relays it; reject
	// is Core's reason text when the node refused it ("" on success).
	BroadcastTransaction(ctx context.Context, tx *wire.MsgTx, maxTxFee int64, relay bool) (reject string, err error)
	IsInMempool(ctx context.Context, txid chainhash.Hash) (bool, error)
	// TransactionAncestry counts unconfirmed ancestors and descendants of a
	// mempool transaction, itself included.
	TransactionAncestry(ctx context.Context, txid chainhash.Hash) (ancestors, descendants uint64, err error)
	// EstimateSmartFee returns sat/kvB for confirmation within target
	// blocks, 0 when there is no estimate.
	EstimateSmartFee(ctx context.Context, target int32, conservative bool) (feeRate int64, returnedTarget int32, err error)
	// RelayFees returns the node's -minrelaytxfee, -incrementalrelayfee and
	// -dustrelayfee in sat/kvB.
	RelayFees(ctx context.Context) (RelayFees, error)
	// Now is the node's clock (mock time when set).
	Now(ctx context.Context) (time.Time, error)
	// HandleNotifications delivers chain and mempool events to n, in order,
	// until the returned Handler is disconnected.
	HandleNotifications(ctx context.Context, n ChainNotifications) (Handler, error)
	// WaitForNotificationsIfTipChanged returns once the notifications queued
	// before the call were delivered, when the tip is no longer oldTip.
	WaitForNotificationsIfTipChanged(ctx context.Context, oldTip chainhash.Hash) error
	// RwSetting returns a settings.json value (nil when unset);
	// UpdateRwSetting writes one (nil value removes it).
	RwSetting(ctx context.Context, name string) (json.RawMessage, error)
	UpdateRwSetting(ctx context.Context, name string, value json.RawMessage) error
	// FindCoins looks outpoints up in the UTXO set, then the mempool.
	FindCoins(ctx context.Context, outpoints []wire.OutPoint) ([]Coin, error)
}

// MempoolLister is the optional part of a Chain that lists the mempool
// (parents first), for wallets loaded after its transactions arrived.
type MempoolLister interface {
	MempoolTransactions(ctx context.Context) ([]*wire.MsgTx, error)
}

// Tip is the active chain's tip.
type Tip struct {
	Height int32
	Hash   chainhash.Hash
}

// FoundBlock is what FindBlock returns.
type FoundBlock struct {
	Hash           chainhash.Hash
	Height         int32
	InActiveChain  bool
	Time           int64
	MaxTime        int64
	MedianTimePast int64
	Block          *wire.MsgBlock // only when asked for
}

// RelayFees are the node's policy fee rates in sat/kvB.
type RelayFees struct {
	MinRelay, Incremental, Dust int64
}

// Coin is an unspent output FindCoins found (Found false: none).
type Coin struct {
	Found    bool
	Value    int64
	Script   []byte
	Height   int32
	Coinbase bool
}

// ChainNotifications receives the node's chain and mempool events in the
// order they happened (Core's CValidationInterface, as the wallet sees it).
// Implementations must not call back into Chain synchronously from a
// notification in a way that waits for later notifications.
type ChainNotifications interface {
	TransactionAddedToMempool(tx *wire.MsgTx, mempoolSequence uint64)
	// reason is Core's MemPoolRemovalReason name.
	TransactionRemovedFromMempool(tx *wire.MsgTx, reason string, mempoolSequence uint64)
	BlockConnected(block *wire.MsgBlock, height int32)
	BlockDisconnected(block *wire.MsgBlock, height int32)
	UpdatedBlockTip()
}

// Handler ends a registration such as HandleNotifications.
type Handler interface {
	Disconnect()
}

// WalletLoader is what a node asks of a wallet process.
type WalletLoader interface {
	// RPCCommands lists the wallet's JSON-RPC commands (without handlers):
	// the node registers forwarders for them.
	RPCCommands(ctx context.Context) ([]rpcserver.Command, error)
	// ListWallets names the loaded wallets in load order.
	ListWallets(ctx context.Context) ([]string, error)
}

// MakeWalletLoader is how a wallet role starts its wallets on a chain with
// the node's settings (config.Args.Export JSON); exec runs the wallet's
// JSON-RPC requests.
type MakeWalletLoader func(ctx context.Context, chain Chain, args []byte) (WalletLoader, RPCExecutor, error)
