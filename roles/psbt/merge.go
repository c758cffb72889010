package psbt

import (
	"bytes"
	"errors"

	"github.com/btcsuite/btcd/address/v2"
)

// ErrNotCompatible is Combine's error for PSBTs of different
// transactions (Core's wording).
var ErrNotCompatible = errors.New("PSBTs not compatible (different transactions)")

// Combine is Core's CombinePSBTs: a copy of the first PSBT with every
// other merged in.
func Combine(ps []*Packet) (*Packet, error) {
	if len(ps) == 0 {
		return nil, errors.New("no PSBTs to combine")
	}
	out, err := ps[0].Clone()
	if err != nil {
		return nil, err
	}
	for _, p := range ps[1:] {
		if err := out.Merge(p); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Clone is a deep copy (through the encoding).
func (p *Packet) Clone() (*Packet, error) {
	b, err := p.Encode()
	if err != nil {
		return nil, err
	}
	return DecodeAny(b)
}

// Merge adds what o knows to p (Core's PartiallySignedTransaction::Merge);
// both must be over the same transaction.
func (p *Packet) Merge(o *Packet) error {
	if p.UnsignedTx.TxHash() != o.UnsignedTx.TxHash() || len(p.Inputs) != len(o.Inputs) || len(p.Outputs) != len(o.Outputs) {
		return ErrNotCompatible
	}
	for i := range p.Inputs {
		p.Inputs[i].merge(&o.Inputs[i])
	}
	for i := range p.Outputs {
		p.Outputs[i].merge(&o.Outputs[i])
	}
	for _, x := range o.XPubs {
		dup := false
		for _, y := range p.XPubs {
			dup = dup || (bytes.Equal(x.Key[13:], y.Key[13:]) && compareOrigin(x.Origin, y.Origin) == 0)
		}
		if !dup {
			p.XPubs = append(p.XPubs, x)
		}
	}
	p.Unknown = mergeKV(p.Unknown, o.Unknown)
	return nil
}

// mergeList appends the entries of b whose identity is not in a
// (std::map::insert).
func mergeList[T any](a, b []T, id func(T) string) []T {
	have := map[string]bool{}
	for _, x := range a {
		have[id(x)] = true
	}
	for _, x := range b {
		if !have[id(x)] {
			have[id(x)] = true
			a = append(a, x)
		}
	}
	return a
}

func mergeKV(a, b []KV) []KV {
	return mergeList(a, b, func(kv KV) string { return string(kv.Key) })
}

func fill(a, b []byte) []byte {
	if len(a) == 0 && len(b) != 0 {
		return b
	}
	return a
}

func fillKey(a, b []byte) []byte {
	if (len(a) == 0 || allZero(a)) && len(b) != 0 && !allZero(b) {
		return b
	}
	return a
}

func (in *Input) merge(o *Input) {
	if in.NonWitnessUtxo == nil {
		in.NonWitnessUtxo = o.NonWitnessUtxo
	}
	if in.WitnessUtxo == nil {
		in.WitnessUtxo = o.WitnessUtxo
	}
	in.PartialSigs = mergeList(in.PartialSigs, o.PartialSigs, func(s PartialSig) string { return string(address.Hash160(s.PubKey)) })
	byHash := func(p Preimage) string { return string(p.Hash) }
	in.Ripemd160 = mergeList(in.Ripemd160, o.Ripemd160, byHash)
	in.Sha256 = mergeList(in.Sha256, o.Sha256, byHash)
	in.Hash160 = mergeList(in.Hash160, o.Hash160, byHash)
	in.Hash256 = mergeList(in.Hash256, o.Hash256, byHash)
	in.Bip32 = mergeList(in.Bip32, o.Bip32, func(d Bip32Derivation) string { return string(d.PubKey) })
	in.Unknown = mergeKV(in.Unknown, o.Unknown)
	in.TapScriptSigs = mergeList(in.TapScriptSigs, o.TapScriptSigs, func(s TapScriptSig) string { return string(s.XOnly) + string(s.LeafHash) })
	// Core keys leaf scripts by (script, version) and keeps the first
	// set of control blocks.
	leafID := func(l TapLeafScript) string { return string(l.Script) + string([]byte{l.LeafVersion}) }
	have := map[string]bool{}
	for _, l := range in.TapLeafScripts {
		have[leafID(l)] = true
	}
	for _, l := range o.TapLeafScripts {
		if !have[leafID(l)] {
			in.TapLeafScripts = append(in.TapLeafScripts, l)
		}
	}
	in.TapBip32 = mergeList(in.TapBip32, o.TapBip32, func(d TapBip32Derivation) string { return string(d.XOnly) })
	in.RedeemScript = fill(in.RedeemScript, o.RedeemScript)
	in.WitnessScript = fill(in.WitnessScript, o.WitnessScript)
	in.FinalScriptSig = fill(in.FinalScriptSig, o.FinalScriptSig)
	if len(in.FinalScriptWitness) == 0 && len(o.FinalScriptWitness) != 0 {
		in.FinalScriptWitness = o.FinalScriptWitness
	}
	in.TapKeySig = fill(in.TapKeySig, o.TapKeySig)
	in.TapInternalKey = fillKey(in.TapInternalKey, o.TapInternalKey)
	in.TapMerkleRoot = fillKey(in.TapMerkleRoot, o.TapMerkleRoot)
}

func (out *Output) merge(o *Output) {
	out.Bip32 = mergeList(out.Bip32, o.Bip32, func(d Bip32Derivation) string { return string(d.PubKey) })
	out.Unknown = mergeKV(out.Unknown, o.Unknown)
	out.TapBip32 = mergeList(out.TapBip32, o.TapBip32, func(d TapBip32Derivation) string { return string(d.XOnly) })
	out.RedeemScript = fill(out.RedeemScript, o.RedeemScript)
	out.WitnessScript = fill(out.WitnessScript, o.WitnessScript)
	out.TapInternalKey = fillKey(out.TapInternalKey, o.TapInternalKey)
	if len(out.TapTree) == 0 {
		out.TapTree = o.TapTree
	}
}
