package engine

import (
	"bytes"
	"encoding/base64"
	"errors"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/btcec/v2/ecdsa"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
)

// Errors of signmessage, with Core's texts (SigningResultString).
var (
	ErrNotKeyAddress      = errors.New("Address does not refer to key")
	ErrPrivateKeyMissing  = errors.New("Private key not available")
	ErrInvalidSignAddress = errors.New("Invalid address")
)

// messageMagic prefixes signed messages (Core's MESSAGE_MAGIC).
const messageMagic = "Bitcoin Signed Message:\n"

// MessageHash is Core's MessageHash: SHA256d of the magic and the message,
// each serialized as a length-prefixed string; the node's verifymessage
// recovers the key from the same hash.
func MessageHash(msg string) []byte {
	var b bytes.Buffer
	_ = wire.WriteVarString(&b, 0, messageMagic)
	_ = wire.WriteVarString(&b, 0, msg)
	return chainhash.DoubleHashB(b.Bytes())
}

// SignMessage signs msg with the key of a P2PKH address of the wallet
// (Core's signmessage): a base64 compact signature with the recovery id.
func (w *Wallet) SignMessage(addr, msg string) (string, error) {
	a, err := address.DecodeAddress(addr, w.opts.Params)
	if err != nil || !a.IsForNet(w.opts.Params) {
		return "", ErrInvalidSignAddress
	}
	pkh, ok := a.(*address.AddressPubKeyHash)
	if !ok {
		return "", ErrNotKeyAddress
	}
	script, err := descriptor.AddressScript(addr, w.opts.Params)
	if err != nil {
		return "", ErrInvalidSignAddress
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.keysLocked() {
		return "", ErrUnlockNeeded
	}
	r, mine := w.isMine(script)
	if !mine {
		return "", ErrPrivateKeyMissing
	}
	// Expand again: the cached outputs may predate an unlock.
	outs, err := w.spkms[r.id].desc.Expand(uint32(max(r.index, 0)))
	if err != nil {
		return "", ErrPrivateKeyMissing
	}
	for _, o := range outs {
		if !bytes.Equal(o.Script, script) {
			continue
		}
		for _, k := range o.Keys {
			if k.Priv == nil || !bytes.Equal(address.Hash160(k.Pub), pkh.ScriptAddress()) {
				continue
			}
			sig := ecdsa.SignCompact(k.Priv, MessageHash(msg), len(k.Pub) == 33)
			return base64.StdEncoding.EncodeToString(sig), nil
		}
	}
	return "", ErrPrivateKeyMissing
}
