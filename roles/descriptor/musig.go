package descriptor

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcec/v2/schnorr/musig2"
	"github.com/btcsuite/btcd/btcutil/v2/hdkeychain"
	"github.com/btcsuite/btcd/chaincfg/v2"
)

// musigChainCode is BIP328's chain code for the synthetic xpub of a MuSig2
// aggregate key.
const musigChainCode = "868087ca02a6f974c4598924c36b57762d32cb45717167e300622c7167e38965"

// musigKey is a musig(KEY,...)[/path][/*] expression (BIP390).
type musigKey struct {
	participants []*keyExpr
	path         []uint32
	derive       deriveType // deriveNone or deriveUnhardened
}

// parseMusig parses s (starting with "musig(") in a taproot context, as
// Core's ParsePubkey; one result per multipath alternative.
func parseMusig(s string, params *chaincfg.Params) ([]*keyExpr, error) {
	// Split after each ')' keeping it, as Core's Split(..., include_sep).
	var split []string
	rest := s
	for {
		i := strings.IndexByte(rest, ')')
		if i < 0 {
			split = append(split, rest)
			break
		}
		split = append(split, rest[:i+1])
		rest = rest[i+1:]
	}
	if len(split) > 2 {
		return nil, errors.New("Too many ')' in musig() expression")
	}
	body, ok := fn("musig", split[0])
	if !ok {
		return nil, errors.New("Invalid musig() expression")
	}
	var providers [][]*keyExpr
	anyRanged, allBIP32, maxLen := false, true, 0
	for first := true; body != ""; first = false {
		if !first {
			if body[0] != ',' {
				return nil, fmt.Errorf("musig(): expected ',', got '%c'", body[0])
			}
			body = body[1:]
		}
		var arg string
		arg, body = expr(body)
		keys, err := parseKey(arg, ctxMuSig, params)
		if err != nil {
			return nil, fmt.Errorf("musig(): %w", err)
		}
		anyRanged = anyRanged || keys[0].isRange()
		allBIP32 = allBIP32 && keys[0].ext != nil
		maxLen = max(maxLen, len(keys))
		providers = append(providers, keys)
	}
	if len(providers) == 0 {
		return nil, errors.New("musig(): Must contain key expressions")
	}
	derive := deriveNone
	paths := [][]uint32{nil}
	if len(split) == 2 && strings.HasPrefix(split[1], "/") {
		if !allBIP32 {
			return nil, errors.New("musig(): derivation requires all participants to be xpubs or xprvs")
		}
		if anyRanged {
			return nil, errors.New("musig(): Cannot have ranged participant keys if musig() also has derivation")
		}
		elems := strings.Split(split[1], "/")[1:]
		if n := len(elems); n > 0 {
			switch elems[n-1] {
			case "*":
				derive = deriveUnhardened
				elems = elems[:n-1]
			case "*'", "*h":
				return nil, errors.New("musig(): Cannot have hardened child derivation")
			}
		}
		dummy := false
		var err error
		if paths, err = parseKeyPath(elems, &dummy, true); err != nil {
			return nil, fmt.Errorf("musig(): %w", err)
		}
		for _, p := range paths {
			for _, step := range p {
				if step&hardenedBit != 0 {
					return nil, errors.New("musig(): cannot have hardened derivation steps")
				}
			}
		}
	}
	alts := 1
	switch {
	case maxLen > 1 && len(paths) > 1:
		return nil, errors.New("musig(): Cannot have multipath participant keys if musig() is also multipath")
	case maxLen > 1:
		for _, ks := range providers {
			if len(ks) != 1 && len(ks) != maxLen {
				return nil, errors.New("musig(): Multipath derivation paths have mismatched lengths")
			}
		}
		alts = maxLen
	case len(paths) > 1:
		alts = len(paths)
	}
	out := make([]*keyExpr, alts)
	for i := range out {
		m := &musigKey{path: pick(paths, i), derive: derive}
		for _, ks := range providers {
			m.participants = append(m.participants, pick(ks, i))
		}
		out[i] = &keyExpr{musig: m, xonly: true}
	}
	return out, nil
}

func (m *musigKey) rangedParticipants() bool {
	for _, p := range m.participants {
		if p.isRange() {
			return true
		}
	}
	return false
}

func (m *musigKey) format(keyString func(*keyExpr) (string, bool)) (string, bool) {
	parts := make([]string, len(m.participants))
	for i, p := range m.participants {
		s, ok := keyString(p)
		if !ok {
			return "", false
		}
		parts[i] = s
	}
	s := "musig(" + strings.Join(parts, ",") + ")" + formatPath(m.path, false)
	if m.derive == deriveUnhardened {
		s += "/*"
	}
	return s, true
}

// privateString is Core's MuSig ToPrivateString: participants with their
// private keys where known; fails when none is.
func (m *musigKey) privateString(params *chaincfg.Params) (string, bool) {
	any := false
	s, _ := m.format(func(p *keyExpr) (string, bool) {
		if priv, ok := p.privateString(params); ok {
			any = true
			return priv, true
		}
		return p.publicString(params), true
	})
	return s, any
}

// aggregate is Core's MuSig2AggregatePubkeys over sorted keys.
func aggregate(pubs [][]byte) ([]byte, error) {
	sorted := append([][]byte(nil), pubs...)
	sort.Slice(sorted, func(i, j int) bool { return bytes.Compare(sorted[i], sorted[j]) < 0 })
	keys := make([]*btcec.PublicKey, len(sorted))
	for i, p := range sorted {
		k, err := btcec.ParsePubKey(p)
		if err != nil {
			return nil, fmt.Errorf("musig participant: %w", err)
		}
		keys[i] = k
	}
	agg, _, _, err := musig2.AggregateKeys(keys, false)
	if err != nil {
		return nil, fmt.Errorf("musig aggregation: %w", err)
	}
	return agg.FinalKey.SerializeCompressed(), nil
}

// at derives the aggregate key at pos. It returns the aggregate (with the
// sorted participant keys) followed by the participants.
func (m *musigKey) at(pos uint32) ([]Key, error) {
	parts := make([]Key, len(m.participants))
	pubs := make([][]byte, len(m.participants))
	for i, p := range m.participants {
		k, err := p.at(pos)
		if err != nil {
			return nil, err
		}
		parts[i], pubs[i] = k, k.Pub
	}
	aggPub, err := aggregate(pubs)
	if err != nil {
		return nil, err
	}
	agg := Key{Pub: aggPub, XOnly: true}
	copy(agg.Fingerprint[:], address.Hash160(aggPub)[:4])
	if !m.rangedParticipants() && (m.derive != deriveNone || len(m.path) > 0) {
		cc, _ := hex.DecodeString(musigChainCode)
		k := hdkeychain.NewExtendedKey(make([]byte, 4), aggPub, cc, make([]byte, 4), 0, 0, false)
		steps := append([]uint32(nil), m.path...)
		if m.derive == deriveUnhardened {
			steps = append(steps, pos)
		}
		for _, step := range steps {
			if k, err = k.Derive(step); err != nil {
				return nil, fmt.Errorf("musig derivation: %w", err)
			}
		}
		pub, err := k.ECPubKey()
		if err != nil {
			return nil, fmt.Errorf("musig derivation: %w", err)
		}
		agg.Pub = pub.SerializeCompressed()
		agg.Path = steps
	}
	sorted := append([][]byte(nil), pubs...)
	sort.Slice(sorted, func(i, j int) bool { return bytes.Compare(sorted[i], sorted[j]) < 0 })
	agg.Participants = sorted
	return append([]Key{agg}, parts...), nil
}
