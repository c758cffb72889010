package engine

import (
	"sort"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
)

// AddressAmount is one address of a grouping with its spendable balance.
type AddressAmount struct {
	Address  string
	Amount   int64
	Label    string
	HasLabel bool
}

// AddressGroupings is Core's GetAddressGroupings with GetAddressBalances:
// addresses whose common ownership was revealed by spending them together
// (or receiving their change) are merged into one group.
func (w *Wallet) AddressGroupings() [][]AddressAmount {
	w.mu.Lock()
	defer w.mu.Unlock()
	parent := map[string]string{}
	var find func(string) string
	find = func(a string) string {
		if _, ok := parent[a]; !ok {
			parent[a] = a
		}
		for parent[a] != a {
			parent[a] = parent[parent[a]]
			a = parent[a]
		}
		return a
	}
	union := func(a, b string) { parent[find(a)] = find(b) }
	addrOf := func(script []byte) (string, bool) { return descriptor.ScriptAddress(script, w.opts.Params) }
	for _, t := range w.txs {
		var group []string
		if !isCoinbase(t.tx) {
			for _, in := range t.tx.TxIn {
				o, ok := w.prevOut(in.PreviousOutPoint)
				if !ok {
					continue
				}
				if _, mine := w.isMine(o.PkScript); !mine {
					continue
				}
				if a, ok := addrOf(o.PkScript); ok {
					group = append(group, a)
				}
			}
			if len(group) > 0 {
				for _, o := range t.tx.TxOut {
					if _, mine := w.isMine(o.PkScript); !mine {
						continue
					}
					a, ok := addrOf(o.PkScript)
					if !ok {
						continue
					}
					if _, inBook := w.book[a]; !inBook { // change
						group = append(group, a)
					}
				}
			}
		}
		for i := 1; i < len(group); i++ {
			union(group[i], group[0])
		}
		for _, o := range t.tx.TxOut {
			if _, mine := w.isMine(o.PkScript); mine {
				if a, ok := addrOf(o.PkScript); ok {
					find(a)
				}
			}
		}
	}
	balances := w.addressBalances()
	groups := map[string][]AddressAmount{}
	for a := range parent {
		root := find(a)
		e := AddressAmount{Address: a, Amount: balances[a]}
		if b, ok := w.book[a]; ok {
			e.Label, e.HasLabel = b.label, true
		}
		groups[root] = append(groups[root], e)
	}
	var out [][]AddressAmount
	for _, g := range groups {
		sort.Slice(g, func(i, j int) bool { return g[i].Address < g[j].Address })
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0].Address < out[j][0].Address })
	return out
}

// addressBalances is Core's GetAddressBalances; the caller holds w.mu.
func (w *Wallet) addressBalances() map[string]int64 {
	out := map[string]int64{}
	for _, t := range w.txs {
		if !w.trusted(t, map[chainhash.Hash]bool{}) || w.immatureBlocks(t) > 0 {
			continue
		}
		min := int32(1)
		if t.fromMe {
			min = 0
		}
		if w.depth(t) < min {
			continue
		}
		for i, o := range t.tx.TxOut {
			if _, mine := w.isMine(o.PkScript); !mine {
				continue
			}
			a, ok := descriptor.ScriptAddress(o.PkScript, w.opts.Params)
			if !ok {
				continue
			}
			if !w.isSpent(wire.OutPoint{Hash: t.txid, Index: uint32(i)}) {
				out[a] += o.Value
			} else if _, seen := out[a]; !seen {
				out[a] = 0
			}
		}
	}
	return out
}
