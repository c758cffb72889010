package descriptor

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Miniscript (BIP379) inside wsh() and tr(): parsing, typing, sanity
// checks with Core's error wording, script and string forms, and the
// resource and size figures Core derives from them. Inferring miniscript
// from a script is not implemented.

// msFrag is a miniscript fragment (Core's miniscript::Fragment).
type msFrag int

const (
	msJust0 msFrag = iota
	msJust1
	msPkK
	msPkH
	msOlder
	msAfter
	msSha256
	msHash256
	msRipemd160
	msHash160
	msWrapA
	msWrapS
	msWrapC
	msWrapD
	msWrapV
	msWrapJ
	msWrapN
	msAndV
	msAndB
	msOrB
	msOrC
	msOrD
	msOrI
	msAndor
	msThresh
	msMulti
	msMultiA
)

// Limits from Core's policy and consensus code.
const (
	maxOpsPerScript          = 201
	maxStandardP2WSHStack    = 100
	maxStackSize             = 1000
	maxStandardP2WSHScript   = 3600
	maxTapMiniscriptScript   = 329482 // MaxScriptSize(TAPSCRIPT)
	sequenceLocktimeTypeFlag = 1 << 22
)

// maxInt is Core's MaxInt: an optional maximum.
type maxInt struct {
	ok bool
	v  uint32
}

func mi(v uint32) maxInt { return maxInt{true, v} }

func (a maxInt) plus(b maxInt) maxInt {
	if !a.ok || !b.ok {
		return maxInt{}
	}
	return mi(a.v + b.v)
}

func (a maxInt) or(b maxInt) maxInt {
	if !a.ok {
		return b
	}
	if !b.ok {
		return a
	}
	return mi(max(a.v, b.v))
}

// satInfo is Core's SatInfo: the stack effect of a set of traces.
type satInfo struct {
	ok            bool
	netdiff, exec int32
}

func si(netdiff, exec int32) satInfo { return satInfo{true, netdiff, exec} }

func (a satInfo) or(b satInfo) satInfo {
	if !a.ok {
		return b
	}
	if !b.ok {
		return a
	}
	return si(max(a.netdiff, b.netdiff), max(a.exec, b.exec))
}

func (a satInfo) plus(b satInfo) satInfo {
	if !a.ok || !b.ok {
		return satInfo{}
	}
	return si(a.netdiff+b.netdiff, max(b.exec, b.netdiff+a.exec))
}

// Stack effects of single opcodes.
var (
	siPush     = si(-1, 0)
	siZero     = si(0, 0) // empty, hash, nop, OP_0NOTEQUAL
	siIf       = si(1, 1) // OP_IF/NOTIF, binary operators, CHECKSIG, EQUAL, VERIFY
	siEqVerify = si(2, 2)
)

// msNode is one miniscript node; keys index the descriptor node's keys.
type msNode struct {
	frag msFrag
	k    uint32
	keys []int
	data []byte
	subs []*msNode

	typ       msType
	scriptLen int
	ops       uint32 // static non-push opcodes
	opsSat    maxInt // extra CHECKMULTISIG keys to satisfy
	opsDsat   maxInt
	ssSat     satInfo
	ssDsat    satInfo
	wsSat     maxInt
	wsDsat    maxInt
	dupKeys   bool
}

// numSize is len(BuildScript(k)) for a non-negative number.
func numSize(k uint32) int {
	switch {
	case k <= 16:
		return 1
	case k <= 0x7f:
		return 2
	case k <= 0x7fff:
		return 3
	case k <= 0x7fffff:
		return 4
	}
	return 5
}

// finish computes the derived properties of n from its children.
func (n *msNode) finish(tapscript bool) {
	n.typ = n.computeType(tapscript).sanitize()
	n.scriptLen = n.calcScriptLen(tapscript)
	n.calcOps()
	n.calcStack()
	n.calcWitness(tapscript)
}

func (n *msNode) calcScriptLen(tapscript bool) int {
	sub := 0
	for _, s := range n.subs {
		sub += s.scriptLen
	}
	switch n.frag {
	case msJust0, msJust1:
		return 1
	case msPkK:
		if tapscript {
			return 33
		}
		return 34
	case msPkH:
		return 24
	case msOlder, msAfter:
		return 1 + numSize(n.k)
	case msSha256, msHash256:
		return 39
	case msRipemd160, msHash160:
		return 27
	case msMulti:
		return 1 + numSize(uint32(len(n.keys))) + numSize(n.k) + 34*len(n.keys)
	case msMultiA:
		return 34*len(n.keys) + numSize(n.k) + 1
	case msAndV:
		return sub
	case msWrapV:
		if n.subs[0].typ.has("x") {
			return sub + 1
		}
		return sub
	case msWrapS, msWrapC, msWrapN, msAndB, msOrB:
		return sub + 1
	case msWrapA, msOrC:
		return sub + 2
	case msWrapD, msOrD, msOrI, msAndor:
		return sub + 3
	case msWrapJ:
		return sub + 4
	case msThresh:
		return sub + len(n.subs) + numSize(n.k)
	}
	return 0
}

func (n *msNode) calcOps() {
	s := n.subs
	set := func(count uint32, sat, dsat maxInt) { n.ops, n.opsSat, n.opsDsat = count, sat, dsat }
	switch n.frag {
	case msJust1:
		set(0, mi(0), maxInt{})
	case msJust0:
		set(0, maxInt{}, mi(0))
	case msPkK:
		set(0, mi(0), mi(0))
	case msPkH:
		set(3, mi(0), mi(0))
	case msOlder, msAfter:
		set(1, mi(0), maxInt{})
	case msSha256, msRipemd160, msHash256, msHash160:
		set(4, mi(0), maxInt{})
	case msAndV:
		set(s[0].ops+s[1].ops, s[0].opsSat.plus(s[1].opsSat), maxInt{})
	case msAndB:
		set(1+s[0].ops+s[1].ops, s[0].opsSat.plus(s[1].opsSat), s[0].opsDsat.plus(s[1].opsDsat))
	case msOrB:
		set(1+s[0].ops+s[1].ops, s[0].opsSat.plus(s[1].opsDsat).or(s[1].opsSat.plus(s[0].opsDsat)), s[0].opsDsat.plus(s[1].opsDsat))
	case msOrD:
		set(3+s[0].ops+s[1].ops, s[0].opsSat.or(s[1].opsSat.plus(s[0].opsDsat)), s[0].opsDsat.plus(s[1].opsDsat))
	case msOrC:
		set(2+s[0].ops+s[1].ops, s[0].opsSat.or(s[1].opsSat.plus(s[0].opsDsat)), maxInt{})
	case msOrI:
		set(3+s[0].ops+s[1].ops, s[0].opsSat.or(s[1].opsSat), s[0].opsDsat.or(s[1].opsDsat))
	case msAndor:
		set(3+s[0].ops+s[1].ops+s[2].ops, s[1].opsSat.plus(s[0].opsSat).or(s[0].opsDsat.plus(s[2].opsSat)), s[0].opsDsat.plus(s[2].opsDsat))
	case msMulti:
		set(1, mi(uint32(len(n.keys))), mi(uint32(len(n.keys))))
	case msMultiA:
		set(uint32(len(n.keys))+1, mi(0), mi(0))
	case msWrapS, msWrapC, msWrapN:
		set(1+s[0].ops, s[0].opsSat, s[0].opsDsat)
	case msWrapA:
		set(2+s[0].ops, s[0].opsSat, s[0].opsDsat)
	case msWrapD:
		set(3+s[0].ops, s[0].opsSat, mi(0))
	case msWrapJ:
		set(4+s[0].ops, s[0].opsSat, mi(0))
	case msWrapV:
		extra := uint32(0)
		if s[0].typ.has("x") {
			extra = 1
		}
		set(s[0].ops+extra, s[0].opsSat, maxInt{})
	case msThresh:
		count := uint32(0)
		sats := []maxInt{mi(0)}
		for _, sub := range s {
			count += sub.ops + 1
			next := []maxInt{sats[0].plus(sub.opsDsat)}
			for j := 1; j < len(sats); j++ {
				next = append(next, sats[j].plus(sub.opsDsat).or(sats[j-1].plus(sub.opsSat)))
			}
			next = append(next, sats[len(sats)-1].plus(sub.opsSat))
			sats = next
		}
		set(count, sats[n.k], sats[0])
	}
}

func (n *msNode) calcStack() {
	s := n.subs
	set := func(sat, dsat satInfo) { n.ssSat, n.ssDsat = sat, dsat }
	switch n.frag {
	case msJust0:
		set(satInfo{}, siPush)
	case msJust1:
		set(siPush, satInfo{})
	case msOlder, msAfter:
		set(siPush.plus(siZero), satInfo{})
	case msPkK:
		set(siPush, siPush)
	case msPkH:
		v := siPush.plus(siZero).plus(siPush).plus(siEqVerify) // DUP, HASH160, push, EQUALVERIFY
		set(v, v)
	case msSha256, msRipemd160, msHash256, msHash160:
		set(siPush.plus(siPush).plus(siEqVerify).plus(siZero).plus(siPush).plus(siIf), satInfo{})
	case msAndor:
		x, y, z := s[0], s[1], s[2]
		set(x.ssSat.plus(siIf).plus(y.ssSat).or(x.ssDsat.plus(siIf).plus(z.ssSat)), x.ssDsat.plus(siIf).plus(z.ssDsat))
	case msAndV:
		set(s[0].ssSat.plus(s[1].ssSat), satInfo{})
	case msAndB:
		set(s[0].ssSat.plus(s[1].ssSat).plus(siIf), s[0].ssDsat.plus(s[1].ssDsat).plus(siIf))
	case msOrB:
		x, y := s[0], s[1]
		set(x.ssSat.plus(y.ssDsat).or(x.ssDsat.plus(y.ssSat)).plus(siIf), x.ssDsat.plus(y.ssDsat).plus(siIf))
	case msOrC:
		x, y := s[0], s[1]
		set(x.ssSat.plus(siIf).or(x.ssDsat.plus(siIf).plus(y.ssSat)), satInfo{})
	case msOrD:
		x, y := s[0], s[1]
		ifdupTrue, ifdupFalse := si(-1, 0), si(0, 0)
		set(x.ssSat.plus(ifdupTrue).plus(siIf).or(x.ssDsat.plus(ifdupFalse).plus(siIf).plus(y.ssSat)),
			x.ssDsat.plus(ifdupFalse).plus(siIf).plus(y.ssDsat))
	case msOrI:
		set(siIf.plus(s[0].ssSat.or(s[1].ssSat)), siIf.plus(s[0].ssDsat.or(s[1].ssDsat)))
	case msMulti:
		v := si(int32(n.k), int32(n.k)+int32(len(n.keys))+2)
		set(v, v)
	case msMultiA:
		v := si(int32(len(n.keys))-1, int32(len(n.keys)))
		set(v, v)
	case msWrapA, msWrapN, msWrapS:
		set(s[0].ssSat, s[0].ssDsat)
	case msWrapC:
		set(s[0].ssSat.plus(siIf), s[0].ssDsat.plus(siIf))
	case msWrapD:
		dup := si(-1, 0)
		set(dup.plus(siIf).plus(s[0].ssSat), dup.plus(siIf))
	case msWrapV:
		set(s[0].ssSat.plus(siIf), satInfo{})
	case msWrapJ:
		pre := si(-1, 0).plus(siZero).plus(siIf) // SIZE, 0NOTEQUAL, IF
		set(pre.plus(s[0].ssSat), pre)
	case msThresh:
		sats := []satInfo{si(0, 0)}
		for i, sub := range s {
			add := si(0, 0)
			if i > 0 {
				add = siIf
			}
			next := []satInfo{sats[0].plus(sub.ssDsat).plus(add)}
			for j := 1; j < len(sats); j++ {
				next = append(next, sats[j].plus(sub.ssDsat).or(sats[j-1].plus(sub.ssSat)).plus(add))
			}
			next = append(next, sats[len(sats)-1].plus(sub.ssSat).plus(add))
			sats = next
		}
		set(sats[n.k].plus(siPush).plus(siIf), sats[0].plus(siPush).plus(siIf))
	}
}

func (n *msNode) calcWitness(tapscript bool) {
	sig, pub := uint32(1+72), uint32(1+33)
	if tapscript {
		sig, pub = 1+65, 1+32
	}
	s := n.subs
	set := func(sat, dsat maxInt) { n.wsSat, n.wsDsat = sat, dsat }
	switch n.frag {
	case msJust0:
		set(maxInt{}, mi(0))
	case msJust1, msOlder, msAfter:
		set(mi(0), maxInt{})
	case msPkK:
		set(mi(sig), mi(1))
	case msPkH:
		set(mi(sig+pub), mi(1+pub))
	case msSha256, msRipemd160, msHash256, msHash160:
		set(mi(1+32), maxInt{})
	case msAndor:
		set(s[0].wsSat.plus(s[1].wsSat).or(s[0].wsDsat.plus(s[2].wsSat)), s[0].wsDsat.plus(s[2].wsDsat))
	case msAndV:
		set(s[0].wsSat.plus(s[1].wsSat), maxInt{})
	case msAndB:
		set(s[0].wsSat.plus(s[1].wsSat), s[0].wsDsat.plus(s[1].wsDsat))
	case msOrB:
		set(s[0].wsDsat.plus(s[1].wsSat).or(s[0].wsSat.plus(s[1].wsDsat)), s[0].wsDsat.plus(s[1].wsDsat))
	case msOrC:
		set(s[0].wsSat.or(s[0].wsDsat.plus(s[1].wsSat)), maxInt{})
	case msOrD:
		set(s[0].wsSat.or(s[0].wsDsat.plus(s[1].wsSat)), s[0].wsDsat.plus(s[1].wsDsat))
	case msOrI:
		set(s[0].wsSat.plus(mi(2)).or(s[1].wsSat.plus(mi(1))), s[0].wsDsat.plus(mi(2)).or(s[1].wsDsat.plus(mi(1))))
	case msMulti:
		set(mi(n.k*sig+1), mi(n.k+1))
	case msMultiA:
		set(mi(n.k*sig+uint32(len(n.keys))-n.k), mi(uint32(len(n.keys))))
	case msWrapA, msWrapN, msWrapS, msWrapC:
		set(s[0].wsSat, s[0].wsDsat)
	case msWrapD:
		set(mi(2).plus(s[0].wsSat), mi(1))
	case msWrapV:
		set(s[0].wsSat, maxInt{})
	case msWrapJ:
		set(s[0].wsSat, mi(1))
	case msThresh:
		sats := []maxInt{mi(0)}
		for _, sub := range s {
			next := []maxInt{sats[0].plus(sub.wsDsat)}
			for j := 1; j < len(sats); j++ {
				next = append(next, sats[j].plus(sub.wsDsat).or(sats[j-1].plus(sub.wsSat)))
			}
			next = append(next, sats[len(sats)-1].plus(sub.wsSat))
			sats = next
		}
		set(sats[n.k], sats[0])
	}
}

// Validity and sanity, as Core's Node methods.

func (n *msNode) maxScript(tapscript bool) int {
	if tapscript {
		return maxTapMiniscriptScript
	}
	return maxStandardP2WSHScript
}

func (n *msNode) isValid(tapscript bool) bool {
	return n.typ != 0 && n.scriptLen <= n.maxScript(tapscript)
}

func (n *msNode) isBKW() bool { return n.typ.masked("BKW") != 0 }

func (n *msNode) stackSize() (int32, bool) {
	if !n.ssSat.ok {
		return 0, false
	}
	extra := int32(0)
	if n.isBKW() {
		extra = 1
	}
	return n.ssSat.netdiff + extra, true
}

func (n *msNode) checkOpsLimit(tapscript bool) bool {
	if tapscript || !n.opsSat.ok {
		return true
	}
	return n.ops+n.opsSat.v <= maxOpsPerScript
}

func (n *msNode) checkStackSize(tapscript bool) bool {
	if !n.ssSat.ok {
		return true
	}
	extra := int32(0)
	if n.isBKW() {
		extra = 1
	}
	if tapscript {
		return n.ssSat.exec+extra <= maxStackSize
	}
	return n.ssSat.netdiff+extra <= maxStandardP2WSHStack
}

func (n *msNode) validSatisfactions(tapscript bool) bool {
	return n.isValid(tapscript) && n.checkOpsLimit(tapscript) && n.checkStackSize(tapscript)
}

func (n *msNode) saneSubexpression(tapscript bool) bool {
	return n.validSatisfactions(tapscript) && n.typ.has("m") && n.typ.has("k") && !n.dupKeys
}

func (n *msNode) isSane(tapscript bool) bool {
	return n.isValid(tapscript) && n.typ.has("B") && n.saneSubexpression(tapscript) && n.typ.has("s")
}

// findInsaneSub is Core's FindInsaneSub: the first (depth-first, children
// before parents) insane node none of whose children is insane.
func (n *msNode) findInsaneSub(tapscript bool) *msNode {
	for _, s := range n.subs {
		if f := s.findInsaneSub(tapscript); f != nil {
			return f
		}
	}
	if !n.saneSubexpression(tapscript) {
		return n
	}
	return nil
}

// markDuplicates is Core's DuplicateKeyCheck with keys compared by the
// public key they give at position 0 (keyID returns it).
func (n *msNode) markDuplicates(keyID func(int) string) (map[string]bool, bool) {
	set := map[string]bool{}
	dup := false
	for _, k := range n.keys {
		id := keyID(k)
		if set[id] {
			dup = true
		}
		set[id] = true
	}
	for _, s := range n.subs {
		sub, subDup := s.markDuplicates(keyID)
		dup = dup || subDup
		for id := range sub {
			if set[id] {
				dup = true
			}
			set[id] = true
		}
	}
	n.dupKeys = dup
	return set, dup
}

// msParser parses miniscript text with Core's algorithm; keys are parsed
// with parseKey in the miniscript's context and collected in keys.
type msParser struct {
	tapscript bool
	depth     int          // current nesting, bounded by the maximum script size
	keys      [][]*keyExpr // per key expression, its multipath alternatives
	keyErr    error
	parseKey  func(string) ([]*keyExpr, error)
}

var errMsSyntax = errors.New("miniscript syntax")

func (p *msParser) leaf(frag msFrag, k uint32, keys []int, data []byte) *msNode {
	n := &msNode{frag: frag, k: k, keys: keys, data: data}
	n.finish(p.tapscript)
	return n
}

func (p *msParser) wrap(frag msFrag, subs ...*msNode) *msNode {
	n := &msNode{frag: frag, subs: subs}
	n.finish(p.tapscript)
	return n
}

// key parses one key expression and returns its index.
func (p *msParser) key(s string) (int, error) {
	ks, err := p.parseKey(s)
	if err != nil {
		if p.keyErr == nil {
			p.keyErr = err
		}
		return 0, err
	}
	p.keys = append(p.keys, ks)
	return len(p.keys) - 1, nil
}

// parseNum is ToIntegral<int64_t>: optional '-' and decimal digits.
func parseNum(s string) (int64, bool) {
	if s == "" || s == "-" {
		return 0, false
	}
	body := s
	if s[0] == '-' {
		body = s[1:]
	}
	for i := 0; i < len(body); i++ {
		if body[i] < '0' || body[i] > '9' {
			return 0, false
		}
	}
	v, err := strconv.ParseInt(s, 10, 64)
	return v, err == nil
}

// parse parses a whole miniscript expression (Core's miniscript::Parse).
func (p *msParser) parse(in string) (*msNode, error) {
	n, rest, err := p.wrapped(in)
	if err != nil {
		return nil, err
	}
	if rest != "" {
		return nil, errMsSyntax
	}
	if n.scriptLen > n.maxScript(p.tapscript) {
		return nil, errMsSyntax
	}
	return n, nil
}

// wrapped parses "wrappers:expr" or "expr".
func (p *msParser) wrapped(in string) (*msNode, string, error) {
	// Every nesting level adds at least one script byte, so deeper
	// expressions can only be too large (Core stops on the size early).
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxStandardP2WSHScript && (!p.tapscript || p.depth > maxTapMiniscriptScript) {
		return nil, "", errMsSyntax
	}
	colon := -1
	for i := 1; i < len(in); i++ {
		if in[i] == ':' {
			colon = i
			break
		}
		if in[i] < 'a' || in[i] > 'z' {
			break
		}
	}
	wrappers := ""
	if colon >= 0 {
		wrappers = in[:colon]
		in = in[colon+1:]
		for j := 1; j < len(wrappers); j++ {
			if wrappers[j] == 'v' && wrappers[j-1] == 'v' {
				return nil, "", errMsSyntax
			}
		}
		for j := 0; j < len(wrappers); j++ {
			if !strings.ContainsRune("ascdjnvutl", rune(wrappers[j])) {
				return nil, "", errMsSyntax
			}
		}
	}
	n, rest, err := p.expr(in)
	if err != nil {
		return nil, "", err
	}
	for j := len(wrappers) - 1; j >= 0; j-- {
		switch wrappers[j] {
		case 'a':
			n = p.wrap(msWrapA, n)
		case 's':
			n = p.wrap(msWrapS, n)
		case 'c':
			n = p.wrap(msWrapC, n)
		case 'd':
			n = p.wrap(msWrapD, n)
		case 'j':
			n = p.wrap(msWrapJ, n)
		case 'n':
			n = p.wrap(msWrapN, n)
		case 'v':
			n = p.wrap(msWrapV, n)
		case 'u':
			n = p.wrap(msOrI, n, p.leaf(msJust0, 0, nil, nil))
		case 't':
			n = p.wrap(msAndV, n, p.leaf(msJust1, 0, nil, nil))
		case 'l':
			n = p.wrap(msOrI, p.leaf(msJust0, 0, nil, nil), n)
		}
	}
	return n, rest, nil
}

// nextIndex is Core's FindNextChar: the index of c before the next ')',
// or -1.
func nextIndex(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
		if s[i] == ')' {
			break
		}
	}
	return -1
}

func (p *msParser) expr(in string) (*msNode, string, error) {
	arg := func(prefix string) (string, string, bool) {
		if !strings.HasPrefix(in, prefix) {
			return "", "", false
		}
		rest := in[len(prefix):]
		end := nextIndex(rest, ')')
		if end < 1 {
			return "", "", true
		}
		return rest[:end], rest[end+1:], true
	}
	keyLeaf := func(prefix string, frag msFrag, check bool) (*msNode, string, bool, error) {
		a, rest, ok := arg(prefix)
		if !ok {
			return nil, "", false, nil
		}
		if a == "" {
			return nil, "", true, errMsSyntax
		}
		idx, err := p.key(a)
		if err != nil {
			return nil, "", true, err
		}
		n := p.leaf(frag, 0, []int{idx}, nil)
		if check {
			n = p.wrap(msWrapC, n)
		}
		return n, rest, true, nil
	}
	for _, kl := range []struct {
		prefix string
		frag   msFrag
		check  bool
	}{{"pk(", msPkK, true}, {"pkh(", msPkH, true}, {"pk_k(", msPkK, false}, {"pk_h(", msPkH, false}} {
		if n, rest, matched, err := keyLeaf(kl.prefix, kl.frag, kl.check); matched {
			return n, rest, err
		}
	}
	for _, h := range []struct {
		prefix string
		frag   msFrag
		size   int
	}{{"sha256(", msSha256, 32}, {"ripemd160(", msRipemd160, 20}, {"hash256(", msHash256, 32}, {"hash160(", msHash160, 20}} {
		if a, rest, ok := arg(h.prefix); ok {
			if a == "" || !isHexStr(a) || len(a) != 2*h.size {
				return nil, "", errMsSyntax
			}
			data := make([]byte, h.size)
			for i := range data {
				v, _ := strconv.ParseUint(a[2*i:2*i+2], 16, 8)
				data[i] = byte(v)
			}
			return p.leaf(h.frag, 0, nil, data), rest, nil
		}
	}
	for _, t := range []struct {
		prefix string
		frag   msFrag
	}{{"after(", msAfter}, {"older(", msOlder}} {
		if a, rest, ok := arg(t.prefix); ok {
			v, okNum := parseNum(a)
			if a == "" || !okNum || v < 1 || v >= 0x80000000 {
				return nil, "", errMsSyntax
			}
			return p.leaf(t.frag, uint32(v), nil, nil), rest, nil
		}
	}
	switch {
	case strings.HasPrefix(in, "0"):
		return p.leaf(msJust0, 0, nil, nil), in[1:], nil
	case strings.HasPrefix(in, "1"):
		return p.leaf(msJust1, 0, nil, nil), in[1:], nil
	case strings.HasPrefix(in, "multi("):
		return p.multi(in[len("multi("):], false)
	case strings.HasPrefix(in, "multi_a("):
		return p.multi(in[len("multi_a("):], true)
	case strings.HasPrefix(in, "thresh("):
		rest := in[len("thresh("):]
		comma := nextIndex(rest, ',')
		if comma < 1 {
			return nil, "", errMsSyntax
		}
		k, ok := parseNum(rest[:comma])
		if !ok || k < 1 {
			return nil, "", errMsSyntax
		}
		rest = rest[comma+1:]
		var subs []*msNode
		for {
			sub, r, err := p.wrapped(rest)
			if err != nil {
				return nil, "", err
			}
			subs = append(subs, sub)
			if r == "" {
				return nil, "", errMsSyntax
			}
			if r[0] == ',' {
				rest = r[1:]
				continue
			}
			if r[0] != ')' || k > int64(len(subs)) {
				return nil, "", errMsSyntax
			}
			n := &msNode{frag: msThresh, k: uint32(k), subs: subs}
			n.finish(p.tapscript)
			return n, r[1:], nil
		}
	}
	for _, c := range []struct {
		prefix string
		frag   msFrag
		n      int
	}{{"andor(", msAndor, 3}, {"and_n(", msAndor, 2}, {"and_b(", msAndB, 2}, {"and_v(", msAndV, 2},
		{"or_b(", msOrB, 2}, {"or_c(", msOrC, 2}, {"or_d(", msOrD, 2}, {"or_i(", msOrI, 2}} {
		if !strings.HasPrefix(in, c.prefix) {
			continue
		}
		rest := in[len(c.prefix):]
		var subs []*msNode
		for i := 0; i < c.n; i++ {
			sub, r, err := p.wrapped(rest)
			if err != nil {
				return nil, "", err
			}
			subs = append(subs, sub)
			want := byte(',')
			if i == c.n-1 {
				want = ')'
			}
			if r == "" || r[0] != want {
				return nil, "", errMsSyntax
			}
			rest = r[1:]
		}
		if c.prefix == "and_n(" {
			subs = append(subs, p.leaf(msJust0, 0, nil, nil))
		}
		return p.wrap(c.frag, subs...), rest, nil
	}
	return nil, "", errMsSyntax
}

func (p *msParser) multi(in string, multiA bool) (*msNode, string, error) {
	if multiA != p.tapscript {
		return nil, "", errMsSyntax
	}
	comma := nextIndex(in, ',')
	if comma < 1 {
		return nil, "", errMsSyntax
	}
	k, ok := parseNum(in[:comma])
	if !ok {
		return nil, "", errMsSyntax
	}
	in = in[comma+1:]
	var keys []int
	for comma != -1 {
		comma = nextIndex(in, ',')
		end := comma
		if comma == -1 {
			end = nextIndex(in, ')')
		}
		if end < 1 {
			return nil, "", errMsSyntax
		}
		idx, err := p.key(in[:end])
		if err != nil {
			return nil, "", err
		}
		keys = append(keys, idx)
		in = in[end+1:]
	}
	maxKeys := maxPubkeysPerMultisig
	frag := msMulti
	if multiA {
		maxKeys, frag = maxPubkeysPerMultiA, msMultiA
	}
	if len(keys) < 1 || len(keys) > maxKeys || k < 1 || k > int64(len(keys)) {
		return nil, "", errMsSyntax
	}
	return p.leaf(frag, uint32(k), keys, nil), in, nil
}

// msString renders n (Core's Node::ToString); keyString gives each key.
func (n *msNode) msString(keyString func(int) (string, bool)) (string, bool) {
	return n.str(false, keyString)
}

func (n *msNode) isWrapperParent() bool {
	switch n.frag {
	case msWrapA, msWrapS, msWrapD, msWrapV, msWrapJ, msWrapN, msWrapC:
		return true
	case msAndV:
		return n.subs[1].frag == msJust1
	case msOrI:
		return n.subs[0].frag == msJust0 || n.subs[1].frag == msJust0
	}
	return false
}

func (n *msNode) str(wrapped bool, keyString func(int) (string, bool)) (string, bool) {
	sub := func(i int) (string, bool) { return n.subs[i].str(n.isWrapperParent(), keyString) }
	prefix := ""
	if wrapped {
		prefix = ":"
	}
	one := func(letter string, i int) (string, bool) {
		s, ok := sub(i)
		return letter + s, ok
	}
	switch n.frag {
	case msWrapA:
		return one("a", 0)
	case msWrapS:
		return one("s", 0)
	case msWrapC:
		if c := n.subs[0]; c.frag == msPkK || c.frag == msPkH {
			ks, ok := keyString(c.keys[0])
			name := "pk("
			if c.frag == msPkH {
				name = "pkh("
			}
			return prefix + name + ks + ")", ok
		}
		return one("c", 0)
	case msWrapD:
		return one("d", 0)
	case msWrapV:
		return one("v", 0)
	case msWrapJ:
		return one("j", 0)
	case msWrapN:
		return one("n", 0)
	case msAndV:
		if n.subs[1].frag == msJust1 {
			return one("t", 0)
		}
	case msOrI:
		if n.subs[0].frag == msJust0 {
			return one("l", 1)
		}
		if n.subs[1].frag == msJust0 {
			return one("u", 0)
		}
	}
	join := func(name string, head string, idx ...int) (string, bool) {
		parts := []string{}
		if head != "" {
			parts = append(parts, head)
		}
		for _, i := range idx {
			s, ok := sub(i)
			if !ok {
				return "", false
			}
			parts = append(parts, s)
		}
		return prefix + name + "(" + strings.Join(parts, ",") + ")", true
	}
	keyList := func(name string) (string, bool) {
		parts := []string{strconv.FormatUint(uint64(n.k), 10)}
		for _, k := range n.keys {
			s, ok := keyString(k)
			if !ok {
				return "", false
			}
			parts = append(parts, s)
		}
		return prefix + name + "(" + strings.Join(parts, ",") + ")", true
	}
	switch n.frag {
	case msPkK, msPkH:
		ks, ok := keyString(n.keys[0])
		name := "pk_k("
		if n.frag == msPkH {
			name = "pk_h("
		}
		return prefix + name + ks + ")", ok
	case msAfter:
		return prefix + "after(" + strconv.FormatUint(uint64(n.k), 10) + ")", true
	case msOlder:
		return prefix + "older(" + strconv.FormatUint(uint64(n.k), 10) + ")", true
	case msSha256, msHash256, msRipemd160, msHash160:
		name := map[msFrag]string{msSha256: "sha256", msHash256: "hash256", msRipemd160: "ripemd160", msHash160: "hash160"}[n.frag]
		return prefix + name + "(" + fmt.Sprintf("%x", n.data) + ")", true
	case msJust1:
		return prefix + "1", true
	case msJust0:
		return prefix + "0", true
	case msAndV:
		return join("and_v", "", 0, 1)
	case msAndB:
		return join("and_b", "", 0, 1)
	case msOrB:
		return join("or_b", "", 0, 1)
	case msOrD:
		return join("or_d", "", 0, 1)
	case msOrC:
		return join("or_c", "", 0, 1)
	case msOrI:
		return join("or_i", "", 0, 1)
	case msAndor:
		if n.subs[2].frag == msJust0 {
			return join("and_n", "", 0, 1)
		}
		return join("andor", "", 0, 1, 2)
	case msMulti:
		return keyList("multi")
	case msMultiA:
		return keyList("multi_a")
	case msThresh:
		idx := make([]int, len(n.subs))
		for i := range idx {
			idx[i] = i
		}
		return join("thresh", strconv.FormatUint(uint64(n.k), 10), idx...)
	}
	return "", false
}
