package sign

import (
	"fmt"

	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

// Prevout is a spent output: its script and amount (MaxMoney when the
// amount is unknown, as Core).
type Prevout struct {
	Script []byte
	Value  int64
}

// fetcher serves the known prevouts and an empty output for the others
// (btcd's sighash midstate asks for every input's prevout).
type fetcher map[wire.OutPoint]Prevout

func (f fetcher) FetchPrevOutput(op wire.OutPoint) *wire.TxOut {
	if p, ok := f[op]; ok {
		return wire.NewTxOut(p.Value, p.Script)
	}
	return wire.NewTxOut(0, nil)
}

// NewSigners prepares a Signer per input of tx spending prevouts with
// hashType (shared sighash midstates). Inputs whose prevout is unknown get
// a nil Signer.
func NewSigners(tx *wire.MsgTx, prevouts map[wire.OutPoint]Prevout, hashType txscript.SigHashType) []*Signer {
	f := fetcher(prevouts)
	all := true
	for _, in := range tx.TxIn {
		if _, ok := prevouts[in.PreviousOutPoint]; !ok {
			all = false
		}
	}
	hashes := txscript.NewTxSigHashes(tx, f)
	signers := make([]*Signer, len(tx.TxIn))
	for i, in := range tx.TxIn {
		p, ok := prevouts[in.PreviousOutPoint]
		if !ok {
			continue
		}
		signers[i] = &Signer{Tx: tx, Index: i, Amount: p.Value, HashType: hashType,
			Hashes: hashes, Fetcher: f, AllPrevouts: all}
	}
	return signers
}

// SignTx is Core's SignTransaction: it signs every input of tx it can with
// p, keeping and adding to the signatures already there, with the named
// sighash type (see ParseSigHashType). It returns whether every input is
// complete and, for the others, Core's error texts. err is set only for a
// bad hashType.
func SignTx(tx *wire.MsgTx, prevouts map[wire.OutPoint]Prevout, p Provider, hashType string) (complete bool, errs []InputError, err error) {
	ht, err := ParseSigHashType(hashType)
	if err != nil {
		return false, nil, err
	}
	single := ht&^txscript.SigHashAnyOneCanPay == txscript.SigHashSingle
	signers := NewSigners(tx, prevouts, ht)
	for i, in := range tx.TxIn {
		s := signers[i]
		if s == nil {
			errs = append(errs, InputError{Index: i, Error: ErrInputNotFound})
			continue
		}
		prev := prevouts[in.PreviousOutPoint]
		sd := s.FromTx(prev.Script)
		// SIGHASH_SINGLE is only signed for an input with its output.
		if !single || i < len(tx.TxOut) {
			s.Produce(p, prev.Script, &sd)
		}
		in.SignatureScript, in.Witness = sd.ScriptSig, sd.Witness
		if prev.Value == MaxMoney && len(in.Witness) > 0 {
			errs = append(errs, InputError{Index: i, Error: ErrMissingAmount})
			continue
		}
		if !sd.Complete {
			if verr := s.verify(prev.Script, in.SignatureScript, in.Witness); verr != nil {
				errs = append(errs, InputError{Index: i, Error: inputErrorText(verr)})
			}
		}
	}
	return len(errs) == 0, errs, nil
}

// VerifyInput checks input idx of tx against its prevout with btcd's
// script engine under the standard flags; the error text is Core's.
func VerifyInput(tx *wire.MsgTx, idx int, prevouts map[wire.OutPoint]Prevout) error {
	if idx < 0 || idx >= len(tx.TxIn) {
		return fmt.Errorf("input %d out of range", idx)
	}
	s := NewSigners(tx, prevouts, txscript.SigHashDefault)[idx]
	if s == nil {
		return fmt.Errorf("%s", ErrInputNotFound)
	}
	in := tx.TxIn[idx]
	if err := s.verify(prevouts[in.PreviousOutPoint].Script, in.SignatureScript, in.Witness); err != nil {
		return fmt.Errorf("%s: %w", ScriptErrorString(err), err)
	}
	return nil
}
