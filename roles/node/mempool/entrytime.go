package mempool

import (
	"time"

	"github.com/btcsuite/btcd/chainhash/v2"
)

// EntryTime is when a pool transaction entered, by the node's mockable
// clock (Core's entry time); ok is false for a transaction not in the pool.
func (p *Pool) EntryTime(h chainhash.Hash) (t time.Time, ok bool) {
	p.ev.mu.Lock()
	defer p.ev.mu.Unlock()
	t, ok = p.ev.entered[h]
	return t, ok
}
