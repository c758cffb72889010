package psbt

import (
	"github.com/btcsuite/btcd/txscript/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/sign"
)

// UpdateOutput is Core's UpdatePSBTOutput: what prov knows of output i's
// script (redeem and witness scripts, key origins, taproot internal key
// and tree) is added to the output map. No private key is used.
func (p *Packet) UpdateOutput(prov sign.Provider, i int) {
	tx := p.UnsignedTx
	if len(tx.TxIn) == 0 {
		return
	}
	out := tx.TxOut[i]
	po := &p.Outputs[i]
	sd := sign.SigData{RedeemScript: po.RedeemScript, WitnessScript: po.WitnessScript}
	for _, d := range po.Bip32 {
		sd.PubKeys = append(sd.PubKeys, d.PubKey)
	}
	f := txscript.NewCannedPrevOutputFetcher(out.PkScript, out.Value)
	s := &sign.Signer{Tx: tx, Index: 0, Amount: out.Value, HashType: txscript.SigHashAll,
		Hashes: txscript.NewTxSigHashes(tx, f), Fetcher: f}
	s.Produce(noKeys{prov}, out.PkScript, &sd)

	po.RedeemScript = fill(po.RedeemScript, sd.RedeemScript)
	po.WitnessScript = fill(po.WitnessScript, sd.WitnessScript)
	for pub, o := range sd.Origins {
		d := Bip32Derivation{PubKey: []byte(pub), Origin: KeyOrigin(o)}
		po.Bip32 = mergeList(po.Bip32, []Bip32Derivation{d}, func(d Bip32Derivation) string { return string(d.PubKey) })
	}
	for x, t := range sd.TapOrigins {
		d := TapBip32Derivation{XOnly: append([]byte{}, x[:]...), LeafHashes: t.LeafHashes, Origin: KeyOrigin(t.Origin)}
		sortHashes(d.LeafHashes)
		po.TapBip32 = mergeList(po.TapBip32, []TapBip32Derivation{d}, func(d TapBip32Derivation) string { return string(d.XOnly) })
	}
	if t := sd.Taproot; t != nil {
		if len(t.InternalKey) == 32 {
			po.TapInternalKey = t.InternalKey
		}
		if tree := treeTuples(t.Leaves); tree != nil {
			po.TapTree = tree
		}
	}
}

// treeTuples is the (depth, version, script) list of leaves, depth first
// as given, when they form a complete tree.
func treeTuples(leaves []sign.TapLeaf) []TapTreeLeaf {
	var tree []TapTreeLeaf
	var b treeBuilder
	for _, l := range leaves {
		if len(l.ControlBlock) < 33 || (len(l.ControlBlock)-33)%32 != 0 {
			return nil
		}
		depth := (len(l.ControlBlock) - 33) / 32
		tree = append(tree, TapTreeLeaf{Depth: byte(depth), LeafVersion: l.LeafVersion, Script: l.Script})
		b.add(depth)
	}
	if len(tree) == 0 || !b.complete() {
		return nil
	}
	return tree
}

// RemoveUnnecessaryTransactions is Core's function of that name: when
// every input spends a segwit v1+ output with a witness UTXO and no input
// signs with ANYONECANPAY, the non-witness UTXOs are dropped.
func (p *Packet) RemoveUnnecessaryTransactions() {
	for _, in := range p.Inputs {
		if in.WitnessUtxo == nil || !txscript.IsWitnessProgram(in.WitnessUtxo.PkScript) {
			return
		}
		if v, _, err := txscript.ExtractWitnessProgramInfo(in.WitnessUtxo.PkScript); err != nil || v == 0 {
			return
		}
		if in.SighashType != nil && *in.SighashType&0x80 != 0 {
			return
		}
	}
	for i := range p.Inputs {
		p.Inputs[i].NonWitnessUtxo = nil
	}
}

// CountUnsigned is Core's CountPSBTUnsignedInputs: inputs without a final
// scriptSig or witness.
func (p *Packet) CountUnsigned() int {
	n := 0
	for _, in := range p.Inputs {
		if len(in.FinalScriptSig) == 0 && len(in.FinalScriptWitness) == 0 {
			n++
		}
	}
	return n
}
