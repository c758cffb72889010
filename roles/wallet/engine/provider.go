package engine

import (
	"bytes"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
	"github.com/mpbitcoin/mpbitcoin/roles/sign"
)

// addOutput teaches a signing provider what the wallet knows of one
// descriptor output: keys (private when held), scripts, taproot data.
func addOutput(f *sign.Flat, o descriptor.Output) {
	for _, k := range o.Keys {
		if k.Priv != nil {
			f.AddKey(k.Priv, len(k.Pub) == 33)
		} else {
			f.AddPubKey(k.Pub)
		}
	}
	if o.RedeemScript != nil {
		f.AddScript(o.RedeemScript)
	}
	if o.WitnessScript != nil {
		f.AddScript(o.WitnessScript)
	}
	if o.TaprootInternalKey != nil && len(o.Script) == 34 {
		info := sign.TaprootInfo{InternalKey: o.TaprootInternalKey, MerkleRoot: o.TaprootMerkleRoot}
		for _, l := range o.TaprootLeaves {
			info.Leaves = append(info.Leaves, sign.TapLeaf{Script: l.Script, LeafVersion: l.LeafVersion, ControlBlock: l.ControlBlock})
		}
		f.AddTaproot(o.Script[2:], info)
	}
}

// provider returns a signing provider for the given scripts of the wallet.
// The caller holds w.mu.
func (w *Wallet) provider(scripts [][]byte) *sign.Flat {
	f := &sign.Flat{}
	for _, s := range scripts {
		if r, ok := w.isMine(s); ok {
			addOutput(f, w.signingOutput(r, s))
		}
	}
	return f
}

// signingOutput is r's output with the private keys its descriptor holds
// now: the cached one may predate an unlock (an encrypted wallet expands
// its scripts while locked when it loads). The caller holds w.mu.
func (w *Wallet) signingOutput(r scriptRef, script []byte) descriptor.Output {
	s := w.spkms[r.id]
	if s == nil || len(s.keys) == 0 {
		return r.out
	}
	outs, err := s.desc.Expand(uint32(max(r.index, 0)))
	if err != nil {
		return r.out
	}
	for _, o := range outs {
		if bytes.Equal(o.Script, script) {
			return o
		}
	}
	return r.out
}
