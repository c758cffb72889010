package mempool

import (
	"time"

	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/node/notify"
)

// DefaultExpiry is Core's DEFAULT_MEMPOOL_EXPIRY (-mempoolexpiry, 336 h).
const DefaultExpiry = 336 * time.Hour

// SetExpiry sets how long a transaction may stay in the pool
// (-mempoolexpiry).
func (p *Pool) SetExpiry(d time.Duration) {
	p.ev.mu.Lock()
	p.ev.expiry = d
	p.ev.mu.Unlock()
}

// expire removes the transactions that entered the pool more than the
// expiry ago by the node's clock, with their descendants (reason expiry),
// as Core's LimitMempoolSize does after every acceptance. p.ev.mu is held.
func (p *Pool) expire() {
	cutoff := p.chain.Clock.Now().Add(-p.ev.expiry)
	var old []*btcutil.Tx
	for h, t := range p.ev.entered {
		if !t.Before(cutoff) {
			continue
		}
		if tx, err := p.tx.FetchTransaction(&h); err == nil {
			old = append(old, tx)
		} else {
			delete(p.ev.entered, h) // left the pool unseen (cannot happen)
		}
	}
	if len(old) == 0 {
		return
	}
	var atRisk []wire.OutPoint
	for _, tx := range old {
		atRisk = append(atRisk, spent(tx)...)
	}
	_ = p.removing(notify.ReasonExpiry, atRisk, func() error {
		for _, tx := range old {
			p.tx.RemoveTransaction(tx, true)
		}
		return nil
	})
}
