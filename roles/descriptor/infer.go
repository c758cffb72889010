package descriptor

import (
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/btcsuite/btcd/btcec/v2/schnorr"
	"github.com/btcsuite/btcd/chaincfg/v2"
	"github.com/btcsuite/btcd/txscript/v2"
)

// Infer is Core's InferDescriptor without a signing provider: pk() for
// P2PK, multi() for bare multisig, rawtr() for taproot outputs, addr() for
// anything else with an address and raw() for the rest. The result carries
// its checksum.
func Infer(script []byte, params *chaincfg.Params) string {
	return AddChecksum(inferNoProvider(script, func(b []byte) (string, bool) { return ScriptAddress(b, params) }))
}

// inferNoProvider infers without any known keys or scripts; addrOf encodes
// the script's address.
func inferNoProvider(script []byte, addrOf func([]byte) (string, bool)) string {
	if pub, ok := p2pkKey(script); ok && nonHybridKey(pub) {
		return "pk(" + hex.EncodeToString(pub) + ")"
	}
	if m, keys, ok := bareMultisig(script); ok {
		var b strings.Builder
		b.WriteString("multi(" + strconv.Itoa(m))
		for _, k := range keys {
			if !nonHybridKey(k) {
				goto notMulti
			}
			b.WriteString("," + hex.EncodeToString(k))
		}
		return b.String() + ")"
	}
notMulti:
	if v, prog, ok := witnessProgram(script); ok && v == 1 && len(prog) == 32 {
		if _, err := schnorr.ParsePubKey(prog); err == nil {
			return "rawtr(" + hex.EncodeToString(prog) + ")"
		}
	}
	if a, ok := addrOf(script); ok {
		return "addr(" + a + ")"
	}
	return "raw(" + hex.EncodeToString(script) + ")"
}

// validKeySize is Core's CPubKey::ValidSize: the length the header announces.
func validKeySize(k []byte) bool {
	switch {
	case len(k) == 33:
		return k[0] == 2 || k[0] == 3
	case len(k) == 65:
		return k[0] == 4 || k[0] == 6 || k[0] == 7
	}
	return false
}

// nonHybridKey is Core's IsValidNonHybrid.
func nonHybridKey(k []byte) bool { return validKeySize(k) && k[0] != 6 && k[0] != 7 }

// p2pkKey matches <pubkey> OP_CHECKSIG.
func p2pkKey(s []byte) ([]byte, bool) {
	if len(s) == 35 && s[0] == 33 && s[34] == txscript.OP_CHECKSIG {
		return s[1:34], validKeySize(s[1:34])
	}
	if len(s) == 67 && s[0] == 65 && s[66] == txscript.OP_CHECKSIG {
		return s[1:66], validKeySize(s[1:66])
	}
	return nil, false
}

// smallInt decodes OP_1..OP_16.
func smallInt(op byte) (int, bool) {
	if op >= txscript.OP_1 && op <= txscript.OP_16 {
		return int(op-txscript.OP_1) + 1, true
	}
	return 0, false
}

// multisigNumber reads a key count or threshold at s[i] (OP_1..OP_16 or a
// minimal push of 17..20) and returns it with the next offset.
func multisigNumber(s []byte, i int) (int, int, bool) {
	if i >= len(s) {
		return 0, 0, false
	}
	if v, ok := smallInt(s[i]); ok {
		return v, i + 1, true
	}
	if s[i] == 1 && i+1 < len(s) && s[i+1] >= 17 && s[i+1] <= maxPubkeysPerMultisig {
		return int(s[i+1]), i + 2, true
	}
	return 0, 0, false
}

// bareMultisig matches Core's MatchMultisig: OP_m <keys> OP_n
// OP_CHECKMULTISIG with 1 <= m <= n <= 20 and correctly sized keys.
func bareMultisig(s []byte) (int, [][]byte, bool) {
	if len(s) < 1 || s[len(s)-1] != txscript.OP_CHECKMULTISIG {
		return 0, nil, false
	}
	m, i, ok := multisigNumber(s, 0)
	if !ok {
		return 0, nil, false
	}
	var keys [][]byte
	for i < len(s)-1 {
		if _, _, isNum := multisigNumber(s, i); isNum {
			break
		}
		l := int(s[i])
		if (l != 33 && l != 65) || i+1+l > len(s)-1 {
			return 0, nil, false
		}
		k := s[i+1 : i+1+l]
		if !validKeySize(k) {
			return 0, nil, false
		}
		keys = append(keys, k)
		i += 1 + l
	}
	n, end, ok := multisigNumber(s, i)
	if !ok || end != len(s)-1 || n != len(keys) || m > n {
		return 0, nil, false
	}
	return m, keys, true
}
