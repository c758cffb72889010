package sign

import (
	"crypto/sha256"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

// sigVersion is Core's SigVersion.
type sigVersion int

const (
	sigBase sigVersion = iota
	sigWitnessV0
	sigTaproot
	sigTapscript
)

// MaxMoney is Core's MAX_MONEY; it is also the amount of a prevout whose
// amount is unknown, as Core's RPC uses it.
const MaxMoney = 21_000_000 * 100_000_000

// Signer is Core's MutableTransactionSignatureCreator: it signs input
// Index of Tx spending Amount with HashType (SigHashDefault: ALL for
// ECDSA, 64-byte signatures for Schnorr).
type Signer struct {
	Tx       *wire.MsgTx
	Index    int
	Amount   int64
	HashType txscript.SigHashType
	// Hashes and Fetcher describe every spent output; Schnorr signing
	// needs AllPrevouts (every spent output known).
	Hashes      *txscript.TxSigHashes
	Fetcher     txscript.PrevOutputFetcher
	AllPrevouts bool
	// Dummy makes placeholder signatures (71-byte ECDSA, 64-byte Schnorr)
	// for any key instead of real ones, and counts a solved script as
	// complete: Core's DUMMY_SIGNATURE_CREATOR, used to estimate sizes.
	Dummy bool
}

// createSig makes an ECDSA signature for pub over scriptCode.
func (s *Signer) createSig(p Provider, pub, scriptCode []byte, sv sigVersion) ([]byte, bool) {
	if s.Dummy {
		return dummyECDSA(), true
	}
	key, ok := p.PrivKey(pub)
	if !ok {
		return nil, false
	}
	if sv == sigWitnessV0 && len(pub) != 33 {
		return nil, false // no uncompressed keys in witness scripts
	}
	if sv == sigWitnessV0 && (s.Amount < 0 || s.Amount > MaxMoney) {
		return nil, false
	}
	ht := s.HashType
	if ht == txscript.SigHashDefault {
		ht = txscript.SigHashAll
	}
	var hash []byte
	var err error
	if sv == sigBase {
		hash, err = txscript.CalcSignatureHash(scriptCode, ht, s.Tx, s.Index)
	} else {
		hash, err = txscript.CalcWitnessSigHash(scriptCode, s.Hashes, ht, s.Tx, s.Index, s.Amount)
	}
	if err != nil {
		return nil, false
	}
	// Low-R signatures, as Core makes them.
	return append(signLowR(key, hash).Serialize(), byte(ht)), true
}

// dummyECDSA is Core's dummy signature: a valid DER encoding with 32-byte
// R and S and the ALL sighash byte, 71 bytes.
func dummyECDSA() []byte {
	sig := make([]byte, 71)
	sig[0], sig[1], sig[2], sig[3], sig[4] = 0x30, 68, 0x02, 32, 0x01
	sig[36], sig[37], sig[38] = 0x02, 32, 0x01
	sig[70] = byte(txscript.SigHashAll)
	return sig
}

// getScript is Core's GetCScript: the provider, then the scripts already
// in sd.
func getScript(p Provider, sd *SigData, hash []byte) ([]byte, bool) {
	if s, ok := p.Script(hash); ok {
		return s, true
	}
	for _, s := range [][]byte{sd.RedeemScript, sd.WitnessScript} {
		if len(s) == 0 {
			continue
		}
		if len(hash) == 20 && string(address.Hash160(s)) == string(hash) {
			return s, true
		}
		if sum := sha256.Sum256(s); len(hash) == 32 && string(sum[:]) == string(hash) {
			return s, true
		}
	}
	return nil, false
}

// sigFor is Core's CreateSig: an existing signature for pub, else a new
// one recorded in sd.
func (s *Signer) sigFor(p Provider, sd *SigData, pub, scriptCode []byte, sv sigVersion) ([]byte, bool) {
	if sig, ok := sd.Sigs[string(pub)]; ok {
		return sig, true
	}
	sd.noteOrigin(p, pub)
	if sig, ok := s.createSig(p, pub, scriptCode, sv); ok {
		sd.addSig(pub, sig)
		return sig, true
	}
	sd.MissingSigs = append(sd.MissingSigs, address.Hash160(pub))
	return nil, false
}

// signStep is Core's SignStep: the stack satisfying script, or false with
// what could be made.
func (s *Signer) signStep(p Provider, sd *SigData, script []byte, sv sigVersion) ([][]byte, scriptType, bool) {
	sol := solve(script)
	switch sol.typ {
	case typeAnchor:
		return nil, sol.typ, true
	case typePubKey:
		sig, ok := s.sigFor(p, sd, sol.data, script, sv)
		if !ok {
			return nil, sol.typ, false
		}
		return [][]byte{sig}, sol.typ, true
	case typePubKeyHash:
		pub, ok := sd.pubKeyByHash(p, sol.data)
		if !ok {
			sd.MissingPubKeys = append(sd.MissingPubKeys, sol.data)
			return nil, sol.typ, false
		}
		sig, ok := s.sigFor(p, sd, pub, script, sv)
		if !ok {
			return nil, sol.typ, false
		}
		return [][]byte{sig, pub}, sol.typ, true
	case typeScriptHash:
		if rs, ok := getScript(p, sd, sol.data); ok {
			return [][]byte{rs}, sol.typ, true
		}
		sd.MissingRedeemScript = sol.data
		return nil, sol.typ, false
	case typeMultisig:
		ret := [][]byte{{}} // CHECKMULTISIG's extra pop
		for _, pub := range sol.keys {
			// Every key is tried so sd learns every signature it can.
			if sig, ok := s.sigFor(p, sd, pub, script, sv); ok && len(ret) < sol.required+1 {
				ret = append(ret, sig)
			}
		}
		ok := len(ret) == sol.required+1
		for len(ret) < sol.required+1 {
			ret = append(ret, []byte{})
		}
		return ret, sol.typ, ok
	case typeWitnessV0KeyHash:
		return [][]byte{sol.data}, sol.typ, true
	case typeWitnessV0ScriptHash:
		if ws, ok := getScript(p, sd, sol.data); ok {
			return [][]byte{ws}, sol.typ, true
		}
		sd.MissingWitnessScript = sol.data
		return nil, sol.typ, false
	case typeWitnessV1Taproot:
		stack, ok := s.signTaproot(p, sd, sol.data)
		return stack, sol.typ, ok
	}
	return nil, sol.typ, false
}

// p2pkhScript is the script code of a P2WPKH spend.
func p2pkhScript(hash []byte) []byte {
	b := []byte{txscript.OP_DUP, txscript.OP_HASH160, 20}
	b = append(b, hash...)
	return append(b, txscript.OP_EQUALVERIFY, txscript.OP_CHECKSIG)
}

// Produce is Core's ProduceSignature: it satisfies pkScript (the output
// spent by input s.Index) with what p and sd know, stores the result in
// sd (ScriptSig, Witness, signatures, scripts) and reports whether the
// input is complete, as checked by btcd's script engine.
func (s *Signer) Produce(p Provider, pkScript []byte, sd *SigData) bool {
	if sd.Complete {
		return true
	}
	result, typ, solved := s.signStep(p, sd, pkScript, sigBase)
	p2sh := false
	var subscript []byte
	if solved && typ == typeScriptHash {
		subscript = result[0]
		sd.RedeemScript = subscript
		result, typ, solved = s.signStep(p, sd, subscript, sigBase)
		solved = solved && typ != typeScriptHash
		p2sh = true
	}
	switch {
	case solved && typ == typeWitnessV0KeyHash:
		result, _, solved = s.signStep(p, sd, p2pkhScript(result[0]), sigWitnessV0)
		sd.Witness = result
		sd.IsWitness = true
		result = nil
	case solved && typ == typeWitnessV0ScriptHash:
		ws := result[0]
		sd.WitnessScript = ws
		var sub scriptType
		result, sub, solved = s.signStep(p, sd, ws, sigWitnessV0)
		solved = solved && sub != typeScriptHash && sub != typeWitnessV0ScriptHash && sub != typeWitnessV0KeyHash
		sd.Witness = append(result, ws)
		sd.IsWitness = true
		result = nil
	case typ == typeWitnessV1Taproot && !p2sh:
		sd.IsWitness = true
		if solved {
			sd.Witness = result
		}
		result = nil
	case solved && typ == typeWitnessUnknown:
		sd.IsWitness = true
	}
	if !sd.IsWitness {
		sd.Witness = nil
	}
	if p2sh {
		result = append(result, subscript)
	}
	sd.ScriptSig = pushAll(result)
	sd.Complete = solved && (s.Dummy || s.verify(pkScript, sd.ScriptSig, sd.Witness) == nil)
	return sd.Complete
}

// verify runs btcd's script engine on the input with the given scriptSig
// and witness under the standard flags.
func (s *Signer) verify(pkScript, scriptSig []byte, witness wire.TxWitness) error {
	in := s.Tx.TxIn[s.Index]
	oldSig, oldWit := in.SignatureScript, in.Witness
	in.SignatureScript, in.Witness = scriptSig, witness
	defer func() { in.SignatureScript, in.Witness = oldSig, oldWit }()
	vm, err := txscript.NewEngine(pkScript, s.Tx, s.Index, txscript.StandardVerifyFlags, nil, s.Hashes, s.Amount, s.Fetcher)
	if err != nil {
		return err
	}
	return vm.Execute()
}

// pushAll is Core's PushAll: a push-only script of the items, small
// numbers as their opcodes.
func pushAll(items [][]byte) []byte {
	b := txscript.NewScriptBuilder()
	for _, v := range items {
		switch {
		case len(v) == 0:
			b.AddOp(txscript.OP_0)
		case len(v) == 1 && v[0] >= 1 && v[0] <= 16:
			b.AddOp(txscript.OP_1 + v[0] - 1)
		case len(v) == 1 && v[0] == 0x81:
			b.AddOp(txscript.OP_1NEGATE)
		default:
			b.AddFullData(v)
		}
	}
	script, _ := b.Script()
	return script
}
