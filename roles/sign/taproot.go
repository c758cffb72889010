package sign

import (
	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcec/v2/schnorr"
	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

// keyByXOnly is Core's GetKeyByXOnly: the key of either compressed
// public key with that x coordinate.
func keyByXOnly(p Provider, x []byte) (*btcec.PrivateKey, bool) {
	for _, prefix := range []byte{2, 3} {
		if k, ok := p.PrivKey(append([]byte{prefix}, x...)); ok {
			return k, true
		}
	}
	return nil, false
}

// createSchnorrSig signs for x-only key x: a key path signature tweaked
// by merkleRoot (nil: untweaked, empty: BIP86) when leaf is nil, else a
// script path signature for leaf.
func (s *Signer) createSchnorrSig(p Provider, x []byte, leaf *txscript.TapLeaf, merkleRoot []byte) ([]byte, bool) {
	if s.Dummy {
		return make([]byte, 64), true
	}
	if !s.AllPrevouts {
		return nil, false // BIP341 sighashes commit to every spent output
	}
	key, ok := keyByXOnly(p, x)
	if !ok {
		return nil, false
	}
	var hash []byte
	var err error
	if leaf == nil {
		hash, err = txscript.CalcTaprootSignatureHash(s.Hashes, s.HashType, s.Tx, s.Index, s.Fetcher)
		if merkleRoot != nil {
			key = txscript.TweakTaprootPrivKey(*key, merkleRoot)
		}
	} else {
		hash, err = txscript.CalcTapscriptSignaturehash(s.Hashes, s.HashType, s.Tx, s.Index, s.Fetcher, *leaf)
	}
	if err != nil {
		return nil, false
	}
	// Zero auxiliary randomness, as Core signs.
	sig, err := schnorr.Sign(key, hash, schnorr.CustomNonce([32]byte{}))
	if err != nil {
		return nil, false
	}
	out := sig.Serialize()
	if s.HashType != txscript.SigHashDefault {
		out = append(out, byte(s.HashType))
	}
	return out, true
}

// signTaproot is Core's SignTaproot: a key path spend when a key is
// known, else the smallest satisfiable script path spend.
func (s *Signer) signTaproot(p Provider, sd *SigData, outputKey []byte) ([][]byte, bool) {
	if info, ok := p.Taproot(outputKey); ok {
		sd.Taproot = &info
	}
	if sd.Taproot != nil && len(sd.Taproot.InternalKey) == 32 {
		sd.noteTapOrigin(p, sd.Taproot.InternalKey, nil)
	}
	if len(sd.TapKeySig) == 0 && sd.Taproot != nil && len(sd.Taproot.InternalKey) == 32 {
		root := sd.Taproot.MerkleRoot
		if root == nil {
			root = []byte{}
		}
		if sig, ok := s.createSchnorrSig(p, sd.Taproot.InternalKey, nil, root); ok {
			sd.TapKeySig = sig
		}
	}
	if len(sd.TapKeySig) == 0 {
		if sig, ok := s.createSchnorrSig(p, outputKey, nil, nil); ok {
			sd.TapKeySig = sig
		}
	}
	if len(sd.TapKeySig) != 0 {
		return [][]byte{sd.TapKeySig}, true
	}
	if sd.Taproot == nil {
		return nil, false
	}
	var best [][]byte
	for _, leaf := range sd.Taproot.Leaves {
		stack, ok := s.signLeaf(p, sd, leaf)
		if !ok {
			continue
		}
		stack = append(stack, leaf.Script, leaf.ControlBlock)
		if best == nil || stackSize(stack) < stackSize(best) {
			best = stack
		}
	}
	return best, best != nil
}

// stackSize is the serialized size of a witness stack.
func stackSize(stack [][]byte) int {
	n := wire.VarIntSerializeSize(uint64(len(stack)))
	for _, item := range stack {
		n += wire.VarIntSerializeSize(uint64(len(item))) + len(item)
	}
	return n
}

// signLeaf satisfies a BIP342 leaf of the forms pk(K) (<K> OP_CHECKSIG)
// and multi_a(k,K1,...,Kn); other leaves are not satisfied.
func (s *Signer) signLeaf(p Provider, sd *SigData, leaf TapLeaf) ([][]byte, bool) {
	if leaf.LeafVersion != byte(txscript.BaseLeafVersion) {
		return nil, false
	}
	keys, k, ok := matchTapLeaf(leaf.Script)
	if !ok {
		return nil, false
	}
	tl := txscript.NewBaseTapLeaf(leaf.Script)
	lh := tl.TapHash()
	sigs := make([][]byte, len(keys))
	have := 0
	for i, x := range keys {
		var sk TapSigKey
		copy(sk.XOnly[:], x)
		copy(sk.LeafHash[:], lh[:])
		sd.noteTapOrigin(p, x, &sk.LeafHash)
		if sig, ok := sd.TapScriptSigs[sk]; ok {
			sigs[i] = sig
		} else if sig, ok := s.createSchnorrSig(p, x, &tl, nil); ok {
			if sd.TapScriptSigs == nil {
				sd.TapScriptSigs = map[TapSigKey][]byte{}
			}
			sd.TapScriptSigs[sk] = sig
			sigs[i] = sig
		}
		if sigs[i] != nil && have < k {
			have++
		} else {
			sigs[i] = nil
		}
	}
	if have < k {
		return nil, false
	}
	// The first key's signature is checked first, so it is on top.
	stack := make([][]byte, 0, len(keys))
	for i := len(keys) - 1; i >= 0; i-- {
		stack = append(stack, sigs[i])
		if stack[len(stack)-1] == nil {
			stack[len(stack)-1] = []byte{}
		}
	}
	return stack, true
}

// matchTapLeaf recognizes <K> OP_CHECKSIG (one key, threshold 1) and
// <K1> OP_CHECKSIG <K2> OP_CHECKSIGADD ... <k> OP_NUMEQUAL.
func matchTapLeaf(script []byte) ([][]byte, int, bool) {
	if len(script) == 34 && script[0] == 32 && script[33] == txscript.OP_CHECKSIG {
		return [][]byte{script[1:33]}, 1, true
	}
	var keys [][]byte
	rest := script
	for len(rest) >= 34 && rest[0] == 32 {
		op := byte(txscript.OP_CHECKSIGADD)
		if len(keys) == 0 {
			op = txscript.OP_CHECKSIG
		}
		if rest[33] != op {
			return nil, 0, false
		}
		keys = append(keys, rest[1:33])
		rest = rest[34:]
	}
	if len(keys) == 0 || len(rest) < 2 || rest[len(rest)-1] != txscript.OP_NUMEQUAL {
		return nil, 0, false
	}
	tok := txscript.MakeScriptTokenizer(0, rest[:len(rest)-1])
	if !tok.Next() {
		return nil, 0, false
	}
	k, ok := scriptNumber(tok.Opcode(), tok.Data())
	if !ok || tok.Next() || tok.Err() != nil || k < 1 || k > len(keys) {
		return nil, 0, false
	}
	return keys, k, true
}
