package sign

import (
	"github.com/btcsuite/btcd/txscript/v2"
)

// scriptType is Core's TxoutType.
type scriptType int

const (
	typeNonStandard scriptType = iota
	typeAnchor
	typePubKey
	typePubKeyHash
	typeScriptHash
	typeMultisig
	typeNullData
	typeWitnessV0KeyHash
	typeWitnessV0ScriptHash
	typeWitnessV1Taproot
	typeWitnessUnknown
)

// solution is Core's Solver result: the type and its data (the key or
// hash; for multisig the required count, the keys and the key count).
type solution struct {
	typ      scriptType
	data     []byte   // key, hash or witness program
	required int      // multisig
	keys     [][]byte // multisig
}

// validPubKeySize is Core's CPubKey::ValidSize: the length the header
// byte announces.
func validPubKeySize(k []byte) bool {
	if len(k) == 0 {
		return false
	}
	switch k[0] {
	case 2, 3:
		return len(k) == 33
	case 4, 6, 7:
		return len(k) == 65
	}
	return false
}

// solve classifies script as Core's Solver.
func solve(script []byte) solution {
	switch {
	case txscript.IsPayToAnchorScript(script):
		return solution{typ: typeAnchor}
	case txscript.IsPayToScriptHash(script):
		return solution{typ: typeScriptHash, data: script[2:22]}
	case txscript.IsPayToWitnessPubKeyHash(script):
		return solution{typ: typeWitnessV0KeyHash, data: script[2:22]}
	case txscript.IsPayToWitnessScriptHash(script):
		return solution{typ: typeWitnessV0ScriptHash, data: script[2:34]}
	case txscript.IsPayToTaproot(script):
		return solution{typ: typeWitnessV1Taproot, data: script[2:34]}
	case txscript.IsWitnessProgram(script):
		_, prog, _ := txscript.ExtractWitnessProgramInfo(script)
		return solution{typ: typeWitnessUnknown, data: prog}
	case len(script) > 0 && script[0] == txscript.OP_RETURN && txscript.IsPushOnlyScript(script[1:]):
		return solution{typ: typeNullData}
	case txscript.IsPayToPubKeyHash(script):
		return solution{typ: typePubKeyHash, data: script[3:23]}
	}
	if k, ok := matchPubKey(script); ok {
		return solution{typ: typePubKey, data: k}
	}
	if m, keys, ok := matchMultisig(script); ok {
		return solution{typ: typeMultisig, required: m, keys: keys}
	}
	return solution{typ: typeNonStandard}
}

func matchPubKey(script []byte) ([]byte, bool) {
	if len(script) == 35 && script[0] == 33 && script[34] == txscript.OP_CHECKSIG && validPubKeySize(script[1:34]) {
		return script[1:34], true
	}
	if len(script) == 67 && script[0] == 65 && script[66] == txscript.OP_CHECKSIG && validPubKeySize(script[1:66]) {
		return script[1:66], true
	}
	return nil, false
}

// maxMultisigKeys is Core's MAX_PUBKEYS_PER_MULTISIG.
const maxMultisigKeys = 20

// matchMultisig is Core's MatchMultisig: <m> <keys> <n>
// OP_CHECKMULTISIG with 1 <= m <= n <= 20 and well-sized keys.
func matchMultisig(script []byte) (int, [][]byte, bool) {
	if len(script) < 1 || script[len(script)-1] != txscript.OP_CHECKMULTISIG {
		return 0, nil, false
	}
	tok := txscript.MakeScriptTokenizer(0, script[:len(script)-1])
	if !tok.Next() {
		return 0, nil, false
	}
	m, ok := scriptNumber(tok.Opcode(), tok.Data())
	if !ok || m < 1 || m > maxMultisigKeys {
		return 0, nil, false
	}
	var keys [][]byte
	for tok.Next() {
		if validPubKeySize(tok.Data()) {
			keys = append(keys, tok.Data())
			continue
		}
		n, ok := scriptNumber(tok.Opcode(), tok.Data())
		ok = ok && n >= m && n <= maxMultisigKeys && n == len(keys)
		return m, keys, ok && !tok.Next() && tok.Err() == nil
	}
	return 0, nil, false
}

// smallInt reports OP_1..OP_16 (Core's IsSmallInteger).
func smallInt(op byte) bool { return op >= txscript.OP_1 && op <= txscript.OP_16 }

// scriptNumber is Core's GetScriptNumber without the range: a small
// integer opcode or a minimal push of a minimally encoded non-negative
// number of at most 4 bytes.
func scriptNumber(op byte, data []byte) (int, bool) {
	switch {
	case op == txscript.OP_0:
		return 0, true
	case smallInt(op):
		return txscript.AsSmallInt(op), true
	case op < 1 || op > txscript.OP_DATA_75 || int(op) != len(data) || len(data) > 4:
		return 0, false // not a minimal push of a short number
	}
	if len(data) == 1 && data[0] <= 16 {
		return 0, false // OP_0..OP_16 is the minimal push
	}
	last := data[len(data)-1]
	if last&0x80 != 0 {
		return 0, false // negative
	}
	if last == 0 && (len(data) == 1 || data[len(data)-2]&0x80 == 0) {
		return 0, false // not minimally encoded
	}
	n := 0
	for i := len(data) - 1; i >= 0; i-- {
		n = n<<8 | int(data[i])
	}
	return n, true
}
