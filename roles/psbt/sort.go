package psbt

import (
	"bytes"
	"slices"

	"github.com/btcsuite/btcd/address/v2"
)

// SortMaps puts every map of p in the order Core's containers keep it
// (the order Encode writes), without dropping anything: what Core's
// decodepsbt lists after reading a PSBT. Unlike Clone it keeps the
// signing fields of finalized inputs.
func (p *Packet) SortMaps() {
	slices.SortStableFunc(p.XPubs, compareXPubs)
	sortExtra(p.Proprietary, p.Unknown)
	for i := range p.Inputs {
		p.Inputs[i].sortMaps()
	}
	for i := range p.Outputs {
		p.Outputs[i].sortMaps()
	}
}

// compareXPubs is the order of Core's map of origins to sets of
// CExtPubKey: origin, then public key, then chain code.
func compareXPubs(a, b XPub) int {
	if c := compareOrigin(a.Origin, b.Origin); c != 0 {
		return c
	}
	if c := comparePubKeys(a.Key[45:78], b.Key[45:78]); c != 0 {
		return c
	}
	return bytes.Compare(a.Key[13:45], b.Key[13:45])
}

func sortExtra(props []Proprietary, unknown []KV) {
	slices.SortStableFunc(props, func(a, b Proprietary) int { return bytes.Compare(a.Key, b.Key) })
	slices.SortStableFunc(unknown, func(a, b KV) int { return bytes.Compare(a.Key, b.Key) })
}

func sortBip32(ds []Bip32Derivation) {
	slices.SortStableFunc(ds, func(a, b Bip32Derivation) int { return comparePubKeys(a.PubKey, b.PubKey) })
}

func sortTapBip32(ds []TapBip32Derivation) {
	slices.SortStableFunc(ds, func(a, b TapBip32Derivation) int { return bytes.Compare(a.XOnly, b.XOnly) })
	for i := range ds {
		sortHashes(ds[i].LeafHashes)
	}
}

func sortParticipants(ms []MuSig2Participants) {
	slices.SortStableFunc(ms, func(a, b MuSig2Participants) int { return comparePubKeys(a.Aggregate, b.Aggregate) })
}

func sortMuSig2Data(ds []MuSig2Data) {
	slices.SortStableFunc(ds, func(a, b MuSig2Data) int {
		if c := comparePubKeys(a.Aggregate, b.Aggregate); c != 0 {
			return c
		}
		if c := bytes.Compare(leafOrZero(a.LeafHash), leafOrZero(b.LeafHash)); c != 0 {
			return c
		}
		return comparePubKeys(a.Participant, b.Participant)
	})
}

// compareLeafScripts is the order of Core's map of (script, leaf
// version) to the set of control blocks (shortest first).
func compareLeafScripts(a, b TapLeafScript) int {
	if c := bytes.Compare(a.Script, b.Script); c != 0 {
		return c
	}
	if a.LeafVersion != b.LeafVersion {
		return int(a.LeafVersion) - int(b.LeafVersion)
	}
	if len(a.ControlBlock) != len(b.ControlBlock) {
		return len(a.ControlBlock) - len(b.ControlBlock)
	}
	return bytes.Compare(a.ControlBlock, b.ControlBlock)
}

func (in *Input) sortMaps() {
	slices.SortStableFunc(in.PartialSigs, func(a, b PartialSig) int {
		return bytes.Compare(address.Hash160(a.PubKey), address.Hash160(b.PubKey))
	})
	sortBip32(in.Bip32)
	for _, list := range [][]Preimage{in.Ripemd160, in.Sha256, in.Hash160, in.Hash256} {
		slices.SortStableFunc(list, func(a, b Preimage) int { return bytes.Compare(a.Hash, b.Hash) })
	}
	slices.SortStableFunc(in.TapScriptSigs, func(a, b TapScriptSig) int {
		if c := bytes.Compare(a.XOnly, b.XOnly); c != 0 {
			return c
		}
		return bytes.Compare(a.LeafHash, b.LeafHash)
	})
	slices.SortStableFunc(in.TapLeafScripts, compareLeafScripts)
	sortTapBip32(in.TapBip32)
	sortParticipants(in.MuSig2Participants)
	sortMuSig2Data(in.MuSig2PubNonces)
	sortMuSig2Data(in.MuSig2PartialSigs)
	sortExtra(in.Proprietary, in.Unknown)
}

func (out *Output) sortMaps() {
	sortBip32(out.Bip32)
	sortTapBip32(out.TapBip32)
	sortParticipants(out.MuSig2Participants)
	sortExtra(out.Proprietary, out.Unknown)
}
