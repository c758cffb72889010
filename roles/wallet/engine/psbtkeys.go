package engine

import (
	"bytes"

	"github.com/mpbitcoin/mpbitcoin/roles/psbt"
)

// listedKeys are the public keys a PSBT's unsigned inputs name in their
// BIP32 derivations (33-byte) and taproot derivations (32-byte x-only).
func listedKeys(p *psbt.Packet) [][]byte {
	var keys [][]byte
	for i := range p.Inputs {
		in := &p.Inputs[i]
		if inputFinal(in) {
			continue
		}
		for _, d := range in.Bip32 {
			keys = append(keys, d.PubKey)
		}
		for _, d := range in.TapBip32 {
			keys = append(keys, d.XOnly)
		}
	}
	return keys
}

// scriptsWithKeys lists the wallet's scripts that involve any of keys, so
// that the wallet signs an input of a script it does not own (a multisig
// shared with others) with the keys it holds, as Core's descriptor
// FillPSBT does for the pubkeys a PSBT lists. The caller holds w.mu.
func (w *Wallet) scriptsWithKeys(keys [][]byte) [][]byte {
	if len(keys) == 0 {
		return nil
	}
	var out [][]byte
	for script, r := range w.scripts {
		if refHasKey(r, keys) {
			out = append(out, []byte(script))
		}
	}
	return out
}

func refHasKey(r scriptRef, keys [][]byte) bool {
	for _, k := range r.out.Keys {
		for _, want := range keys {
			switch {
			case bytes.Equal(k.Pub, want):
				return true
			case len(want) == 32 && len(k.Pub) == 33 && bytes.Equal(k.Pub[1:], want):
				return true
			}
		}
	}
	return false
}
