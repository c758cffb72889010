package engine

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/chainhash/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/store"
)

// Wallet encryption as Core's CCrypter: a random 32-byte master key
// encrypts every private key (AES-256-CBC, IV from the double SHA-256 of
// the public key); the master key itself is encrypted with a key and IV
// derived from the passphrase by iterated SHA-512 over passphrase||salt.

const (
	masterKeyID      = 1
	deriveIterations = 25000 // Core's minimum; Core calibrates to ~0.1 s
	maxRelockSeconds = 100000000
)

// Encryption errors with Core's texts.
var (
	ErrUnlockNeeded     = errors.New("Error: Please enter the wallet passphrase with walletpassphrase first.")
	ErrWrongPassphrase  = errors.New("Error: The wallet passphrase entered was incorrect.")
	ErrNotEncrypted     = errors.New("wallet is not encrypted")
	ErrAlreadyEncrypted = errors.New("Error: running with an encrypted wallet, but encryptwallet was called.")
	ErrNothingToEncrypt = errors.New("Error: wallet does not contain private keys, nothing to encrypt.")
)

// crypter is an encrypted wallet's key state.
type crypter struct {
	master  store.MasterKey
	key     []byte                         // the master key while unlocked
	crypted map[[32]byte]map[string][]byte // descriptor → pubkey hex → encrypted secret
	timer   *time.Timer
	until   int64 // unlocked until (node clock), 0 when locked
}

// deriveKey is Core's BytesToKeySHA512AES.
func deriveKey(pass string, salt []byte, rounds uint32) (key, iv []byte) {
	h := sha512.New()
	h.Write([]byte(pass))
	h.Write(salt)
	buf := h.Sum(nil)
	for i := uint32(1); i < rounds; i++ {
		sum := sha512.Sum512(buf)
		buf = sum[:]
	}
	return buf[:32], buf[32:48]
}

func aesEncrypt(key, iv, plain []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	pad := aes.BlockSize - len(plain)%aes.BlockSize
	in := append(append([]byte(nil), plain...), bytes.Repeat([]byte{byte(pad)}, pad)...)
	out := make([]byte, len(in))
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(out, in)
	return out, nil
}

func aesDecrypt(key, iv, data []byte) ([]byte, error) {
	if len(data) == 0 || len(data)%aes.BlockSize != 0 {
		return nil, errors.New("ciphertext is not a whole number of blocks")
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	out := make([]byte, len(data))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(out, data)
	pad := int(out[len(out)-1])
	if pad == 0 || pad > aes.BlockSize || pad > len(out) || !bytes.Equal(out[len(out)-pad:], bytes.Repeat([]byte{byte(pad)}, pad)) {
		return nil, errors.New("bad padding")
	}
	return out[:len(out)-pad], nil
}

func secretIV(pub []byte) []byte { return chainhash.DoubleHashB(pub)[:16] }

func encryptSecret(master []byte, priv *btcec.PrivateKey, pub []byte) ([]byte, error) {
	return aesEncrypt(master, secretIV(pub), priv.Serialize())
}

func decryptSecret(master, secret, pub []byte) (*btcec.PrivateKey, error) {
	plain, err := aesDecrypt(master, secretIV(pub), secret)
	if err != nil || len(plain) != 32 {
		return nil, ErrWrongPassphrase
	}
	priv, _ := btcec.PrivKeyFromBytes(plain)
	want := priv.PubKey().SerializeCompressed()
	if len(pub) == 65 {
		want = priv.PubKey().SerializeUncompressed()
	}
	if !bytes.Equal(want, pub) {
		return nil, ErrWrongPassphrase
	}
	return priv, nil
}

func newMasterKeyRecord(pass string, master []byte) (store.MasterKey, error) {
	salt := make([]byte, 8)
	if _, err := rand.Read(salt); err != nil {
		return store.MasterKey{}, err
	}
	k, iv := deriveKey(pass, salt, deriveIterations)
	enc, err := aesEncrypt(k, iv, master)
	if err != nil {
		return store.MasterKey{}, err
	}
	return store.MasterKey{CryptedKey: enc, Salt: salt, DerivationMethod: 0, DeriveIterations: deriveIterations}, nil
}

// openMaster decrypts the master key with pass.
func openMaster(m store.MasterKey, pass string) ([]byte, error) {
	if m.DerivationMethod != 0 {
		return nil, fmt.Errorf("unknown key derivation method %d", m.DerivationMethod)
	}
	k, iv := deriveKey(pass, m.Salt, m.DeriveIterations)
	master, err := aesDecrypt(k, iv, m.CryptedKey)
	if err != nil || len(master) != 32 {
		return nil, ErrWrongPassphrase
	}
	return master, nil
}

// IsCrypted reports whether the wallet is encrypted.
func (w *Wallet) IsCrypted() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.crypt != nil
}

// locked reports whether private keys are unavailable; the caller holds w.mu.
func (w *Wallet) keysLocked() bool { return w.crypt != nil && w.crypt.key == nil }

// UnlockedUntil is getwalletinfo's unlocked_until (0 while locked).
func (w *Wallet) UnlockedUntil() (int64, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.crypt == nil {
		return 0, false
	}
	return w.crypt.until, true
}

// Encrypt encrypts every private key under pass and locks the wallet
// (Core's EncryptWallet).
func (w *Wallet) Encrypt(pass string) error {
	now := w.now()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.crypt != nil {
		return ErrAlreadyEncrypted
	}
	if w.flags&(FlagDisablePrivateKeys) != 0 {
		return ErrNothingToEncrypt
	}
	master := make([]byte, 32)
	if _, err := rand.Read(master); err != nil {
		return err
	}
	rec, err := newMasterKeyRecord(pass, master)
	if err != nil {
		return err
	}
	c := &crypter{master: rec, crypted: map[[32]byte]map[string][]byte{}}
	err = w.update(func(b *store.Batch) error {
		if err := b.WriteMasterKey(masterKeyID, rec); err != nil {
			return err
		}
		for id, s := range w.spkms {
			for pubHex, priv := range s.keys {
				pub, _ := hex.DecodeString(pubHex)
				secret, err := encryptSecret(master, priv, pub)
				if err != nil {
					return err
				}
				if err := b.WriteCryptedDescriptorKey(id, pub, secret); err != nil {
					return err
				}
				if c.crypted[id] == nil {
					c.crypted[id] = map[string][]byte{}
				}
				c.crypted[id][pubHex] = secret
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	w.crypt = c
	// Core starts a new HD seed on encryption: new active descriptors,
	// written encrypted; the old ones stay for the coins they hold.
	if w.flags&FlagBlankWallet == 0 {
		c.key = master
		err := w.update(func(b *store.Batch) error { return w.setupDescriptors(now, b) })
		if err != nil {
			_ = w.lockKeys()
			return fmt.Errorf("new HD seed: %w", err)
		}
	}
	return w.lockKeys()
}

// lockKeys drops every private key from memory; the caller holds w.mu.
func (w *Wallet) lockKeys() error {
	if w.crypt.timer != nil {
		w.crypt.timer.Stop()
		w.crypt.timer = nil
	}
	w.crypt.key, w.crypt.until = nil, 0
	for _, s := range w.spkms {
		d, err := attachPrivate(s.rec.Descriptor, nil, w.opts.Params)
		if err != nil {
			return err
		}
		s.desc, s.keys = d, map[string]*btcec.PrivateKey{}
		for i, outs := range s.outs {
			s.outs[i] = publicOutputs(outs)
		}
	}
	// The script cache keeps no keys either; signing expands again
	// (signingOutput) once unlocked.
	for script, r := range w.scripts {
		r.out = publicOutputs([]descriptor.Output{r.out})[0]
		w.scripts[script] = r
	}
	return nil
}

// publicOutputs are copies of outs without private keys.
func publicOutputs(outs []descriptor.Output) []descriptor.Output {
	out := make([]descriptor.Output, len(outs))
	for i, o := range outs {
		o.Keys = append([]descriptor.Key(nil), o.Keys...)
		for j := range o.Keys {
			o.Keys[j].Priv = nil
		}
		out[i] = o
	}
	return out
}

// Lock locks an encrypted wallet.
func (w *Wallet) Lock() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.crypt == nil {
		return ErrNotEncrypted
	}
	return w.lockKeys()
}

// Unlock decrypts the keys for timeout seconds (Core's walletpassphrase).
func (w *Wallet) Unlock(pass string, timeout int64) error {
	now := w.now()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.crypt == nil {
		return ErrNotEncrypted
	}
	master, err := openMaster(w.crypt.master, pass)
	if err != nil {
		return err
	}
	keys := map[[32]byte]map[string]*btcec.PrivateKey{}
	for id, m := range w.crypt.crypted {
		keys[id] = map[string]*btcec.PrivateKey{}
		for pubHex, secret := range m {
			pub, _ := hex.DecodeString(pubHex)
			priv, err := decryptSecret(master, secret, pub)
			if err != nil {
				return err
			}
			keys[id][pubHex] = priv
		}
	}
	for id, s := range w.spkms {
		d, err := attachPrivate(s.rec.Descriptor, keys[id], w.opts.Params)
		if err != nil {
			return err
		}
		s.desc, s.keys = d, keys[id]
		if s.keys == nil {
			s.keys = map[string]*btcec.PrivateKey{}
		}
		_ = w.topUp(s) // Core tops the keypool up on unlock
	}
	timeout = min(max(timeout, 0), maxRelockSeconds)
	w.crypt.key, w.crypt.until = master, now+timeout
	if w.crypt.timer != nil {
		w.crypt.timer.Stop()
	}
	c := w.crypt
	c.timer = time.AfterFunc(time.Duration(timeout)*time.Second, func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		if w.crypt == c && c.key != nil {
			_ = w.lockKeys()
		}
	})
	return nil
}

// ChangePassphrase re-encrypts the master key under a new passphrase.
func (w *Wallet) ChangePassphrase(old, next string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.crypt == nil {
		return ErrNotEncrypted
	}
	master, err := openMaster(w.crypt.master, old)
	if err != nil {
		return err
	}
	rec, err := newMasterKeyRecord(next, master)
	if err != nil {
		return err
	}
	if err := w.update(func(b *store.Batch) error { return b.WriteMasterKey(masterKeyID, rec) }); err != nil {
		return err
	}
	w.crypt.master = rec
	return nil
}

// storeKey writes a private key in the wallet's form: plain, or encrypted
// with the unlocked master key. The caller holds w.mu.
func (w *Wallet) storeKey(b *store.Batch, id [32]byte, pub []byte, priv *btcec.PrivateKey) error {
	if w.crypt == nil {
		return b.WriteDescriptorKey(id, pub, priv)
	}
	if w.crypt.key == nil {
		return ErrUnlockNeeded
	}
	secret, err := encryptSecret(w.crypt.key, priv, pub)
	if err != nil {
		return err
	}
	if w.crypt.crypted[id] == nil {
		w.crypt.crypted[id] = map[string][]byte{}
	}
	w.crypt.crypted[id][hex.EncodeToString(pub)] = secret
	return b.WriteCryptedDescriptorKey(id, pub, secret)
}

// IsLocked reports whether the wallet is encrypted and locked (Core's
// IsLocked): RPCs that need keys fail with ErrUnlockNeeded first.
func (w *Wallet) IsLocked() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.keysLocked()
}
