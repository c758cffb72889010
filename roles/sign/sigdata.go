package sign

import (
	"bytes"
	"slices"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

// SigData is Core's SignatureData: what is known about the satisfaction of
// one input. Produce fills it; FromTx extracts it from a partially signed
// input; PSBT code moves it in and out of PSBT input maps.
type SigData struct {
	ScriptSig []byte
	Witness   wire.TxWitness
	Complete  bool
	// IsWitness reports that the input is spent with a witness.
	IsWitness bool

	RedeemScript  []byte
	WitnessScript []byte
	// Sigs are the ECDSA signatures (with their sighash byte) by
	// serialized public key.
	Sigs map[string][]byte
	// PubKeys are further known public keys (Core's misc_pubkeys).
	PubKeys [][]byte
	// Origins are the origins of the keys met while signing, by
	// serialized public key, when the provider is an OriginProvider.
	Origins map[string]KeyOrigin
	// TapOrigins are the origins of the x-only keys met while signing a
	// taproot input, with the leaves they sign for (Core's
	// taproot_misc_pubkeys).
	TapOrigins map[[32]byte]TapOrigin

	// TapKeySig is the key path signature.
	TapKeySig []byte
	// TapScriptSigs are script path signatures by key and leaf hash.
	TapScriptSigs map[TapSigKey][]byte
	// Taproot is the spend data of the output when known.
	Taproot *TaprootInfo

	// What was missing to complete the input (Core's missing_* fields).
	MissingPubKeys       [][]byte // HASH160s
	MissingSigs          [][]byte // HASH160s of the keys
	MissingRedeemScript  []byte   // HASH160
	MissingWitnessScript []byte   // SHA256
}

// TapOrigin is the origin of an x-only key and the leaves it signs for.
type TapOrigin struct {
	LeafHashes [][32]byte
	Origin     KeyOrigin
}

// noteOrigin records pub's origin when p knows it.
func (sd *SigData) noteOrigin(p Provider, pub []byte) {
	op, ok := p.(OriginProvider)
	if !ok {
		return
	}
	if o, ok := op.KeyOrigin(pub); ok {
		if sd.Origins == nil {
			sd.Origins = map[string]KeyOrigin{}
		}
		sd.Origins[string(pub)] = o
	}
}

// noteTapOrigin records the origin of x-only key x, adding leaf (nil for
// the key path) to its leaves.
func (sd *SigData) noteTapOrigin(p Provider, x []byte, leaf *[32]byte) {
	op, ok := p.(OriginProvider)
	if !ok {
		return
	}
	o, ok := op.KeyOrigin(x)
	if !ok {
		return
	}
	if sd.TapOrigins == nil {
		sd.TapOrigins = map[[32]byte]TapOrigin{}
	}
	var k [32]byte
	copy(k[:], x)
	t, have := sd.TapOrigins[k]
	if !have {
		t.Origin = o
	}
	if leaf != nil && !slices.Contains(t.LeafHashes, *leaf) {
		t.LeafHashes = append(t.LeafHashes, *leaf)
	}
	sd.TapOrigins[k] = t
}

// TapSigKey names a script path signature: the x-only key and the leaf.
type TapSigKey struct {
	XOnly    [32]byte
	LeafHash [32]byte
}

func (sd *SigData) addSig(pub, sig []byte) {
	if sd.Sigs == nil {
		sd.Sigs = map[string][]byte{}
	}
	if _, ok := sd.Sigs[string(pub)]; !ok {
		sd.Sigs[string(pub)] = append([]byte(nil), sig...)
	}
}

// sigByHash returns the signature and key whose HASH160 is h.
func (sd *SigData) sigByHash(h []byte) (pub, sig []byte, ok bool) {
	for p, s := range sd.Sigs {
		if bytes.Equal(address.Hash160([]byte(p)), h) {
			return []byte(p), s, true
		}
	}
	return nil, nil, false
}

// pubKeyByHash is Core's GetPubKey: the partial signatures' keys, the
// other known keys, then the provider.
func (sd *SigData) pubKeyByHash(p Provider, h []byte) ([]byte, bool) {
	if pub, _, ok := sd.sigByHash(h); ok {
		return pub, true
	}
	for _, pub := range sd.PubKeys {
		if bytes.Equal(address.Hash160(pub), h) {
			return pub, true
		}
	}
	return p.PubKey(h)
}

// Merge adds what other knows (Core's MergeSignatureData): a complete
// other replaces sd; otherwise scripts fill gaps and signatures are
// united.
func (sd *SigData) Merge(other *SigData) {
	if sd.Complete {
		return
	}
	if other.Complete {
		*sd = *other
		return
	}
	if len(sd.RedeemScript) == 0 {
		sd.RedeemScript = other.RedeemScript
	}
	if len(sd.WitnessScript) == 0 {
		sd.WitnessScript = other.WitnessScript
	}
	for p, s := range other.Sigs {
		sd.addSig([]byte(p), s)
	}
}
