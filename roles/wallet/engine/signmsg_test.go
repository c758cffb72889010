package engine

import (
	"encoding/base64"
	"errors"
	"testing"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/btcec/v2/ecdsa"
	"github.com/btcsuite/btcd/btcutil/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/store"
)

// Core's rpc_signmessagewithprivkey.py vector.
const (
	vectorKey = "cUeKHd5orzT3mz8P9pxyREHfsWtVfgsfDjiZZBcjUBAaGk1BTj7N"
	vectorMsg = "This is just a test message"
	vectorSig = "INbVnW4e6PeRmsv2Qgu8NuopvrVjkcxob+sX8OcZG0SALhWybUjzMLPdAsXI46YZGb0KQTRii+wWIQzRpG/U+S0="
)

func TestSignMessage(t *testing.T) {
	w := testWallet(t)
	w.mu.Lock()
	err := w.update(func(b *store.Batch) error {
		return w.addDescriptor(b, descriptor.AddChecksum("pkh("+vectorKey+")"), 1, 0, 0, "", false, false)
	})
	w.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	wif, err := btcutil.DecodeWIF(vectorKey)
	if err != nil {
		t.Fatal(err)
	}
	ka, err := address.NewAddressPubKeyHash(address.Hash160(wif.SerializePubKey()), w.opts.Params)
	if err != nil {
		t.Fatal(err)
	}
	pkh := ka.EncodeAddress()
	sig, err := w.SignMessage(pkh, vectorMsg)
	if err != nil || sig != vectorSig {
		t.Fatalf("SignMessage = %q, %v; want %q", sig, err, vectorSig)
	}
	// What verifymessage does: recover the key from the same hash.
	raw, _ := base64.StdEncoding.DecodeString(sig)
	pub, compressed, err := ecdsa.RecoverCompact(raw, MessageHash(vectorMsg))
	if err != nil || !compressed {
		t.Fatalf("recover: %v", err)
	}
	a, _ := address.NewAddressPubKeyHash(address.Hash160(pub.SerializeCompressed()), w.opts.Params)
	if a.EncodeAddress() != pkh {
		t.Errorf("recovered %s, want %s", a.EncodeAddress(), pkh)
	}
	// HD keys of the wallet sign too.
	legacy := newAddr(t, w, "legacy", "")
	if _, err := w.SignMessage(legacy, "hello"); err != nil {
		t.Errorf("sign with the wallet's legacy address: %v", err)
	}
	if _, err := w.SignMessage(newAddr(t, w, "bech32", ""), "hello"); !errors.Is(err, ErrNotKeyAddress) {
		t.Errorf("bech32 address: %v", err)
	}
	other, _ := address.NewAddressPubKeyHash(make([]byte, 20), w.opts.Params)
	if _, err := w.SignMessage(other.EncodeAddress(), "hello"); !errors.Is(err, ErrPrivateKeyMissing) {
		t.Errorf("foreign key: %v", err)
	}
	if _, err := w.SignMessage("bogus", "hello"); !errors.Is(err, ErrInvalidSignAddress) {
		t.Errorf("bad address: %v", err)
	}
}
