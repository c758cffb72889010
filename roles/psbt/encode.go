package psbt

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"slices"

	"github.com/btcsuite/btcd/address/v2"
)

// Encode serializes p as Core does: fields in Core's order, map entries
// sorted as Core's containers keep them. Finalized inputs drop their
// signing fields, as Core.
func (p *Packet) Encode() ([]byte, error) {
	w := &writer{b: append([]byte{}, magic...)}
	if p.Version == 0 {
		var tx bytes.Buffer
		if err := p.UnsignedTx.SerializeNoWitness(&tx); err != nil {
			return nil, err
		}
		w.kv([]byte{GlobalUnsignedTx}, tx.Bytes())
	}
	xpubs := slices.Clone(p.XPubs)
	slices.SortStableFunc(xpubs, func(a, b XPub) int {
		if c := compareOrigin(a.Origin, b.Origin); c != 0 {
			return c
		}
		// CExtPubKey's order: public key, then chain code.
		if c := comparePubKeys(a.Key[45:78], b.Key[45:78]); c != 0 {
			return c
		}
		return bytes.Compare(a.Key[13:45], b.Key[13:45])
	})
	for _, x := range xpubs {
		w.kv(append([]byte{GlobalXPub}, x.Key...), originValue(x.Origin))
	}
	if p.Version == 2 {
		w.kv([]byte{GlobalTxVersion}, binary.LittleEndian.AppendUint32(nil, uint32(p.TxVersion)))
		if p.FallbackLocktime != nil {
			w.kv([]byte{GlobalFallbackLocktime}, binary.LittleEndian.AppendUint32(nil, *p.FallbackLocktime))
		}
		w.kv([]byte{GlobalInputCount}, compactBytes(uint64(len(p.Inputs))))
		w.kv([]byte{GlobalOutputCount}, compactBytes(uint64(len(p.Outputs))))
		if p.TxModifiable != nil {
			w.kv([]byte{GlobalTxModifiable}, []byte{*p.TxModifiable})
		}
	}
	if p.Version > 0 {
		w.kv([]byte{GlobalVersion}, binary.LittleEndian.AppendUint32(nil, p.Version))
	}
	writeExtra(w, p.Proprietary, p.Unknown)
	w.b = append(w.b, 0)
	for i := range p.Inputs {
		p.Inputs[i].encode(w, p.Version)
	}
	for i := range p.Outputs {
		p.Outputs[i].encode(w, p.Version)
	}
	return w.b, nil
}

// B64 is Encode in base64, as Core's RPCs show PSBTs.
func (p *Packet) B64() (string, error) {
	b, err := p.Encode()
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(b), nil
}

func compactBytes(v uint64) []byte {
	w := &writer{}
	w.compact(v)
	return w.b
}

func compareOrigin(a, b KeyOrigin) int {
	if c := bytes.Compare(a.Fingerprint[:], b.Fingerprint[:]); c != 0 {
		return c
	}
	return slices.Compare(a.Path, b.Path)
}

// originValue is Core's SerializeKeyOrigin: fingerprint and path.
func originValue(o KeyOrigin) []byte {
	b := append([]byte{}, o.Fingerprint[:]...)
	for _, i := range o.Path {
		b = binary.LittleEndian.AppendUint32(b, i)
	}
	return b
}

func writeExtra(w *writer, props []Proprietary, unknown []KV) {
	writeProprietary(w, props)
	writeUnknown(w, unknown)
}

func writeProprietary(w *writer, props []Proprietary) {
	props = slices.Clone(props)
	slices.SortStableFunc(props, func(a, b Proprietary) int { return bytes.Compare(a.Key, b.Key) })
	for _, e := range props {
		w.kv(e.Key, e.Value)
	}
}

func writeUnknown(w *writer, unknown []KV) {
	unknown = slices.Clone(unknown)
	slices.SortStableFunc(unknown, func(a, b KV) int { return bytes.Compare(a.Key, b.Key) })
	for _, e := range unknown {
		w.kv(e.Key, e.Value)
	}
}

func writeBip32(w *writer, typ byte, ds []Bip32Derivation) {
	ds = slices.Clone(ds)
	slices.SortStableFunc(ds, func(a, b Bip32Derivation) int { return comparePubKeys(a.PubKey, b.PubKey) })
	for _, d := range ds {
		w.kv(append([]byte{typ}, d.PubKey...), originValue(d.Origin))
	}
}

// comparePubKeys is CPubKey's operator<.
func comparePubKeys(a, b []byte) int {
	if len(a) > 0 && len(b) > 0 && a[0] != b[0] {
		return int(a[0]) - int(b[0])
	}
	return bytes.Compare(a, b)
}

func writeTapBip32(w *writer, typ byte, ds []TapBip32Derivation) {
	ds = slices.Clone(ds)
	slices.SortStableFunc(ds, func(a, b TapBip32Derivation) int { return bytes.Compare(a.XOnly, b.XOnly) })
	for _, d := range ds {
		v := &writer{}
		hashes := slices.Clone(d.LeafHashes)
		sortHashes(hashes)
		hashes = slices.Compact(hashes)
		v.compact(uint64(len(hashes)))
		for _, h := range hashes {
			v.b = append(v.b, h[:]...)
		}
		v.b = append(v.b, originValue(d.Origin)...)
		w.kv(append([]byte{typ}, d.XOnly...), v.b)
	}
}

func sortHashes(h [][32]byte) {
	slices.SortFunc(h, func(a, b [32]byte) int { return bytes.Compare(a[:], b[:]) })
}

func writeMuSig2Participants(w *writer, typ byte, ms []MuSig2Participants) {
	ms = slices.Clone(ms)
	slices.SortStableFunc(ms, func(a, b MuSig2Participants) int { return comparePubKeys(a.Aggregate, b.Aggregate) })
	for _, m := range ms {
		var v []byte
		for _, p := range m.Participants {
			v = append(v, p...)
		}
		w.kv(append([]byte{typ}, m.Aggregate...), v)
	}
}

func writeMuSig2Data(w *writer, typ byte, ds []MuSig2Data) {
	ds = slices.Clone(ds)
	slices.SortStableFunc(ds, func(a, b MuSig2Data) int {
		if c := comparePubKeys(a.Aggregate, b.Aggregate); c != 0 {
			return c
		}
		if c := bytes.Compare(leafOrZero(a.LeafHash), leafOrZero(b.LeafHash)); c != 0 {
			return c
		}
		return comparePubKeys(a.Participant, b.Participant)
	})
	for _, d := range ds {
		key := append(append([]byte{typ}, d.Participant...), d.Aggregate...)
		if len(d.LeafHash) == 32 && !bytes.Equal(d.LeafHash, make([]byte, 32)) {
			key = append(key, d.LeafHash...)
		}
		w.kv(key, d.Value)
	}
}

func leafOrZero(h []byte) []byte {
	if len(h) == 0 {
		return make([]byte, 32)
	}
	return h
}

func (in *Input) encode(w *writer, version uint32) {
	if in.NonWitnessUtxo != nil {
		var b bytes.Buffer
		_ = in.NonWitnessUtxo.SerializeNoWitness(&b)
		w.kv([]byte{InNonWitnessUtxo}, b.Bytes())
	}
	if in.WitnessUtxo != nil {
		v := binary.LittleEndian.AppendUint64(nil, uint64(in.WitnessUtxo.Value))
		vw := &writer{b: v}
		vw.vec(in.WitnessUtxo.PkScript)
		w.kv([]byte{InWitnessUtxo}, vw.b)
	}
	if version == 2 {
		in.encodeV2(w)
	}
	if len(in.FinalScriptSig) == 0 && len(in.FinalScriptWitness) == 0 {
		in.encodeSigning(w)
	}
	if len(in.FinalScriptSig) != 0 {
		w.kv([]byte{InFinalScriptSig}, in.FinalScriptSig)
	}
	if len(in.FinalScriptWitness) != 0 {
		v := &writer{}
		v.compact(uint64(len(in.FinalScriptWitness)))
		for _, item := range in.FinalScriptWitness {
			v.vec(item)
		}
		w.kv([]byte{InFinalScriptWitness}, v.b)
	}
	writeExtra(w, in.Proprietary, in.Unknown)
	w.b = append(w.b, 0)
}

func (in *Input) encodeV2(w *writer) {
	if in.PreviousTxid != nil {
		w.kv([]byte{InPreviousTxid}, in.PreviousTxid[:])
	}
	for _, f := range []struct {
		typ byte
		v   *uint32
	}{{InOutputIndex, in.OutputIndex}, {InSequence, in.Sequence}, {InRequiredTimeLocktime, in.RequiredTimeLocktime}, {InRequiredHeightLocktime, in.RequiredHeightLocktime}} {
		if f.v != nil {
			w.kv([]byte{f.typ}, binary.LittleEndian.AppendUint32(nil, *f.v))
		}
	}
}

// encodeSigning writes the fields a finalized input drops.
func (in *Input) encodeSigning(w *writer) {
	sigs := slices.Clone(in.PartialSigs)
	slices.SortStableFunc(sigs, func(a, b PartialSig) int {
		return bytes.Compare(address.Hash160(a.PubKey), address.Hash160(b.PubKey))
	})
	for _, s := range sigs {
		w.kv(append([]byte{InPartialSig}, s.PubKey...), s.Sig)
	}
	if in.SighashType != nil {
		w.kv([]byte{InSighash}, binary.LittleEndian.AppendUint32(nil, *in.SighashType))
	}
	if len(in.RedeemScript) != 0 {
		w.kv([]byte{InRedeemScript}, in.RedeemScript)
	}
	if len(in.WitnessScript) != 0 {
		w.kv([]byte{InWitnessScript}, in.WitnessScript)
	}
	writeBip32(w, InBip32Derivation, in.Bip32)
	for _, pl := range []struct {
		typ  byte
		list []Preimage
	}{{InRipemd160, in.Ripemd160}, {InSha256, in.Sha256}, {InHash160, in.Hash160}, {InHash256, in.Hash256}} {
		list := slices.Clone(pl.list)
		slices.SortStableFunc(list, func(a, b Preimage) int { return bytes.Compare(a.Hash, b.Hash) })
		for _, p := range list {
			w.kv(append([]byte{pl.typ}, p.Hash...), p.Preimage)
		}
	}
	if len(in.TapKeySig) != 0 {
		w.kv([]byte{InTapKeySig}, in.TapKeySig)
	}
	tss := slices.Clone(in.TapScriptSigs)
	slices.SortStableFunc(tss, func(a, b TapScriptSig) int {
		if c := bytes.Compare(a.XOnly, b.XOnly); c != 0 {
			return c
		}
		return bytes.Compare(a.LeafHash, b.LeafHash)
	})
	for _, s := range tss {
		w.kv(append(append([]byte{InTapScriptSig}, s.XOnly...), s.LeafHash...), s.Sig)
	}
	leaves := slices.Clone(in.TapLeafScripts)
	slices.SortStableFunc(leaves, func(a, b TapLeafScript) int {
		if c := bytes.Compare(a.Script, b.Script); c != 0 {
			return c
		}
		if a.LeafVersion != b.LeafVersion {
			return int(a.LeafVersion) - int(b.LeafVersion)
		}
		if len(a.ControlBlock) != len(b.ControlBlock) {
			return len(a.ControlBlock) - len(b.ControlBlock)
		}
		return bytes.Compare(a.ControlBlock, b.ControlBlock)
	})
	for _, l := range leaves {
		w.kv(append([]byte{InTapLeafScript}, l.ControlBlock...), append(slices.Clone(l.Script), l.LeafVersion))
	}
	writeTapBip32(w, InTapBip32Derivation, in.TapBip32)
	if len(in.TapInternalKey) != 0 && !allZero(in.TapInternalKey) {
		w.kv([]byte{InTapInternalKey}, in.TapInternalKey)
	}
	if len(in.TapMerkleRoot) != 0 && !allZero(in.TapMerkleRoot) {
		w.kv([]byte{InTapMerkleRoot}, in.TapMerkleRoot)
	}
	writeMuSig2Participants(w, InMuSig2Participants, in.MuSig2Participants)
	writeMuSig2Data(w, InMuSig2PubNonce, in.MuSig2PubNonces)
	writeMuSig2Data(w, InMuSig2PartialSig, in.MuSig2PartialSigs)
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

func (out *Output) encode(w *writer, version uint32) {
	if len(out.RedeemScript) != 0 {
		w.kv([]byte{OutRedeemScript}, out.RedeemScript)
	}
	if len(out.WitnessScript) != 0 {
		w.kv([]byte{OutWitnessScript}, out.WitnessScript)
	}
	writeBip32(w, OutBip32Derivation, out.Bip32)
	if version == 2 {
		if out.Amount != nil {
			w.kv([]byte{OutAmount}, binary.LittleEndian.AppendUint64(nil, uint64(*out.Amount)))
		}
		if out.Script != nil {
			w.kv([]byte{OutScript}, out.Script)
		}
	}
	// Core writes the proprietary entries of outputs before the taproot
	// fields.
	writeProprietary(w, out.Proprietary)
	if len(out.TapInternalKey) != 0 && !allZero(out.TapInternalKey) {
		w.kv([]byte{OutTapInternalKey}, out.TapInternalKey)
	}
	if len(out.TapTree) != 0 {
		v := &writer{}
		for _, l := range out.TapTree {
			v.b = append(v.b, l.Depth, l.LeafVersion)
			v.vec(l.Script)
		}
		w.kv([]byte{OutTapTree}, v.b)
	}
	writeTapBip32(w, OutTapBip32Derivation, out.TapBip32)
	writeMuSig2Participants(w, OutMuSig2Participants, out.MuSig2Participants)
	writeUnknown(w, out.Unknown)
	w.b = append(w.b, 0)
}
