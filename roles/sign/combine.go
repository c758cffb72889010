package sign

import (
	"errors"

	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

// ErrCombineInputNotFound is Combine's error for an input whose prevout is
// unknown (Core's RPC reports it with RPC_VERIFY_ERROR).
var ErrCombineInputNotFound = errors.New(ErrInputNotFound)

// Combine is Core's combinerawtransaction: a copy of the first variant
// whose inputs carry every signature found in any variant (the variants
// being the same transaction with different partial signatures).
func Combine(variants []*wire.MsgTx, prevouts map[wire.OutPoint]Prevout) (*wire.MsgTx, error) {
	if len(variants) == 0 {
		return nil, errors.New("no transactions to combine")
	}
	merged := variants[0].Copy()
	signers := NewSigners(merged, prevouts, txscript.SigHashAll)
	varSigners := make([][]*Signer, len(variants))
	for i, v := range variants {
		varSigners[i] = NewSigners(v, prevouts, txscript.SigHashAll)
	}
	for i, in := range merged.TxIn {
		s := signers[i]
		if s == nil {
			return nil, ErrCombineInputNotFound
		}
		prev := prevouts[in.PreviousOutPoint]
		var sd SigData
		for j, v := range variants {
			if i >= len(v.TxIn) || varSigners[j][i] == nil || v.TxIn[i].PreviousOutPoint != in.PreviousOutPoint {
				continue
			}
			from := varSigners[j][i].FromTx(prev.Script)
			sd.Merge(&from)
		}
		s.Produce(&Flat{}, prev.Script, &sd)
		in.SignatureScript, in.Witness = sd.ScriptSig, sd.Witness
	}
	return merged, nil
}
