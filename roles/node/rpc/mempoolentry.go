package rpc

import (
	"bytes"
	"sort"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/chainhash/v2"
	btcdpool "github.com/btcsuite/btcd/mempool"

	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// poolView is one consistent look at the mempool with the in-pool
// parent/child links Core keeps on its entries.
type poolView struct {
	descs    map[chainhash.Hash]*btcdpool.TxDesc
	order    []chainhash.Hash // txids sorted, for stable output
	parents  map[chainhash.Hash][]chainhash.Hash
	children map[chainhash.Hash][]chainhash.Hash
}

func (n *Node) poolView() *poolView {
	v := &poolView{
		descs:    map[chainhash.Hash]*btcdpool.TxDesc{},
		parents:  map[chainhash.Hash][]chainhash.Hash{},
		children: map[chainhash.Hash][]chainhash.Hash{},
	}
	if n.Pool == nil {
		return v
	}
	for _, d := range n.Pool.Descs() {
		v.descs[*d.Tx.Hash()] = d
		v.order = append(v.order, *d.Tx.Hash())
	}
	sort.Slice(v.order, func(i, j int) bool { return v.order[i].String() < v.order[j].String() })
	for _, h := range v.order {
		seen := map[chainhash.Hash]bool{}
		for _, in := range v.descs[h].Tx.MsgTx().TxIn {
			p := in.PreviousOutPoint.Hash
			if _, ok := v.descs[p]; ok && !seen[p] {
				seen[p] = true
				v.parents[h] = append(v.parents[h], p)
				v.children[p] = append(v.children[p], h)
			}
		}
	}
	for _, m := range []map[chainhash.Hash][]chainhash.Hash{v.parents, v.children} {
		for _, l := range m {
			sort.Slice(l, func(i, j int) bool { return l[i].String() < l[j].String() })
		}
	}
	v.sortDepthAndScore()
	return v
}

// sortDepthAndScore orders the txids as Core's GetSortedDepthAndScore
// (getrawmempool): fewer in-pool ancestors first, then higher fee rate,
// then the greater txid (in byte order).
func (v *poolView) sortDepthAndScore() {
	depth := map[chainhash.Hash]int{}
	for _, h := range v.order {
		depth[h] = len(v.ancestors(h))
	}
	sort.SliceStable(v.order, func(i, j int) bool {
		a, b := v.order[i], v.order[j]
		if depth[a] != depth[b] {
			return depth[a] < depth[b]
		}
		da, db := v.descs[a], v.descs[b]
		fa, fb := da.Fee*txVSize(db), db.Fee*txVSize(da)
		if fa != fb {
			return fa > fb
		}
		return bytes.Compare(b[:], a[:]) < 0
	})
}

// closure is every transaction reachable from h through links, without h.
func (v *poolView) closure(h chainhash.Hash, links map[chainhash.Hash][]chainhash.Hash) []chainhash.Hash {
	seen := map[chainhash.Hash]bool{h: true}
	stack := []chainhash.Hash{h}
	var out []chainhash.Hash
	for len(stack) > 0 {
		cur := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, next := range links[cur] {
			if !seen[next] {
				seen[next] = true
				out = append(out, next)
				stack = append(stack, next)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

func (v *poolView) ancestors(h chainhash.Hash) []chainhash.Hash   { return v.closure(h, v.parents) }
func (v *poolView) descendants(h chainhash.Hash) []chainhash.Hash { return v.closure(h, v.children) }

// txWeight is the BIP 141 weight; txVSize rounds weight/4 up.
func txWeight(d *btcdpool.TxDesc) int64 { return blockchain.GetTransactionWeight(d.Tx) }
func txVSize(d *btcdpool.TxDesc) int64 {
	return (txWeight(d) + blockchain.WitnessScaleFactor - 1) / blockchain.WitnessScaleFactor
}

// signalsRBF is BIP 125's opt-in: an input sequence below 0xfffffffe.
func signalsRBF(d *btcdpool.TxDesc) bool {
	for _, in := range d.Tx.MsgTx().TxIn {
		if in.Sequence < 0xfffffffe {
			return true
		}
	}
	return false
}

// entryJSON is Core's entryToJSON.
func (n *Node) entryJSON(v *poolView, h chainhash.Hash) univalue.Value {
	d := v.descs[h]
	anc, desc := v.ancestors(h), v.descendants(h)
	modified := d.Fee + n.feeDelta(h)
	ancSize, ancFee := txVSize(d), modified
	replaceable := signalsRBF(d)
	for _, a := range anc {
		ad := v.descs[a]
		ancSize += txVSize(ad)
		ancFee += ad.Fee + n.feeDelta(a)
		replaceable = replaceable || signalsRBF(ad)
	}
	descSize, descFee := txVSize(d), modified
	for _, c := range desc {
		cd := v.descs[c]
		descSize += txVSize(cd)
		descFee += cd.Fee + n.feeDelta(c)
	}
	o := univalue.NewObject()
	o.PushKV("vsize", univalue.NewInt(txVSize(d)))
	o.PushKV("weight", univalue.NewInt(txWeight(d)))
	entered := d.Added
	if t, ok := n.Pool.EntryTime(h); ok {
		entered = t
	}
	o.PushKV("time", univalue.NewInt(entered.Unix()))
	o.PushKV("height", univalue.NewInt(int64(d.Height)))
	o.PushKV("descendantcount", univalue.NewInt(int64(len(desc)+1)))
	o.PushKV("descendantsize", univalue.NewInt(descSize))
	o.PushKV("ancestorcount", univalue.NewInt(int64(len(anc)+1)))
	o.PushKV("ancestorsize", univalue.NewInt(ancSize))
	o.PushKV("wtxid", univalue.NewString(d.Tx.WitnessHash().String()))
	fees := univalue.NewObject()
	fees.PushKV("base", rs.ValueFromAmount(d.Fee))
	fees.PushKV("modified", rs.ValueFromAmount(modified))
	fees.PushKV("ancestor", rs.ValueFromAmount(ancFee))
	fees.PushKV("descendant", rs.ValueFromAmount(descFee))
	o.PushKV("fees", fees)
	o.PushKV("depends", hashArray(v.parents[h]))
	o.PushKV("spentby", hashArray(v.children[h]))
	o.PushKV("bip125-replaceable", univalue.NewBool(replaceable))
	o.PushKV("unbroadcast", univalue.NewBool(false))
	return o
}

func hashArray(hs []chainhash.Hash) univalue.Value {
	a := univalue.NewArray()
	for _, h := range hs {
		a.Push(univalue.NewString(h.String()))
	}
	return a
}

// entriesJSON lists txids, or with verbose an object of their entries.
func (n *Node) entriesJSON(v *poolView, hs []chainhash.Hash, verbose bool) univalue.Value {
	if !verbose {
		return hashArray(hs)
	}
	o := univalue.NewObject()
	for _, h := range hs {
		o.PushKV(h.String(), n.entryJSON(v, h))
	}
	return o
}

// mempoolEntryDocs is Core's MempoolEntryDescription.
func mempoolEntryDocs() []rs.ResultDoc {
	amount := func(key, help string) rs.ResultDoc { return rs.ResultDoc{Type: rs.ResStrAmount, Key: key, Help: help} }
	return []rs.ResultDoc{
		{Type: rs.ResNum, Key: "vsize", Help: "virtual transaction size as defined in BIP 141. This is different from actual serialized size for witness transactions as witness data is discounted."},
		{Type: rs.ResNum, Key: "weight", Help: "transaction weight as defined in BIP 141."},
		{Type: rs.ResNumTime, Key: "time", Help: "local time transaction entered pool in seconds since 1 Jan 1970 GMT"},
		{Type: rs.ResNum, Key: "height", Help: "block height when transaction entered pool"},
		{Type: rs.ResNum, Key: "descendantcount", Help: "number of in-mempool descendant transactions (including this one)"},
		{Type: rs.ResNum, Key: "descendantsize", Help: "virtual transaction size of in-mempool descendants (including this one)"},
		{Type: rs.ResNum, Key: "ancestorcount", Help: "number of in-mempool ancestor transactions (including this one)"},
		{Type: rs.ResNum, Key: "ancestorsize", Help: "virtual transaction size of in-mempool ancestors (including this one)"},
		{Type: rs.ResHex, Key: "wtxid", Help: "hash of serialized transaction, including witness data"},
		{Type: rs.ResObj, Key: "fees", Inner: []rs.ResultDoc{
			amount("base", "transaction fee, denominated in BTC"),
			amount("modified", "transaction fee with fee deltas used for mining priority, denominated in BTC"),
			amount("ancestor", "transaction fees of in-mempool ancestors (including this one) with fee deltas used for mining priority, denominated in BTC"),
			amount("descendant", "transaction fees of in-mempool descendants (including this one) with fee deltas used for mining priority, denominated in BTC"),
		}},
		{Type: rs.ResArr, Key: "depends", Help: "unconfirmed transactions used as inputs for this transaction",
			Inner: []rs.ResultDoc{{Type: rs.ResHex, Key: "transactionid", Help: "parent transaction id"}}},
		{Type: rs.ResArr, Key: "spentby", Help: "unconfirmed transactions spending outputs from this transaction",
			Inner: []rs.ResultDoc{{Type: rs.ResHex, Key: "transactionid", Help: "child transaction id"}}},
		{Type: rs.ResBool, Key: "bip125-replaceable", Help: "Whether this transaction signals BIP125 replaceability or has an unconfirmed ancestor signaling BIP125 replaceability. (DEPRECATED)\n"},
		{Type: rs.ResBool, Key: "unbroadcast", Help: "Whether this transaction is currently unbroadcast (initial broadcast not yet acknowledged by any peers)"},
	}
}

func (n *Node) mempoolEntryCommands() []rs.Command {
	txid := rs.Arg{Name: "txid", Type: rs.ArgHex, Help: "The transaction id (must be in mempool)"}
	verbose := rs.Arg{Name: "verbose", Type: rs.ArgBool, Default: "false", Help: "True for a json object, false for array of transaction ids"}
	related := func(name, what string, list func(*poolView, chainhash.Hash) []chainhash.Hash) rs.Command {
		return rs.Command{Name: name, Category: "blockchain",
			Help: "If txid is in the mempool, returns all in-mempool " + what + ".",
			Args: []rs.Arg{txid, verbose},
			ResultDocs: []rs.ResultDoc{
				{Cond: "for verbose = false", Type: rs.ResArr, Inner: []rs.ResultDoc{{Type: rs.ResHex, Help: "The transaction id of an in-mempool " + what[:len(what)-1] + " transaction"}}},
				{Cond: "for verbose = true", Type: rs.ResObjDyn, Inner: []rs.ResultDoc{{Type: rs.ResObj, Key: "transactionid", Inner: mempoolEntryDocs()}}},
			},
			Examples: ex(name, "\"mytxid\""),
			Handler: func(r *rs.Request) (any, error) {
				verbose, err := boolArg(r.Arg(1), false)
				if err != nil {
					return nil, err
				}
				h, err := hashArg(r.Arg(0), "txid")
				if err != nil {
					return nil, err
				}
				v := n.poolView()
				if _, ok := v.descs[h]; !ok {
					return nil, rs.NewError(rs.InvalidAddressOrKey, "Transaction not in mempool")
				}
				return n.entriesJSON(v, list(v, h), verbose), nil
			}}
	}
	return []rs.Command{
		related("getmempoolancestors", "ancestors", (*poolView).ancestors),
		related("getmempooldescendants", "descendants", (*poolView).descendants),
		{Name: "getmempoolentry", Category: "blockchain",
			Help:       "Returns mempool data for given transaction",
			Args:       []rs.Arg{txid},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResObj, Inner: mempoolEntryDocs()}},
			Examples:   ex("getmempoolentry", "\"mytxid\""),
			Handler: func(r *rs.Request) (any, error) {
				h, err := hashArg(r.Arg(0), "txid")
				if err != nil {
					return nil, err
				}
				v := n.poolView()
				if _, ok := v.descs[h]; !ok {
					return nil, rs.NewError(rs.InvalidAddressOrKey, "Transaction not in mempool")
				}
				return n.entryJSON(v, h), nil
			}},
	}
}
