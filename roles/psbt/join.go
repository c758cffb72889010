package psbt

import (
	"fmt"

	"github.com/btcsuite/btcd/wire/v2"
)

// DuplicateInputError is Join's error for an input found in more than
// one of the PSBTs (Core's wording).
type DuplicateInputError struct{ OutPoint wire.OutPoint }

func (e *DuplicateInputError) Error() string {
	return fmt.Sprintf("Input %s:%d exists in multiple PSBTs", e.OutPoint.Hash, e.OutPoint.Index)
}

// Join is Core's joinpsbts: one version 0 PSBT with the inputs and
// outputs of all of ps in order, the highest transaction version (at
// least 1), the lowest locktime and the first of each unknown global
// entry. Joined inputs lose their partial and final signatures; global
// xpubs are not kept (as Core). shuffle, when not nil, reorders the
// inputs and then the outputs (rand.Shuffle's signature). The result
// shares data with ps.
func Join(ps []*Packet, shuffle func(n int, swap func(i, j int))) (*Packet, error) {
	version, locktime := uint32(1), uint32(0xffffffff)
	for _, p := range ps {
		version = max(version, uint32(p.UnsignedTx.Version))
		locktime = min(locktime, p.UnsignedTx.LockTime)
	}
	tx := wire.NewMsgTx(int32(version))
	tx.LockTime = locktime
	out := &Packet{UnsignedTx: tx}
	for _, p := range ps {
		for i, txin := range p.UnsignedTx.TxIn {
			if !out.addInput(txin, p.Inputs[i]) {
				return nil, &DuplicateInputError{OutPoint: txin.PreviousOutPoint}
			}
		}
		for i, txout := range p.UnsignedTx.TxOut {
			tx.AddTxOut(wire.NewTxOut(txout.Value, txout.PkScript))
			out.Outputs = append(out.Outputs, p.Outputs[i])
		}
		out.Unknown = mergeKV(out.Unknown, p.Unknown)
	}
	if shuffle != nil {
		shuffle(len(tx.TxIn), func(i, j int) {
			tx.TxIn[i], tx.TxIn[j] = tx.TxIn[j], tx.TxIn[i]
			out.Inputs[i], out.Inputs[j] = out.Inputs[j], out.Inputs[i]
		})
		shuffle(len(tx.TxOut), func(i, j int) {
			tx.TxOut[i], tx.TxOut[j] = tx.TxOut[j], tx.TxOut[i]
			out.Outputs[i], out.Outputs[j] = out.Outputs[j], out.Outputs[i]
		})
	}
	return out, nil
}

// addInput is Core's PartiallySignedTransaction::AddInput: it refuses a
// transaction input already present (same outpoint, sequence and
// scripts) and drops the input's partial and final signatures.
func (p *Packet) addInput(txin *wire.TxIn, in Input) bool {
	for _, have := range p.UnsignedTx.TxIn {
		if have.PreviousOutPoint == txin.PreviousOutPoint && have.Sequence == txin.Sequence &&
			string(have.SignatureScript) == string(txin.SignatureScript) && witnessEqual(have.Witness, txin.Witness) {
			return false
		}
	}
	p.UnsignedTx.AddTxIn(&wire.TxIn{PreviousOutPoint: txin.PreviousOutPoint, Sequence: txin.Sequence})
	in.PartialSigs, in.FinalScriptSig, in.FinalScriptWitness = nil, nil, nil
	p.Inputs = append(p.Inputs, in)
	return true
}

func witnessEqual(a, b wire.TxWitness) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if string(a[i]) != string(b[i]) {
			return false
		}
	}
	return true
}
