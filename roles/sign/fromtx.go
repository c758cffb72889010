package sign

import (
	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcec/v2/ecdsa"
	"github.com/btcsuite/btcd/txscript/v2"
)

// FromTx is Core's DataFromTransaction: what the current scriptSig and
// witness of input s.Index (spending pkScript) already hold. A valid input
// comes back Complete; otherwise the scripts and the multisig signatures
// that verify are extracted so signing can add to them.
func (s *Signer) FromTx(pkScript []byte) SigData {
	in := s.Tx.TxIn[s.Index]
	sd := SigData{ScriptSig: in.SignatureScript, Witness: in.Witness}
	if s.verify(pkScript, in.SignatureScript, in.Witness) == nil {
		sd.Complete = true
		return sd
	}
	stack := pushStack(in.SignatureScript)
	witness := [][]byte(in.Witness)
	sol := solve(pkScript)
	sv := sigBase
	next := pkScript
	if sol.typ == typeScriptHash && len(stack) > 0 && len(stack[len(stack)-1]) > 0 {
		next = stack[len(stack)-1]
		sd.RedeemScript = next
		sol = solve(next)
		stack = stack[:len(stack)-1]
	}
	if sol.typ == typeWitnessV0ScriptHash && len(witness) > 0 && len(witness[len(witness)-1]) > 0 {
		next = witness[len(witness)-1]
		sd.WitnessScript = next
		sol = solve(next)
		stack = witness[:len(witness)-1]
		sv = sigWitnessV0
	}
	if sol.typ == typeMultisig && len(stack) > 0 {
		// Match signatures to keys in order, as CHECKMULTISIG does.
		last := 0
		for _, sig := range stack {
			for i := last; i < len(sol.keys); i++ {
				pub := sol.keys[i]
				if _, ok := sd.Sigs[string(pub)]; ok || s.checkSig(sig, pub, next, sv) {
					if !ok {
						sd.addSig(pub, sig)
					}
					last = i + 1
					break
				}
			}
		}
	}
	return sd
}

// checkSig reports whether sig (with its sighash byte) is pub's valid
// ECDSA signature of the input over scriptCode.
func (s *Signer) checkSig(sig, pub, scriptCode []byte, sv sigVersion) bool {
	if len(sig) < 2 {
		return false
	}
	ht := txscript.SigHashType(sig[len(sig)-1])
	var hash []byte
	var err error
	if sv == sigBase {
		hash, err = txscript.CalcSignatureHash(scriptCode, ht, s.Tx, s.Index)
	} else {
		hash, err = txscript.CalcWitnessSigHash(scriptCode, s.Hashes, ht, s.Tx, s.Index, s.Amount)
	}
	if err != nil {
		return false
	}
	parsed, err := ecdsa.ParseDERSignature(sig[:len(sig)-1])
	if err != nil {
		return false
	}
	key, err := btcec.ParsePubKey(pub)
	if err != nil {
		return false
	}
	return parsed.Verify(hash, key)
}

// pushStack is the stack a push-only scriptSig leaves (Core evaluates the
// scriptSig); a script with other opcodes leaves nothing usable.
func pushStack(script []byte) [][]byte {
	var stack [][]byte
	tok := txscript.MakeScriptTokenizer(0, script)
	for tok.Next() {
		op := tok.Opcode()
		switch {
		case op == txscript.OP_0:
			stack = append(stack, []byte{})
		case op == txscript.OP_1NEGATE:
			stack = append(stack, []byte{0x81})
		case smallInt(op):
			stack = append(stack, []byte{byte(txscript.AsSmallInt(op))})
		case op <= txscript.OP_PUSHDATA4:
			stack = append(stack, tok.Data())
		default:
			return nil
		}
	}
	if tok.Err() != nil {
		return nil
	}
	return stack
}
