package engine

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"
)

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Core's wallet_crypto_tests passphrase vector, and a ciphertext computed
// with Python's hashlib (key derivation) and `openssl enc -aes-256-cbc`
// (PKCS#7) for Core's encrypt-test plaintext.
func TestDeriveKeyAndAESVectors(t *testing.T) {
	salt := unhex(t, "0000deadbeef0000")
	key, iv := deriveKey("test", salt, 25000)
	if hex.EncodeToString(key) != "fc7aba077ad5f4c3a0988d8daa4810d0d4a0e3bcb53af662998898f33df0556a" ||
		hex.EncodeToString(iv) != "cf2f2691526dd1aa220896fb8bf7c369" {
		t.Errorf("deriveKey(test) = %x %x", key, iv)
	}
	key, iv = deriveKey("passphrase", salt, 25000)
	if hex.EncodeToString(key) != "68bd83b750e6e8a438df085a32b853be1315d76b4a925ecf33c43a4d295c3c8b" ||
		hex.EncodeToString(iv) != "40a51992575c27b566deed96760f911d" {
		t.Fatalf("deriveKey(passphrase) = %x %x", key, iv)
	}
	for _, v := range []struct{ plain, cipher string }{
		{"22bcade09ac03ff6386914359cfe885cfeb5f77ff0d670f102f619687453b29d", "268d36ce1233e9c990caa3c18807b7a7e1552ca1c80bea78ac6170b6ef8e8d98b6adb506a312e0ad4756b4633d46d54a"},
		{"00", "232f767b79e50aec9242090827d30a12"},
	} {
		got, err := aesEncrypt(key, iv, unhex(t, v.plain))
		if err != nil || hex.EncodeToString(got) != v.cipher {
			t.Errorf("encrypt %s = %x, %v; want %s", v.plain, got, err, v.cipher)
		}
		back, err := aesDecrypt(key, iv, unhex(t, v.cipher))
		if err != nil || hex.EncodeToString(back) != v.plain {
			t.Errorf("decrypt %s = %x, %v", v.cipher, back, err)
		}
	}
	// A whole block of padding for a block-sized plaintext.
	if got, _ := aesEncrypt(key, iv, make([]byte, 16)); len(got) != 32 {
		t.Errorf("16-byte plaintext encrypts to %d bytes", len(got))
	}
	for _, bad := range [][]byte{nil, make([]byte, 15), make([]byte, 32)} {
		if _, err := aesDecrypt(key, iv, bad); err == nil {
			t.Errorf("decrypt of %d bytes of zeros succeeded", len(bad))
		}
	}
	// Secrets are tied to their public key.
	priv, _ := btcec.NewPrivateKey()
	pub := priv.PubKey().SerializeCompressed()
	secret, err := encryptSecret(key, priv, pub)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := decryptSecret(key, secret, pub); err != nil || !bytes.Equal(got.Serialize(), priv.Serialize()) {
		t.Errorf("decryptSecret: %v", err)
	}
	other, _ := btcec.NewPrivateKey()
	if _, err := decryptSecret(key, secret, other.PubKey().SerializeCompressed()); err == nil {
		t.Error("a secret decrypted under another public key")
	}
	rec, err := newMasterKeyRecord("pw", key)
	if err != nil {
		t.Fatal(err)
	}
	if m, err := openMaster(rec, "pw"); err != nil || !bytes.Equal(m, key) {
		t.Errorf("openMaster: %v", err)
	}
	if _, err := openMaster(rec, "pW"); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("openMaster with a wrong passphrase: %v", err)
	}
}

// waitLocked waits for the relock timer to lock w (no time limit is
// asserted: the test only fails by hanging past go test's timeout).
func waitLocked(w *Wallet) {
	for {
		w.mu.Lock()
		locked := w.keysLocked()
		w.mu.Unlock()
		if locked {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestEncryptLockUnlock(t *testing.T) {
	m, c, w := fundedWallet(t, 1)
	ctx := context.Background()
	pay := []Recipient{{Script: external, Amount: 1_0000_0000}}
	before := newAddr(t, w, typeBech32, "")
	if err := w.Lock(); !errors.Is(err, ErrNotEncrypted) {
		t.Errorf("lock unencrypted: %v", err)
	}
	if err := w.Unlock("x", 10); !errors.Is(err, ErrNotEncrypted) {
		t.Errorf("unlock unencrypted: %v", err)
	}
	if err := w.Encrypt("correct horse"); err != nil {
		t.Fatal(err)
	}
	if !w.IsCrypted() {
		t.Fatal("not encrypted")
	}
	if err := w.Encrypt("again"); !errors.Is(err, ErrAlreadyEncrypted) {
		t.Errorf("encrypt twice: %v", err)
	}
	if until, ok := w.UnlockedUntil(); !ok || until != 0 {
		t.Errorf("unlocked_until %d, %v", until, ok)
	}
	if _, err := w.CreateTransaction(ctx, pay, SendOptions{ChangePos: -1}); !errors.Is(err, ErrUnlockNeeded) {
		t.Errorf("send while locked: %v", err)
	}
	if err := w.RefillKeypool(10); !errors.Is(err, ErrUnlockNeeded) {
		t.Errorf("keypoolrefill while locked: %v", err)
	}
	// Encryption starts a new seed: new addresses come from it, old coins
	// stay ours.
	after := newAddr(t, w, typeBech32, "")
	if d := activeDesc(t, w, typeBech32, false); addressAt(t, d.Descriptor, 0) != after {
		t.Errorf("address after encryption %s is not position 0 of the new active descriptor", after)
	}
	if _, _, ok := w.IsMineScript(script(t, w, before)); !ok {
		t.Error("an address of the old seed is no longer ours")
	}
	if got := w.Balances(0).Trusted; got != 50_0000_0000 {
		t.Errorf("balance after encryption %d", got)
	}
	// The private descriptors need the keys.
	if _, err := w.Descriptors(true); err == nil {
		t.Error("private descriptors listed while locked")
	}

	if err := w.Unlock("wrong horse", 100); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("wrong passphrase: %v", err)
	}
	now := time.Unix(chainStart+5000, 0)
	c.setNow(now)
	if err := w.Unlock("correct horse", 100); err != nil {
		t.Fatal(err)
	}
	if until, _ := w.UnlockedUntil(); until != now.Unix()+100 {
		t.Errorf("unlocked_until %d, want node time + 100", until)
	}
	created, err := w.CreateTransaction(ctx, pay, SendOptions{ChangePos: -1})
	if err != nil {
		t.Fatal(err)
	}
	checkSigned(t, c, created.Tx)
	if _, err := w.Descriptors(true); err != nil {
		t.Errorf("private descriptors while unlocked: %v", err)
	}
	if err := w.Lock(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.CreateTransaction(ctx, pay, SendOptions{ChangePos: -1}); !errors.Is(err, ErrUnlockNeeded) {
		t.Errorf("send after walletlock: %v", err)
	}

	// The relock timer.
	if err := w.Unlock("correct horse", 0); err != nil {
		t.Fatal(err)
	}
	waitLocked(w)
	if _, err := w.CreateTransaction(ctx, pay, SendOptions{ChangePos: -1}); !errors.Is(err, ErrUnlockNeeded) {
		t.Errorf("send after the timeout: %v", err)
	}

	// ChangePassphrase.
	if err := w.ChangePassphrase("wrong", "battery staple"); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("change with a wrong passphrase: %v", err)
	}
	if err := w.ChangePassphrase("correct horse", "battery staple"); err != nil {
		t.Fatal(err)
	}
	if err := w.Unlock("correct horse", 100); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("old passphrase after change: %v", err)
	}

	// A reloaded encrypted wallet is locked and opens with the new passphrase.
	if err := m.Unload(ctx, "funded", nil); err != nil {
		t.Fatal(err)
	}
	w, err = m.Load(ctx, "funded", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !w.IsCrypted() {
		t.Fatal("reloaded wallet is not encrypted")
	}
	if _, err := w.CreateTransaction(ctx, pay, SendOptions{ChangePos: -1}); !errors.Is(err, ErrUnlockNeeded) {
		t.Errorf("send from the reloaded wallet: %v", err)
	}
	if err := w.Unlock("correct horse", 100); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("old passphrase after reload: %v", err)
	}
	if err := w.Unlock("battery staple", 100); err != nil {
		t.Fatal(err)
	}
	created, err = w.CreateTransaction(ctx, pay, SendOptions{ChangePos: -1})
	if err != nil {
		t.Fatal(err)
	}
	checkSigned(t, c, created.Tx)
	// The post-encryption seed signs too once its coins are mature.
	c.mine(nil, script(t, w, after))
	c.mineN(coinbaseMaturity, []byte{0x51})
	big, err := w.CreateTransaction(ctx, []Recipient{{Script: external, Amount: 99_0000_0000}}, SendOptions{ChangePos: -1})
	if err != nil {
		t.Fatal(err)
	}
	checkSigned(t, c, big.Tx)
}
