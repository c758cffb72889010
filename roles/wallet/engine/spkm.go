package engine

import (
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/btcutil/v2/hdkeychain"
	"github.com/btcsuite/btcd/chaincfg/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
)

// Output types as Core's OutputType and the order it sets them up in.
const (
	typeLegacy     = "legacy"
	typeP2SHSegwit = "p2sh-segwit"
	typeBech32     = "bech32"
	typeBech32m    = "bech32m"
)

var outputTypes = []string{typeLegacy, typeP2SHSegwit, typeBech32, typeBech32m}

// outputTypeByte is Core's OutputType enum value, used in the
// activeexternalspk/activeinternalspk records.
func outputTypeByte(t string) uint8 {
	switch t {
	case typeLegacy:
		return 0
	case typeP2SHSegwit:
		return 1
	case typeBech32:
		return 2
	case typeBech32m:
		return 3
	}
	return 255
}

func outputTypeName(b uint8) string {
	if int(b) < len(outputTypes) {
		return outputTypes[b]
	}
	return ""
}

// descRecord is what is stored per descriptor (Core's WalletDescriptor).
type descRecord struct {
	Descriptor   string // public form
	CreationTime int64
	NextIndex    int32
	RangeStart   int32
	RangeEnd     int32 // exclusive
}

// spkm is one descriptor the wallet watches (Core's
// DescriptorScriptPubKeyMan): its parsed form, with private keys attached
// when the wallet has them, and how far it is expanded.
type spkm struct {
	id   [32]byte
	rec  descRecord
	desc *descriptor.Descriptor
	keys map[string]*btcec.PrivateKey  // by hex of the 33/65-byte public key
	outs map[int32][]descriptor.Output // expanded positions (Core's script cache)
}

// at returns the outputs of position i, from the cache when expanded.
func (s *spkm) at(i int32) ([]descriptor.Output, error) {
	if o, ok := s.outs[i]; ok {
		return o, nil
	}
	return s.desc.Expand(uint32(i))
}

// extKeyRe finds BIP32 extended public keys in a descriptor string.
var extKeyRe = regexp.MustCompile(`[tx]pub[1-9A-HJ-NP-Za-km-z]{100,112}`)

// base58Run finds maximal runs of base58 characters.
var base58Run = regexp.MustCompile(`[1-9A-HJ-NP-Za-km-z]+`)

// hexKeyRe finds hex public keys (compressed, uncompressed, x-only).
var hexKeyRe = regexp.MustCompile(`\b(?:0[23][0-9a-f]{64}|04[0-9a-f]{128}|[0-9a-f]{64})\b`)

// attachPrivate rewrites a public descriptor with the private keys the
// wallet holds (xpub → xprv with the same chain code and position, hex
// key → WIF) and parses it.
func attachPrivate(public string, keys map[string]*btcec.PrivateKey, params *chaincfg.Params) (*descriptor.Descriptor, error) {
	body, _, _ := strings.Cut(public, "#")
	var firstErr error
	body = extKeyRe.ReplaceAllStringFunc(body, func(s string) string {
		k, err := hdkeychain.NewKeyFromString(s)
		if err != nil {
			return s
		}
		pub, err := k.ECPubKey()
		if err != nil {
			return s
		}
		priv, ok := keys[hex.EncodeToString(pub.SerializeCompressed())]
		if !ok {
			return s
		}
		parentFP := k.ParentFingerprint()
		fp := []byte{byte(parentFP >> 24), byte(parentFP >> 16), byte(parentFP >> 8), byte(parentFP)}
		x := hdkeychain.NewExtendedKey(params.HDPrivateKeyID[:], priv.Serialize(), k.ChainCode(), fp, k.Depth(), k.ChildIndex(), true)
		return x.String()
	})
	body = hexKeyRe.ReplaceAllStringFunc(body, func(s string) string {
		for _, cand := range []string{s, "02" + s, "03" + s} {
			if len(s) == 64 && cand == s {
				continue
			}
			if priv, ok := keys[cand]; ok {
				wif, err := btcutil.NewWIF(priv, params, len(cand) == 66)
				if err != nil {
					firstErr = err
					return s
				}
				return wif.String()
			}
		}
		return s
	})
	if firstErr != nil {
		return nil, firstErr
	}
	d, err := descriptor.Parse(body, params, false)
	if err != nil {
		return nil, fmt.Errorf("stored descriptor %q: %w", public, err)
	}
	return d, nil
}

// rootPrivateKeys are the private keys a descriptor written with private
// keys holds at its roots (an xprv's own key, WIF/hex keys), by public key
// hex: what the wallet stores as walletdescriptorkey records.
func rootPrivateKeys(private string, params *chaincfg.Params) (map[string]*btcec.PrivateKey, error) {
	out := map[string]*btcec.PrivateKey{}
	body, _, _ := strings.Cut(private, "#")
	for _, s := range base58Run.FindAllString(body, -1) {
		if !strings.HasPrefix(s, "tprv") && !strings.HasPrefix(s, "xprv") {
			continue
		}
		k, err := hdkeychain.NewKeyFromString(s)
		if err != nil {
			return nil, fmt.Errorf("extended private key: %w", err)
		}
		priv, err := k.ECPrivKey()
		if err != nil {
			return nil, fmt.Errorf("extended private key: %w", err)
		}
		out[hex.EncodeToString(priv.PubKey().SerializeCompressed())] = priv
	}
	for _, s := range base58Run.FindAllString(body, -1) {
		if len(s) != 51 && len(s) != 52 {
			continue
		}
		wif, err := btcutil.DecodeWIF(s)
		if err != nil || !wif.IsForNet(params) {
			continue
		}
		out[hex.EncodeToString(wif.SerializePubKey())] = wif.PrivKey
	}
	return out, nil
}
