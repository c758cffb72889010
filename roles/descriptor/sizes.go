package descriptor

// Size estimates used by wallets for fee calculation, as Core's
// Descriptor::ScriptSize, MaxSatisfactionWeight and MaxSatisfactionElems.

// witnessScale is WITNESS_SCALE_FACTOR.
const witnessScale = 4

// ScriptSize is the size in bytes of the scriptPubKey; ok is false for
// combo(), which has several.
func (d *Descriptor) ScriptSize() (int64, bool) { return d.root.scriptSize() }

// MaxSatisfactionWeight is the maximum weight of the data satisfying the
// script (scriptSig bytes count four times, witness bytes once), without
// the input's other fields. useMaxSig assumes 72-byte ECDSA signatures
// (no low-R grinding). ok is false when unknown (addr, raw, combo, ...).
func (d *Descriptor) MaxSatisfactionWeight(useMaxSig bool) (int64, bool) {
	return d.root.maxSatisfactionWeight(useMaxSig)
}

// MaxSatisfactionElems is the maximum number of stack elements of a
// satisfaction; ok is false when unknown.
func (d *Descriptor) MaxSatisfactionElems() (int64, bool) { return d.root.maxSatisfactionElems() }

func ecdsaSigSize(useMaxSig bool) int64 {
	if useMaxSig {
		return 72
	}
	return 71
}

// numPushSize is the size of a minimal push of n (CScript() << n).
func numPushSize(n int) int64 {
	switch {
	case n <= 16:
		return 1
	case n <= 0x7f:
		return 2
	case n <= 0x7fff:
		return 3
	}
	return 4
}

func compactSizeLen(n int64) int64 {
	switch {
	case n < 253:
		return 1
	case n <= 0xffff:
		return 3
	case n <= 0xffffffff:
		return 5
	}
	return 9
}

func (n *node) scriptSize() (int64, bool) {
	switch n.kind {
	case kindPK:
		if n.xonly {
			return 1 + 32 + 1, true
		}
		return 1 + int64(n.keys[0].size()) + 1, true
	case kindPKH:
		return 25, true
	case kindWPKH:
		return 22, true
	case kindMulti, kindSortedMulti:
		s := 1 + numPushSize(len(n.keys)) + numPushSize(n.threshold)
		for _, k := range n.keys {
			s += 1 + int64(k.size())
		}
		return s, true
	case kindMultiA, kindSortedMultiA:
		return (1+32+1)*int64(len(n.keys)) + numPushSize(n.threshold) + 1, true
	case kindSH:
		return 23, true
	case kindWSH, kindTR, kindRawTR:
		return 34, true
	case kindAddr, kindRaw:
		return int64(len(n.script)), true
	case kindMiniscript:
		return int64(n.ms.scriptLen), true
	}
	return 0, false
}

// maxSatSize is Core's MaxSatSize: satisfaction size in raw bytes.
func (n *node) maxSatSize(useMaxSig bool) (int64, bool) {
	sig := ecdsaSigSize(useMaxSig)
	switch n.kind {
	case kindPK:
		if n.xonly {
			return 1 + 65, true
		}
		return 1 + sig, true
	case kindPKH:
		return 1 + sig + 1 + int64(n.keys[0].size()), true
	case kindWPKH:
		return 1 + sig + 1 + 33, true
	case kindMulti, kindSortedMulti:
		return 1 + (1+sig)*int64(n.threshold), true
	case kindMultiA, kindSortedMultiA:
		return (1+65)*int64(n.threshold) + int64(len(n.keys)-n.threshold), true
	case kindMiniscript:
		// Core's GetWitnessSize assumes 72-byte signatures either way.
		return int64(n.ms.wsSat.v), n.ms.wsSat.ok
	case kindWSH:
		sat, ok := n.subs[0].maxSatSize(useMaxSig)
		size, ok2 := n.subs[0].scriptSize()
		if !ok || !ok2 {
			return 0, false
		}
		return compactSizeLen(size) + size + sat, true
	}
	return 0, false
}

func (n *node) maxSatisfactionWeight(useMaxSig bool) (int64, bool) {
	switch n.kind {
	case kindPK, kindPKH, kindMulti, kindSortedMulti:
		s, _ := n.maxSatSize(useMaxSig)
		return s * witnessScale, true
	case kindWPKH, kindWSH:
		return n.maxSatSize(useMaxSig)
	case kindSH:
		sat, ok := n.subs[0].maxSatSize(useMaxSig)
		size, ok2 := n.subs[0].scriptSize()
		if !ok || !ok2 {
			return 0, false
		}
		weight := (1 + size) * witnessScale
		if t, _ := n.subs[0].outputType(); t == "bech32" {
			return weight + sat, true
		}
		return weight + sat*witnessScale, true
	case kindTR, kindRawTR:
		return 1 + 65, true
	}
	return 0, false
}

func (n *node) maxSatisfactionElems() (int64, bool) {
	switch n.kind {
	case kindPK, kindTR, kindRawTR:
		return 1, true
	case kindPKH, kindWPKH:
		return 2, true
	case kindMulti, kindSortedMulti:
		return 1 + int64(n.threshold), true
	case kindMultiA, kindSortedMultiA:
		return int64(len(n.keys)), true
	case kindSH, kindWSH:
		e, ok := n.subs[0].maxSatisfactionElems()
		return 1 + e, ok
	case kindMiniscript:
		e, ok := n.ms.stackSize()
		return int64(e), ok
	}
	return 0, false
}
