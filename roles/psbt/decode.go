package psbt

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

// magic is the PSBT prefix "psbt" 0xff.
var magic = []byte{'p', 's', 'b', 't', 0xff}

// maxTaprootDepth is Core's TAPROOT_CONTROL_MAX_NODE_COUNT.
const maxTaprootDepth = 128

// Decode reads a PSBT as Bitcoin Core v30 does: version 0 only, Core's
// checks and error texts (the text Core's RPCs put after "TX decode
// failed ").
func Decode(data []byte) (*Packet, error) { return decode(data, false) }

// DecodeAny reads version 0 (BIP174) and version 2 (BIP370) PSBTs.
func DecodeAny(data []byte) (*Packet, error) { return decode(data, true) }

// DecodeBase64 is Decode of base64 text ("invalid base64" as Core).
func DecodeBase64(s string) (*Packet, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, errors.New("invalid base64")
	}
	return Decode(b)
}

// errExtraData is the one decoding error Core does not raise as a stream
// failure.
var errExtraData = errors.New("extra data after PSBT")

// DecodeError is a decoding failure. Core raises all but "extra data
// after PSBT" (and "invalid base64") as std::ios_base::failure, whose
// text its RPCs show with libstdc++'s ": iostream error" suffix; RPCText
// gives that text.
type DecodeError struct {
	Msg    string
	Stream bool
}

func (e *DecodeError) Error() string { return e.Msg }

// RPCText is the text Core's RPCs put after "TX decode failed " for a
// decoding error.
func RPCText(err error) string {
	var de *DecodeError
	if errors.As(err, &de) && de.Stream {
		return de.Msg + ": iostream error"
	}
	return err.Error()
}

func decode(data []byte, allowV2 bool) (*Packet, error) {
	p, err := decodeRaw(data, allowV2)
	if err != nil {
		return nil, &DecodeError{Msg: err.Error(), Stream: !errors.Is(err, errExtraData)}
	}
	return p, nil
}

func decodeRaw(data []byte, allowV2 bool) (*Packet, error) {
	r := &reader{b: data}
	p := &Packet{}
	if m := r.bytes(5); r.err != nil || !bytes.Equal(m, magic) {
		if r.err != nil {
			return nil, r.err
		}
		return nil, errors.New("Invalid PSBT magic bytes")
	}
	v2fields, err := p.readGlobal(r, allowV2)
	if err != nil {
		return nil, err
	}
	nIn, nOut, err := p.setupVersion(v2fields)
	if err != nil {
		return nil, err
	}
	for i := 0; !r.empty() && i < nIn; i++ {
		in, err := readInput(r, p.Version)
		if err != nil {
			return nil, err
		}
		p.Inputs = append(p.Inputs, *in)
		if in.NonWitnessUtxo != nil && p.UnsignedTx != nil {
			prev := p.UnsignedTx.TxIn[i].PreviousOutPoint
			if in.NonWitnessUtxo.TxHash() != prev.Hash {
				return nil, errors.New("Non-witness UTXO does not match outpoint hash")
			}
			if int(prev.Index) >= len(in.NonWitnessUtxo.TxOut) {
				return nil, errors.New("Input specifies output index that does not exist")
			}
		}
	}
	if len(p.Inputs) != nIn {
		return nil, errors.New("Inputs provided does not match the number of inputs in transaction.")
	}
	for i := 0; !r.empty() && i < nOut; i++ {
		out, err := readOutput(r, p.Version)
		if err != nil {
			return nil, err
		}
		p.Outputs = append(p.Outputs, *out)
	}
	if len(p.Outputs) != nOut {
		return nil, errors.New("Outputs provided does not match the number of outputs in transaction.")
	}
	if p.Version == 2 {
		if err := p.buildV2Tx(); err != nil {
			return nil, err
		}
	}
	if !r.empty() {
		return nil, errExtraData
	}
	return p, nil
}

// fromVector is Core's UnserializeFromVector: a length, then an object
// read by f that must use exactly that many bytes.
func fromVector(r *reader, f func(*reader)) {
	n := r.compact(true)
	if r.err != nil {
		return
	}
	before := len(r.b)
	f(r)
	if r.err == nil && uint64(before-len(r.b)) != n {
		r.fail(errors.New("Size of value was not the stated size"))
	}
}

// readTx reads a transaction in place (witness or not).
func readTx(r *reader, witness bool) *wire.MsgTx {
	if r.err != nil {
		return nil
	}
	tx := &wire.MsgTx{}
	br := bytes.NewReader(r.b)
	var err error
	if witness {
		err = tx.Deserialize(br)
	} else {
		err = tx.DeserializeNoWitness(br)
	}
	if err != nil {
		r.fail(fmt.Errorf("invalid transaction: %w", err))
		return nil
	}
	r.b = r.b[len(r.b)-br.Len():]
	return tx
}

// readOrigin is Core's DeserializeKeyOrigin of length bytes.
func readOrigin(r *reader, length uint64) KeyOrigin {
	var o KeyOrigin
	if length%4 != 0 || length == 0 {
		r.fail(errors.New("Invalid length for HD key path"))
		return o
	}
	copy(o.Fingerprint[:], r.bytes(4))
	for i := uint64(4); i < length && r.err == nil; i += 4 {
		o.Path = append(o.Path, r.u32())
	}
	return o
}

// validPubKey is Core's CPubKey::IsFullyValid of a serialized key.
func validPubKey(k []byte) bool {
	if len(k) != 33 && len(k) != 65 {
		return false
	}
	_, err := btcec.ParsePubKey(k)
	return err == nil
}

// readGlobal reads the global map. Version 2 fields are returned for
// setupVersion (they are unknown entries of a version 0 PSBT, as Core).
func (p *Packet) readGlobal(r *reader, allowV2 bool) ([]KV, error) {
	seen := map[string]bool{}
	xpubs := map[string]bool{}
	var v2 []KV
	haveVersion := false
	for !r.empty() {
		key := r.vec()
		if r.err != nil {
			return nil, r.err
		}
		if len(key) == 0 {
			return v2, nil
		}
		kr := &reader{b: key}
		typ := kr.compact(true)
		switch {
		case typ == GlobalUnsignedTx:
			if seen[string(key)] {
				return nil, errors.New("Duplicate Key, unsigned tx already provided")
			}
			seen[string(key)] = true
			if len(key) != 1 {
				return nil, errors.New("Global unsigned tx key is more than one byte type")
			}
			var tx *wire.MsgTx
			fromVector(r, func(r *reader) { tx = readTx(r, false) })
			if r.err != nil {
				return nil, r.err
			}
			for _, in := range tx.TxIn {
				if len(in.SignatureScript) != 0 || len(in.Witness) != 0 {
					return nil, errors.New("Unsigned tx does not have empty scriptSigs and scriptWitnesses.")
				}
			}
			p.UnsignedTx = tx
		case typ == GlobalXPub:
			if len(key) != 79 {
				return nil, errors.New("Size of key was not the expected size for the type global xpub")
			}
			if !validPubKey(key[46:79]) {
				return nil, errors.New("Invalid pubkey")
			}
			// Core's set of CExtPubKey compares key and chain code.
			if xpubs[string(key[14:])] {
				return nil, errors.New("Duplicate key, global xpub already provided")
			}
			xpubs[string(key[14:])] = true
			o := readOrigin(r, r.compact(true))
			if r.err != nil {
				return nil, r.err
			}
			p.XPubs = append(p.XPubs, XPub{Key: key[1:], Origin: o})
		case typ == GlobalVersion:
			if haveVersion {
				return nil, errors.New("Duplicate Key, version already provided")
			}
			if len(key) != 1 {
				return nil, errors.New("Global version key is more than one byte type")
			}
			haveVersion = true
			fromVector(r, func(r *reader) { p.Version = r.u32() })
			if r.err != nil {
				return nil, r.err
			}
			if p.Version > 0 && !(allowV2 && p.Version == 2) {
				return nil, errors.New("Unsupported version number")
			}
		case typ == GlobalProprietary:
			prop, err := readProprietary(r, kr, key, p.Proprietary)
			if err != nil {
				return nil, err
			}
			p.Proprietary = append(p.Proprietary, prop)
		default:
			if hasKey(p.Unknown, key) || hasKey(v2, key) {
				return nil, errors.New("Duplicate Key, key for unknown value already provided")
			}
			val := r.vec()
			if r.err != nil {
				return nil, r.err
			}
			if kr.err == nil && typ >= GlobalTxVersion && typ <= GlobalTxModifiable {
				v2 = append(v2, KV{key, val})
			} else {
				p.Unknown = append(p.Unknown, KV{key, val})
			}
		}
	}
	return nil, errors.New("Separator is missing at the end of the global map")
}

func hasKey(kvs []KV, key []byte) bool {
	for _, kv := range kvs {
		if bytes.Equal(kv.Key, key) {
			return true
		}
	}
	return false
}

// readProprietary reads a proprietary entry whose key is key (kr is past
// the type).
func readProprietary(r *reader, kr *reader, key []byte, have []Proprietary) (Proprietary, error) {
	prop := Proprietary{Identifier: kr.vec(), Key: key}
	prop.Subtype = kr.compact(true)
	if kr.err != nil {
		return prop, kr.err
	}
	for _, h := range have {
		if bytes.Equal(h.Key, key) {
			return prop, errors.New("Duplicate Key, proprietary key already found")
		}
	}
	prop.Value = r.vec()
	return prop, r.err
}

// setupVersion checks the version-specific globals and returns the input
// and output counts.
func (p *Packet) setupVersion(v2 []KV) (int, int, error) {
	if p.Version == 0 {
		p.Unknown = append(p.Unknown, v2...)
		if p.UnsignedTx == nil {
			return 0, 0, errors.New("No unsigned transaction was provided")
		}
		return len(p.UnsignedTx.TxIn), len(p.UnsignedTx.TxOut), nil
	}
	if p.UnsignedTx != nil {
		return 0, 0, errors.New("PSBTv2 must not have an unsigned tx")
	}
	var haveVersion bool
	nIn, nOut := -1, -1
	for _, kv := range v2 {
		if len(kv.Key) != 1 {
			return 0, 0, fmt.Errorf("Global PSBTv2 field 0x%02x key is more than one byte type", kv.Key[0])
		}
		r := &reader{b: kv.Value}
		switch kv.Key[0] {
		case GlobalTxVersion:
			p.TxVersion, haveVersion = int32(r.u32()), true
		case GlobalFallbackLocktime:
			v := r.u32()
			p.FallbackLocktime = &v
		case GlobalInputCount:
			nIn = int(r.compact(true))
		case GlobalOutputCount:
			nOut = int(r.compact(true))
		case GlobalTxModifiable:
			v := r.u8()
			p.TxModifiable = &v
		}
		if r.err != nil || !r.empty() {
			return 0, 0, fmt.Errorf("Global PSBTv2 field 0x%02x has an invalid value", kv.Key[0])
		}
	}
	switch {
	case !haveVersion:
		return 0, 0, errors.New("PSBTv2 missing transaction version")
	case nIn < 0:
		return 0, 0, errors.New("PSBTv2 missing input count")
	case nOut < 0:
		return 0, 0, errors.New("PSBTv2 missing output count")
	}
	return nIn, nOut, nil
}

// buildV2Tx checks the required version 2 per-map fields and builds
// UnsignedTx from them.
func (p *Packet) buildV2Tx() error {
	tx := wire.NewMsgTx(p.TxVersion)
	for i, in := range p.Inputs {
		if in.PreviousTxid == nil || in.OutputIndex == nil {
			return fmt.Errorf("PSBTv2 input %d is missing its previous txid or output index", i)
		}
		op := wire.OutPoint{Hash: *in.PreviousTxid, Index: *in.OutputIndex}
		if in.NonWitnessUtxo != nil {
			if in.NonWitnessUtxo.TxHash() != op.Hash {
				return errors.New("Non-witness UTXO does not match outpoint hash")
			}
			if int(op.Index) >= len(in.NonWitnessUtxo.TxOut) {
				return errors.New("Input specifies output index that does not exist")
			}
		}
		txin := wire.NewTxIn(&op, nil, nil)
		if in.Sequence != nil {
			txin.Sequence = *in.Sequence
		}
		tx.AddTxIn(txin)
	}
	for i, out := range p.Outputs {
		if out.Amount == nil || out.Script == nil {
			return fmt.Errorf("PSBTv2 output %d is missing its amount or script", i)
		}
		tx.AddTxOut(wire.NewTxOut(*out.Amount, out.Script))
	}
	lt, err := p.v2Locktime()
	if err != nil {
		return err
	}
	tx.LockTime = lt
	p.UnsignedTx = tx
	return nil
}

// v2Locktime is BIP370's locktime determination.
func (p *Packet) v2Locktime() (uint32, error) {
	var maxTime, maxHeight uint32
	anyTime, anyHeight, allTime, allHeight := false, false, true, true
	for _, in := range p.Inputs {
		t, h := in.RequiredTimeLocktime, in.RequiredHeightLocktime
		if t != nil {
			anyTime = true
			maxTime = max(maxTime, *t)
		}
		if h != nil {
			anyHeight = true
			maxHeight = max(maxHeight, *h)
		}
		if t == nil && h != nil {
			allTime = false
		}
		if h == nil && t != nil {
			allHeight = false
		}
	}
	switch {
	case !anyTime && !anyHeight:
		if p.FallbackLocktime != nil {
			return *p.FallbackLocktime, nil
		}
		return 0, nil
	case anyHeight && allHeight:
		return maxHeight, nil
	case anyTime && allTime:
		return maxTime, nil
	}
	return 0, errors.New("PSBTv2 inputs have incompatible locktime requirements")
}

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
