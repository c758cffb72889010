package descriptor

import (
	"encoding/binary"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/txscript/v2"
)

// scriptWriter appends opcodes and minimal pushes without the size limit
// of txscript.ScriptBuilder (tapscript leaves may exceed 10000 bytes).
type scriptWriter struct{ b []byte }

func (w *scriptWriter) op(ops ...byte) { w.b = append(w.b, ops...) }

func (w *scriptWriter) data(d []byte) {
	switch n := len(d); {
	case n < txscript.OP_PUSHDATA1:
		w.b = append(w.b, byte(n))
	case n <= 0xff:
		w.b = append(w.b, txscript.OP_PUSHDATA1, byte(n))
	default:
		w.b = append(w.b, txscript.OP_PUSHDATA2, 0, 0)
		binary.LittleEndian.PutUint16(w.b[len(w.b)-2:], uint16(n))
	}
	w.b = append(w.b, d...)
}

// num pushes a non-negative number as CScript() << n does.
func (w *scriptWriter) num(n uint32) {
	switch {
	case n == 0:
		w.op(txscript.OP_0)
	case n <= 16:
		w.op(txscript.OP_1 + byte(n) - 1)
	default:
		var enc []byte
		for v := n; v > 0; v >>= 8 {
			enc = append(enc, byte(v))
		}
		if enc[len(enc)-1]&0x80 != 0 {
			enc = append(enc, 0)
		}
		w.data(enc)
	}
}

// msScript is Core's Node::ToScript; pub gives the serialized key (x-only
// in tapscript) of a key index.
func (n *msNode) msScript(pub func(int) []byte) []byte {
	w := &scriptWriter{}
	n.emit(w, false, pub)
	return w.b
}

func (n *msNode) emit(w *scriptWriter, verify bool, pub func(int) []byte) {
	s := n.subs
	pick := func(plain, ver byte) byte {
		if verify {
			return ver
		}
		return plain
	}
	switch n.frag {
	case msPkK:
		w.data(pub(n.keys[0]))
	case msPkH:
		w.op(txscript.OP_DUP, txscript.OP_HASH160)
		w.data(address.Hash160(pub(n.keys[0])))
		w.op(txscript.OP_EQUALVERIFY)
	case msOlder:
		w.num(n.k)
		w.op(txscript.OP_CHECKSEQUENCEVERIFY)
	case msAfter:
		w.num(n.k)
		w.op(txscript.OP_CHECKLOCKTIMEVERIFY)
	case msSha256, msRipemd160, msHash256, msHash160:
		w.op(txscript.OP_SIZE)
		w.num(32)
		w.op(txscript.OP_EQUALVERIFY)
		w.op(map[msFrag]byte{msSha256: txscript.OP_SHA256, msRipemd160: txscript.OP_RIPEMD160,
			msHash256: txscript.OP_HASH256, msHash160: txscript.OP_HASH160}[n.frag])
		w.data(n.data)
		w.op(pick(txscript.OP_EQUAL, txscript.OP_EQUALVERIFY))
	case msWrapA:
		w.op(txscript.OP_TOALTSTACK)
		s[0].emit(w, false, pub)
		w.op(txscript.OP_FROMALTSTACK)
	case msWrapS:
		w.op(txscript.OP_SWAP)
		s[0].emit(w, verify, pub)
	case msWrapC:
		s[0].emit(w, false, pub)
		w.op(pick(txscript.OP_CHECKSIG, txscript.OP_CHECKSIGVERIFY))
	case msWrapD:
		w.op(txscript.OP_DUP, txscript.OP_IF)
		s[0].emit(w, false, pub)
		w.op(txscript.OP_ENDIF)
	case msWrapV:
		s[0].emit(w, true, pub)
		if s[0].typ.has("x") {
			w.op(txscript.OP_VERIFY)
		}
	case msWrapJ:
		w.op(txscript.OP_SIZE, txscript.OP_0NOTEQUAL, txscript.OP_IF)
		s[0].emit(w, false, pub)
		w.op(txscript.OP_ENDIF)
	case msWrapN:
		s[0].emit(w, false, pub)
		w.op(txscript.OP_0NOTEQUAL)
	case msJust1:
		w.op(txscript.OP_1)
	case msJust0:
		w.op(txscript.OP_0)
	case msAndV:
		s[0].emit(w, false, pub)
		s[1].emit(w, verify, pub)
	case msAndB:
		s[0].emit(w, false, pub)
		s[1].emit(w, false, pub)
		w.op(txscript.OP_BOOLAND)
	case msOrB:
		s[0].emit(w, false, pub)
		s[1].emit(w, false, pub)
		w.op(txscript.OP_BOOLOR)
	case msOrD:
		s[0].emit(w, false, pub)
		w.op(txscript.OP_IFDUP, txscript.OP_NOTIF)
		s[1].emit(w, false, pub)
		w.op(txscript.OP_ENDIF)
	case msOrC:
		s[0].emit(w, false, pub)
		w.op(txscript.OP_NOTIF)
		s[1].emit(w, false, pub)
		w.op(txscript.OP_ENDIF)
	case msOrI:
		w.op(txscript.OP_IF)
		s[0].emit(w, false, pub)
		w.op(txscript.OP_ELSE)
		s[1].emit(w, false, pub)
		w.op(txscript.OP_ENDIF)
	case msAndor:
		s[0].emit(w, false, pub)
		w.op(txscript.OP_NOTIF)
		s[2].emit(w, false, pub)
		w.op(txscript.OP_ELSE)
		s[1].emit(w, false, pub)
		w.op(txscript.OP_ENDIF)
	case msMulti:
		w.num(n.k)
		for _, k := range n.keys {
			w.data(pub(k))
		}
		w.num(uint32(len(n.keys)))
		w.op(pick(txscript.OP_CHECKMULTISIG, txscript.OP_CHECKMULTISIGVERIFY))
	case msMultiA:
		for i, k := range n.keys {
			w.data(pub(k))
			if i == 0 {
				w.op(txscript.OP_CHECKSIG)
			} else {
				w.op(txscript.OP_CHECKSIGADD)
			}
		}
		w.num(n.k)
		w.op(pick(txscript.OP_NUMEQUAL, txscript.OP_NUMEQUALVERIFY))
	case msThresh:
		for i, sub := range s {
			sub.emit(w, false, pub)
			if i > 0 {
				w.op(txscript.OP_ADD)
			}
		}
		w.num(n.k)
		w.op(pick(txscript.OP_EQUAL, txscript.OP_EQUALVERIFY))
	}
}
