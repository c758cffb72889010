package psbt

import (
	"fmt"

	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/sign"
)

// Role is a BIP174 role, in workflow order.
type Role int

// The roles.
const (
	RoleCreator Role = iota
	RoleUpdater
	RoleSigner
	RoleFinalizer
	RoleExtractor
)

// String is Core's PSBTRoleName.
func (r Role) String() string {
	return [...]string{"creator", "updater", "signer", "finalizer", "extractor"}[r]
}

// InputAnalysis is Core's PSBTInputAnalysis.
type InputAnalysis struct {
	HasUTXO bool
	IsFinal bool
	Next    Role
	// What is missing: HASH160s of keys without a known public key or
	// signature, the HASH160 of a missing redeem script, the SHA256 of a
	// missing witness script.
	MissingPubKeys       [][]byte
	MissingSigs          [][]byte
	MissingRedeemScript  []byte
	MissingWitnessScript []byte
}

// Analysis is Core's PSBTAnalysis. The estimates are set when every input
// has its UTXO and can be completed with dummy signatures.
type Analysis struct {
	EstimatedVSize   *int64
	EstimatedFeeRate *int64 // satoshis per 1000 virtual bytes
	Fee              *int64
	Inputs           []InputAnalysis
	Next             Role
	Error            string // set when the PSBT is not valid
}

func invalid(msg string) Analysis { return Analysis{Next: RoleCreator, Error: msg} }

func moneyRange(v int64) bool { return v >= 0 && v <= sign.MaxMoney }

// unspendable is Core's CScript::IsUnspendable.
func unspendable(s []byte) bool {
	return (len(s) > 0 && s[0] == txscript.OP_RETURN) || len(s) > txscript.MaxScriptSize
}

// Analyze is Core's AnalyzePSBT: for each input whether it has its UTXO,
// is final and which role must act next, plus the fee and, when the
// inputs can be completed, the estimated size and fee rate. p is not
// changed.
func Analyze(p *Packet) Analysis {
	c, err := p.Clone()
	if err != nil {
		return invalid(err.Error())
	}
	res := Analysis{Inputs: make([]InputAnalysis, len(c.Inputs))}
	calcFee := true
	var inAmt int64
	for i := range c.Inputs {
		ia := &res.Inputs[i]
		ia.Next = RoleExtractor
		utxo, ok := c.InputUTXO(i)
		if ok {
			if !moneyRange(utxo.Value) || !moneyRange(inAmt+utxo.Value) {
				return invalid(fmt.Sprintf("PSBT is not valid. Input %d has invalid value", i))
			}
			inAmt += utxo.Value
			ia.HasUTXO = true
			if unspendable(utxo.PkScript) {
				return invalid(fmt.Sprintf("PSBT is not valid. Input %d spends unspendable output", i))
			}
		} else {
			if nw := c.Inputs[i].NonWitnessUtxo; nw != nil && int(c.UnsignedTx.TxIn[i].PreviousOutPoint.Index) >= len(nw.TxOut) {
				return invalid(fmt.Sprintf("PSBT is not valid. Input %d specifies invalid prevout", i))
			}
			ia.Next = RoleUpdater
			calcFee = false
		}
		if c.signedAndVerified(i) {
			ia.IsFinal = ok
			continue
		}
		var missing sign.SigData
		if err := c.signInput(&sign.Flat{}, i, nil, true, false, &missing); err == nil {
			ia.Next = RoleFinalizer
			continue
		}
		ia.MissingPubKeys, ia.MissingSigs = missing.MissingPubKeys, missing.MissingSigs
		ia.MissingRedeemScript, ia.MissingWitnessScript = missing.MissingRedeemScript, missing.MissingWitnessScript
		if len(ia.MissingPubKeys) == 0 && ia.MissingRedeemScript == nil && ia.MissingWitnessScript == nil && len(ia.MissingSigs) != 0 {
			ia.Next = RoleSigner
		} else {
			ia.Next = RoleUpdater
		}
	}
	res.Next = RoleExtractor
	for _, ia := range res.Inputs {
		res.Next = min(res.Next, ia.Next)
	}
	if !calcFee {
		return res
	}
	var outAmt int64
	for _, o := range c.UnsignedTx.TxOut {
		if !moneyRange(o.Value) || !moneyRange(outAmt+o.Value) {
			return invalid("PSBT is not valid. Output amount invalid")
		}
		outAmt += o.Value
	}
	fee := inAmt - outAmt
	res.Fee = &fee
	if vsize, ok := c.dummyVSize(); ok {
		rate := floorDiv(fee*1000, vsize)
		res.EstimatedVSize, res.EstimatedFeeRate = &vsize, &rate
	}
	return res
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// dummyVSize completes every input with dummy signatures and returns the
// virtual size of the result (Core's, with 20 bytes per sigop).
func (p *Packet) dummyVSize() (int64, bool) {
	tx := p.UnsignedTx.Copy()
	prev := map[wire.OutPoint]*wire.TxOut{}
	for i := range p.Inputs {
		utxo, ok := p.InputUTXO(i)
		if !ok || p.signInput(&sign.Flat{}, i, nil, true, true, nil) != nil {
			return 0, false
		}
		tx.TxIn[i].SignatureScript, tx.TxIn[i].Witness = p.Inputs[i].FinalScriptSig, p.Inputs[i].FinalScriptWitness
		prev[tx.TxIn[i].PreviousOutPoint] = utxo
	}
	weight := int64(tx.SerializeSizeStripped()*3 + tx.SerializeSize())
	sigops := int64(0)
	for _, in := range tx.TxIn {
		spk := prev[in.PreviousOutPoint].PkScript
		sigops += int64(txscript.GetSigOpCount(in.SignatureScript)) * 4
		if txscript.IsPayToScriptHash(spk) {
			sigops += int64(txscript.GetPreciseSigOpCount(in.SignatureScript, spk, true)) * 4
		}
		sigops += int64(txscript.GetWitnessSigOpCount(in.SignatureScript, spk, in.Witness))
	}
	for _, out := range tx.TxOut {
		sigops += int64(txscript.GetSigOpCount(out.PkScript)) * 4
	}
	return (max(weight, sigops*20) + 3) / 4, true
}
