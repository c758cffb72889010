package descriptor

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/btcsuite/btcd/chaincfg/v2"
)

// Limits from Core's script/script.h and script/interpreter.h.
const (
	maxPubkeysPerMultisig = 20
	maxPubkeysPerMultiA   = 999
	maxScriptElementSize  = 520
	taprootMaxDepth       = 128
)

// kind identifies a script expression.
type kind int

const (
	kindPK kind = iota
	kindPKH
	kindWPKH
	kindCombo
	kindMulti
	kindSortedMulti
	kindMultiA
	kindSortedMultiA
	kindSH
	kindWSH
	kindTR
	kindRawTR
	kindAddr
	kindRaw
	kindMiniscript
)

// name is the descriptor function name of k.
func (k kind) name() string {
	switch k {
	case kindPK:
		return "pk"
	case kindPKH:
		return "pkh"
	case kindWPKH:
		return "wpkh"
	case kindCombo:
		return "combo"
	case kindMulti:
		return "multi"
	case kindSortedMulti:
		return "sortedmulti"
	case kindMultiA:
		return "multi_a"
	case kindSortedMultiA:
		return "sortedmulti_a"
	case kindSH:
		return "sh"
	case kindWSH:
		return "wsh"
	case kindTR:
		return "tr"
	case kindRawTR:
		return "rawtr"
	case kindAddr:
		return "addr"
	case kindRaw:
		return "raw"
	case kindMiniscript:
		return "miniscript"
	}
	return "?"
}

// node is one parsed script expression.
type node struct {
	kind      kind
	keys      []*keyExpr
	subs      []*node // sh/wsh: one; tr: the leaves in depth-first order
	depths    []int   // tr: depth of each leaf
	threshold int     // multi variants
	xonly     bool    // pk() inside tr
	addr      string  // addr(): canonical address
	script    []byte  // raw(); addr()'s scriptPubKey
	ms        *msNode // miniscript; its key indices refer to keys
	tapscript bool    // miniscript in a tr() leaf
}

// parser carries the network for one Parse call.
type parser struct {
	params *chaincfg.Params
}

// expr splits the next expression off s at the first top-level ',', ')' or
// '}' (Core's Expr).
func expr(s string) (string, string) {
	level := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '(' || c == '{':
			level++
		case level > 0 && (c == ')' || c == '}'):
			level--
		case level == 0 && (c == ')' || c == '}' || c == ','):
			return s[:i], s[i:]
		}
	}
	return s, ""
}

// fn strips "name(" ... ")" from s.
func fn(name, s string) (string, bool) {
	if len(s) >= len(name)+2 && s[len(name)] == '(' && s[len(s)-1] == ')' && strings.HasPrefix(s, name) {
		return s[len(name)+1 : len(s)-1], true
	}
	return s, false
}

// errSilent reproduces Core's empty error for trailing garbage.
var errSilent = errors.New("")

// parseScript parses the next expression from *sp in ctx. Like Core it
// returns one node per multipath alternative.
func (p *parser) parseScript(sp *string, ctx context) ([]*node, error) {
	e, rest := expr(*sp)
	*sp = rest
	oneKey := func(k kind, name string, arg string, kctx context) ([]*node, error) {
		keys, err := parseKey(arg, kctx, p.params)
		if err != nil {
			return nil, fmt.Errorf("%s(): %w", name, err)
		}
		out := make([]*node, len(keys))
		for i, key := range keys {
			out[i] = &node{kind: k, keys: []*keyExpr{key}, xonly: k == kindPK && ctx == ctxP2TR}
		}
		return out, nil
	}
	if arg, ok := fn("pk", e); ok {
		return oneKey(kindPK, "pk", arg, ctx)
	}
	if arg, ok := fn("pkh", e); ok && (ctx == ctxTop || ctx == ctxP2SH || ctx == ctxP2WSH) {
		return oneKey(kindPKH, "pkh", arg, ctx)
	}
	if arg, ok := fn("combo", e); ok {
		if ctx != ctxTop {
			return nil, errors.New("Can only have combo() at top level")
		}
		return oneKey(kindCombo, "combo", arg, ctx)
	}
	for _, m := range []kind{kindMulti, kindSortedMulti, kindMultiA, kindSortedMultiA} {
		arg, ok := fn(m.name(), e)
		if !ok {
			continue
		}
		legacy := m == kindMulti || m == kindSortedMulti
		switch {
		case legacy && (ctx == ctxTop || ctx == ctxP2SH || ctx == ctxP2WSH):
		case !legacy && ctx == ctxP2TR:
		case legacy:
			return nil, errors.New("Can only have multi/sortedmulti at top level, in sh(), or in wsh()")
		default:
			return nil, errors.New("Can only have multi_a/sortedmulti_a inside tr()")
		}
		return p.parseMulti(m, arg, ctx)
	}
	if arg, ok := fn("wpkh", e); ok {
		if ctx != ctxTop && ctx != ctxP2SH {
			return nil, errors.New("Can only have wpkh() at top level or inside sh()")
		}
		return oneKey(kindWPKH, "wpkh", arg, ctxP2WPKH)
	}
	if arg, ok := fn("sh", e); ok {
		if ctx != ctxTop {
			return nil, errors.New("Can only have sh() at top level")
		}
		return p.wrap(kindSH, arg, ctxP2SH)
	}
	if arg, ok := fn("wsh", e); ok {
		if ctx != ctxTop && ctx != ctxP2SH {
			return nil, errors.New("Can only have wsh() at top level or inside sh()")
		}
		return p.wrap(kindWSH, arg, ctxP2WSH)
	}
	if arg, ok := fn("addr", e); ok {
		if ctx != ctxTop {
			return nil, errors.New("Can only have addr() at top level")
		}
		script, err := AddressScript(arg, p.params)
		if err != nil {
			return nil, errors.New("Address is not valid")
		}
		canonical, ok := ScriptAddress(script, p.params)
		if !ok {
			return nil, errors.New("Address is not valid")
		}
		return []*node{{kind: kindAddr, addr: canonical, script: script}}, nil
	}
	if arg, ok := fn("tr", e); ok {
		if ctx != ctxTop {
			return nil, errors.New("Can only have tr at top level")
		}
		return p.parseTR(arg)
	}
	if arg, ok := fn("rawtr", e); ok {
		if ctx != ctxTop {
			return nil, errors.New("Can only have rawtr at top level")
		}
		k, rest := expr(arg)
		if rest != "" {
			return nil, errors.New("rawtr(): only one key expected.")
		}
		return oneKey(kindRawTR, "rawtr", k, ctxP2TR)
	}
	if arg, ok := fn("raw", e); ok {
		if ctx != ctxTop {
			return nil, errors.New("Can only have raw() at top level")
		}
		if !isHexStr(arg) {
			return nil, errors.New("Raw script is not hex")
		}
		b, _ := hex.DecodeString(arg)
		return []*node{{kind: kindRaw, script: b}}, nil
	}
	if nodes, err, ok := p.parseMiniscript(e, ctx); ok {
		return nodes, err
	}
	switch ctx {
	case ctxP2SH:
		return nil, errors.New("A function is needed within P2SH")
	case ctxP2WSH:
		return nil, errors.New("A function is needed within P2WSH")
	}
	return nil, fmt.Errorf("'%s' is not a valid descriptor function", e)
}

// wrap parses the single argument of sh() or wsh().
func (p *parser) wrap(k kind, arg string, ctx context) ([]*node, error) {
	subs, err := p.parseScript(&arg, ctx)
	if err != nil {
		return nil, err
	}
	if arg != "" {
		return nil, errSilent
	}
	out := make([]*node, len(subs))
	for i, s := range subs {
		out[i] = &node{kind: k, subs: []*node{s}}
	}
	return out, nil
}

func (p *parser) parseMulti(k kind, arg string, ctx context) ([]*node, error) {
	thr, rest := expr(arg)
	threshold, ok := parseUint32(thr)
	if !ok {
		return nil, fmt.Errorf("Multi threshold '%s' is not valid", thr)
	}
	var providers [][]*keyExpr
	scriptSize, maxLen := 0, 0
	for rest != "" {
		if rest[0] != ',' {
			return nil, fmt.Errorf("Multi: expected ',', got '%c'", rest[0])
		}
		var a string
		a, rest = expr(rest[1:])
		keys, err := parseKey(a, ctx, p.params)
		if err != nil {
			return nil, fmt.Errorf("Multi: %w", err)
		}
		scriptSize += keys[0].size() + 1
		maxLen = max(maxLen, len(keys))
		providers = append(providers, keys)
	}
	n := len(providers)
	legacy := k == kindMulti || k == kindSortedMulti
	switch {
	case legacy && (n == 0 || n > maxPubkeysPerMultisig):
		return nil, fmt.Errorf("Cannot have %d keys in multisig; must have between 1 and %d keys, inclusive", n, maxPubkeysPerMultisig)
	case !legacy && (n == 0 || n > maxPubkeysPerMultiA):
		return nil, fmt.Errorf("Cannot have %d keys in multi_a; must have between 1 and %d keys, inclusive", n, maxPubkeysPerMultiA)
	case threshold < 1:
		return nil, fmt.Errorf("Multisig threshold cannot be %d, must be at least 1", threshold)
	case int(threshold) > n:
		return nil, fmt.Errorf("Multisig threshold cannot be larger than the number of keys; threshold is %d but only %d keys specified", threshold, n)
	}
	if ctx == ctxTop && n > 3 {
		return nil, fmt.Errorf("Cannot have %d pubkeys in bare multisig; only at most 3 pubkeys", n)
	}
	if ctx == ctxP2SH && scriptSize+3 > maxScriptElementSize {
		return nil, fmt.Errorf("P2SH script is too large, %d bytes is larger than %d bytes", scriptSize+3, maxScriptElementSize)
	}
	for _, keys := range providers {
		if len(keys) != 1 && len(keys) != maxLen {
			return nil, errors.New("multi(): Multipath derivation paths have mismatched lengths")
		}
	}
	out := make([]*node, maxLen)
	for i := range out {
		nd := &node{kind: k, threshold: int(threshold)}
		for _, keys := range providers {
			nd.keys = append(nd.keys, pick(keys, i))
		}
		out[i] = nd
	}
	return out, nil
}

// pick returns alternative i, or the only one for non-multipath items.
func pick[T any](xs []T, i int) T {
	if len(xs) == 1 {
		return xs[0]
	}
	return xs[i]
}

func (p *parser) parseTR(arg string) ([]*node, error) {
	k, rest := expr(arg)
	internal, err := parseKey(k, ctxP2TR, p.params)
	if err != nil {
		return nil, fmt.Errorf("tr(): %w", err)
	}
	maxLen := len(internal)
	var subscripts [][]*node
	var depths []int
	if rest != "" {
		if rest[0] != ',' {
			return nil, fmt.Errorf("tr: expected ',', got '%c'", rest[0])
		}
		rest = rest[1:]
		var branches []bool // false: in a left branch, true: in a right branch
		for {
			for strings.HasPrefix(rest, "{") {
				rest = rest[1:]
				branches = append(branches, false)
				if len(branches) > taprootMaxDepth {
					return nil, fmt.Errorf("tr() supports at most %d nesting levels", taprootMaxDepth)
				}
			}
			sarg, after := expr(rest)
			rest = after
			leaf, err := p.parseScript(&sarg, ctxP2TR)
			if err != nil {
				return nil, err
			}
			subscripts = append(subscripts, leaf)
			maxLen = max(maxLen, len(leaf))
			depths = append(depths, len(branches))
			for len(branches) > 0 && branches[len(branches)-1] {
				if !strings.HasPrefix(rest, "}") {
					return nil, errors.New("tr(): expected '}' after script expression")
				}
				rest = rest[1:]
				branches = branches[:len(branches)-1]
			}
			if len(branches) > 0 && !branches[len(branches)-1] {
				if !strings.HasPrefix(rest, ",") {
					return nil, errors.New("tr(): expected ',' after script expression")
				}
				rest = rest[1:]
				branches[len(branches)-1] = true
			}
			if len(branches) == 0 {
				break
			}
		}
		if rest != "" {
			return nil, errors.New("tr(): expected ')' after script expression")
		}
	}
	for _, s := range subscripts {
		if len(s) != 1 && len(s) != maxLen {
			return nil, errors.New("tr(): Multipath subscripts have mismatched lengths")
		}
	}
	if len(internal) > 1 && len(internal) != maxLen {
		return nil, errors.New("tr(): Multipath internal key mismatches multipath subscripts lengths")
	}
	out := make([]*node, maxLen)
	for i := range out {
		nd := &node{kind: kindTR, keys: []*keyExpr{pick(internal, i)}, depths: depths}
		for _, s := range subscripts {
			nd.subs = append(nd.subs, pick(s, i))
		}
		out[i] = nd
	}
	return out, nil
}

// itoa is a small helper for string building.
func itoa(n int) string { return strconv.Itoa(n) }

// parseMiniscript tries e as a miniscript expression (Core's ParseScript
// tail); ok is false when e is not miniscript at all.
func (p *parser) parseMiniscript(e string, ctx context) ([]*node, error, bool) {
	tapscript := ctx != ctxP2WSH
	keyCtx := ctxP2TR
	if !tapscript {
		keyCtx = ctxP2WSH
	}
	mp := &msParser{tapscript: tapscript, parseKey: func(s string) ([]*keyExpr, error) { return parseKey(s, keyCtx, p.params) }}
	ms, err := mp.parse(e)
	if mp.keyErr != nil {
		return nil, mp.keyErr, true
	}
	if err != nil {
		return nil, nil, false
	}
	if ctx != ctxP2WSH && ctx != ctxP2TR {
		return nil, errors.New("Miniscript expressions can only be used in wsh or tr."), true
	}
	first := make([]*keyExpr, len(mp.keys))
	for i, alts := range mp.keys {
		first[i] = alts[0]
	}
	ms.markDuplicates(func(i int) string { return keyIdentity(first[i], p.params) })
	if !ms.isSane(tapscript) || !ms.ssSat.ok {
		bad := ms
		if sub := ms.findInsaneSub(tapscript); sub != nil {
			bad = sub
		}
		msg, _ := bad.msString(func(i int) (string, bool) { return first[i].publicString(p.params), true })
		switch {
		case !bad.isValid(tapscript):
			msg += " is invalid"
		case !ms.isSane(tapscript):
			msg += " is not sane"
			switch {
			case !bad.typ.has("m"):
				msg += ": malleable witnesses exist"
			case bad == ms && !bad.typ.has("s"):
				msg += ": witnesses without signature exist"
			case !bad.typ.has("k"):
				msg += ": contains mixes of timelocks expressed in blocks and seconds"
			case bad.dupKeys:
				msg += ": contains duplicate public keys"
			case !bad.validSatisfactions(tapscript):
				msg += ": needs witnesses that may exceed resource limits"
			}
		default:
			msg += " is not satisfiable"
		}
		return nil, errors.New(msg), true
	}
	num := 1
	for _, alts := range mp.keys {
		num = max(num, len(alts))
	}
	for _, alts := range mp.keys {
		if len(alts) != 1 && len(alts) != num {
			return nil, errors.New("Miniscript: Multipath derivation paths have mismatched lengths"), true
		}
	}
	out := make([]*node, num)
	for i := range out {
		nd := &node{kind: kindMiniscript, ms: ms, tapscript: tapscript}
		for _, alts := range mp.keys {
			nd.keys = append(nd.keys, pick(alts, i))
		}
		out[i] = nd
	}
	return out, nil, true
}

// keyIdentity identifies a key for duplicate detection: its public key at
// position 0 (Core compares PubkeyProviders that way), or its text when
// that needs a missing private key.
func keyIdentity(k *keyExpr, params *chaincfg.Params) string {
	if key, err := k.at(0); err == nil {
		return string(key.Pub)
	}
	return "?" + k.publicString(params)
}
