package psbt

import (
	"bytes"
	"errors"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/sign"
)

// Errors of SignInput (Core's PSBTError values).
var (
	ErrMissingInputs   = errors.New("Input not found or already spent")
	ErrSighashMismatch = errors.New("Specified sighash value does not match value stored in PSBT")
	ErrIncomplete      = errors.New("Input is not complete")
)

// InputUTXO is Core's GetInputUTXO: the output input i spends, from its
// non-witness UTXO (checked against the outpoint) or its witness UTXO.
func (p *Packet) InputUTXO(i int) (*wire.TxOut, bool) {
	in := &p.Inputs[i]
	op := p.UnsignedTx.TxIn[i].PreviousOutPoint
	if in.NonWitnessUtxo != nil {
		if int(op.Index) >= len(in.NonWitnessUtxo.TxOut) || in.NonWitnessUtxo.TxHash() != op.Hash {
			return nil, false
		}
		return in.NonWitnessUtxo.TxOut[op.Index], true
	}
	if in.WitnessUtxo != nil {
		return in.WitnessUtxo, true
	}
	return nil, false
}

// prevouts are the known UTXOs of the inputs. A previous transaction
// shared by several inputs (one pointer) is hashed once: a PSBT spending
// many outputs of one big transaction would otherwise hash it per input.
func (p *Packet) prevouts() map[wire.OutPoint]sign.Prevout {
	m := map[wire.OutPoint]sign.Prevout{}
	hashes := map[*wire.MsgTx]chainhash.Hash{}
	for i, txin := range p.UnsignedTx.TxIn {
		in := &p.Inputs[i]
		op := txin.PreviousOutPoint
		if prev := in.NonWitnessUtxo; prev != nil {
			h, ok := hashes[prev]
			if !ok {
				h = prev.TxHash()
				hashes[prev] = h
			}
			if int(op.Index) < len(prev.TxOut) && h == op.Hash {
				u := prev.TxOut[op.Index]
				m[op] = sign.Prevout{Script: u.PkScript, Value: u.Value}
			}
			continue
		}
		if in.WitnessUtxo != nil {
			m[op] = sign.Prevout{Script: in.WitnessUtxo.PkScript, Value: in.WitnessUtxo.Value}
		}
	}
	return m
}

// sigData is Core's PSBTInput::FillSignatureData.
func (in *Input) sigData() sign.SigData {
	var sd sign.SigData
	if len(in.FinalScriptSig) != 0 || len(in.FinalScriptWitness) != 0 {
		sd.ScriptSig, sd.Witness, sd.Complete = in.FinalScriptSig, in.FinalScriptWitness, true
		return sd
	}
	for _, s := range in.PartialSigs {
		if sd.Sigs == nil {
			sd.Sigs = map[string][]byte{}
		}
		if _, ok := sd.Sigs[string(s.PubKey)]; !ok {
			sd.Sigs[string(s.PubKey)] = s.Sig
		}
	}
	sd.RedeemScript, sd.WitnessScript = in.RedeemScript, in.WitnessScript
	for _, d := range in.Bip32 {
		sd.PubKeys = append(sd.PubKeys, d.PubKey)
	}
	sd.TapKeySig = in.TapKeySig
	for _, s := range in.TapScriptSigs {
		if sd.TapScriptSigs == nil {
			sd.TapScriptSigs = map[sign.TapSigKey][]byte{}
		}
		var k sign.TapSigKey
		copy(k.XOnly[:], s.XOnly)
		copy(k.LeafHash[:], s.LeafHash)
		sd.TapScriptSigs[k] = s.Sig
	}
	if (len(in.TapInternalKey) != 0 && !allZero(in.TapInternalKey)) || len(in.TapLeafScripts) != 0 {
		info := &sign.TaprootInfo{}
		if !allZero(in.TapInternalKey) {
			info.InternalKey = in.TapInternalKey
		}
		if len(in.TapMerkleRoot) != 0 && !allZero(in.TapMerkleRoot) {
			info.MerkleRoot = in.TapMerkleRoot
		}
		for _, l := range in.TapLeafScripts {
			info.Leaves = append(info.Leaves, sign.TapLeaf{Script: l.Script, LeafVersion: l.LeafVersion, ControlBlock: l.ControlBlock})
		}
		sd.Taproot = info
	}
	return sd
}

// fromSigData is Core's PSBTInput::FromSignatureData.
func (in *Input) fromSigData(sd *sign.SigData) {
	if sd.Complete {
		in.PartialSigs, in.Bip32, in.RedeemScript, in.WitnessScript = nil, nil, nil, nil
		if len(sd.ScriptSig) != 0 {
			in.FinalScriptSig = sd.ScriptSig
		}
		if len(sd.Witness) != 0 {
			in.FinalScriptWitness = sd.Witness
		}
		return
	}
	for pub, sig := range sd.Sigs {
		in.PartialSigs = mergeList(in.PartialSigs, []PartialSig{{PubKey: []byte(pub), Sig: sig}}, func(s PartialSig) string { return string(s.PubKey) })
	}
	in.RedeemScript = fill(in.RedeemScript, sd.RedeemScript)
	in.WitnessScript = fill(in.WitnessScript, sd.WitnessScript)
	for pub, o := range sd.Origins {
		d := Bip32Derivation{PubKey: []byte(pub), Origin: KeyOrigin(o)}
		in.Bip32 = mergeList(in.Bip32, []Bip32Derivation{d}, func(d Bip32Derivation) string { return string(d.PubKey) })
	}
	for x, t := range sd.TapOrigins {
		d := TapBip32Derivation{XOnly: append([]byte{}, x[:]...), LeafHashes: t.LeafHashes, Origin: KeyOrigin(t.Origin)}
		sortHashes(d.LeafHashes)
		in.TapBip32 = mergeList(in.TapBip32, []TapBip32Derivation{d}, func(d TapBip32Derivation) string { return string(d.XOnly) })
	}
	if len(sd.TapKeySig) != 0 {
		in.TapKeySig = sd.TapKeySig
	}
	for k, sig := range sd.TapScriptSigs {
		s := TapScriptSig{XOnly: append([]byte{}, k.XOnly[:]...), LeafHash: append([]byte{}, k.LeafHash[:]...), Sig: sig}
		in.TapScriptSigs = mergeList(in.TapScriptSigs, []TapScriptSig{s}, func(s TapScriptSig) string { return string(s.XOnly) + string(s.LeafHash) })
	}
	if t := sd.Taproot; t != nil {
		if len(t.InternalKey) == 32 {
			in.TapInternalKey = t.InternalKey
		}
		if len(t.MerkleRoot) == 32 {
			in.TapMerkleRoot = t.MerkleRoot
		}
		for _, l := range t.Leaves {
			leaf := TapLeafScript{ControlBlock: l.ControlBlock, Script: l.Script, LeafVersion: l.LeafVersion}
			in.TapLeafScripts = mergeList(in.TapLeafScripts, []TapLeafScript{leaf}, func(l TapLeafScript) string {
				return string(l.ControlBlock) + "/" + string(l.Script)
			})
		}
	}
}

// signedAndVerified is Core's PSBTInputSignedAndVerified: the final
// scriptSig and witness satisfy the spent output. As Core, empty ones
// count too (an output that needs no signature).
func (p *Packet) signedAndVerified(i int) bool {
	in := &p.Inputs[i]
	if _, ok := p.InputUTXO(i); !ok {
		return false
	}
	tx := p.UnsignedTx.Copy()
	tx.TxIn[i].SignatureScript, tx.TxIn[i].Witness = in.FinalScriptSig, in.FinalScriptWitness
	return sign.VerifyInput(tx, i, p.prevouts()) == nil
}

// SignInput is Core's SignPSBTInput: it adds what prov can sign or tell
// about input i (nil sighash: DEFAULT for taproot, ALL otherwise) and,
// with finalize, sets the final scriptSig/witness of a complete input. It
// returns nil when the input is complete, ErrIncomplete when it is not,
// or ErrMissingInputs / ErrSighashMismatch.
func (p *Packet) SignInput(prov sign.Provider, i int, sighash *txscript.SigHashType, finalize bool) error {
	return p.signInput(prov, i, sighash, finalize, false, nil)
}

// signInput is SignInput, with dummy signatures when dummy (Core's
// DUMMY_SIGNATURE_CREATOR), reporting what is missing in out.
func (p *Packet) signInput(prov sign.Provider, i int, sighash *txscript.SigHashType, finalize, dummy bool, out *sign.SigData) error {
	if p.signedAndVerified(i) {
		return nil
	}
	in := &p.Inputs[i]
	sd := in.sigData()
	utxo, ok := p.InputUTXO(i)
	if !ok {
		return ErrMissingInputs
	}
	requireWitness := in.NonWitnessUtxo == nil
	taproot := txscript.IsPayToTaproot(utxo.PkScript)
	var ht txscript.SigHashType
	switch {
	case sighash != nil:
		ht = *sighash
	case taproot:
		ht = txscript.SigHashDefault
	default:
		ht = txscript.SigHashAll
	}
	if in.SighashType != nil && *in.SighashType != uint32(ht) {
		return ErrSighashMismatch
	}
	if (taproot && ht != txscript.SigHashDefault) || (!taproot && ht != txscript.SigHashDefault && ht != txscript.SigHashAll) {
		v := uint32(ht)
		in.SighashType = &v
	}
	if err := checkSighashes(in, ht); err != nil {
		return err
	}
	signers := sign.NewSigners(p.UnsignedTx, p.prevouts(), ht)
	s := signers[i]
	s.Dummy = dummy
	sd.IsWitness = false
	complete := s.Produce(prov, utxo.PkScript, &sd)
	if out != nil {
		out.MissingPubKeys, out.MissingSigs = sd.MissingPubKeys, sd.MissingSigs
		out.MissingRedeemScript, out.MissingWitnessScript = sd.MissingRedeemScript, sd.MissingWitnessScript
	}
	if requireWitness && !sd.IsWitness {
		return ErrIncomplete
	}
	if !finalize && sd.Complete {
		sd.Complete = false
	}
	in.fromSigData(&sd)
	if sd.IsWitness {
		in.WitnessUtxo = wire.NewTxOut(utxo.Value, utxo.PkScript)
	}
	if !complete {
		return ErrIncomplete
	}
	return nil
}

// checkSighashes checks the existing signatures use sighash type ht.
func checkSighashes(in *Input, ht txscript.SigHashType) error {
	if ht == txscript.SigHashDefault {
		if len(in.TapKeySig) != 0 && len(in.TapKeySig) != 64 {
			return ErrSighashMismatch
		}
		for _, s := range in.TapScriptSigs {
			if len(s.Sig) != 64 {
				return ErrSighashMismatch
			}
		}
		return nil
	}
	if len(in.TapKeySig) != 0 && (len(in.TapKeySig) != 65 || in.TapKeySig[64] != byte(ht)) {
		return ErrSighashMismatch
	}
	for _, s := range in.TapScriptSigs {
		if len(s.Sig) != 65 || s.Sig[64] != byte(ht) {
			return ErrSighashMismatch
		}
	}
	for _, s := range in.PartialSigs {
		if s.Sig[len(s.Sig)-1] != byte(ht) {
			return ErrSighashMismatch
		}
	}
	return nil
}

// noKeys hides a provider's private keys (Core's HidingSigningProvider):
// updating a PSBT without signing.
type noKeys struct{ sign.Provider }

func (noKeys) PrivKey([]byte) (*btcec.PrivateKey, bool) { return nil, false }

// KeyOrigin passes the key origins of the hidden provider through.
func (n noKeys) KeyOrigin(pub []byte) (sign.KeyOrigin, bool) {
	if op, ok := n.Provider.(sign.OriginProvider); ok {
		return op.KeyOrigin(pub)
	}
	return sign.KeyOrigin{}, false
}

// Sign runs SignInput on every input with prov (signing when sign is
// true, else only filling in scripts and keys) and reports whether every
// input is complete. Core's FillPSBT without the wallet parts.
func (p *Packet) Sign(prov sign.Provider, sighash *txscript.SigHashType, signInputs, finalize bool) (bool, error) {
	if !signInputs {
		prov = noKeys{prov}
	}
	complete := true
	for i := range p.Inputs {
		err := p.SignInput(prov, i, sighash, finalize)
		switch {
		case errors.Is(err, ErrSighashMismatch):
			return false, err
		case err != nil:
			complete = false
		}
	}
	return complete, nil
}

// Finalize is Core's FinalizePSBT: inputs whose signatures suffice get
// their final scriptSig/witness. It reports whether all are final.
func (p *Packet) Finalize() bool {
	complete := true
	for i := range p.Inputs {
		var ht *txscript.SigHashType
		if s := p.Inputs[i].SighashType; s != nil {
			v := txscript.SigHashType(*s)
			ht = &v
		}
		complete = p.SignInput(&sign.Flat{}, i, ht, true) == nil && complete
	}
	return complete
}

// Extract is Core's FinalizeAndExtractPSBT: the network transaction, or
// an error when some input is not final.
func (p *Packet) Extract() (*wire.MsgTx, error) {
	if !p.Finalize() {
		return nil, ErrIncomplete
	}
	tx := p.UnsignedTx.Copy()
	for i, in := range p.Inputs {
		tx.TxIn[i].SignatureScript = bytes.Clone(in.FinalScriptSig)
		tx.TxIn[i].Witness = in.FinalScriptWitness
	}
	return tx, nil
}
