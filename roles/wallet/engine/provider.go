package engine

import (
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
			addOutput(f, r.out)
		}
	}
	return f
}
