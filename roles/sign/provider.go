package sign

import (
	"crypto/sha256"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcec/v2/schnorr"
	"github.com/btcsuite/btcd/txscript/v2"
)

// Provider is what a signer may know: Core's SigningProvider.
type Provider interface {
	// PrivKey returns the private key of a serialized public key (33 or
	// 65 bytes).
	PrivKey(pub []byte) (*btcec.PrivateKey, bool)
	// PubKey returns the serialized public key whose HASH160 is given.
	PubKey(hash160 []byte) ([]byte, bool)
	// Script returns a redeem script by its HASH160 (20 bytes) or a
	// witness script by its SHA256 (32 bytes).
	Script(hash []byte) ([]byte, bool)
	// Taproot returns what is known of a 32-byte x-only output key.
	Taproot(outputKey []byte) (TaprootInfo, bool)
}

// KeyOrigin is a BIP32 key origin: master key fingerprint and path.
type KeyOrigin struct {
	Fingerprint [4]byte
	Path        []uint32
}

// OriginProvider is an optional extension of Provider (Core's
// GetKeyOrigin): the origin of a public key, serialized (33 or 65 bytes)
// or x-only (32 bytes). Signing records the origins of the keys it meets
// so PSBTs get their derivation fields.
type OriginProvider interface {
	KeyOrigin(pub []byte) (KeyOrigin, bool)
}

// TaprootInfo is Core's TaprootSpendData: how an output key was built.
type TaprootInfo struct {
	InternalKey []byte    // 32-byte x-only internal key
	MerkleRoot  []byte    // 32 bytes; empty for a key-only output
	Leaves      []TapLeaf // the known script leaves
}

// TapLeaf is one script leaf with a control block proving it.
type TapLeaf struct {
	Script       []byte
	LeafVersion  byte
	ControlBlock []byte
}

// Flat is a map-backed Provider (Core's FlatSigningProvider). The zero
// value is empty and ready; it is not safe for concurrent writes.
type Flat struct {
	keys    map[string]*btcec.PrivateKey // by serialized pubkey
	pubs    map[[20]byte][]byte          // by HASH160 of the pubkey
	scripts map[string][]byte            // by HASH160 and by SHA256
	taproot map[[32]byte]TaprootInfo     // by x-only output key
	origins map[string]KeyOrigin         // by serialized or x-only key
}

func (f *Flat) init() {
	if f.keys == nil {
		f.keys = map[string]*btcec.PrivateKey{}
		f.pubs = map[[20]byte][]byte{}
		f.scripts = map[string][]byte{}
		f.taproot = map[[32]byte]TaprootInfo{}
		f.origins = map[string]KeyOrigin{}
	}
}

// AddKey adds a private key and its public key in the given serialization.
func (f *Flat) AddKey(priv *btcec.PrivateKey, compressed bool) {
	f.init()
	pub := priv.PubKey().SerializeUncompressed()
	if compressed {
		pub = priv.PubKey().SerializeCompressed()
	}
	f.keys[string(pub)] = priv
	f.AddPubKey(pub)
}

// AddPubKey adds a public key (33 or 65 bytes) without its private key.
func (f *Flat) AddPubKey(pub []byte) {
	f.init()
	var h [20]byte
	copy(h[:], address.Hash160(pub))
	f.pubs[h] = append([]byte(nil), pub...)
}

// AddScript adds a script under its HASH160 (as a redeem script) and its
// SHA256 (as a witness script).
func (f *Flat) AddScript(script []byte) {
	f.init()
	s := append([]byte(nil), script...)
	f.scripts[string(address.Hash160(s))] = s
	sum := sha256.Sum256(s)
	f.scripts[string(sum[:])] = s
}

// AddTaproot records how the x-only output key was built.
func (f *Flat) AddTaproot(outputKey []byte, info TaprootInfo) {
	f.init()
	var k [32]byte
	copy(k[:], outputKey)
	f.taproot[k] = info
}

// AddOrigin records the origin of a public key (33 or 65 bytes, or
// 32-byte x-only).
func (f *Flat) AddOrigin(pub []byte, o KeyOrigin) {
	f.init()
	f.origins[string(pub)] = o
}

// KeyOrigin implements OriginProvider. An x-only key also finds the
// origin of its even compressed form.
func (f *Flat) KeyOrigin(pub []byte) (KeyOrigin, bool) {
	if o, ok := f.origins[string(pub)]; ok {
		return o, true
	}
	if len(pub) == 32 {
		for _, prefix := range []byte{2, 3} {
			if o, ok := f.origins[string(append([]byte{prefix}, pub...))]; ok {
				return o, true
			}
		}
	}
	return KeyOrigin{}, false
}

// Merge adds everything other knows (Core's Merge of flat providers).
func (f *Flat) Merge(other *Flat) {
	f.init()
	for k, v := range other.keys {
		f.keys[k] = v
	}
	for k, v := range other.pubs {
		f.pubs[k] = v
	}
	for k, v := range other.scripts {
		f.scripts[k] = v
	}
	for k, v := range other.taproot {
		f.taproot[k] = v
	}
	for k, v := range other.origins {
		f.origins[k] = v
	}
}

// PrivKey implements Provider.
func (f *Flat) PrivKey(pub []byte) (*btcec.PrivateKey, bool) {
	k, ok := f.keys[string(pub)]
	return k, ok
}

// PubKey implements Provider.
func (f *Flat) PubKey(hash160 []byte) ([]byte, bool) {
	if len(hash160) != 20 {
		return nil, false
	}
	var h [20]byte
	copy(h[:], hash160)
	p, ok := f.pubs[h]
	return p, ok
}

// Script implements Provider.
func (f *Flat) Script(hash []byte) ([]byte, bool) {
	s, ok := f.scripts[string(hash)]
	return s, ok
}

// Taproot implements Provider.
func (f *Flat) Taproot(outputKey []byte) (TaprootInfo, bool) {
	if len(outputKey) != 32 {
		return TaprootInfo{}, false
	}
	var k [32]byte
	copy(k[:], outputKey)
	t, ok := f.taproot[k]
	return t, ok
}

// TaprootTree builds the output of internal key with the given script
// leaves (none: a BIP86 key-only output) and returns the x-only output key
// and the TaprootInfo to record for it.
func TaprootTree(internal *btcec.PublicKey, leaves ...txscript.TapLeaf) ([]byte, TaprootInfo, error) {
	info := TaprootInfo{InternalKey: schnorr.SerializePubKey(internal)}
	if len(leaves) == 0 {
		out := txscript.ComputeTaprootKeyNoScript(internal)
		return schnorr.SerializePubKey(out), info, nil
	}
	tree := txscript.AssembleTaprootScriptTree(leaves...)
	root := tree.RootNode.TapHash()
	info.MerkleRoot = root[:]
	for _, proof := range tree.LeafMerkleProofs {
		cb := proof.ToControlBlock(internal)
		raw, err := cb.ToBytes()
		if err != nil {
			return nil, TaprootInfo{}, err
		}
		info.Leaves = append(info.Leaves, TapLeaf{Script: proof.Script, LeafVersion: byte(proof.LeafVersion), ControlBlock: raw})
	}
	out := txscript.ComputeTaprootOutputKey(internal, root[:])
	return schnorr.SerializePubKey(out), info, nil
}
