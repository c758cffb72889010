package psbt

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/btcsuite/btcd/btcec/v2"
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
