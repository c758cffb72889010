package sign

import (
	"github.com/btcsuite/btcd/wire/v2"
)

// satisfaction is what Core's descriptors know of the cheapest way to
// satisfy a script: the size of the satisfaction (without the script), the
// number of stack elements and the script's own size.
type satisfaction struct {
	size, elems, scriptSize int64
}

// maxSat is MaxSatSize and MaxSatisfactionElems of the descriptor Core
// would infer for script in ctx (top, sh or wsh). ok is false when Core
// would infer a descriptor without a size (addr(), raw()).
func maxSat(script []byte, p Provider, sigSize int64, ctx int) (satisfaction, bool) {
	const (
		top = iota
		inSH
		inWSH
	)
	sol := solve(script)
	n := int64(len(script))
	switch sol.typ {
	case typePubKey:
		if ctx == inWSH && len(sol.data) != 33 {
			return satisfaction{}, false
		}
		return satisfaction{size: 1 + sigSize, elems: 1, scriptSize: n}, true
	case typePubKeyHash:
		pub, ok := p.PubKey(sol.data)
		if !ok || (ctx == inWSH && len(pub) != 33) {
			return satisfaction{}, false
		}
		return satisfaction{size: 1 + sigSize + 1 + int64(len(pub)), elems: 2, scriptSize: n}, true
	case typeMultisig:
		if ctx == inWSH {
			for _, k := range sol.keys {
				if len(k) != 33 {
					return satisfaction{}, false
				}
			}
		}
		m := int64(sol.required)
		return satisfaction{size: 1 + (1+sigSize)*m, elems: 1 + m, scriptSize: n}, true
	case typeWitnessV0KeyHash:
		if ctx == inWSH {
			return satisfaction{}, false
		}
		if pub, ok := p.PubKey(sol.data); !ok || len(pub) != 33 {
			return satisfaction{}, false
		}
		return satisfaction{size: 1 + sigSize + 1 + 33, elems: 2, scriptSize: 22}, true
	case typeWitnessV0ScriptHash:
		if ctx == inWSH {
			return satisfaction{}, false
		}
		ws, ok := p.Script(sol.data)
		if !ok {
			return satisfaction{}, false
		}
		inner, ok := maxSat(ws, p, sigSize, inWSH)
		if !ok {
			return satisfaction{}, false
		}
		size := int64(wire.VarIntSerializeSize(uint64(inner.scriptSize))) + inner.scriptSize + inner.size
		return satisfaction{size: size, elems: 1 + inner.elems, scriptSize: 34}, true
	}
	return satisfaction{}, false
}

// InputWeight is the weight of an input spending script once signed, as
// Core's wallet estimates it (MaxInputWeight of the inferred descriptor in
// a segwit transaction): 72-byte signatures, or 71 when grindR (Core's
// wallet grinds low-R signatures). A taproot output counts as a key path
// spend. ok is false for scripts p cannot solve.
func InputWeight(script []byte, p Provider, grindR bool) (int64, bool) {
	sigSize := int64(72)
	if grindR {
		sigSize = 71
	}
	var weight, elems int64
	segwit := false
	sol := solve(script)
	switch sol.typ {
	case typeWitnessV1Taproot:
		weight, elems, segwit = 1+65, 1, true
	case typeScriptHash:
		rs, ok := p.Script(sol.data)
		if !ok {
			return 0, false
		}
		inner, ok := maxSat(rs, p, sigSize, 1)
		if !ok {
			return 0, false
		}
		innerType := solve(rs).typ
		segwit = innerType == typeWitnessV0KeyHash || innerType == typeWitnessV0ScriptHash
		weight = (1 + inner.scriptSize) * 4
		if segwit {
			weight += inner.size
		} else {
			weight += inner.size * 4
		}
		elems = 1 + inner.elems
	default:
		sat, ok := maxSat(script, p, sigSize, 0)
		if !ok {
			return 0, false
		}
		segwit = sol.typ == typeWitnessV0KeyHash || sol.typ == typeWitnessV0ScriptHash
		weight, elems = sat.size, sat.elems
		if !segwit {
			weight *= 4
		}
	}
	scriptSigLen := int64(1)
	witLen := int64(1) // the empty witness of a non-segwit input
	if segwit {
		witLen = int64(wire.VarIntSerializeSize(uint64(elems)))
	} else {
		scriptSigLen = int64(wire.VarIntSerializeSize(uint64(weight / 4)))
	}
	return (32+4+4+scriptSigLen)*4 + witLen + weight, true
}

// InputVSize is the virtual size of an input spending script with
// maximum-size (72-byte) signatures, Core's CalculateMaximumSignedInputSize
// with use_max_sig; ok is false for scripts p cannot solve. Signers of this
// package grind R, so InputWeight(script, p, true) is the estimate Core's
// wallet makes for its own keys.
func InputVSize(script []byte, p Provider) (int, bool) {
	w, ok := InputWeight(script, p, false)
	if !ok {
		return 0, false
	}
	return int((w + 3) / 4), true
}
