package mempool

import (
	"sync"
	"time"

	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/node/notify"
)

// events publishes the pool's changes in the order they happen, each with
// Core's mempool sequence number. mu is held across every change of the
// pool's contents, so the sequence numbers follow that order.
type events struct {
	mu  sync.Mutex
	hub *notify.Hub
	seq uint64 // the next sequence number (Core's m_sequence_number)
	// entered is each pool transaction's entry time by the node's
	// (mockable) clock, for expiry.
	entered map[chainhash.Hash]time.Time
	expiry  time.Duration
}

// SetNotify makes the pool publish its additions and removals to hub.
func (p *Pool) SetNotify(hub *notify.Hub) {
	p.ev.mu.Lock()
	p.ev.hub = hub
	p.ev.mu.Unlock()
}

// Sequence is the pool's current mempool sequence (Core's GetSequence, the
// value getrawmempool's mempool_sequence reports): every addition and
// every removal, for any reason, takes one number.
func (p *Pool) Sequence() uint64 {
	p.ev.mu.Lock()
	defer p.ev.mu.Unlock()
	return p.ev.seq
}

func (p *Pool) nextSeq() uint64 {
	s := p.ev.seq
	p.ev.seq++
	return s
}

func (p *Pool) added(tx *btcutil.Tx) {
	p.ev.entered[*tx.Hash()] = p.chain.Clock.Now()
	p.ev.hub.TransactionAdded(tx.MsgTx(), p.nextSeq())
}

func (p *Pool) removed(tx *btcutil.Tx, reason string) {
	delete(p.ev.entered, *tx.Hash())
	p.ev.hub.TransactionRemoved(tx.MsgTx(), reason, p.nextSeq())
}

// removing runs change and publishes every pool transaction it took out as
// removed for reason. btcd's pool does not report what it removes, so the
// pool is compared before and after; that costs a pass over the pool, which
// is only made when a pool transaction spends one of the outpoints at risk
// (otherwise change cannot remove anything).
func (p *Pool) removing(reason string, atRisk []wire.OutPoint, change func() error) error {
	var before []*btcutil.Tx
	for _, op := range atRisk {
		if p.tx.CheckSpend(op) != nil {
			for _, d := range p.tx.TxDescs() {
				before = append(before, d.Tx)
			}
			break
		}
	}
	err := change()
	for _, tx := range before {
		if !p.tx.IsTransactionInPool(tx.Hash()) {
			p.removed(tx, reason)
		}
	}
	return err
}

// spent lists the outpoints tx spends.
func spent(tx *btcutil.Tx) []wire.OutPoint {
	out := make([]wire.OutPoint, len(tx.MsgTx().TxIn))
	for i, in := range tx.MsgTx().TxIn {
		out[i] = in.PreviousOutPoint
	}
	return out
}

// created lists tx's outputs.
func created(tx *btcutil.Tx) []wire.OutPoint {
	out := make([]wire.OutPoint, len(tx.MsgTx().TxOut))
	for i := range out {
		out[i] = wire.OutPoint{Hash: *tx.Hash(), Index: uint32(i)}
	}
	return out
}

// BlockConnecting takes the block's transactions out of the pool (reason
// block) with everything spending the same outputs (reason conflict), in
// the block's order, as Core's removeForBlock. It implements
// chain.BlockHook and runs before the hub hears of the block.
func (p *Pool) BlockConnecting(blk *btcutil.Block) {
	p.ev.mu.Lock()
	defer p.ev.mu.Unlock()
	for _, tx := range blk.Transactions()[1:] {
		if p.tx.IsTransactionInPool(tx.Hash()) {
			p.tx.RemoveTransaction(tx, false)
			p.removed(tx, notify.ReasonBlock)
		}
		_ = p.removing(notify.ReasonConflict, spent(tx), func() error {
			p.tx.RemoveDoubleSpends(tx)
			return nil
		})
		p.tx.RemoveOrphan(tx)
		for _, d := range p.tx.ProcessOrphans(tx) {
			p.added(d.Tx)
		}
	}
}

// BlockDisconnected puts the block's transactions back into the pool;
// those that no longer fit leave with their pool descendants, and so do
// pool transactions the disconnection made unspendable (reason reorg). It
// implements chain.BlockHook and runs after the hub heard of the
// disconnection.
func (p *Pool) BlockDisconnected(blk *btcutil.Block) {
	p.ev.mu.Lock()
	defer p.ev.mu.Unlock()
	for _, tx := range blk.Transactions()[1:] {
		var accepted bool
		_ = p.removing(notify.ReasonReplaced, spent(tx), func() error {
			_, d, err := p.tx.MaybeAcceptTransaction(tx, false, false)
			accepted = err == nil && d != nil
			return err
		})
		if accepted {
			p.added(tx)
			continue
		}
		_ = p.removing(notify.ReasonReorg, created(tx), func() error {
			p.tx.RemoveTransaction(tx, true)
			return nil
		})
	}
	p.removeForReorg()
	p.expire()
}
