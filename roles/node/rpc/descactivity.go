package rpc

import (
	"encoding/json"
	"sort"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// getdescriptoractivityCommand is Core's getdescriptoractivity: spends of
// and payments to the scripts of a set of descriptors, in given main-chain
// blocks and optionally in the mempool.
func (n *Node) getdescriptoractivityCommand() rs.Command {
	spk := func(key string) rs.ResultDoc {
		return rs.ResultDoc{Type: rs.ResObj, Key: key, Inner: []rs.ResultDoc{
			{Type: rs.ResStr, Key: "asm", Help: "Disassembly of the output script"},
			{Type: rs.ResStr, Key: "desc", Help: "Inferred descriptor for the output"},
			{Type: rs.ResHex, Key: "hex", Help: "The raw output script bytes, hex-encoded"},
			{Type: rs.ResStr, Key: "address", Optional: true, Help: "The Bitcoin address (only if a well-defined address exists)"},
			{Type: rs.ResStr, Key: "type", Help: "The type (one of: nonstandard, anchor, pubkey, pubkeyhash, scripthash, multisig, nulldata, witness_v0_scripthash, witness_v0_keyhash, witness_v1_taproot, witness_unknown)"},
		}}
	}
	return rs.Command{Name: "getdescriptoractivity", Category: "blockchain",
		Help: "Get spend and receive activity associated with a set of descriptors for a set of blocks. " +
			"This command pairs well with the `relevant_blocks` output of `scanblocks()`.\n" +
			"This call may take several minutes. If you encounter timeouts, try specifying no RPC timeout (bitcoin-cli -rpcclienttimeout=0)",
		Args: []rs.Arg{
			{Name: "blockhashes", Type: rs.ArgArray, Help: "The list of blockhashes to examine for activity. Order doesn't matter. Must be along main chain or an error is thrown.\n",
				Inner: []rs.Arg{{Name: "blockhash", Type: rs.ArgHex, Optional: true, Help: "A valid blockhash"}}},
			{Name: "scanobjects", Type: rs.ArgArray, OneLine: "[scanobjects,...]",
				Help: "The list of descriptors (scan objects) to examine for activity. Every scan object is either a string descriptor or an object:",
				Inner: []rs.Arg{
					{Name: "descriptor", Type: rs.ArgString, Optional: true, Help: "An output descriptor"},
					{Type: rs.ArgObject, Optional: true, Help: "An object with output descriptor and metadata", Inner: []rs.Arg{
						{Name: "desc", Type: rs.ArgString, Help: "An output descriptor"},
						{Name: "range", Type: rs.ArgRange, Default: "1000", Help: "The range of HD chain indexes to explore (either end or [begin,end])"},
					}},
				}},
			{Name: "include_mempool", Type: rs.ArgBool, Default: "true", Help: "Whether to include unconfirmed activity"},
		},
		ResultDocs: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
			{Type: rs.ResArr, Key: "activity", Help: "events", Inner: []rs.ResultDoc{
				{Type: rs.ResObj, Inner: []rs.ResultDoc{
					{Type: rs.ResStr, Key: "type", Help: "always 'spend'"},
					{Type: rs.ResStrAmount, Key: "amount", Help: "The total amount in BTC of the spent output"},
					{Type: rs.ResHex, Key: "blockhash", Optional: true, Help: "The blockhash this spend appears in (omitted if unconfirmed)"},
					{Type: rs.ResNum, Key: "height", Optional: true, Help: "Height of the spend (omitted if unconfirmed)"},
					{Type: rs.ResHex, Key: "spend_txid", Help: "The txid of the spending transaction"},
					{Type: rs.ResNum, Key: "spend_vin", Help: "The input index of the spend"},
					{Type: rs.ResHex, Key: "prevout_txid", Help: "The txid of the prevout"},
					{Type: rs.ResNum, Key: "prevout_vout", Help: "The vout of the prevout"},
					spk("prevout_spk"),
				}},
				{Type: rs.ResObj, Inner: []rs.ResultDoc{
					{Type: rs.ResStr, Key: "type", Help: "always 'receive'"},
					{Type: rs.ResStrAmount, Key: "amount", Help: "The total amount in BTC of the new output"},
					{Type: rs.ResHex, Key: "blockhash", Optional: true, Help: "The block that this receive is in (omitted if unconfirmed)"},
					{Type: rs.ResNum, Key: "height", Optional: true, Help: "The height of the receive (omitted if unconfirmed)"},
					{Type: rs.ResHex, Key: "txid", Help: "The txid of the receiving transaction"},
					{Type: rs.ResNum, Key: "vout", Help: "The vout of the receiving output"},
					spk("output_spk"),
				}},
			}},
		}}},
		Examples: rs.HelpExampleCli("getdescriptoractivity", "'[\"000000000000000000001347062c12fded7c528943c8ce133987e2e2f5a840ee\"]' '[\"addr(bc1qzl6nsgqzu89a66l50cvwapnkw5shh23zarqkw9)\"]'"),
		Handler:  n.getdescriptoractivity}
}

// activityBlock is one requested main-chain block.
type activityBlock struct {
	hash   chainhash.Hash
	height int32
}

func (n *Node) getdescriptoractivity(r *rs.Request) (any, error) {
	var hashes, objs []json.RawMessage
	if err := json.Unmarshal(r.Arg(0), &hashes); err != nil || r.Arg(0) == nil {
		return nil, rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type array", jsonType(r.Arg(0)))
	}
	seen := map[chainhash.Hash]bool{}
	var blocks []activityBlock
	for _, raw := range hashes {
		h, err := hashArg(raw, "blockhash")
		if err != nil {
			return nil, err
		}
		if _, err := n.Chain.HeaderByHash(&h); err != nil {
			return nil, rs.NewError(rs.InvalidAddressOrKey, "Block not found")
		}
		if !n.Chain.OnMainChain(&h) {
			return nil, rs.NewError(rs.InvalidParameter, "Block is not in main chain")
		}
		if seen[h] {
			continue
		}
		seen[h] = true
		height, err := n.Chain.Height(h)
		if err != nil {
			return nil, rs.NewError(rs.InvalidAddressOrKey, "Block not found")
		}
		blocks = append(blocks, activityBlock{h, height})
	}
	sort.Slice(blocks, func(i, j int) bool { return blocks[i].height < blocks[j].height })

	if err := json.Unmarshal(r.Arg(1), &objs); err != nil || r.Arg(1) == nil {
		return nil, rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type array", jsonType(r.Arg(1)))
	}
	watch := map[string]bool{}
	for _, raw := range objs {
		scripts, err := evalDescriptor(raw, n.Chain.Params)
		if err != nil {
			return nil, err
		}
		for _, s := range scripts {
			watch[string(s.script)] = true
		}
	}
	includeMempool, err := boolArg(r.Arg(2), true)
	if err != nil {
		return nil, err
	}

	activity := univalue.NewArray()
	for _, b := range blocks {
		blk, err := n.Chain.BlockByHash(&b.hash)
		if err != nil {
			return nil, rs.NewError(rs.RPCMiscError, "Block not available (pruned data)")
		}
		spent, err := n.Chain.BlockChain().FetchSpendJournal(blk)
		if err != nil {
			return nil, rs.NewError(rs.RPCMiscError, "Undo data not available")
		}
		for i, tx := range blk.MsgBlock().Transactions {
			if i > 0 {
				for vin, in := range tx.TxIn {
					if len(spent) == 0 {
						return nil, rs.NewError(rs.RPCMiscError, "Undo data expected but can't be read. This could be due to disk corruption or a conflict with a pruning event.")
					}
					prev := spent[0]
					spent = spent[1:]
					if watch[string(prev.PkScript)] {
						activity.Push(n.spendEvent(prev.PkScript, prev.Amount, tx, vin, in, &b))
					}
				}
			}
			for vout, out := range tx.TxOut {
				if watch[string(out.PkScript)] {
					activity.Push(n.receiveEvent(out, &b, vout, tx))
				}
			}
		}
	}

	if includeMempool && n.Pool != nil {
		for _, tx := range n.mempoolInOrder() {
			for vin, in := range tx.TxIn {
				var script []byte
				var value int64
				if coin, err := n.Chain.UTXO(in.PreviousOutPoint); err == nil && coin != nil {
					script, value = coin.PkScript, coin.Amount
				} else if out, ok := n.Pool.Output(in.PreviousOutPoint); ok {
					script, value = out.PkScript, out.Value
				} else {
					continue
				}
				if watch[string(script)] {
					activity.Push(n.spendEvent(script, value, tx, vin, in, nil))
				}
			}
			for vout, out := range tx.TxOut {
				if watch[string(out.PkScript)] {
					activity.Push(n.receiveEvent(out, nil, vout, tx))
				}
			}
		}
	}
	o := univalue.NewObject()
	o.PushKV("activity", activity)
	return o, nil
}

func (n *Node) spendEvent(script []byte, value int64, tx *wire.MsgTx, vin int, in *wire.TxIn, b *activityBlock) univalue.Value {
	e := univalue.NewObject()
	e.PushKV("type", univalue.NewString("spend"))
	e.PushKV("amount", rs.ValueFromAmount(value))
	if b != nil {
		e.PushKV("blockhash", univalue.NewString(b.hash.String()))
		e.PushKV("height", univalue.NewInt(int64(b.height)))
	}
	e.PushKV("spend_txid", univalue.NewString(tx.TxHash().String()))
	e.PushKV("spend_vin", univalue.NewInt(int64(vin)))
	e.PushKV("prevout_txid", univalue.NewString(in.PreviousOutPoint.Hash.String()))
	e.PushKV("prevout_vout", univalue.NewInt(int64(in.PreviousOutPoint.Index)))
	e.PushKV("prevout_spk", scriptPubKeyJSON(script, n.Chain.Params))
	return e
}

func (n *Node) receiveEvent(out *wire.TxOut, b *activityBlock, vout int, tx *wire.MsgTx) univalue.Value {
	e := univalue.NewObject()
	e.PushKV("type", univalue.NewString("receive"))
	e.PushKV("amount", rs.ValueFromAmount(out.Value))
	if b != nil {
		e.PushKV("blockhash", univalue.NewString(b.hash.String()))
		e.PushKV("height", univalue.NewInt(int64(b.height)))
	}
	e.PushKV("txid", univalue.NewString(tx.TxHash().String()))
	e.PushKV("vout", univalue.NewInt(int64(vout)))
	e.PushKV("output_spk", scriptPubKeyJSON(out.PkScript, n.Chain.Params))
	return e
}

// mempoolInOrder lists the pool's transactions parents first, like Core's
// entryAll (ancestor count, then higher feerate, then txid).
func (n *Node) mempoolInOrder() []*wire.MsgTx {
	descs := n.Pool.Descs()
	type entry struct {
		tx        *wire.MsgTx
		hash      chainhash.Hash
		ancestors int
		feeRate   float64
	}
	byHash := map[chainhash.Hash]*wire.MsgTx{}
	for _, d := range descs {
		byHash[d.Tx.MsgTx().TxHash()] = d.Tx.MsgTx()
	}
	memo := map[chainhash.Hash]map[chainhash.Hash]bool{}
	var ancestorsOf func(h chainhash.Hash) map[chainhash.Hash]bool
	ancestorsOf = func(h chainhash.Hash) map[chainhash.Hash]bool {
		if a, ok := memo[h]; ok {
			return a
		}
		a := map[chainhash.Hash]bool{}
		memo[h] = a
		for _, in := range byHash[h].TxIn {
			p := in.PreviousOutPoint.Hash
			if _, ok := byHash[p]; ok && !a[p] {
				a[p] = true
				for q := range ancestorsOf(p) {
					a[q] = true
				}
			}
		}
		return a
	}
	entries := make([]entry, 0, len(descs))
	for _, d := range descs {
		tx := d.Tx.MsgTx()
		h := tx.TxHash()
		size := float64(tx.SerializeSizeStripped()*3+tx.SerializeSize()) / 4
		entries = append(entries, entry{tx: tx, hash: h, ancestors: len(ancestorsOf(h)), feeRate: float64(d.Fee) / size})
	}
	sort.Slice(entries, func(i, j int) bool {
		a, b := entries[i], entries[j]
		if a.ancestors != b.ancestors {
			return a.ancestors < b.ancestors
		}
		if a.feeRate != b.feeRate {
			return a.feeRate > b.feeRate
		}
		return a.hash.String() < b.hash.String()
	})
	out := make([]*wire.MsgTx, len(entries))
	for i, e := range entries {
		out[i] = e.tx
	}
	return out
}
