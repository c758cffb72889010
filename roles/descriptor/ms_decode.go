package descriptor

import (
	"encoding/binary"

	"github.com/btcsuite/btcd/txscript/v2"
)

// Decoding a script back into miniscript, following Core's
// miniscript::FromScript (DecomposeScript + DecodeScript).

// dop is one opcode with its pushed data (OP_n carry their number).
type dop struct {
	op   byte
	data []byte
}

// minimalPush is Core's CheckMinimalPush.
func minimalPush(data []byte, op byte) bool {
	switch n := len(data); {
	case n == 0:
		return op == txscript.OP_0
	case n == 1 && data[0] >= 1 && data[0] <= 16:
		return false
	case n == 1 && data[0] == 0x81:
		return false
	case n <= 75:
		return int(op) == n
	case n <= 255:
		return op == txscript.OP_PUSHDATA1
	case n <= 65535:
		return op == txscript.OP_PUSHDATA2
	}
	return true
}

// decompose is Core's DecomposeScript: opcodes in reverse order with the
// VERIFY forms split off; nil for unparsable or non-minimal scripts.
func decompose(s []byte) []dop {
	var out []dop
	for i := 0; i < len(s); {
		op := s[i]
		i++
		var data []byte
		switch {
		case op <= txscript.OP_PUSHDATA4:
			n := int(op)
			switch op {
			case txscript.OP_PUSHDATA1:
				if i+1 > len(s) {
					return nil
				}
				n = int(s[i])
				i++
			case txscript.OP_PUSHDATA2:
				if i+2 > len(s) {
					return nil
				}
				n = int(binary.LittleEndian.Uint16(s[i:]))
				i += 2
			case txscript.OP_PUSHDATA4:
				if i+4 > len(s) {
					return nil
				}
				n = int(binary.LittleEndian.Uint32(s[i:]))
				i += 4
			}
			if n < 0 || i+n > len(s) {
				return nil
			}
			data = s[i : i+n]
			i += n
			if !minimalPush(data, op) {
				return nil
			}
		case op >= txscript.OP_1 && op <= txscript.OP_16:
			data = []byte{op - txscript.OP_1 + 1}
		case op == txscript.OP_CHECKSIGVERIFY:
			out = append(out, dop{op: txscript.OP_CHECKSIG})
			op = txscript.OP_VERIFY
		case op == txscript.OP_CHECKMULTISIGVERIFY:
			out = append(out, dop{op: txscript.OP_CHECKMULTISIG})
			op = txscript.OP_VERIFY
		case op == txscript.OP_EQUALVERIFY:
			out = append(out, dop{op: txscript.OP_EQUAL})
			op = txscript.OP_VERIFY
		case op == txscript.OP_NUMEQUALVERIFY:
			out = append(out, dop{op: txscript.OP_NUMEQUAL})
			op = txscript.OP_VERIFY
		case i < len(s) && s[i] == txscript.OP_VERIFY && (op == txscript.OP_CHECKSIG || op == txscript.OP_CHECKMULTISIG ||
			op == txscript.OP_EQUAL || op == txscript.OP_NUMEQUAL):
			return nil
		}
		out = append(out, dop{op: op, data: data})
	}
	for l, r := 0, len(out)-1; l < r; l, r = l+1, r-1 {
		out[l], out[r] = out[r], out[l]
	}
	return out
}

// scriptNumber is Core's ParseScriptNumber (minimal, at most 4 bytes).
func scriptNumber(d dop) (int64, bool) {
	if d.op == txscript.OP_0 {
		return 0, true
	}
	b := d.data
	if len(b) == 0 || len(b) > 4 {
		return 0, false
	}
	if d.op <= txscript.OP_PUSHDATA4 && !minimalPush(b, d.op) {
		return 0, false
	}
	if b[len(b)-1]&0x7f == 0 && (len(b) <= 1 || b[len(b)-2]&0x80 == 0) {
		return 0, false
	}
	var v int64
	for i, c := range b {
		v |= int64(c) << (8 * i)
	}
	if b[len(b)-1]&0x80 != 0 {
		v &^= int64(0x80) << (8 * (len(b) - 1))
		v = -v
	}
	return v, true
}

// msDecoder holds the keys found while decoding.
type msDecoder struct {
	tapscript bool
	pubs      [][]byte                    // serialized as in the script (x-only in tapscript)
	byHash    func([]byte) ([]byte, bool) // key for a HASH160, if known
}

func (d *msDecoder) addKey(pub []byte) (int, bool) {
	if d.tapscript {
		if len(pub) != 32 { // Core does not check x-only keys here
			return 0, false
		}
	} else if len(pub) != 33 || !nonHybridKey(pub) {
		return 0, false
	}
	d.pubs = append(d.pubs, pub)
	return len(d.pubs) - 1, true
}

type decodeCtx int

const (
	dSingleBKV decodeCtx = iota
	dBKV
	dW
	dSwap
	dAlt
	dCheck
	dDupIf
	dVerify
	dNonZero
	dZeroNotEqual
	dMaybeAndV
	dAndV
	dAndB
	dAndor
	dOrB
	dOrC
	dOrD
	dThreshW
	dThreshE
	dEndif
	dEndifNotif
	dEndifElse
)

type decodeItem struct {
	ctx  decodeCtx
	n, k int64
}

// decodeMiniscript is Core's FromScript; nil when script is no valid
// top-level miniscript in this context.
func (d *msDecoder) decode(script []byte) *msNode {
	max := maxStandardP2WSHScript
	if d.tapscript {
		max = maxTapMiniscriptScript
	}
	if len(script) > max {
		return nil
	}
	in := decompose(script)
	if in == nil && len(script) > 0 {
		return nil
	}
	p := &msParser{tapscript: d.tapscript}
	node := func(frag msFrag, k uint32, keys []int, data []byte, subs ...*msNode) *msNode {
		n := &msNode{frag: frag, k: k, keys: keys, data: data, subs: subs}
		n.finish(p.tapscript)
		return n
	}
	todo := []decodeItem{{ctx: dBKV}}
	var built []*msNode
	push := func(items ...decodeItem) { todo = append(todo, items...) }
	wrapTop := func(frag msFrag) bool {
		if len(built) == 0 {
			return false
		}
		built[len(built)-1] = node(frag, 0, nil, nil, built[len(built)-1])
		return true
	}
	// buildBack combines the two last nodes, the later-decoded one first.
	buildBack := func(frag msFrag) bool {
		if len(built) < 2 {
			return false
		}
		child := built[len(built)-1]
		built = built[:len(built)-1]
		built[len(built)-1] = node(frag, 0, nil, nil, child, built[len(built)-1])
		return true
	}
	at := func(i int) dop { return in[i] }
	for len(todo) > 0 {
		if len(built) > 0 && !built[len(built)-1].isValid(d.tapscript) {
			return nil
		}
		cur := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		left := len(in)
		switch cur.ctx {
		case dSingleBKV:
			if left == 0 {
				return nil
			}
			op := at(0).op
			if op == txscript.OP_1 {
				in = in[1:]
				built = append(built, node(msJust1, 0, nil, nil))
				continue
			}
			if op == txscript.OP_0 {
				in = in[1:]
				built = append(built, node(msJust0, 0, nil, nil))
				continue
			}
			if l := len(at(0).data); l == 33 || l == 32 {
				idx, ok := d.addKey(at(0).data)
				if !ok {
					return nil
				}
				in = in[1:]
				built = append(built, node(msPkK, 0, []int{idx}, nil))
				continue
			}
			if left >= 5 && op == txscript.OP_VERIFY && at(1).op == txscript.OP_EQUAL && at(3).op == txscript.OP_HASH160 &&
				at(4).op == txscript.OP_DUP && len(at(2).data) == 20 {
				if d.byHash == nil {
					return nil
				}
				pub, ok := d.byHash(at(2).data)
				if !ok {
					return nil
				}
				idx, ok := d.addKey(pub)
				if !ok {
					return nil
				}
				in = in[5:]
				built = append(built, node(msPkH, 0, []int{idx}, nil))
				continue
			}
			if left >= 2 && (op == txscript.OP_CHECKSEQUENCEVERIFY || op == txscript.OP_CHECKLOCKTIMEVERIFY) {
				if num, ok := scriptNumber(at(1)); ok {
					if num < 1 || num > 0x7fffffff {
						return nil
					}
					frag := msOlder
					if op == txscript.OP_CHECKLOCKTIMEVERIFY {
						frag = msAfter
					}
					in = in[2:]
					built = append(built, node(frag, uint32(num), nil, nil))
					continue
				}
			}
			if left >= 7 && op == txscript.OP_EQUAL && at(3).op == txscript.OP_VERIFY && at(4).op == txscript.OP_EQUAL && at(6).op == txscript.OP_SIZE {
				if num, ok := scriptNumber(at(5)); ok && num == 32 {
					h := at(1).data
					var frag msFrag = -1
					switch {
					case at(2).op == txscript.OP_SHA256 && len(h) == 32:
						frag = msSha256
					case at(2).op == txscript.OP_RIPEMD160 && len(h) == 20:
						frag = msRipemd160
					case at(2).op == txscript.OP_HASH256 && len(h) == 32:
						frag = msHash256
					case at(2).op == txscript.OP_HASH160 && len(h) == 20:
						frag = msHash160
					}
					if frag >= 0 {
						built = append(built, node(frag, 0, nil, h))
						in = in[7:]
						continue
					}
				}
			}
			if left >= 3 && op == txscript.OP_CHECKMULTISIG {
				if d.tapscript {
					return nil
				}
				n, ok := scriptNumber(at(1))
				if !ok || int64(left) < 3+n || n < 1 || n > 20 {
					return nil
				}
				keys := make([]int, n)
				for i := int64(0); i < n; i++ {
					if len(at(int(2+i)).data) != 33 {
						return nil
					}
					idx, ok := d.addKey(at(int(2 + i)).data)
					if !ok {
						return nil
					}
					keys[n-1-i] = idx
				}
				k, ok := scriptNumber(at(int(2 + n)))
				if !ok || k < 1 || k > n {
					return nil
				}
				in = in[3+n:]
				built = append(built, node(msMulti, uint32(k), keys, nil))
				continue
			}
			if left >= 4 && op == txscript.OP_NUMEQUAL {
				if !d.tapscript {
					return nil
				}
				k, ok := scriptNumber(at(1))
				if !ok || k < 1 || k > maxPubkeysPerMultiA || int64(left) < 2+k*2 {
					return nil
				}
				var keys []int
				for pos := 2; ; pos += 2 {
					if left < pos+2 {
						return nil
					}
					if at(pos).op != txscript.OP_CHECKSIGADD && at(pos).op != txscript.OP_CHECKSIG {
						return nil
					}
					if len(at(pos+1).data) != 32 {
						return nil
					}
					idx, ok := d.addKey(at(pos + 1).data)
					if !ok {
						return nil
					}
					keys = append(keys, idx)
					if len(keys) > maxPubkeysPerMultiA {
						return nil
					}
					if at(pos).op == txscript.OP_CHECKSIG {
						break
					}
				}
				if int64(len(keys)) < k {
					return nil
				}
				in = in[2+2*len(keys):]
				for l, r := 0, len(keys)-1; l < r; l, r = l+1, r-1 {
					keys[l], keys[r] = keys[r], keys[l]
				}
				built = append(built, node(msMultiA, uint32(k), keys, nil))
				continue
			}
			switch {
			case op == txscript.OP_CHECKSIG:
				in = in[1:]
				push(decodeItem{ctx: dCheck}, decodeItem{ctx: dSingleBKV})
			case op == txscript.OP_VERIFY:
				in = in[1:]
				push(decodeItem{ctx: dVerify}, decodeItem{ctx: dSingleBKV})
			case op == txscript.OP_0NOTEQUAL:
				in = in[1:]
				push(decodeItem{ctx: dZeroNotEqual}, decodeItem{ctx: dSingleBKV})
			case left >= 3 && op == txscript.OP_EQUAL && isNum(at(1)):
				num, _ := scriptNumber(at(1))
				if num < 1 {
					return nil
				}
				in = in[2:]
				push(decodeItem{ctx: dThreshW, n: 0, k: num})
			case op == txscript.OP_ENDIF:
				in = in[1:]
				push(decodeItem{ctx: dEndif}, decodeItem{ctx: dBKV})
			case op == txscript.OP_BOOLAND:
				in = in[1:]
				push(decodeItem{ctx: dAndB}, decodeItem{ctx: dSingleBKV}, decodeItem{ctx: dW})
			case op == txscript.OP_BOOLOR:
				in = in[1:]
				push(decodeItem{ctx: dOrB}, decodeItem{ctx: dSingleBKV}, decodeItem{ctx: dW})
			default:
				return nil
			}
		case dBKV:
			push(decodeItem{ctx: dMaybeAndV}, decodeItem{ctx: dSingleBKV})
		case dW:
			if left == 0 {
				return nil
			}
			if at(0).op == txscript.OP_FROMALTSTACK {
				in = in[1:]
				push(decodeItem{ctx: dAlt})
			} else {
				push(decodeItem{ctx: dSwap})
			}
			push(decodeItem{ctx: dBKV})
		case dMaybeAndV:
			if left > 0 {
				switch at(0).op {
				case txscript.OP_IF, txscript.OP_ELSE, txscript.OP_NOTIF, txscript.OP_TOALTSTACK, txscript.OP_SWAP:
				default:
					push(decodeItem{ctx: dAndV}, decodeItem{ctx: dBKV})
				}
			}
		case dSwap, dAlt:
			want := byte(txscript.OP_SWAP)
			frag := msWrapS
			if cur.ctx == dAlt {
				want, frag = txscript.OP_TOALTSTACK, msWrapA
			}
			if left == 0 || at(0).op != want || len(built) == 0 {
				return nil
			}
			in = in[1:]
			wrapTop(frag)
		case dCheck, dDupIf, dVerify, dNonZero, dZeroNotEqual:
			frag := map[decodeCtx]msFrag{dCheck: msWrapC, dDupIf: msWrapD, dVerify: msWrapV, dNonZero: msWrapJ, dZeroNotEqual: msWrapN}[cur.ctx]
			if !wrapTop(frag) {
				return nil
			}
		case dAndV, dAndB, dOrB, dOrC, dOrD:
			frag := map[decodeCtx]msFrag{dAndV: msAndV, dAndB: msAndB, dOrB: msOrB, dOrC: msOrC, dOrD: msOrD}[cur.ctx]
			if !buildBack(frag) {
				return nil
			}
		case dAndor:
			if len(built) < 3 {
				return nil
			}
			l := len(built)
			leftN, right, mid := built[l-1], built[l-2], built[l-3]
			built = built[:l-3]
			built = append(built, node(msAndor, 0, nil, nil, leftN, mid, right))
		case dThreshW:
			if left == 0 {
				return nil
			}
			if at(0).op == txscript.OP_ADD {
				in = in[1:]
				push(decodeItem{ctx: dThreshW, n: cur.n + 1, k: cur.k}, decodeItem{ctx: dW})
			} else {
				push(decodeItem{ctx: dThreshE, n: cur.n + 1, k: cur.k}, decodeItem{ctx: dSingleBKV})
			}
		case dThreshE:
			if cur.k < 1 || cur.k > cur.n || int64(len(built)) < cur.n {
				return nil
			}
			subs := make([]*msNode, cur.n)
			for i := int64(0); i < cur.n; i++ {
				subs[i] = built[len(built)-1]
				built = built[:len(built)-1]
			}
			built = append(built, node(msThresh, uint32(cur.k), nil, nil, subs...))
		case dEndif:
			if left == 0 {
				return nil
			}
			switch op := at(0).op; {
			case op == txscript.OP_ELSE:
				in = in[1:]
				push(decodeItem{ctx: dEndifElse}, decodeItem{ctx: dBKV})
			case op == txscript.OP_IF && left >= 2 && at(1).op == txscript.OP_DUP:
				in = in[2:]
				push(decodeItem{ctx: dDupIf})
			case op == txscript.OP_IF && left >= 3 && at(1).op == txscript.OP_0NOTEQUAL && at(2).op == txscript.OP_SIZE:
				in = in[3:]
				push(decodeItem{ctx: dNonZero})
			case op == txscript.OP_NOTIF:
				in = in[1:]
				push(decodeItem{ctx: dEndifNotif})
			default:
				return nil
			}
		case dEndifNotif:
			if left == 0 {
				return nil
			}
			if at(0).op == txscript.OP_IFDUP {
				in = in[1:]
				push(decodeItem{ctx: dOrD})
			} else {
				push(decodeItem{ctx: dOrC})
			}
			push(decodeItem{ctx: dSingleBKV})
		case dEndifElse:
			if left == 0 {
				return nil
			}
			switch at(0).op {
			case txscript.OP_IF:
				in = in[1:]
				if !buildBack(msOrI) {
					return nil
				}
			case txscript.OP_NOTIF:
				in = in[1:]
				push(decodeItem{ctx: dAndor}, decodeItem{ctx: dSingleBKV})
			default:
				return nil
			}
		}
	}
	if len(built) != 1 || len(in) != 0 {
		return nil
	}
	top := built[0]
	top.markDuplicates(func(i int) string { return string(d.pubs[i]) })
	if !top.isValid(d.tapscript) || !top.typ.has("B") {
		return nil
	}
	return top
}

func isNum(d dop) bool { _, ok := scriptNumber(d); return ok }
