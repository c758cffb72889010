package descriptor

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"sort"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcec/v2/schnorr"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/txscript/v2"
)

// TapLeaf is one script-path leaf of a tr() output.
type TapLeaf struct {
	Script       []byte
	LeafVersion  byte
	ControlBlock []byte
}

// Output is one scriptPubKey produced by a descriptor at some position,
// with everything needed to solve it.
type Output struct {
	Script             []byte    // scriptPubKey
	RedeemScript       []byte    // P2SH redeem script, if any
	WitnessScript      []byte    // P2WSH witness script, if any
	Keys               []Key     // every public key involved
	TaprootInternalKey []byte    // 32-byte x-only internal key for tr()
	TaprootMerkleRoot  []byte    // nil for key-path-only
	TaprootLeaves      []TapLeaf // script-path leaves if tr() has a tree

	miniscripts []msExpansion // miniscripts behind the scripts, for InferOutput
}

// msExpansion remembers a miniscript and its derived keys so that
// InferOutput can show it the way Core's InferDescriptor decodes it.
type msExpansion struct {
	script    []byte
	ms        *msNode
	keys      []Key
	tapscript bool
}

// Expand returns the scripts of the descriptor at position index (ignored
// for unranged descriptors). combo() yields several outputs, everything
// else one. Hardened derivation without the private key fails with
// ErrNeedPrivateKeys.
func (d *Descriptor) Expand(index uint32) ([]Output, error) {
	return d.root.expand(index)
}

// keysAt derives the keys of n at pos, one per key expression, and the
// participant keys of musig() expressions.
func (n *node) keysAt(pos uint32) (keys, extra []Key, err error) {
	keys = make([]Key, len(n.keys))
	for i, k := range n.keys {
		if k.musig != nil {
			all, err := k.musig.at(pos)
			if err != nil {
				return nil, nil, err
			}
			keys[i] = all[0]
			extra = append(extra, all[1:]...)
			continue
		}
		key, err := k.at(pos)
		if err != nil {
			return nil, nil, err
		}
		keys[i] = key
	}
	return keys, extra, nil
}

func (n *node) expand(pos uint32) ([]Output, error) {
	keys, extra, err := n.keysAt(pos)
	if err != nil {
		return nil, err
	}
	outs, err := n.expandKeys(pos, keys)
	if err != nil || len(extra) == 0 {
		return outs, err
	}
	for i := range outs {
		outs[i].Keys = append(outs[i].Keys, extra...)
	}
	return outs, nil
}

func (n *node) expandKeys(pos uint32, keys []Key) ([]Output, error) {
	one := func(script []byte, err error) ([]Output, error) {
		if err != nil {
			return nil, err
		}
		return []Output{{Script: script, Keys: keys,
			miniscripts: []msExpansion{{script: script, ms: n.ms, keys: keys, tapscript: n.tapscript}}}}, nil
	}
	switch n.kind {
	case kindAddr, kindRaw:
		return []Output{{Script: n.script}}, nil
	case kindPK:
		return one(pkScript(keys[0].Pub, n.xonly))
	case kindPKH:
		return one(pkhScript(keys[0].Pub))
	case kindWPKH:
		return one(wpkhScript(keys[0].Pub))
	case kindCombo:
		return comboOutputs(keys)
	case kindMulti, kindSortedMulti:
		return one(multiScript(n.threshold, keys, n.kind == kindSortedMulti))
	case kindMultiA, kindSortedMultiA:
		return one(multiAScript(n.threshold, keys, n.kind == kindSortedMultiA))
	case kindSH, kindWSH:
		inner, err := n.subs[0].expand(pos)
		if err != nil {
			return nil, err
		}
		sub := inner[0]
		var out Output
		if n.kind == kindSH {
			out = Output{RedeemScript: sub.Script, WitnessScript: sub.WitnessScript, Keys: sub.Keys, miniscripts: sub.miniscripts}
			out.Script, err = p2shScript(sub.Script)
		} else {
			out = Output{WitnessScript: sub.Script, Keys: sub.Keys, miniscripts: sub.miniscripts}
			out.Script, err = p2wshScript(sub.Script)
		}
		if err != nil {
			return nil, err
		}
		return []Output{out}, nil
	case kindRawTR:
		x := keys[0].Pub[1:33]
		return one(p2trScript(x))
	case kindTR:
		return n.expandTR(pos, keys[0])
	case kindMiniscript:
		script := n.ms.msScript(func(i int) []byte {
			if n.tapscript {
				return keys[i].Pub[1:33]
			}
			return keys[i].Pub
		})
		return []Output{{Script: script, Keys: keys,
			miniscripts: []msExpansion{{script: script, ms: n.ms, keys: keys, tapscript: n.tapscript}}}}, nil
	}
	return nil, fmt.Errorf("unknown descriptor kind %d", n.kind)
}

func comboOutputs(keys []Key) ([]Output, error) {
	pub := keys[0].Pub
	var scripts [][]byte
	pk, err := pkScript(pub, false)
	if err != nil {
		return nil, err
	}
	pkh, err := pkhScript(pub)
	if err != nil {
		return nil, err
	}
	scripts = append(scripts, pk, pkh)
	var wpkh []byte
	if len(pub) == 33 {
		if wpkh, err = wpkhScript(pub); err != nil {
			return nil, err
		}
		sh, err := p2shScript(wpkh)
		if err != nil {
			return nil, err
		}
		scripts = append(scripts, wpkh, sh)
	}
	out := make([]Output, len(scripts))
	for i, s := range scripts {
		out[i] = Output{Script: s, Keys: keys}
	}
	if wpkh != nil {
		out[3].RedeemScript = wpkh
	}
	return out, nil
}

func pkScript(pub []byte, xonly bool) ([]byte, error) {
	if xonly {
		pub = pub[1:33]
	}
	return txscript.NewScriptBuilder().AddData(pub).AddOp(txscript.OP_CHECKSIG).Script()
}

func pkhScript(pub []byte) ([]byte, error) {
	return txscript.NewScriptBuilder().AddOp(txscript.OP_DUP).AddOp(txscript.OP_HASH160).
		AddData(address.Hash160(pub)).AddOp(txscript.OP_EQUALVERIFY).AddOp(txscript.OP_CHECKSIG).Script()
}

func wpkhScript(pub []byte) ([]byte, error) {
	return txscript.NewScriptBuilder().AddOp(txscript.OP_0).AddData(address.Hash160(pub)).Script()
}

func p2shScript(redeem []byte) ([]byte, error) {
	return txscript.NewScriptBuilder().AddOp(txscript.OP_HASH160).AddData(address.Hash160(redeem)).
		AddOp(txscript.OP_EQUAL).Script()
}

func p2wshScript(witness []byte) ([]byte, error) {
	h := sha256.Sum256(witness)
	return txscript.NewScriptBuilder().AddOp(txscript.OP_0).AddData(h[:]).Script()
}

func p2trScript(xonly []byte) ([]byte, error) {
	return txscript.NewScriptBuilder().AddOp(txscript.OP_1).AddData(xonly).Script()
}

func multiScript(threshold int, keys []Key, sorted bool) ([]byte, error) {
	pubs := make([][]byte, len(keys))
	for i, k := range keys {
		pubs[i] = k.Pub
	}
	if sorted {
		sort.Slice(pubs, func(i, j int) bool { return bytes.Compare(pubs[i], pubs[j]) < 0 })
	}
	b := txscript.NewScriptBuilder().AddInt64(int64(threshold))
	for _, p := range pubs {
		b.AddData(p)
	}
	return b.AddInt64(int64(len(pubs))).AddOp(txscript.OP_CHECKMULTISIG).Script()
}

func multiAScript(threshold int, keys []Key, sorted bool) ([]byte, error) {
	xs := make([][]byte, len(keys))
	for i, k := range keys {
		xs[i] = k.Pub[1:33]
	}
	if sorted {
		sort.Slice(xs, func(i, j int) bool { return bytes.Compare(xs[i], xs[j]) < 0 })
	}
	b := txscript.NewScriptBuilder()
	for i, x := range xs {
		b.AddData(x)
		if i == 0 {
			b.AddOp(txscript.OP_CHECKSIG)
		} else {
			b.AddOp(txscript.OP_CHECKSIGADD)
		}
	}
	return b.AddInt64(int64(threshold)).AddOp(txscript.OP_NUMEQUAL).Script()
}

// tapNode is a subtree while assembling a taproot tree from leaf depths.
type tapNode struct {
	depth  int
	hash   []byte
	leaves []int // indices of leaves below this node
}

func tapBranch(a, b []byte) []byte {
	if bytes.Compare(a, b) > 0 {
		a, b = b, a
	}
	return chainhash.TaggedHash(chainhash.TagTapBranch, a, b)[:]
}

func (n *node) expandTR(pos uint32, internal Key) ([]Output, error) {
	out := Output{Keys: []Key{internal}}
	leafScripts := make([][]byte, len(n.subs))
	proofs := make([][]byte, len(n.subs))
	var stack []tapNode
	for i, sub := range n.subs {
		inner, err := sub.expand(pos)
		if err != nil {
			return nil, err
		}
		leafScripts[i] = inner[0].Script
		out.Keys = append(out.Keys, inner[0].Keys...)
		out.miniscripts = append(out.miniscripts, inner[0].miniscripts...)
		h := txscript.NewBaseTapLeaf(inner[0].Script).TapHash()
		stack = append(stack, tapNode{depth: n.depths[i], hash: h[:], leaves: []int{i}})
		for len(stack) >= 2 && stack[len(stack)-1].depth == stack[len(stack)-2].depth {
			r, l := stack[len(stack)-1], stack[len(stack)-2]
			for _, li := range l.leaves {
				proofs[li] = append(proofs[li], r.hash...)
			}
			for _, ri := range r.leaves {
				proofs[ri] = append(proofs[ri], l.hash...)
			}
			stack = stack[:len(stack)-2]
			stack = append(stack, tapNode{depth: l.depth - 1, hash: tapBranch(l.hash, r.hash), leaves: append(l.leaves, r.leaves...)})
		}
	}
	if len(n.subs) > 0 && (len(stack) != 1 || stack[0].depth != 0) {
		return nil, errors.New("tr(): invalid taproot tree")
	}
	internalPub, err := btcec.ParsePubKey(internal.Pub)
	if err != nil {
		return nil, fmt.Errorf("tr() internal key: %w", err)
	}
	xonly := schnorr.SerializePubKey(internalPub)
	var root []byte
	if len(stack) == 1 {
		root = stack[0].hash
	}
	outputKey := txscript.ComputeTaprootOutputKey(internalPub, root)
	out.Script, err = p2trScript(schnorr.SerializePubKey(outputKey))
	if err != nil {
		return nil, err
	}
	out.TaprootInternalKey = xonly
	out.TaprootMerkleRoot = root
	odd := outputKey.SerializeCompressed()[0] == 0x03
	for i, s := range leafScripts {
		cb := append([]byte{byte(txscript.BaseLeafVersion)}, xonly...)
		if odd {
			cb[0] |= 1
		}
		cb = append(cb, proofs[i]...)
		out.TaprootLeaves = append(out.TaprootLeaves, TapLeaf{Script: s, LeafVersion: byte(txscript.BaseLeafVersion), ControlBlock: cb})
	}
	return []Output{out}, nil
}
