package descriptor

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/chaincfg/v2"
	"github.com/btcsuite/btcd/txscript/v2"
)

// InferOutput is Core's InferDescriptor for o.Script with a signing
// provider holding what the expansion that produced o revealed: its keys
// with their origins, redeem and witness scripts and taproot tree. It is
// the "specialized descriptor" scantxoutset and listunspent show, e.g.
// "pkh([d34db33f/0h/0h/5]03...)#checksum".
func InferOutput(o Output, params *chaincfg.Params) string {
	inf := &outputInferer{o: o, params: params}
	return AddChecksum(inf.script(o.Script, ctxTop))
}

// InferWithAddress is Infer for callers that already encoded the script's
// address ("" when it has none).
func InferWithAddress(script []byte, addr string) string {
	return AddChecksum(inferNoProvider(script, func([]byte) (string, bool) { return addr, addr != "" }))
}

type outputInferer struct {
	o      Output
	params *chaincfg.Params
}

// keyByHash finds an expanded key by HASH160 of its serialization.
func (f *outputInferer) keyByHash(h []byte) (Key, bool) {
	for _, k := range f.o.Keys {
		if bytes.Equal(address.Hash160(k.Pub), h) {
			return k, true
		}
	}
	return Key{}, false
}

func originPrefix(k Key) string {
	return "[" + hex.EncodeToString(k.Fingerprint[:]) + formatPath(k.Path, false) + "]"
}

// keyString is InferPubkey: the key with its origin when known.
func (f *outputInferer) keyString(pub []byte) string {
	if k, ok := f.keyByHash(address.Hash160(pub)); ok && bytes.Equal(k.Pub, pub) {
		return originPrefix(k) + hex.EncodeToString(pub)
	}
	return hex.EncodeToString(pub)
}

// xonlyString is InferXOnlyPubkey.
func (f *outputInferer) xonlyString(x []byte) string {
	for _, k := range f.o.Keys {
		if len(k.Pub) == 33 && bytes.Equal(k.Pub[1:], x) {
			return originPrefix(k) + hex.EncodeToString(x)
		}
	}
	return hex.EncodeToString(x)
}

func keyAllowed(pub []byte, ctx context) bool {
	return nonHybridKey(pub) && (len(pub) == 33 || ctx == ctxTop || ctx == ctxP2SH)
}

func (f *outputInferer) script(s []byte, ctx context) string {
	if out := f.tryScript(s, ctx); out != "" {
		return out
	}
	return inferNoProvider(s, func(b []byte) (string, bool) { return ScriptAddress(b, f.params) })
}

// tryScript returns "" when s cannot be inferred in ctx.
func (f *outputInferer) tryScript(s []byte, ctx context) string {
	if ctx == ctxP2TR {
		if len(s) == 34 && s[0] == 32 && s[33] == txscript.OP_CHECKSIG {
			return "pk(" + f.xonlyString(s[1:33]) + ")"
		}
		if m, keys, ok := matchMultiA(s); ok {
			parts := []string{strconv.Itoa(m)}
			for _, k := range keys {
				parts = append(parts, f.xonlyString(k))
			}
			return "multi_a(" + strings.Join(parts, ",") + ")"
		}
		return f.miniscript(s, true)
	}
	legacyCtx := ctx == ctxTop || ctx == ctxP2SH || ctx == ctxP2WSH
	if pub, ok := p2pkKey(s); ok && legacyCtx && keyAllowed(pub, ctx) {
		return "pk(" + f.keyString(pub) + ")"
	}
	if len(s) == 25 && s[0] == txscript.OP_DUP && s[1] == txscript.OP_HASH160 && s[2] == 20 && legacyCtx {
		if k, ok := f.keyByHash(s[3:23]); ok && keyAllowed(k.Pub, ctx) {
			return "pkh(" + f.keyString(k.Pub) + ")"
		}
	}
	v, prog, isWit := witnessProgram(s)
	if isWit && v == 0 && len(prog) == 20 && (ctx == ctxTop || ctx == ctxP2SH) {
		if k, ok := f.keyByHash(prog); ok && len(k.Pub) == 33 {
			return "wpkh(" + f.keyString(k.Pub) + ")"
		}
	}
	if m, keys, ok := bareMultisig(s); ok && legacyCtx {
		parts := []string{strconv.Itoa(m)}
		for _, k := range keys {
			if !keyAllowed(k, ctx) {
				parts = nil
				break
			}
			parts = append(parts, f.keyString(k))
		}
		if parts != nil {
			return "multi(" + strings.Join(parts, ",") + ")"
		}
	}
	if ctx == ctxP2WSH {
		if ms := f.miniscript(s, false); ms != "" {
			return ms
		}
	}
	if len(s) == 23 && s[0] == txscript.OP_HASH160 && s[1] == 20 && s[22] == txscript.OP_EQUAL && ctx == ctxTop {
		if f.o.RedeemScript != nil && bytes.Equal(address.Hash160(f.o.RedeemScript), s[2:22]) {
			if sub := f.tryScript(f.o.RedeemScript, ctxP2SH); sub != "" {
				return "sh(" + sub + ")"
			}
		}
	}
	if isWit && v == 0 && len(prog) == 32 && (ctx == ctxTop || ctx == ctxP2SH) {
		if h := sha256.Sum256(f.o.WitnessScript); f.o.WitnessScript != nil && bytes.Equal(h[:], prog) {
			if sub := f.tryScript(f.o.WitnessScript, ctxP2WSH); sub != "" {
				return "wsh(" + sub + ")"
			}
		}
	}
	if isWit && v == 1 && len(prog) == 32 && ctx == ctxTop {
		if tr := f.taproot(s); tr != "" {
			return tr
		}
		if validPubKey(append([]byte{2}, prog...)) {
			return "rawtr(" + f.xonlyString(prog) + ")"
		}
	}
	return ""
}

// miniscript renders a miniscript the expansion produced for script s
// (what Core's miniscript decoder would give for it), or "".
func (f *outputInferer) miniscript(s []byte, tapscript bool) string {
	for _, m := range f.o.miniscripts {
		if m.tapscript != tapscript || !bytes.Equal(m.script, s) {
			continue
		}
		str, ok := m.ms.msString(func(i int) (string, bool) {
			if tapscript {
				return f.xonlyString(m.keys[i].Pub[1:33]), true
			}
			return f.keyString(m.keys[i].Pub), true
		})
		if ok {
			return str
		}
	}
	// Decode the script (Core's miniscript::FromScript with the keys this
	// output revealed for pk_h).
	dec := &msDecoder{tapscript: tapscript, byHash: func(h []byte) ([]byte, bool) {
		for _, k := range f.o.Keys {
			pub := k.Pub
			if tapscript {
				pub = pub[1:33]
			}
			if bytes.Equal(address.Hash160(pub), h) {
				return pub, true
			}
		}
		return nil, false
	}}
	node := dec.decode(s)
	if node == nil || !node.isSane(tapscript) {
		return ""
	}
	str, _ := node.msString(func(i int) (string, bool) {
		if tapscript {
			return f.xonlyString(dec.pubs[i]), true
		}
		return f.keyString(dec.pubs[i]), true
	})
	return str
}

// InferWitnessScript is Core's InferDescriptor for the P2WSH output of
// witnessScript with that script known (decodescript's "segwit" desc):
// wsh(pk/multi/miniscript) when the script is one, else addr().
func InferWitnessScript(witnessScript []byte, params *chaincfg.Params) string {
	spk, err := p2wshScript(witnessScript)
	if err != nil {
		return ""
	}
	return InferOutput(Output{Script: spk, WitnessScript: witnessScript}, params)
}

// taproot rebuilds tr(KEY,TREE) from the output's taproot data.
func (f *outputInferer) taproot(s []byte) string {
	o := f.o
	if o.TaprootInternalKey == nil || !bytes.Equal(o.Script, s) {
		return ""
	}
	var b strings.Builder
	b.WriteString("tr(" + f.xonlyString(o.TaprootInternalKey))
	if len(o.TaprootLeaves) > 0 {
		b.WriteByte(',')
		var path []bool
		for i, leaf := range o.TaprootLeaves {
			depth := (len(leaf.ControlBlock) - 33) / 32
			sub := ""
			if leaf.LeafVersion == byte(txscript.BaseLeafVersion) {
				sub = f.tryScript(leaf.Script, ctxP2TR)
			}
			if sub == "" {
				return ""
			}
			if i > 0 {
				b.WriteByte(',')
			}
			for len(path) <= depth {
				if len(path) > 0 {
					b.WriteByte('{')
				}
				path = append(path, false)
			}
			b.WriteString(sub)
			for len(path) > 0 && path[len(path)-1] {
				if len(path) > 1 {
					b.WriteByte('}')
				}
				path = path[:len(path)-1]
			}
			if len(path) > 0 {
				path[len(path)-1] = true
			}
		}
	}
	b.WriteByte(')')
	return b.String()
}

// matchMultiA is Core's MatchMultiA: <x> CHECKSIG (<x> CHECKSIGADD)* <m>
// NUMEQUAL.
func matchMultiA(s []byte) (int, [][]byte, bool) {
	var keys [][]byte
	i := 0
	for i+34 <= len(s) && s[i] == 32 {
		op := s[i+33]
		if (len(keys) == 0 && op != txscript.OP_CHECKSIG) || (len(keys) > 0 && op != txscript.OP_CHECKSIGADD) {
			return 0, nil, false
		}
		keys = append(keys, s[i+1:i+33])
		i += 34
	}
	if len(keys) == 0 || i >= len(s)-1 || s[len(s)-1] != txscript.OP_NUMEQUAL {
		return 0, nil, false
	}
	num := s[i : len(s)-1]
	var m int
	switch {
	case len(num) == 1 && num[0] >= txscript.OP_1 && num[0] <= txscript.OP_16:
		m = int(num[0]-txscript.OP_1) + 1
	case len(num) >= 2 && int(num[0]) == len(num)-1 && len(num) <= 3:
		for j := len(num) - 1; j >= 1; j-- {
			m = m<<8 | int(num[j])
		}
	default:
		return 0, nil, false
	}
	if m < 1 || m > len(keys) {
		return 0, nil, false
	}
	return m, keys, true
}
