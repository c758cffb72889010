package interfaces

import (
	"context"
	"math"
	"time"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

// Mining is what Init.makeMining serves: Core's interfaces::Mining as the
// node implements it (roles/node/miner). Methods that wait return early,
// with their "nothing" result, when ctx ends, on Interrupt or at shutdown.
type Mining interface {
	IsTestChain(ctx context.Context) (bool, error)
	IsInitialBlockDownload(ctx context.Context) (bool, error)
	// Tip is the active tip; ok is false when there is none.
	Tip(ctx context.Context) (ref BlockRef, ok bool, err error)
	// WaitTipChanged waits until the tip is not current or timeout passes
	// and returns the tip then; ok is false on interrupt or shutdown.
	WaitTipChanged(ctx context.Context, current chainhash.Hash, timeout time.Duration) (ref BlockRef, ok bool, err error)
	// CreateNewBlock returns a template on the tip, nil on interrupt or
	// shutdown. cooldown waits while in IBD and while headers are ahead.
	CreateNewBlock(ctx context.Context, opts BlockCreateOptions, cooldown bool) (BlockTemplate, error)
	// CheckBlock is Core's TestBlockValidity on the tip.
	CheckBlock(ctx context.Context, block *wire.MsgBlock, opts BlockCheckOptions) (BlockResult, error)
	// Interrupt makes the current (or next) wait of WaitTipChanged or
	// CreateNewBlock return its "nothing" result.
	Interrupt()
	// SubmitBlock processes a block as the submitblock RPC does.
	SubmitBlock(ctx context.Context, block *wire.MsgBlock) (BlockResult, error)
	// TransactionsByTxID and TransactionsByWitnessID look ids up in the
	// mempool; an id not found gives a nil element.
	TransactionsByTxID(ctx context.Context, ids []chainhash.Hash) ([]*wire.MsgTx, error)
	TransactionsByWitnessID(ctx context.Context, ids []chainhash.Hash) ([]*wire.MsgTx, error)
}

// BlockTemplate is one template from CreateNewBlock or WaitNext (Core's
// interfaces::BlockTemplate).
type BlockTemplate interface {
	// Block is a copy of the template's block, with a dummy coinbase.
	Block() *wire.MsgBlock
	// TxFees and TxSigops describe the block's transactions after the
	// coinbase.
	TxFees() []int64
	TxSigops() []int64
	CoinbaseTx() CoinbaseTx
	// CoinbaseMerklePath is the coinbase's merkle branch, deepest first.
	CoinbaseMerklePath() []chainhash.Hash
	// SubmitSolution puts coinbase and the header fields into the
	// template's block (kept even when the block fails) and processes it.
	SubmitSolution(ctx context.Context, version, timestamp, nonce uint32, coinbase *wire.MsgTx) (BlockResult, error)
	// WaitNext returns a template after a tip change or once the fees
	// rose by opts.FeeThreshold, nil on timeout, interrupt or shutdown.
	WaitNext(ctx context.Context, opts BlockWaitOptions) (BlockTemplate, error)
	// InterruptWait makes the current (or next) WaitNext return nil.
	InterruptWait()
	// Destroy frees the template.
	Destroy()
}

// MiningSource gives the Mining of a node, waiting until its chain state
// is loaded (Core's MakeMining with wait_loaded).
type MiningSource interface {
	Mining(ctx context.Context) (Mining, error)
}

// BlockRef names a block (Core's interfaces::BlockRef).
type BlockRef struct {
	Hash   chainhash.Hash
	Height int32
}

// BlockResult is the outcome of checking or submitting a block: OK, and
// else (or for "duplicate"/"inconclusive") Core's BIP22 reason and debug
// message.
type BlockResult struct {
	OK     bool
	Reason string
	Debug  string
}

// Core's mining.capnp constants.
const (
	MaxMoney                                = 2100000000000000
	DefaultBlockReservedWeight              = 8000
	DefaultCoinbaseOutputMaxAdditionalSigop = 400
)

// BlockCreateOptions are createNewBlock's options (node::BlockCreateOptions).
type BlockCreateOptions struct {
	UseMempool                        bool
	BlockReservedWeight               uint64
	CoinbaseOutputMaxAdditionalSigops uint64
}

// DefaultBlockCreateOptions are the schema defaults.
func DefaultBlockCreateOptions() BlockCreateOptions {
	return BlockCreateOptions{UseMempool: true, BlockReservedWeight: DefaultBlockReservedWeight,
		CoinbaseOutputMaxAdditionalSigops: DefaultCoinbaseOutputMaxAdditionalSigop}
}

// BlockWaitOptions are waitNext's options (node::BlockWaitOptions).
type BlockWaitOptions struct {
	// Timeout bounds the wait; Forever (the schema default) never ends it.
	Timeout time.Duration
	// FeeThreshold is the fee rise (sat) that makes a new template;
	// MaxMoney (the default) means only a tip change does.
	FeeThreshold int64
}

// Forever is the longest wait: the schema's maxDouble milliseconds.
const Forever = time.Duration(math.MaxInt64)

// DefaultBlockWaitOptions are the schema defaults.
func DefaultBlockWaitOptions() BlockWaitOptions {
	return BlockWaitOptions{Timeout: Forever, FeeThreshold: MaxMoney}
}

// BlockCheckOptions are checkBlock's options (node::BlockCheckOptions).
type BlockCheckOptions struct {
	CheckMerkleRoot bool
	CheckPow        bool
}

// CoinbaseTx is what a miner needs to build the coinbase (node::CoinbaseTx).
type CoinbaseTx struct {
	Version  uint32
	Sequence uint32
	// ScriptSigPrefix is the BIP34 height push the scriptSig starts with.
	ScriptSigPrefix []byte
	// Witness is the single witness stack item (the witness reserved
	// value), nil when the coinbase has no witness.
	Witness              []byte
	BlockRewardRemaining int64
	// RequiredOutputs must be in the coinbase (the witness commitment).
	RequiredOutputs []*wire.TxOut
	LockTime        uint32
}

// msToDuration turns a schema timeout (milliseconds as a double) into a
// duration, capped at Forever; negative and NaN give zero.
func msToDuration(ms float64) time.Duration {
	if ms != ms || ms <= 0 {
		return 0
	}
	if ms >= float64(Forever/time.Millisecond) {
		return Forever
	}
	return time.Duration(ms * float64(time.Millisecond))
}

// durationToMs is msToDuration's inverse; Forever gives maxDouble.
func durationToMs(d time.Duration) float64 {
	if d >= Forever {
		return math.MaxFloat64
	}
	return float64(d) / float64(time.Millisecond)
}
