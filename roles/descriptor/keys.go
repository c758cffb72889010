package descriptor

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/address/v2/base58"
	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/btcutil/v2/hdkeychain"
	"github.com/btcsuite/btcd/chaincfg/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
)

// ErrNeedPrivateKeys is returned by Expand when a hardened derivation step
// is needed but the descriptor only has the extended public key.
var ErrNeedPrivateKeys = errors.New("Cannot derive script without private keys")

// context is the position of an expression, deciding what is allowed there.
type context int

const (
	ctxTop    context = iota // script goes directly in the scriptPubKey
	ctxP2SH                  // inside sh()
	ctxP2WPKH                // inside wpkh()
	ctxP2WSH                 // inside wsh()
	ctxP2TR                  // inside tr() or rawtr()
	ctxMuSig                 // a participant of musig()
)

// keyExpr is one parsed KEY expression: an optional origin plus either a
// constant public key (with its WIF private key if given) or an extended
// key with a path and an optional ranged last step.
type keyExpr struct {
	hasOrigin   bool
	fingerprint [4]byte
	originPath  []uint32
	apostrophe  bool // print hardened steps with ' (as given) instead of h
	xonly       bool // appears in a taproot context
	xonlyText   bool // constant key written x-only (32-byte hex, or WIF in taproot)

	// Constant key.
	pub        []byte // 33 or 65 bytes
	priv       *btcec.PrivateKey
	compressed bool // WIF compression flag

	// Extended key.
	ext      *hdkeychain.ExtendedKey // root as given (private when xprv)
	rootFP   [4]byte                 // hash160 of the root public key
	path     []uint32
	derive   deriveType
	parent   *hdkeychain.ExtendedKey // root derived along path, nil if impossible
	parentPr bool                    // parent is private

	musig *musigKey // musig() aggregate (no origin, no other fields)
}

func (k *keyExpr) isRange() bool {
	if k.musig != nil {
		return k.musig.derive != deriveNone || k.musig.rangedParticipants()
	}
	return k.ext != nil && k.derive != deriveNone
}

// size is the serialized public key size used for script size limits.
func (k *keyExpr) size() int {
	if k.musig != nil {
		return 32
	}
	if k.ext != nil {
		return 33
	}
	return len(k.pub)
}

func (k *keyExpr) hasPrivate() bool {
	if k.musig != nil {
		for _, p := range k.musig.participants {
			if p.hasPrivate() {
				return true
			}
		}
		return false
	}
	if k.ext != nil {
		return k.ext.IsPrivate()
	}
	return k.priv != nil
}

// isHexStr is Core's IsHex: non-empty, even length, only hex digits.
func isHexStr(s string) bool {
	if s == "" || len(s)%2 != 0 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\f' || c == '\n' || c == '\r' || c == '\t' || c == '\v'
}

// parseKey parses a KEY expression including its origin. Multipath
// specifiers yield one keyExpr per alternative.
func parseKey(s string, ctx context, params *chaincfg.Params) ([]*keyExpr, error) {
	if strings.HasPrefix(s, "musig(") {
		if ctx != ctxP2TR {
			return nil, errors.New("musig() is only allowed in tr() and rawtr()")
		}
		return parseMusig(s, params)
	}
	parts := strings.Split(s, "]")
	if len(parts) > 2 {
		return nil, errors.New("Multiple ']' characters found for a single pubkey")
	}
	apostrophe := false
	if len(parts) == 1 {
		return parseKeyInner(s, ctx, params, &apostrophe, nil)
	}
	if parts[0] == "" || parts[0][0] != '[' {
		c := byte(']')
		if parts[0] != "" {
			c = parts[0][0]
		}
		return nil, fmt.Errorf("Key origin start '[ character expected but not found, got '%c' instead", c)
	}
	elems := strings.Split(parts[0][1:], "/")
	if len(elems[0]) != 8 {
		return nil, fmt.Errorf("Fingerprint is not 4 bytes (%d characters instead of 8 characters)", len(elems[0]))
	}
	fp, err := hex.DecodeString(elems[0])
	if err != nil {
		return nil, fmt.Errorf("Fingerprint '%s' is not hex", elems[0])
	}
	paths, err := parseKeyPath(elems[1:], &apostrophe, false)
	if err != nil {
		return nil, err
	}
	origin := &keyExpr{hasOrigin: true, originPath: paths[0]}
	copy(origin.fingerprint[:], fp)
	return parseKeyInner(parts[1], ctx, params, &apostrophe, origin)
}

// parseKeyInner parses a key without origin; origin (if any) is copied into
// every result.
func parseKeyInner(s string, ctx context, params *chaincfg.Params, apostrophe *bool, origin *keyExpr) ([]*keyExpr, error) {
	permitUncompressed := ctx == ctxTop || ctx == ctxP2SH
	elems := strings.Split(s, "/")
	str := elems[0]
	if str == "" {
		return nil, errors.New("No key provided")
	}
	if isSpace(str[0]) || isSpace(str[len(str)-1]) {
		return nil, fmt.Errorf("Key '%s' is invalid due to whitespace", str)
	}
	finish := func(k *keyExpr) []*keyExpr {
		k.xonly = ctx == ctxP2TR
		if origin != nil {
			k.hasOrigin = true
			k.fingerprint = origin.fingerprint
			k.originPath = origin.originPath
		}
		k.apostrophe = *apostrophe
		return []*keyExpr{k}
	}
	if len(elems) == 1 {
		if isHexStr(str) {
			data, _ := hex.DecodeString(str)
			if isHybridEncoding(data) {
				return nil, errors.New("Hybrid public keys are not allowed")
			}
			if validPubKey(data) {
				if permitUncompressed || len(data) == 33 {
					return finish(&keyExpr{pub: data}), nil
				}
				return nil, errors.New("Uncompressed keys are not allowed")
			}
			if len(data) == 32 && ctx == ctxP2TR {
				full := append([]byte{0x02}, data...)
				if validPubKey(full) {
					return finish(&keyExpr{pub: full, xonlyText: true}), nil
				}
			}
			return nil, fmt.Errorf("Pubkey '%s' is invalid", str)
		}
		if w, err := btcutil.DecodeWIF(str); err == nil && w.IsForNet(params) {
			if !permitUncompressed && !w.CompressPubKey {
				return nil, errors.New("Uncompressed keys are not allowed")
			}
			return finish(&keyExpr{pub: w.SerializePubKey(), priv: w.PrivKey, compressed: w.CompressPubKey, xonlyText: ctx == ctxP2TR}), nil
		}
	}
	ext, ok := decodeExtKey(str, params)
	if !ok {
		return nil, fmt.Errorf("key '%s' is not valid", str)
	}
	pathElems := elems[1:]
	derive := deriveNone
	if n := len(pathElems); n > 0 {
		switch pathElems[n-1] {
		case "*":
			derive = deriveUnhardened
			pathElems = pathElems[:n-1]
		case "*'", "*h":
			derive = deriveHardened
			*apostrophe = pathElems[n-1] == "*'"
			pathElems = pathElems[:n-1]
		}
	}
	paths, err := parseKeyPath(pathElems, apostrophe, true)
	if err != nil {
		return nil, err
	}
	rootPub, err := ext.ECPubKey()
	if err != nil {
		return nil, fmt.Errorf("key '%s' is not valid: %w", str, err)
	}
	var rootFP [4]byte
	copy(rootFP[:], address.Hash160(rootPub.SerializeCompressed())[:4])
	out := make([]*keyExpr, 0, len(paths))
	for _, p := range paths {
		k := &keyExpr{ext: ext, rootFP: rootFP, path: p, derive: derive}
		k.parent, k.parentPr = deriveParent(ext, p)
		if k.parent != nil {
			// Memoize the public key now: hdkeychain computes it lazily,
			// which would race between concurrent Expand calls.
			if _, err := k.parent.ECPubKey(); err != nil {
				return nil, fmt.Errorf("key '%s' is not valid: %w", str, err)
			}
		}
		out = append(out, finish(k)...)
	}
	return out, nil
}

// deriveParent follows path from root. It returns nil when a hardened step
// needs a private key that is not available or a derivation fails.
func deriveParent(root *hdkeychain.ExtendedKey, path []uint32) (*hdkeychain.ExtendedKey, bool) {
	k := root
	for _, step := range path {
		if step&hardenedBit != 0 && !k.IsPrivate() {
			return nil, false
		}
		child, err := k.Derive(step)
		if err != nil {
			return nil, false
		}
		k = child
	}
	return k, k.IsPrivate()
}

// isHybridEncoding reports whether data has the length a 0x06/0x07 header
// announces (Core's IsValid && !IsValidNonHybrid).
func isHybridEncoding(data []byte) bool {
	return len(data) == 65 && (data[0] == 0x06 || data[0] == 0x07)
}

// validPubKey reports whether data is a compressed or uncompressed
// (non-hybrid) encoding of a point on the curve.
func validPubKey(data []byte) bool {
	switch {
	case len(data) == 33 && (data[0] == 0x02 || data[0] == 0x03):
	case len(data) == 65 && data[0] == 0x04:
	default:
		return false
	}
	_, err := btcec.ParsePubKey(data)
	return err == nil
}

// decodeExtKey decodes an xpub/xprv (tpub/tprv, ...) of params' network with
// the consistency rules of Core's CExtKey/CExtPubKey::Decode.
func decodeExtKey(s string, params *chaincfg.Params) (*hdkeychain.ExtendedKey, bool) {
	raw := base58.Decode(s)
	if len(raw) != 82 {
		return nil, false
	}
	payload, sum := raw[:78], raw[78:]
	if !bytes.Equal(chainhash.DoubleHashB(payload)[:4], sum) {
		return nil, false
	}
	version := payload[:4]
	depth := payload[4]
	parentFP := payload[5:9]
	child := binary.BigEndian.Uint32(payload[9:13])
	chainCode := payload[13:45]
	keyData := payload[45:78]
	if depth == 0 && (child != 0 || binary.LittleEndian.Uint32(parentFP) != 0) {
		return nil, false
	}
	switch {
	case bytes.Equal(version, params.HDPrivateKeyID[:]):
		if keyData[0] != 0 {
			return nil, false
		}
		var sc btcec.ModNScalar
		if overflow := sc.SetByteSlice(keyData[1:]); overflow || sc.IsZero() {
			return nil, false
		}
		return hdkeychain.NewExtendedKey(clone(version), clone(keyData[1:]), clone(chainCode), clone(parentFP), depth, child, true), true
	case bytes.Equal(version, params.HDPublicKeyID[:]):
		if !validPubKey(keyData) {
			return nil, false
		}
		return hdkeychain.NewExtendedKey(clone(version), clone(keyData), clone(chainCode), clone(parentFP), depth, child, false), true
	}
	return nil, false
}

func clone(b []byte) []byte { return append([]byte(nil), b...) }

// publicExt returns the extended public key of k in params' encoding.
func publicExt(k *hdkeychain.ExtendedKey, params *chaincfg.Params) (*hdkeychain.ExtendedKey, error) {
	pub, err := k.ECPubKey()
	if err != nil {
		return nil, fmt.Errorf("extended key: %w", err)
	}
	fp := make([]byte, 4)
	binary.BigEndian.PutUint32(fp, k.ParentFingerprint())
	return hdkeychain.NewExtendedKey(params.HDPublicKeyID[:], pub.SerializeCompressed(), k.ChainCode(), fp, k.Depth(), k.ChildIndex(), false), nil
}

// originString is "[fingerprint/path]" or "".
func (k *keyExpr) originString(apostrophe bool) string {
	if !k.hasOrigin {
		return ""
	}
	return "[" + hex.EncodeToString(k.fingerprint[:]) + formatPath(k.originPath, apostrophe) + "]"
}

// derivationSuffix renders path and range of an extended key.
func (k *keyExpr) derivationSuffix(apostrophe bool) string {
	s := formatPath(k.path, apostrophe)
	switch k.derive {
	case deriveUnhardened:
		s += "/*"
	case deriveHardened:
		if apostrophe {
			s += "/*'"
		} else {
			s += "/*h"
		}
	}
	return s
}

// publicString is Core's PubkeyProvider::ToString.
func (k *keyExpr) publicString(params *chaincfg.Params) string {
	if k.musig != nil {
		s, _ := k.musig.format(func(p *keyExpr) (string, bool) { return p.publicString(params), true })
		return s
	}
	s := k.originString(k.apostrophe)
	if k.ext == nil {
		if k.xonlyText {
			return s + hex.EncodeToString(k.pub[1:33])
		}
		return s + hex.EncodeToString(k.pub)
	}
	xpub, err := publicExt(k.ext, params)
	if err != nil {
		return s + "<invalid>"
	}
	return s + xpub.String() + k.derivationSuffix(k.apostrophe)
}

// privateString is Core's ToPrivateString; ok is false without a private key.
func (k *keyExpr) privateString(params *chaincfg.Params) (string, bool) {
	if k.musig != nil {
		return k.musig.privateString(params)
	}
	if !k.hasPrivate() {
		return "", false
	}
	s := k.originString(k.apostrophe)
	if k.ext == nil {
		w, err := btcutil.NewWIF(k.priv, params, k.compressed)
		if err != nil {
			return "", false
		}
		return s + w.String(), true
	}
	return s + k.ext.String() + k.derivationSuffix(k.apostrophe), true
}

// Key is one public key produced by expanding a descriptor.
type Key struct {
	Pub         []byte // 33 or 65 bytes; for taproot the 33-byte compressed form
	XOnly       bool   // used as a 32-byte x-only key (tr, rawtr, multi_a)
	Priv        *btcec.PrivateKey
	Fingerprint [4]byte  // master fingerprint (origin, or the key itself)
	Path        []uint32 // full path from that master; hardened = +0x80000000
	// Participants, for a musig() aggregate key, are the sorted
	// participant public keys; the participants follow it in Output.Keys.
	Participants [][]byte
}

// at derives the key at position pos.
func (k *keyExpr) at(pos uint32) (Key, error) {
	if k.musig != nil {
		ks, err := k.musig.at(pos)
		if err != nil {
			return Key{}, err
		}
		return ks[0], nil
	}
	out := Key{XOnly: k.xonly}
	if k.hasOrigin {
		out.Fingerprint = k.fingerprint
		out.Path = append(out.Path, k.originPath...)
	}
	if k.ext == nil {
		out.Pub = k.pub
		out.Priv = k.priv
		if !k.hasOrigin {
			copy(out.Fingerprint[:], address.Hash160(k.pub)[:4])
		}
		return out, nil
	}
	if !k.hasOrigin {
		out.Fingerprint = k.rootFP
	}
	out.Path = append(out.Path, k.path...)
	if k.parent == nil {
		return Key{}, ErrNeedPrivateKeys
	}
	final := k.parent
	if k.derive != deriveNone {
		step := pos // as Core: a position >= 2^31 is a hardened step
		if k.derive == deriveHardened {
			step |= hardenedBit
		}
		if step&hardenedBit != 0 && !k.parentPr {
			return Key{}, ErrNeedPrivateKeys
		}
		child, err := k.parent.Derive(step)
		if err != nil {
			return Key{}, fmt.Errorf("derive child %d: %w", pos, err)
		}
		final = child
		out.Path = append(out.Path, step)
	}
	pub, err := final.ECPubKey()
	if err != nil {
		return Key{}, fmt.Errorf("derived key: %w", err)
	}
	out.Pub = pub.SerializeCompressed()
	if final.IsPrivate() {
		priv, err := final.ECPrivKey()
		if err != nil {
			return Key{}, fmt.Errorf("derived private key: %w", err)
		}
		out.Priv = priv
	}
	return out, nil
}

// normalizedString is Core's ToNormalizedString for one key: hardened
// steps written with h and, for an extended key with hardened steps before
// unhardened ones, the xpub at the last hardened step with the origin
// extended accordingly. ok is false when that needs a missing private key.
func (k *keyExpr) normalizedString(params *chaincfg.Params) (string, bool) {
	if k.musig != nil {
		return k.musig.format(func(p *keyExpr) (string, bool) { return p.normalizedString(params) })
	}
	var inner string
	if k.ext == nil || k.derive == deriveHardened {
		c := *k
		c.apostrophe = false
		c.hasOrigin = false
		inner = c.publicString(params)
	} else {
		last := -1
		for i, step := range k.path {
			if step&hardenedBit != 0 {
				last = i
			}
		}
		if last < 0 {
			c := *k
			c.hasOrigin = false
			inner = c.publicString(params)
		} else {
			at, _ := deriveParent(k.ext, k.path[:last+1])
			if at == nil {
				return "", false
			}
			xpub, err := publicExt(at, params)
			if err != nil {
				return "", false
			}
			inner = "[" + hex.EncodeToString(k.rootFP[:]) + formatPath(k.path[:last+1], false) + "]" +
				xpub.String() + formatPath(k.path[last+1:], false)
			if k.derive == deriveUnhardened {
				inner += "/*"
			}
		}
	}
	if !k.hasOrigin {
		return inner, true
	}
	origin := "[" + hex.EncodeToString(k.fingerprint[:]) + formatPath(k.originPath, false)
	if strings.HasPrefix(inner, "[") {
		return origin + inner[9:], true
	}
	return origin + "]" + inner, true
}
