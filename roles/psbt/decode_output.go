package psbt

import (
	"errors"
	"fmt"
)

func readOutput(r *reader, version uint32) (*Output, error) {
	out := &Output{}
	seen := map[string]bool{}
	for !r.empty() {
		key := r.vec()
		if r.err != nil {
			return nil, r.err
		}
		if len(key) == 0 {
			return out, nil
		}
		kr := &reader{b: key}
		typ := kr.compact(true)
		if err := out.readField(r, kr, typ, key, seen, version); err != nil {
			return nil, err
		}
		if r.err != nil {
			return nil, r.err
		}
	}
	return nil, errors.New("Separator is missing at the end of an output map")
}

func (out *Output) readField(r, kr *reader, typ uint64, key []byte, seen map[string]bool, version uint32) error {
	switch {
	case typ == OutRedeemScript:
		if err := oneByteKey(seen, key, "output redeemScript", "Output redeemScript"); err != nil {
			return err
		}
		out.RedeemScript = r.vec()
	case typ == OutWitnessScript:
		if err := oneByteKey(seen, key, "output witnessScript", "Output witnessScript"); err != nil {
			return err
		}
		out.WitnessScript = r.vec()
	case typ == OutBip32Derivation:
		d, err := readBip32(r, key, out.Bip32)
		if err != nil {
			return err
		}
		out.Bip32 = append(out.Bip32, d)
	case typ == OutTapInternalKey:
		if err := oneByteKey(seen, key, "output Taproot internal key", "Output Taproot internal key"); err != nil {
			return err
		}
		fromVector(r, func(r *reader) { out.TapInternalKey = r.bytes(32) })
	case typ == OutTapTree:
		if err := oneByteKey(seen, key, "output Taproot tree", "Output Taproot tree"); err != nil {
			return err
		}
		return out.readTapTree(r)
	case typ == OutTapBip32Derivation:
		if seen[string(key)] {
			return errors.New("Duplicate Key, output Taproot BIP32 keypath already provided")
		}
		seen[string(key)] = true
		if len(key) != 33 {
			return errors.New("Output Taproot BIP32 keypath key is not at 33 bytes")
		}
		d, err := readTapBip32(r, key[1:], "Output")
		if err != nil {
			return err
		}
		out.TapBip32 = append(out.TapBip32, d)
	case typ == OutMuSig2Participants:
		if seen[string(key)] {
			return errors.New("Duplicate Key, output participant pubkeys for an aggregate key already provided")
		}
		seen[string(key)] = true
		if len(key) != 34 {
			return errors.New("Output musig2 participants pubkeys aggregate key is not 34 bytes")
		}
		m, err := readMuSig2Participants(r, key[1:], "Output")
		if err != nil {
			return err
		}
		out.MuSig2Participants = append(out.MuSig2Participants, m)
	case typ == OutProprietary:
		prop, err := readProprietary(r, kr, key, out.Proprietary)
		if err != nil {
			return err
		}
		out.Proprietary = append(out.Proprietary, prop)
	case version == 2 && (typ == OutAmount || typ == OutScript):
		if seen[string(key)] {
			return fmt.Errorf("Duplicate Key, output PSBTv2 field 0x%02x already provided", typ)
		}
		seen[string(key)] = true
		if len(key) != 1 {
			return fmt.Errorf("Output PSBTv2 field 0x%02x key is more than one byte type", typ)
		}
		val := r.vec()
		if typ == OutScript {
			out.Script = val
			return nil
		}
		if r.err == nil && len(val) != 8 {
			return errors.New("Output amount is not 8 bytes")
		}
		vr := &reader{b: val}
		v := int64(vr.u32()) | int64(vr.u32())<<32
		out.Amount = &v
	default:
		if hasKey(out.Unknown, key) {
			return errors.New("Duplicate Key, key for unknown value already provided")
		}
		out.Unknown = append(out.Unknown, KV{key, r.vec()})
	}
	return nil
}

// readTapTree reads an output's tree and checks it forms a complete
// binary tree (Core's TaprootBuilder).
func (out *Output) readTapTree(r *reader) error {
	v := r.vec()
	if r.err != nil {
		return r.err
	}
	if len(v) == 0 {
		return errors.New("Output Taproot tree must not be empty")
	}
	tr := &reader{b: v}
	var b treeBuilder
	for !tr.empty() {
		depth, ver := tr.u8(), tr.u8()
		script := tr.vec()
		if tr.err != nil {
			return tr.err
		}
		if depth > maxTaprootDepth {
			return errors.New("Output Taproot tree has as leaf greater than Taproot maximum depth")
		}
		if ver&^0xfe != 0 {
			return errors.New("Output Taproot tree has a leaf with an invalid leaf version")
		}
		out.TapTree = append(out.TapTree, TapTreeLeaf{Depth: depth, LeafVersion: ver, Script: script})
		b.add(int(depth))
	}
	if !b.complete() {
		return errors.New("Output Taproot tree is malformed")
	}
	return nil
}

// treeBuilder is the shape check of Core's TaprootBuilder: leaves are
// added depth first; branch[d] is set when a node waits at depth d.
type treeBuilder struct {
	branch  []bool
	invalid bool
}

func (t *treeBuilder) add(depth int) {
	if t.invalid {
		return
	}
	if depth+1 < len(t.branch) {
		t.invalid = true
		return
	}
	for len(t.branch) > depth && t.branch[depth] {
		t.branch = t.branch[:len(t.branch)-1]
		if depth == 0 {
			t.invalid = true
			return
		}
		depth--
	}
	for len(t.branch) <= depth {
		t.branch = append(t.branch, false)
	}
	t.branch[depth] = true
}

func (t *treeBuilder) complete() bool {
	return !t.invalid && (len(t.branch) == 0 || (len(t.branch) == 1 && t.branch[0]))
}
