// Package mempool owns the node's transaction memory pool: btcd's mempool
// package wired to our chain with Core's default relay policy where btcd
// has a knob for it, kept current by the chain's block hook, its changes
// published to the validation interface with Core's mempool sequence, and the
// selection of transactions for generated blocks.
package mempool

import (
	"errors"
	"strings"
	"time"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	btcdpool "github.com/btcsuite/btcd/mempool"
	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	"github.com/mpbitcoin/mpbitcoin/roles/node/notify"
)

// Core v30's defaults.
const (
	MinRelayFeePerKvB = 100       // -minrelaytxfee, sat/kvB
	MaxMempoolBytes   = 300000000 // -maxmempool, bytes
)

// Pool is the node's mempool.
type Pool struct {
	chain *chain.Chain
	tx    *btcdpool.TxPool
	ev    events                 // validation events, sequence and write lock (events.go)
	prio  priorities             // prioritisetransaction fee deltas (priority.go)
	fees  *btcdpool.FeeEstimator // estimatesmartfee (estimate.go)
	// OnAccept, when set, is called with every transaction that entered
	// the pool (relay).
	OnAccept func(*btcutil.Tx)
}

// New returns an empty pool on c, and makes c's generated blocks take
// their transactions from it.
func New(c *chain.Chain) *Pool {
	bc := c.BlockChain()
	p := &Pool{chain: c, fees: newFeeEstimator()}
	p.tx = btcdpool.New(&btcdpool.Config{
		Policy: btcdpool.Policy{
			MaxTxVersion:         3,
			DisableRelayPriority: true,
			AcceptNonStd:         false,
			MaxOrphanTxs:         100,
			MaxOrphanTxSize:      100000,
			MaxSigOpCostPerTx:    blockchain.MaxBlockSigOpsCost / 4,
			MinRelayTxFee:        btcutil.Amount(MinRelayFeePerKvB),
		},
		ChainParams:    c.Params,
		FetchUtxoView:  bc.FetchUtxoView,
		BestHeight:     func() int32 { return c.Tip().Height },
		MedianTimePast: func() time.Time { return c.Tip().MedianTime },
		CalcSequenceLock: func(tx *btcutil.Tx, view *blockchain.UtxoViewpoint) (*blockchain.SequenceLock, error) {
			return bc.CalcSequenceLock(tx, view, true)
		},
		IsDeploymentActive: bc.IsDeploymentActive,
		SigCache:           txscript.NewSigCache(50000),
		HashCache:          txscript.NewHashCache(50000),
		FeeEstimator:       p.fees,
	})
	p.ev.seq = 1 // Core's mempool sequence starts at 1
	p.ev.entered = map[chainhash.Hash]time.Time{}
	p.ev.expiry = DefaultExpiry
	c.SetBlockHook(p)
	c.SetTxSource(p)
	bc.Subscribe(p.dropMinedPriorities)
	bc.Subscribe(p.trackFees)
	return p
}

// Submit validates tx against the chain and policy and adds it (with any
// orphans it unlocks). Errors are btcd's rule errors; see RejectReason.
func (p *Pool) Submit(tx *btcutil.Tx) ([]*btcutil.Tx, error) {
	p.ev.mu.Lock()
	defer p.ev.mu.Unlock()
	var descs []*btcdpool.TxDesc
	err := p.removing(notify.ReasonReplaced, spent(tx), func() (err error) {
		descs, err = p.tx.ProcessTransaction(tx, false, false, 0)
		return err
	})
	if err != nil {
		return nil, err
	}
	var out []*btcutil.Tx
	for _, d := range descs {
		p.added(d.Tx)
		out = append(out, d.Tx)
		if p.OnAccept != nil {
			p.OnAccept(d.Tx)
		}
	}
	p.expire()
	return out, nil
}

// Have reports whether the pool holds the transaction.
func (p *Pool) Have(h *chainhash.Hash) bool { return p.tx.IsTransactionInPool(h) }

// Fetch returns a pool transaction.
func (p *Pool) Fetch(h *chainhash.Hash) (*btcutil.Tx, error) { return p.tx.FetchTransaction(h) }

// Descs lists the pool's entries.
func (p *Pool) Descs() []*btcdpool.TxDesc { return p.tx.TxDescs() }

// Stats returns the number of transactions, their total size and fees.
func (p *Pool) Stats() (count int, bytes int64, fees int64) {
	for _, d := range p.tx.TxDescs() {
		count++
		bytes += int64(d.Tx.MsgTx().SerializeSize())
		fees += d.Fee
	}
	return count, bytes, fees
}

// Select picks pool transactions for a block, highest fee rate first,
// every parent before its children, within maxWeight. It implements
// chain.TxSource.
func (p *Pool) Select(maxWeight int64) ([]*wire.MsgTx, int64) {
	descs := p.tx.TxDescs()
	inPool := map[chainhash.Hash]*btcdpool.TxDesc{}
	for _, d := range descs {
		inPool[*d.Tx.Hash()] = d
	}
	var out []*wire.MsgTx
	var fees, weight int64
	done := map[chainhash.Hash]bool{}
	// Repeated passes add every transaction whose pool parents are in.
	for progress := true; progress; {
		progress = false
		for _, d := range byFeeRate(descs, p.FeeDelta) {
			h := *d.Tx.Hash()
			if done[h] {
				continue
			}
			ready := true
			for _, in := range d.Tx.MsgTx().TxIn {
				if _, parentInPool := inPool[in.PreviousOutPoint.Hash]; parentInPool && !done[in.PreviousOutPoint.Hash] {
					ready = false
					break
				}
			}
			w := blockchain.GetTransactionWeight(d.Tx)
			// Core's -blockmintxfee (1 sat/kvB, at least 1 sat) on the
			// modified fee: prioritised below it, a transaction waits.
			vsize := (w + 3) / 4
			if d.Fee+p.FeeDelta(h) < max((vsize+999)/1000, 1) {
				continue
			}
			if !ready || weight+w > maxWeight {
				continue
			}
			done[h] = true
			out = append(out, d.Tx.MsgTx())
			fees += d.Fee
			weight += w
			progress = true
		}
	}
	return out, fees
}

// byFeeRate orders descs by modified fee (fee plus prioritisation) per
// weight unit, highest first.
func byFeeRate(descs []*btcdpool.TxDesc, delta func(chainhash.Hash) int64) []*btcdpool.TxDesc {
	out := append([]*btcdpool.TxDesc(nil), descs...)
	rate := func(d *btcdpool.TxDesc) float64 {
		return float64(d.Fee+delta(*d.Tx.Hash())) / float64(blockchain.GetTransactionWeight(d.Tx))
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && rate(out[j]) > rate(out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// RejectReason turns a pool error into Core's reject reason and RPC code
// (-25 for missing or spent inputs, -27 for a transaction already in the
// chain, -26 otherwise).
func RejectReason(err error) (reason string, code int) {
	var re btcdpool.RuleError
	if !errors.As(err, &re) {
		return err.Error(), -26
	}
	var tre btcdpool.TxRuleError
	if errors.As(re.Err, &tre) {
		switch {
		case strings.Contains(tre.Description, "orphan transaction"):
			return "bad-txns-inputs-missingorspent", -25
		case strings.Contains(tre.Description, "already exists"), strings.Contains(tre.Description, "already have transaction"):
			if strings.Contains(tre.Description, "already exists") {
				return "Transaction outputs already in utxo set", -27
			}
		}
		switch tre.RejectCode {
		case wire.RejectDuplicate:
			return "txn-already-in-mempool", -26
		case wire.RejectInsufficientFee:
			return "min relay fee not met", -26
		case wire.RejectDust:
			return "dust", -26
		case wire.RejectNonstandard:
			return tre.Description, -26
		}
		return tre.Description, -26
	}
	var cre blockchain.RuleError
	if errors.As(re.Err, &cre) {
		switch cre.ErrorCode {
		case blockchain.ErrMissingTxOut:
			return "bad-txns-inputs-missingorspent", -25
		case blockchain.ErrOverwriteTx:
			return "Transaction outputs already in utxo set", -27
		}
		return chain.RejectReason(cre), -26
	}
	return err.Error(), -26
}

// CheckResult is what testmempoolaccept reports of an acceptable tx.
type CheckResult struct {
	VSize int64
	Fee   int64
}

// Check runs the pool's acceptance checks without adding tx. A tx with
// missing parents is rejected as Core does.
func (p *Pool) Check(tx *btcutil.Tx) (*CheckResult, error) {
	res, err := p.tx.CheckMempoolAcceptance(tx)
	if err != nil {
		return nil, err
	}
	if len(res.MissingParents) > 0 {
		return nil, btcdpool.RuleError{Err: btcdpool.TxRuleError{RejectCode: wire.RejectDuplicate, Description: "orphan transaction: missing inputs"}}
	}
	return &CheckResult{VSize: res.TxSize, Fee: int64(res.TxFee)}, nil
}
