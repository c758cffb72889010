package mempool

import (
	"sort"
	"sync"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
)

// priorities are prioritisetransaction's fee deltas by txid (Core's
// mapDeltas). They may name transactions not (yet) in the pool, change
// the order in which Select takes transactions, and are dropped when the
// transaction is mined. btcd's acceptance checks see only real fees.
type priorities struct {
	mu    sync.Mutex
	delta map[chainhash.Hash]int64
}

// Prioritise adds delta satoshis to the fee mining sees for txid; a sum
// of zero removes the entry.
func (p *Pool) Prioritise(txid chainhash.Hash, delta int64) {
	p.prio.mu.Lock()
	defer p.prio.mu.Unlock()
	if p.prio.delta == nil {
		p.prio.delta = map[chainhash.Hash]int64{}
	}
	p.prio.delta[txid] += delta
	if p.prio.delta[txid] == 0 {
		delete(p.prio.delta, txid)
	}
}

// FeeDelta is txid's prioritisation, 0 when none.
func (p *Pool) FeeDelta(txid chainhash.Hash) int64 {
	p.prio.mu.Lock()
	defer p.prio.mu.Unlock()
	return p.prio.delta[txid]
}

// Prioritisation is one fee delta (getprioritisedtransactions).
type Prioritisation struct {
	Txid  chainhash.Hash
	Delta int64
}

// Prioritised lists every fee delta, by txid.
func (p *Pool) Prioritised() []Prioritisation {
	p.prio.mu.Lock()
	out := make([]Prioritisation, 0, len(p.prio.delta))
	for h, d := range p.prio.delta {
		out = append(out, Prioritisation{h, d})
	}
	p.prio.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].Txid.String() < out[j].Txid.String() })
	return out
}

// dropMinedPriorities forgets the deltas of a connected block's
// transactions (Core's ClearPrioritisation in removeForBlock).
func (p *Pool) dropMinedPriorities(n *blockchain.Notification) {
	blk, ok := n.Data.(*btcutil.Block)
	if n.Type != blockchain.NTBlockConnected || !ok {
		return
	}
	p.prio.mu.Lock()
	defer p.prio.mu.Unlock()
	for _, tx := range blk.Transactions() {
		delete(p.prio.delta, *tx.Hash())
	}
}
