package psbt

import (
	"errors"

	"github.com/btcsuite/btcd/wire/v2"
)

// New is the creator role: a version 0 PSBT over tx, whose inputs must
// carry no scriptSig or witness (Core's converttopsbt clears them first;
// see Strip).
func New(tx *wire.MsgTx) (*Packet, error) {
	for _, in := range tx.TxIn {
		if len(in.SignatureScript) != 0 || len(in.Witness) != 0 {
			return nil, errors.New("Inputs must not have scriptSigs and scriptWitnesses")
		}
	}
	return &Packet{UnsignedTx: tx.Copy(), Inputs: make([]Input, len(tx.TxIn)), Outputs: make([]Output, len(tx.TxOut))}, nil
}

// Strip is a copy of tx without scriptSigs and witnesses.
func Strip(tx *wire.MsgTx) *wire.MsgTx {
	c := tx.Copy()
	for _, in := range c.TxIn {
		in.SignatureScript, in.Witness = nil, nil
	}
	return c
}
