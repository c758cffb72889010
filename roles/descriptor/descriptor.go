package descriptor

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/btcsuite/btcd/chaincfg/v2"
	"github.com/btcsuite/btcd/txscript/v2"
)

// Descriptor is a parsed output script descriptor. A descriptor using a
// BIP389 "<a;b>" multipath specifier stands for several descriptors; its
// methods act on the first and Multipath returns them all.
type Descriptor struct {
	root   *node
	params *chaincfg.Params
	alts   []*Descriptor // all multipath expansions (nil when single)
}

// Parse parses a descriptor for the network params. A trailing "#checksum"
// is verified when present; requireChecksum makes a missing one an error.
// Error messages are Bitcoin Core's, including its empty message for text
// left over after a complete expression (e.g. "pkh(K),x").
func Parse(s string, params *chaincfg.Params, requireChecksum bool) (*Descriptor, error) {
	payload, _, err := splitChecksum(s, requireChecksum)
	if err != nil {
		return nil, err
	}
	p := &parser{params: params}
	sp := payload
	nodes, err := p.parseScript(&sp, ctxTop)
	if err != nil {
		return nil, err
	}
	if sp != "" {
		return nil, errSilent
	}
	descs := make([]*Descriptor, len(nodes))
	for i, nd := range nodes {
		descs[i] = &Descriptor{root: nd, params: params}
	}
	d := descs[0]
	if len(descs) > 1 {
		d.alts = descs
	}
	return d, nil
}

// Multipath returns every descriptor a multipath descriptor expands to, in
// specifier order; for an ordinary descriptor it returns just d.
func (d *Descriptor) Multipath() []*Descriptor {
	if d.alts == nil {
		return []*Descriptor{d}
	}
	return d.alts
}

// IsMultipath reports whether d was written with a "<a;b>" specifier.
func (d *Descriptor) IsMultipath() bool { return d.alts != nil }

// String is Core's ToString: the public form followed by "#checksum".
func (d *Descriptor) String() string {
	s, _ := d.root.format(d.params, false)
	return AddChecksum(s)
}

// PrivateString is Core's ToPrivateString: the descriptor with xprv/WIF
// private keys. It fails when some key has no private part.
func (d *Descriptor) PrivateString() (string, error) {
	s, ok := d.root.format(d.params, true)
	if !ok || d.root.kind == kindAddr || d.root.kind == kindRaw {
		return "", fmt.Errorf("descriptor does not have all private keys")
	}
	return AddChecksum(s), nil
}

// NormalizedString is Core's ToNormalizedString (listdescriptors' form):
// hardened steps as h and extended keys given as the xpub at their last
// hardened step, which needs the private key when the path has hardened
// steps.
func (d *Descriptor) NormalizedString() (string, error) {
	s, ok := d.root.formatKeys(func(k *keyExpr) (string, bool) { return k.normalizedString(d.params) },
		func(k *keyExpr) (string, bool) { return k.publicString(d.params), true })
	if !ok {
		return "", fmt.Errorf("cannot normalize without the private keys of hardened derivation steps")
	}
	return AddChecksum(s), nil
}

// ID is Core's DescriptorID: SHA256 of the string form with ' for every
// hardened step (the wallet's descriptor id), in internal byte order.
func (d *Descriptor) ID() [32]byte {
	s, _ := d.root.formatKeys(func(k *keyExpr) (string, bool) {
		c := *k
		c.apostrophe = true
		return c.publicString(d.params), true
	}, func(k *keyExpr) (string, bool) { return k.publicString(d.params), true })
	return sha256.Sum256([]byte(AddChecksum(s)))
}

// IsRange reports whether the descriptor has a ranged ("/*") key.
func (d *Descriptor) IsRange() bool { return d.root.isRange() }

// IsSolvable reports whether the descriptor has the information to sign
// for its scripts (false for addr() and raw()).
func (d *Descriptor) IsSolvable() bool { return d.root.isSolvable() }

// IsSingleType reports whether each position yields one script type (all
// but combo()).
func (d *Descriptor) IsSingleType() bool { return d.root.kind != kindCombo }

// HasPrivateKeys reports whether any key in any multipath expansion was
// given in private form (Core's getdescriptorinfo "hasprivatekeys").
func (d *Descriptor) HasPrivateKeys() bool {
	for _, a := range d.Multipath() {
		if a.root.hasPrivate() {
			return true
		}
	}
	return false
}

// OutputType is Core's GetOutputType: "legacy", "p2sh-segwit", "bech32" or
// "bech32m"; ok is false when there is none (pk, multi, combo, ...).
func (d *Descriptor) OutputType() (string, bool) {
	return d.root.outputType()
}

func (n *node) walk(f func(*node)) {
	f(n)
	for _, s := range n.subs {
		s.walk(f)
	}
}

func (n *node) isRange() bool {
	r := false
	n.walk(func(x *node) {
		for _, k := range x.keys {
			r = r || k.isRange()
		}
	})
	return r
}

func (n *node) hasPrivate() bool {
	r := false
	n.walk(func(x *node) {
		for _, k := range x.keys {
			r = r || k.hasPrivate()
		}
	})
	return r
}

func (n *node) isSolvable() bool {
	if n.kind == kindAddr || n.kind == kindRaw {
		return false
	}
	for _, s := range n.subs {
		if !s.isSolvable() {
			return false
		}
	}
	return true
}

func (n *node) outputType() (string, bool) {
	switch n.kind {
	case kindPKH:
		return "legacy", true
	case kindWPKH, kindWSH:
		return "bech32", true
	case kindTR, kindRawTR:
		return "bech32m", true
	case kindSH:
		if t, _ := n.subs[0].outputType(); t == "bech32" {
			return "p2sh-segwit", true
		}
		return "legacy", true
	case kindAddr, kindRaw:
		return scriptOutputType(n.script)
	}
	return "", false
}

// scriptOutputType is Core's OutputTypeFromDestination(ExtractDestination).
func scriptOutputType(script []byte) (string, bool) {
	switch txscript.GetScriptClass(script) {
	case txscript.PubKeyHashTy, txscript.ScriptHashTy:
		return "legacy", true
	case txscript.WitnessV0PubKeyHashTy, txscript.WitnessV0ScriptHashTy:
		return "bech32", true
	case txscript.WitnessV1TaprootTy:
		return "bech32m", true
	}
	if v, prog, ok := witnessProgram(script); ok && v >= 1 && !(v == 1 && len(prog) == 2 && prog[0] == 0x4e && prog[1] == 0x73) {
		return "bech32m", true
	}
	return "", false
}

// witnessProgram decodes a witness program output (version, program).
func witnessProgram(s []byte) (int, []byte, bool) {
	if len(s) < 4 || len(s) > 42 {
		return 0, nil, false
	}
	if s[0] != txscript.OP_0 && (s[0] < txscript.OP_1 || s[0] > txscript.OP_16) {
		return 0, nil, false
	}
	if int(s[1])+2 != len(s) {
		return 0, nil, false
	}
	v := 0
	if s[0] != txscript.OP_0 {
		v = int(s[0]) - txscript.OP_1 + 1
	}
	return v, s[2:], true
}

// format renders the expression; with private, keys are shown in private
// form and ok is false if one is missing (Core's ToStringHelper).
func (n *node) format(params *chaincfg.Params, private bool) (string, bool) {
	return n.formatWith(func(k *keyExpr) (string, bool) {
		if private {
			return k.privateString(params)
		}
		return k.publicString(params), true
	})
}

// formatWith renders the expression with keyString for every key (Core's
// ToStringHelper); ok is false when keyString fails.
func (n *node) formatWith(keyString func(*keyExpr) (string, bool)) (string, bool) {
	return n.formatKeys(keyString, keyString)
}

// formatKeys renders with keyString, and msKeyString for keys inside
// miniscript (Core prints those in plain public form even in normalized
// and compat strings).
func (n *node) formatKeys(keyString, msKeyString func(*keyExpr) (string, bool)) (string, bool) {
	if n.kind == kindMiniscript {
		return n.ms.msString(func(i int) (string, bool) { return msKeyString(n.keys[i]) })
	}
	var b strings.Builder
	b.WriteString(n.kind.name())
	b.WriteByte('(')
	switch n.kind {
	case kindAddr:
		b.WriteString(n.addr)
	case kindRaw:
		b.WriteString(hex.EncodeToString(n.script))
	case kindMulti, kindSortedMulti, kindMultiA, kindSortedMultiA:
		b.WriteString(itoa(n.threshold))
	}
	first := b.Len() == len(n.kind.name())+1
	for _, k := range n.keys {
		if !first {
			b.WriteByte(',')
		}
		first = false
		s, ok := keyString(k)
		if !ok {
			return "", false
		}
		b.WriteString(s)
	}
	if n.kind == kindTR {
		if len(n.subs) > 0 {
			b.WriteByte(',')
			tree, ok := n.formatTree(keyString, msKeyString)
			if !ok {
				return "", false
			}
			b.WriteString(tree)
		}
	} else {
		for _, s := range n.subs {
			if !first {
				b.WriteByte(',')
			}
			first = false
			sub, ok := s.formatKeys(keyString, msKeyString)
			if !ok {
				return "", false
			}
			b.WriteString(sub)
		}
	}
	b.WriteByte(')')
	return b.String(), true
}

// formatTree renders the leaves of a tr() with their {,} structure.
func (n *node) formatTree(keyString, msKeyString func(*keyExpr) (string, bool)) (string, bool) {
	var b strings.Builder
	var path []bool
	for i, leaf := range n.subs {
		if i > 0 {
			b.WriteByte(',')
		}
		for len(path) <= n.depths[i] {
			if len(path) > 0 {
				b.WriteByte('{')
			}
			path = append(path, false)
		}
		s, ok := leaf.formatKeys(keyString, msKeyString)
		if !ok {
			return "", false
		}
		b.WriteString(s)
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
	return b.String(), true
}
