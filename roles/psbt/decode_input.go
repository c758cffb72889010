package psbt

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

// oneByteKey applies Core's duplicate and key size checks of a field with
// a one-byte key.
func oneByteKey(seen map[string]bool, key []byte, dup, long string) error {
	if seen[string(key)] {
		return errors.New("Duplicate Key, " + dup + " already provided")
	}
	seen[string(key)] = true
	if len(key) != 1 {
		return errors.New(long + " key is more than one byte type")
	}
	return nil
}

// readBip32 is Core's DeserializeHDKeypaths.
func readBip32(r *reader, key []byte, have []Bip32Derivation) (Bip32Derivation, error) {
	if len(key) != 34 && len(key) != 66 {
		return Bip32Derivation{}, errors.New("Size of key was not the expected size for the type BIP32 keypath")
	}
	pub := key[1:]
	if !validPubKey(pub) {
		return Bip32Derivation{}, errors.New("Invalid pubkey")
	}
	for _, h := range have {
		if bytes.Equal(h.PubKey, pub) {
			return Bip32Derivation{}, errors.New("Duplicate Key, pubkey derivation path already provided")
		}
	}
	o := readOrigin(r, r.compact(true))
	return Bip32Derivation{PubKey: pub, Origin: o}, r.err
}

// readTapBip32 reads a taproot derivation value: leaf hashes then origin.
func readTapBip32(r *reader, xonly []byte, what string) (TapBip32Derivation, error) {
	d := TapBip32Derivation{XOnly: xonly}
	valueLen := r.compact(true)
	before := len(r.b)
	n := r.compact(true)
	set := map[[32]byte]bool{}
	for i := uint64(0); i < n && r.err == nil; i++ {
		var h [32]byte
		copy(h[:], r.bytes(32))
		if r.err == nil && !set[h] {
			set[h] = true
			d.LeafHashes = append(d.LeafHashes, h)
		}
	}
	if r.err != nil {
		return d, r.err
	}
	sortHashes(d.LeafHashes)
	hashesLen := uint64(before - len(r.b))
	if hashesLen > valueLen {
		return d, errors.New(what + " Taproot BIP32 keypath has an invalid length")
	}
	d.Origin = readOrigin(r, valueLen-hashesLen)
	return d, r.err
}

// readMuSig2Participants reads the participant keys of aggregate agg.
func readMuSig2Participants(r *reader, agg []byte, what string) (MuSig2Participants, error) {
	m := MuSig2Participants{Aggregate: agg}
	val := r.vec()
	if r.err != nil {
		return m, r.err
	}
	for len(val) >= 33 {
		m.Participants = append(m.Participants, val[:33])
		val = val[33:]
	}
	if len(val) != 0 {
		return m, errors.New(what + " musig2 participants pubkeys value size is not a multiple of 33")
	}
	return m, nil
}

func readInput(r *reader, version uint32) (*Input, error) {
	in := &Input{}
	seen := map[string]bool{}
	for !r.empty() {
		key := r.vec()
		if r.err != nil {
			return nil, r.err
		}
		if len(key) == 0 {
			return in, nil
		}
		kr := &reader{b: key}
		typ := kr.compact(true)
		if err := in.readField(r, kr, typ, key, seen, version); err != nil {
			return nil, err
		}
		if r.err != nil {
			return nil, r.err
		}
	}
	return nil, errors.New("Separator is missing at the end of an input map")
}

func (in *Input) readField(r, kr *reader, typ uint64, key []byte, seen map[string]bool, version uint32) error {
	switch typ {
	case InNonWitnessUtxo:
		if err := oneByteKey(seen, key, "input non-witness utxo", "Non-witness utxo"); err != nil {
			return err
		}
		fromVector(r, func(r *reader) { in.NonWitnessUtxo = readTx(r, true) })
	case InWitnessUtxo:
		if seen[string(key)] {
			return errors.New("Duplicate Key, input witness utxo already provided")
		}
		seen[string(key)] = true
		if len(key) != 1 {
			return errors.New("Witness utxo key is more than one byte type")
		}
		fromVector(r, func(r *reader) {
			v := int64(r.u32()) | int64(r.u32())<<32
			in.WitnessUtxo = wire.NewTxOut(v, r.vec())
		})
	case InPartialSig:
		if len(key) != 34 && len(key) != 66 {
			return errors.New("Size of key was not the expected size for the type partial signature pubkey")
		}
		pub := key[1:]
		if !validPubKey(pub) {
			return errors.New("Invalid pubkey")
		}
		for _, ps := range in.PartialSigs {
			if bytes.Equal(address.Hash160(ps.PubKey), address.Hash160(pub)) {
				return errors.New("Duplicate Key, input partial signature for pubkey already provided")
			}
		}
		sig := r.vec()
		if r.err != nil {
			return r.err
		}
		if !validSignatureEncoding(sig) {
			return errors.New("Signature is not a valid encoding")
		}
		in.PartialSigs = append(in.PartialSigs, PartialSig{PubKey: pub, Sig: sig})
	case InSighash:
		if err := oneByteKey(seen, key, "input sighash type", "Sighash type"); err != nil {
			return err
		}
		fromVector(r, func(r *reader) {
			v := r.u32()
			in.SighashType = &v
		})
	case InRedeemScript:
		if err := oneByteKey(seen, key, "input redeemScript", "Input redeemScript"); err != nil {
			return err
		}
		in.RedeemScript = r.vec()
	case InWitnessScript:
		if err := oneByteKey(seen, key, "input witnessScript", "Input witnessScript"); err != nil {
			return err
		}
		in.WitnessScript = r.vec()
	case InBip32Derivation:
		d, err := readBip32(r, key, in.Bip32)
		if err != nil {
			return err
		}
		in.Bip32 = append(in.Bip32, d)
	case InFinalScriptSig:
		if err := oneByteKey(seen, key, "input final scriptSig", "Final scriptSig"); err != nil {
			return err
		}
		in.FinalScriptSig = r.vec()
	case InFinalScriptWitness:
		if err := oneByteKey(seen, key, "input final scriptWitness", "Final scriptWitness"); err != nil {
			return err
		}
		fromVector(r, func(r *reader) {
			n := r.compact(true)
			w := wire.TxWitness{}
			for i := uint64(0); i < n && r.err == nil; i++ {
				w = append(w, r.vec())
			}
			in.FinalScriptWitness = w
		})
	case InRipemd160, InSha256, InHash160, InHash256:
		return in.readPreimage(r, typ, key)
	case InTapKeySig:
		if err := oneByteKey(seen, key, "input Taproot key signature", "Input Taproot key signature"); err != nil {
			return err
		}
		in.TapKeySig = r.vec()
		if r.err == nil && len(in.TapKeySig) < 64 {
			return errors.New("Input Taproot key path signature is shorter than 64 bytes")
		} else if len(in.TapKeySig) > 65 {
			return errors.New("Input Taproot key path signature is longer than 65 bytes")
		}
	case InTapScriptSig:
		if seen[string(key)] {
			return errors.New("Duplicate Key, input Taproot script signature already provided")
		}
		seen[string(key)] = true
		if len(key) != 65 {
			return errors.New("Input Taproot script signature key is not 65 bytes")
		}
		sig := r.vec()
		if r.err == nil && len(sig) < 64 {
			return errors.New("Input Taproot script path signature is shorter than 64 bytes")
		} else if len(sig) > 65 {
			return errors.New("Input Taproot script path signature is longer than 65 bytes")
		}
		in.TapScriptSigs = append(in.TapScriptSigs, TapScriptSig{XOnly: key[1:33], LeafHash: key[33:65], Sig: sig})
	case InTapLeafScript:
		if seen[string(key)] {
			return errors.New("Duplicate Key, input Taproot leaf script already provided")
		}
		seen[string(key)] = true
		if len(key) < 34 {
			return errors.New("Taproot leaf script key is not at least 34 bytes")
		} else if (len(key)-2)%32 != 0 {
			return errors.New("Input Taproot leaf script key's control block size is not valid")
		}
		v := r.vec()
		if r.err == nil && len(v) == 0 {
			return errors.New("Input Taproot leaf script must be at least 1 byte")
		}
		if r.err == nil {
			in.TapLeafScripts = append(in.TapLeafScripts, TapLeafScript{ControlBlock: key[1:], Script: v[:len(v)-1], LeafVersion: v[len(v)-1]})
		}
	case InTapBip32Derivation:
		if seen[string(key)] {
			return errors.New("Duplicate Key, input Taproot BIP32 keypath already provided")
		}
		seen[string(key)] = true
		if len(key) != 33 {
			return errors.New("Input Taproot BIP32 keypath key is not at 33 bytes")
		}
		d, err := readTapBip32(r, key[1:], "Input")
		if err != nil {
			return err
		}
		in.TapBip32 = append(in.TapBip32, d)
	case InTapInternalKey:
		if err := oneByteKey(seen, key, "input Taproot internal key", "Input Taproot internal key"); err != nil {
			return err
		}
		fromVector(r, func(r *reader) { in.TapInternalKey = r.bytes(32) })
	case InTapMerkleRoot:
		if err := oneByteKey(seen, key, "input Taproot merkle root", "Input Taproot merkle root"); err != nil {
			return err
		}
		fromVector(r, func(r *reader) { in.TapMerkleRoot = r.bytes(32) })
	case InMuSig2Participants:
		if seen[string(key)] {
			return errors.New("Duplicate Key, input participant pubkeys for an aggregate key already provided")
		}
		seen[string(key)] = true
		if len(key) != 34 {
			return errors.New("Input musig2 participants pubkeys aggregate key is not 34 bytes")
		}
		m, err := readMuSig2Participants(r, key[1:], "Input")
		if err != nil {
			return err
		}
		in.MuSig2Participants = append(in.MuSig2Participants, m)
	case InMuSig2PubNonce, InMuSig2PartialSig:
		return in.readMuSig2Data(r, typ, key, seen)
	case InProprietary:
		prop, err := readProprietary(r, kr, key, in.Proprietary)
		if err != nil {
			return err
		}
		in.Proprietary = append(in.Proprietary, prop)
	default:
		if version == 2 && typ >= InPreviousTxid && typ <= InRequiredHeightLocktime {
			return in.readV2Field(r, typ, key, seen)
		}
		if hasKey(in.Unknown, key) {
			return errors.New("Duplicate Key, key for unknown value already provided")
		}
		in.Unknown = append(in.Unknown, KV{key, r.vec()})
	}
	return nil
}

func (in *Input) readPreimage(r *reader, typ uint64, key []byte) error {
	names := map[uint64]string{InRipemd160: "ripemd160", InSha256: "sha256", InHash160: "hash160", InHash256: "hash256"}
	sizes := map[uint64]int{InRipemd160: 20, InSha256: 32, InHash160: 20, InHash256: 32}
	list := map[uint64]*[]Preimage{InRipemd160: &in.Ripemd160, InSha256: &in.Sha256, InHash160: &in.Hash160, InHash256: &in.Hash256}[typ]
	if len(key) != sizes[typ]+1 {
		return errors.New("Size of key was not the expected size for the type " + names[typ] + " preimage")
	}
	for _, p := range *list {
		if bytes.Equal(p.Hash, key[1:]) {
			return errors.New("Duplicate Key, input " + names[typ] + " preimage already provided")
		}
	}
	*list = append(*list, Preimage{Hash: key[1:], Preimage: r.vec()})
	return nil
}

func (in *Input) readMuSig2Data(r *reader, typ uint64, key []byte, seen map[string]bool) error {
	what := map[uint64]string{InMuSig2PubNonce: "musig2 pubnonce", InMuSig2PartialSig: "musig2 partial sig"}[typ]
	if seen[string(key)] {
		return errors.New("Duplicate Key, input " + what + " already provided")
	}
	seen[string(key)] = true
	if len(key) != 67 && len(key) != 99 {
		return errors.New("Input " + what + " key is not expected size of 67 or 99 bytes")
	}
	d := MuSig2Data{Participant: key[1:34], Aggregate: key[34:67]}
	if len(key) == 99 {
		d.LeafHash = key[67:]
	}
	if typ == InMuSig2PubNonce {
		d.Value = r.vec()
		if r.err == nil && len(d.Value) != 66 {
			return errors.New("Input musig2 pubnonce value is not 66 bytes")
		}
		in.MuSig2PubNonces = append(in.MuSig2PubNonces, d)
		return nil
	}
	fromVector(r, func(r *reader) { d.Value = r.bytes(32) })
	in.MuSig2PartialSigs = append(in.MuSig2PartialSigs, d)
	return nil
}

func (in *Input) readV2Field(r *reader, typ uint64, key []byte, seen map[string]bool) error {
	if seen[string(key)] {
		return fmt.Errorf("Duplicate Key, input PSBTv2 field 0x%02x already provided", typ)
	}
	seen[string(key)] = true
	if len(key) != 1 {
		return fmt.Errorf("Input PSBTv2 field 0x%02x key is more than one byte type", typ)
	}
	val := r.vec()
	if r.err != nil {
		return r.err
	}
	want := map[uint64]int{InPreviousTxid: 32}[typ]
	if want == 0 {
		want = 4
	}
	if len(val) != want {
		return fmt.Errorf("Input PSBTv2 field 0x%02x has an invalid value", typ)
	}
	vr := &reader{b: val}
	switch typ {
	case InPreviousTxid:
		var h chainhash.Hash
		copy(h[:], val)
		in.PreviousTxid = &h
	case InOutputIndex:
		v := vr.u32()
		in.OutputIndex = &v
	case InSequence:
		v := vr.u32()
		in.Sequence = &v
	case InRequiredTimeLocktime:
		v := vr.u32()
		if v < 500000000 {
			return errors.New("Input required time locktime is not a time")
		}
		in.RequiredTimeLocktime = &v
	case InRequiredHeightLocktime:
		v := vr.u32()
		if v == 0 || v >= 500000000 {
			return errors.New("Input required height locktime is not a height")
		}
		in.RequiredHeightLocktime = &v
	}
	return nil
}
