package descriptor

import "strings"

// msType is a set of miniscript type properties (Core's miniscript::Type):
// the basic types B, V, K, W and the properties z o n d u e f s m x k g h i j.
type msType uint32

// msTypeChars orders the property letters; bit i is msTypeChars[i].
const msTypeChars = "BVKWzondufesmxghijk"

// mst builds a type from its letters, as Core's "..."_mst.
func mst(s string) msType {
	var t msType
	for i := 0; i < len(s); i++ {
		if p := strings.IndexByte(msTypeChars, s[i]); p >= 0 {
			t |= 1 << p
		}
	}
	return t
}

// has reports whether t has every property of x (Core's t << x).
func (t msType) has(x string) bool { m := mst(x); return t&m == m }

// masked is t restricted to the letters of x.
func (t msType) masked(x string) msType { return t & mst(x) }

// when returns t if cond holds, else the empty type (Core's If).
func (t msType) when(cond bool) msType {
	if cond {
		return t
	}
	return 0
}

// sanitize is Core's SanitizeType: a type without exactly one basic type
// is invalid (empty).
func (t msType) sanitize() msType {
	n := 0
	for _, c := range "KVBW" {
		if t.has(string(c)) {
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return t
}

// timelockConflict is the g/h/i/j mixing test of and_v, and_b and andor.
func timelockConflict(x, y msType) bool {
	return (x.has("g") && y.has("h")) || (x.has("h") && y.has("g")) ||
		(x.has("i") && y.has("j")) || (x.has("j") && y.has("i"))
}

// computeType is Core's ComputeType for a node whose children are typed.
func (n *msNode) computeType(tapscript bool) msType {
	var x, y, z msType
	if len(n.subs) > 0 {
		x = n.subs[0].typ
	}
	if len(n.subs) > 1 {
		y = n.subs[1].typ
	}
	if len(n.subs) > 2 {
		z = n.subs[2].typ
	}
	k := n.k
	switch n.frag {
	case msPkK:
		return mst("Konudemsxk")
	case msPkH:
		return mst("Knudemsxk")
	case msOlder:
		return mst("g").when(k&(1<<22) != 0) | mst("h").when(k&(1<<22) == 0) | mst("Bzfmxk")
	case msAfter:
		return mst("i").when(k >= 500000000) | mst("j").when(k < 500000000) | mst("Bzfmxk")
	case msSha256, msRipemd160, msHash256, msHash160:
		return mst("Bonudmk")
	case msJust1:
		return mst("Bzufmxk")
	case msJust0:
		return mst("Bzudemsxk")
	case msWrapA:
		return mst("W").when(x.has("B")) | x.masked("ghijk") | x.masked("udfems") | mst("x")
	case msWrapS:
		return mst("W").when(x.has("Bo")) | x.masked("ghijk") | x.masked("udfemsx")
	case msWrapC:
		return mst("B").when(x.has("K")) | x.masked("ghijk") | x.masked("ondfem") | mst("us")
	case msWrapD:
		return mst("B").when(x.has("Vz")) | mst("o").when(x.has("z")) | mst("e").when(x.has("f")) |
			x.masked("ghijk") | x.masked("ms") | mst("u").when(tapscript) | mst("ndx")
	case msWrapV:
		return mst("V").when(x.has("B")) | x.masked("ghijk") | x.masked("zonms") | mst("fx")
	case msWrapJ:
		return mst("B").when(x.has("Bn")) | mst("e").when(x.has("f")) | x.masked("ghijk") | x.masked("oums") | mst("ndx")
	case msWrapN:
		return x.masked("ghijk") | x.masked("Bzondfems") | mst("ux")
	case msAndV:
		return y.masked("KVB").when(x.has("V")) | x.masked("n") | y.masked("n").when(x.has("z")) |
			(x | y).masked("o").when((x | y).has("z")) | (x & y).masked("dmz") | (x | y).masked("s") |
			mst("f").when(y.has("f") || x.has("s")) | y.masked("ux") | (x | y).masked("ghij") |
			mst("k").when((x&y).has("k") && !timelockConflict(x, y))
	case msAndB:
		return x.masked("B").when(y.has("W")) | (x | y).masked("o").when((x | y).has("z")) |
			x.masked("n") | y.masked("n").when(x.has("z")) | (x & y).masked("e").when((x & y).has("s")) |
			(x & y).masked("dzm") | mst("f").when((x&y).has("f") || x.has("sf") || y.has("sf")) |
			(x | y).masked("s") | mst("ux") | (x | y).masked("ghij") |
			mst("k").when((x&y).has("k") && !timelockConflict(x, y))
	case msOrB:
		return mst("B").when(x.has("Bd") && y.has("Wd")) | (x | y).masked("o").when((x | y).has("z")) |
			(x & y).masked("m").when((x|y).has("s") && (x&y).has("e")) | (x & y).masked("zse") |
			mst("dux") | (x | y).masked("ghij") | (x & y).masked("k")
	case msOrD:
		return y.masked("B").when(x.has("Bdu")) | x.masked("o").when(y.has("z")) |
			(x & y).masked("m").when(x.has("e") && (x|y).has("s")) | (x & y).masked("zs") |
			y.masked("ufde") | mst("x") | (x | y).masked("ghij") | (x & y).masked("k")
	case msOrC:
		return y.masked("V").when(x.has("Bdu")) | x.masked("o").when(y.has("z")) |
			(x & y).masked("m").when(x.has("e") && (x|y).has("s")) | (x & y).masked("zs") |
			mst("fx") | (x | y).masked("ghij") | (x & y).masked("k")
	case msOrI:
		return (x & y).masked("VBKufs") | mst("o").when((x & y).has("z")) |
			(x | y).masked("e").when((x | y).has("f")) | (x & y).masked("m").when((x | y).has("s")) |
			(x | y).masked("d") | mst("x") | (x | y).masked("ghij") | (x & y).masked("k")
	case msAndor:
		return (y & z).masked("BKV").when(x.has("Bdu")) | (x & y & z).masked("z") |
			(x | (y & z)).masked("o").when((x | (y & z)).has("z")) | (y & z).masked("u") |
			z.masked("f").when(x.has("s") || y.has("f")) | z.masked("d") |
			z.masked("e").when(x.has("s") || y.has("f")) |
			(x & y & z).masked("m").when(x.has("e") && (x|y|z).has("s")) |
			(z & (x | y)).masked("s") | mst("x") | (x | y | z).masked("ghij") |
			mst("k").when((x&y&z).has("k") && !timelockConflict(x, y))
	case msMulti:
		return mst("Bnudemsk")
	case msMultiA:
		return mst("Budemsk")
	case msThresh:
		allE, allM := true, true
		args, numS := 0, 0
		acc := mst("k")
		for i, sub := range n.subs {
			t := sub.typ
			need := "Bdu"
			if i > 0 {
				need = "Wdu"
			}
			if !t.has(need) {
				return 0
			}
			allE = allE && t.has("e")
			allM = allM && t.has("m")
			if t.has("s") {
				numS++
			}
			switch {
			case t.has("z"):
			case t.has("o"):
				args++
			default:
				args += 2
			}
			acc = (acc | t).masked("ghij") |
				mst("k").when((acc&t).has("k") && (k <= 1 || !timelockConflict(acc, t)))
		}
		nSubs := len(n.subs)
		return mst("Bdu") | mst("z").when(args == 0) | mst("o").when(args == 1) |
			mst("e").when(allE && numS == nSubs) |
			mst("m").when(allE && allM && numS >= nSubs-int(k)) |
			mst("s").when(numS >= nSubs-int(k)+1) | acc
	}
	return 0
}
