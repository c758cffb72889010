package engine

import (
	"fmt"

	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/sign"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/coinselect"
)

// signedSize estimates the virtual size and weight of tx once its inputs,
// which spend prevScripts in order, are signed by the keys behind prov
// (Core's CalculateMaximumSignedTxSize with the wallet's low-R signatures).
// ok is false when some input's script cannot be solved.
func signedSize(tx *wire.MsgTx, prevScripts [][]byte, prov sign.Provider) (vsize, weight int64, ok bool) {
	return signedSizeWith(tx, prevScripts, prov, nil)
}

// knownInput is the signed weight of an input the wallet cannot solve.
type knownInput struct {
	weight  int64
	witness bool
}

// signedSizeWith is signedSize with the weights of some inputs (by index)
// given instead of estimated.
func signedSizeWith(tx *wire.MsgTx, prevScripts [][]byte, prov sign.Provider, known map[int]knownInput) (vsize, weight int64, ok bool) {
	bare := wire.NewMsgTx(tx.Version)
	bare.TxOut, bare.LockTime = tx.TxOut, tx.LockTime
	base := int64(bare.SerializeSizeStripped()) - 1 + int64(wire.VarIntSerializeSize(uint64(len(tx.TxIn))))
	weight = base * 4
	segwit := false
	var inputs int64
	for i, script := range prevScripts {
		if k, ok := known[i]; ok {
			inputs += k.weight
			segwit = segwit || k.witness
			continue
		}
		w, solved := sign.InputWeight(script, prov, true)
		if !solved {
			return 0, 0, false
		}
		inputs += w
		segwit = segwit || spendsWitness(script, prov)
	}
	if segwit {
		weight += 2 + inputs
	} else {
		weight += inputs - int64(len(prevScripts)) // no witness at all
	}
	return (weight + 3) / 4, weight, true
}

// spendsWitness reports whether spending script takes witness data: a
// witness program, or P2SH around one.
func spendsWitness(script []byte, prov sign.Provider) bool {
	if txscript.IsWitnessProgram(script) {
		return true
	}
	if txscript.IsPayToScriptHash(script) {
		redeem, ok := prov.Script(script[2:22])
		return ok && txscript.IsWitnessProgram(redeem)
	}
	return false
}

// feeFor is Core's CFeeRate::GetFee: the fee of vsize at satPerKvB,
// rounded up.
func feeFor(satPerKvB, vsize int64) int64 {
	if satPerKvB <= 0 || vsize <= 0 {
		return 0
	}
	return (satPerKvB*vsize + 999) / 1000
}

// formatMoney is Core's FormatMoney: BTC with trailing zeros dropped past
// two decimals.
func formatMoney(sat int64) string {
	neg := sat < 0
	if neg {
		sat = -sat
	}
	s := fmt.Sprintf("%d.%08d", sat/100_000_000, sat%100_000_000)
	for len(s) > 0 && s[len(s)-1] == '0' && s[len(s)-3] != '.' {
		s = s[:len(s)-1]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// trimChangeFee is Core's last step of CreateTransactionInternal: the fee
// the signed transaction needs at rate (its size estimated with the
// wallet's low-R signatures) replaces the coin selection's estimate, an
// overpayment going back to the change output at f.changePos. It returns
// the fee paid. The caller holds w.mu.
func (w *Wallet) trimChangeFee(tx *wire.MsgTx, f *funded, o SendOptions, rate, fee int64) int64 {
	scripts, known, ok := w.sizingInputs(tx, f, o)
	if !ok {
		return fee
	}
	vsize, _, ok := signedSizeWith(tx, scripts, w.provider(scripts), known)
	if !ok {
		return fee
	}
	if needed := feeFor(rate, vsize); needed < fee {
		tx.TxOut[f.changePos].Value += fee - needed
		return needed
	}
	return fee
}

// checkSignedWeight is Core's last size check of CreateTransactionInternal:
// the signed transaction must not weigh more than maxWeight (0: the
// standard maximum). Inputs the wallet cannot size are left to the node.
// The caller holds w.mu.
func (w *Wallet) checkSignedWeight(tx *wire.MsgTx, f *funded, o SendOptions) error {
	scripts, known, ok := w.sizingInputs(tx, f, o)
	if !ok {
		return nil
	}
	_, weight, ok := signedSizeWith(tx, scripts, w.provider(scripts), known)
	if !ok {
		return nil
	}
	maxWeight := o.MaxTxWeight
	if maxWeight == 0 {
		maxWeight = coinselect.MaxStandardTxWeight
	}
	if weight > int64(maxWeight) {
		return coinselect.ErrTransactionTooLarge
	}
	return nil
}

// sizingInputs are the scripts tx's inputs spend, in order, and the
// weights the caller gave for some of them (input weights, external
// inputs), which take precedence over the wallet's estimate.
func (w *Wallet) sizingInputs(tx *wire.MsgTx, f *funded, o SendOptions) ([][]byte, map[int]knownInput, bool) {
	scripts := make([][]byte, 0, len(tx.TxIn))
	known := map[int]knownInput{}
	for i, in := range tx.TxIn {
		p, ok := f.prevouts[in.PreviousOutPoint]
		if !ok {
			return nil, nil, false
		}
		scripts = append(scripts, p.Script)
		weight := o.InputWeights[in.PreviousOutPoint]
		if e, ok := o.External[in.PreviousOutPoint]; ok && weight == 0 {
			weight = e.Weight
		}
		if weight > 0 {
			known[i] = knownInput{weight: weight, witness: spendsWitness(p.Script, w.provider([][]byte{p.Script}))}
		}
	}
	return scripts, known, true
}
