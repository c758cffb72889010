package store

import (
	"crypto/sha256"
	"fmt"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

// Record types (Core's DBKeys).
const (
	TypeActiveExternalSPK  = "activeexternalspk"
	TypeActiveInternalSPK  = "activeinternalspk"
	TypeBestBlock          = "bestblock"
	TypeBestBlockNoMerkle  = "bestblock_nomerkle"
	TypeDestData           = "destdata"
	TypeFlags              = "flags"
	TypeLockedUTXO         = "lockedutxo"
	TypeMasterKey          = "mkey"
	TypeMinVersion         = "minversion"
	TypeName               = "name"
	TypeOrderPosNext       = "orderposnext"
	TypePurpose            = "purpose"
	TypeSettings           = "settings"
	TypeTx                 = "tx"
	TypeVersion            = "version"
	TypeWalletDescriptor   = "walletdescriptor"
	TypeDescriptorCache    = "walletdescriptorcache"
	TypeDescriptorLHCache  = "walletdescriptorlhcache"
	TypeDescriptorCryptKey = "walletdescriptorckey"
	TypeDescriptorKey      = "walletdescriptorkey"
	TypeACEntry            = "acentry"
)

// IsLegacyType reports whether typ is a record type of legacy
// (non-descriptor) wallets, Core's DBKeys::LEGACY_TYPES. A descriptor
// wallet holding one is refused.
func IsLegacyType(typ string) bool {
	switch typ {
	case "ckey", "cscript", "defaultkey", "hdchain", "keymeta", "key", "wkey", "pool", "watchmeta", "watchs":
		return true
	}
	return false
}

// Wallet flags (Core's WalletFlags).
const (
	FlagAvoidReuse             uint64 = 1 << 0
	FlagKeyOriginMetadata      uint64 = 1 << 1
	FlagLastHardenedXPubCached uint64 = 1 << 2
	FlagDisablePrivateKeys     uint64 = 1 << 32
	FlagBlankWallet            uint64 = 1 << 33
	FlagDescriptors            uint64 = 1 << 34
	FlagExternalSigner         uint64 = 1 << 35

	// KnownFlags are the flags this version understands; an unknown flag
	// in the upper 32 bits makes a wallet unloadable.
	KnownFlags = FlagAvoidReuse | FlagKeyOriginMetadata | FlagLastHardenedXPubCached |
		FlagDisablePrivateKeys | FlagBlankWallet | FlagDescriptors | FlagExternalSigner
)

// Output types as Core numbers them in the active-SPK records.
const (
	OutputLegacy     uint8 = 0
	OutputP2SHSegwit uint8 = 1
	OutputBech32     uint8 = 2
	OutputBech32m    uint8 = 3
)

// ClientVersion is this software's CLIENT_VERSION (0.1.0, as the node's
// getnetworkinfo "version" shows it), kept in the "version" record of
// every wallet it loads, as Core keeps its own.
const ClientVersion = 100

// LocatorVersion is the version Core writes before a block locator
// (CBlockLocator::DUMMY_VERSION).
const LocatorVersion = 70016

// XPubSize is the size of an encoded extended public key (BIP32_EXTKEY_SIZE).
const XPubSize = 74

// MasterKey is an "mkey" record (Core's CMasterKey): the wallet's
// encryption key encrypted with the passphrase, and how to derive the key
// that decrypts it.
type MasterKey struct {
	CryptedKey       []byte
	Salt             []byte
	DerivationMethod uint32 // 0: EVP_sha512 with AES-256-CBC
	DeriveIterations uint32
	OtherParams      []byte // vchOtherDerivationParameters
}

func (m MasterKey) encode() []byte {
	e := &encoder{}
	e.varBytes(m.CryptedKey)
	e.varBytes(m.Salt)
	e.u32(m.DerivationMethod)
	e.u32(m.DeriveIterations)
	e.varBytes(m.OtherParams)
	return e.b
}

func decodeMasterKey(v []byte) (MasterKey, error) {
	d := &decoder{b: v}
	m := MasterKey{CryptedKey: d.varBytes(), Salt: d.varBytes(), DerivationMethod: d.u32(), DeriveIterations: d.u32(), OtherParams: d.varBytes()}
	return m, d.err
}

// doubleSHA256 is Core's Hash().
func doubleSHA256(parts ...[]byte) [32]byte {
	h := sha256.New()
	for _, p := range parts {
		h.Write(p)
	}
	first := h.Sum(nil)
	return sha256.Sum256(first)
}

// Keys of the records.

func descKeyKey(typ string, id [32]byte, pub []byte) []byte {
	e := recordKey(typ)
	e.hash(id)
	e.varBytes(pub)
	return e.b
}

func addrKey(typ, addr string) []byte {
	e := recordKey(typ)
	e.str(addr)
	return e.b
}

func outPointKey(op wire.OutPoint) []byte {
	e := recordKey(TypeLockedUTXO)
	e.hash([32]byte(op.Hash))
	e.u32(op.Index)
	return e.b
}

func activeSPKKey(outputType uint8, internal bool) []byte {
	t := TypeActiveExternalSPK
	if internal {
		t = TypeActiveInternalSPK
	}
	e := recordKey(t)
	e.u8(outputType)
	return e.b
}

func txKey(txid chainhash.Hash) []byte {
	e := recordKey(TypeTx)
	e.hash([32]byte(txid))
	return e.b
}

func mkeyKey(id uint32) []byte {
	e := recordKey(TypeMasterKey)
	e.u32(id)
	return e.b
}

func destDataKey(addr, key string) []byte {
	e := recordKey(TypeDestData)
	e.str(addr)
	e.str(key)
	return e.b
}

// Writers: each is Core's WalletBatch method of the same name.

func (b *Batch) put(what string, key, value []byte) error {
	if err := b.Put(key, value); err != nil {
		return fmt.Errorf("write %s: %w", what, err)
	}
	return nil
}

// WriteVersion writes the "version" record (the last client version to
// open the wallet).
func (b *Batch) WriteVersion(v int32) error {
	e := &encoder{}
	e.i32(v)
	return b.put(TypeVersion, KeyPrefix(TypeVersion), e.b)
}

// WriteMinVersion writes the "minversion" record of older wallets; Core
// v30 neither writes nor reads it.
func (b *Batch) WriteMinVersion(v int32) error {
	e := &encoder{}
	e.i32(v)
	return b.put(TypeMinVersion, KeyPrefix(TypeMinVersion), e.b)
}

// WriteFlags writes the wallet flags.
func (b *Batch) WriteFlags(flags uint64) error {
	e := &encoder{}
	e.u64(flags)
	return b.put(TypeFlags, KeyPrefix(TypeFlags), e.b)
}

// WriteOrderPosNext writes the next transaction order position.
func (b *Batch) WriteOrderPosNext(n int64) error {
	e := &encoder{}
	e.i64(n)
	return b.put(TypeOrderPosNext, KeyPrefix(TypeOrderPosNext), e.b)
}

// WriteDescriptor writes a descriptor under its id.
func (b *Batch) WriteDescriptor(id [32]byte, d WalletDescriptor) error {
	e := recordKey(TypeWalletDescriptor)
	e.hash(id)
	return b.put(TypeWalletDescriptor, e.b, d.encode())
}

// WriteDescriptorKey writes a descriptor's private key: pub (33 or 65
// bytes, which also says how priv is encoded) to priv in CPrivKey form
// with the double-SHA256 of pub||CPrivKey. It fails with ErrRecordExists
// if the key is stored already, as Core's does.
func (b *Batch) WriteDescriptorKey(id [32]byte, pub []byte, priv *btcec.PrivateKey) error {
	if !validPubKey(pub) {
		return fmt.Errorf("write %s: invalid public key %x", TypeDescriptorKey, pub)
	}
	der := EncodePrivKey(priv, len(pub) == 33)
	e := &encoder{}
	e.varBytes(der)
	e.hash(doubleSHA256(pub, der))
	if err := b.PutNew(descKeyKey(TypeDescriptorKey, id, pub), e.b); err != nil {
		return fmt.Errorf("write %s: %w", TypeDescriptorKey, err)
	}
	return nil
}

// WriteCryptedDescriptorKey writes a descriptor's encrypted private key
// and erases its plain one, as Core's does; ErrRecordExists if the
// encrypted key is stored already.
func (b *Batch) WriteCryptedDescriptorKey(id [32]byte, pub, secret []byte) error {
	if !validPubKey(pub) {
		return fmt.Errorf("write %s: invalid public key %x", TypeDescriptorCryptKey, pub)
	}
	e := &encoder{}
	e.varBytes(secret)
	if err := b.PutNew(descKeyKey(TypeDescriptorCryptKey, id, pub), e.b); err != nil {
		return fmt.Errorf("write %s: %w", TypeDescriptorCryptKey, err)
	}
	return b.Delete(descKeyKey(TypeDescriptorKey, id, pub))
}

func (b *Batch) writeXPub(typ string, key []byte, xpub [XPubSize]byte) error {
	e := &encoder{}
	e.varBytes(xpub[:])
	return b.put(typ, key, e.b)
}

// WriteDescriptorParentCache caches the xpub of key expression keyExp.
func (b *Batch) WriteDescriptorParentCache(id [32]byte, keyExp uint32, xpub [XPubSize]byte) error {
	e := recordKey(TypeDescriptorCache)
	e.hash(id)
	e.u32(keyExp)
	return b.writeXPub(TypeDescriptorCache, e.b, xpub)
}

// WriteDescriptorDerivedCache caches the xpub derived at derIndex from key
// expression keyExp.
func (b *Batch) WriteDescriptorDerivedCache(id [32]byte, keyExp, derIndex uint32, xpub [XPubSize]byte) error {
	e := recordKey(TypeDescriptorCache)
	e.hash(id)
	e.u32(keyExp)
	e.u32(derIndex)
	return b.writeXPub(TypeDescriptorCache, e.b, xpub)
}

// WriteDescriptorLastHardenedCache caches the last hardened xpub of key
// expression keyExp.
func (b *Batch) WriteDescriptorLastHardenedCache(id [32]byte, keyExp uint32, xpub [XPubSize]byte) error {
	e := recordKey(TypeDescriptorLHCache)
	e.hash(id)
	e.u32(keyExp)
	return b.writeXPub(TypeDescriptorLHCache, e.b, xpub)
}

// WriteActiveSPK makes descriptor id the active one for an output type
// (OutputLegacy...OutputBech32m) on the internal (change) or external chain.
func (b *Batch) WriteActiveSPK(outputType uint8, internal bool, id [32]byte) error {
	e := &encoder{}
	e.hash(id)
	return b.put("active spk", activeSPKKey(outputType, internal), e.b)
}

// EraseActiveSPK drops the active descriptor of an output type and chain.
func (b *Batch) EraseActiveSPK(outputType uint8, internal bool) error {
	return b.Delete(activeSPKKey(outputType, internal))
}

// WriteMasterKey writes encryption master key number id.
func (b *Batch) WriteMasterKey(id uint32, m MasterKey) error {
	return b.put(TypeMasterKey, mkeyKey(id), m.encode())
}

// EraseMasterKey erases master key number id.
func (b *Batch) EraseMasterKey(id uint32) error { return b.Delete(mkeyKey(id)) }

// WriteTx writes a wallet transaction under its txid.
func (b *Batch) WriteTx(tx WalletTx) error {
	if tx.Tx == nil {
		return fmt.Errorf("write %s: no transaction", TypeTx)
	}
	v, err := tx.encode()
	if err != nil {
		return err
	}
	return b.put(TypeTx, txKey(tx.TxID()), v)
}

// EraseTx erases a wallet transaction.
func (b *Batch) EraseTx(txid chainhash.Hash) error { return b.Delete(txKey(txid)) }

func (b *Batch) writeString(typ string, key []byte, s string) error {
	e := &encoder{}
	e.str(s)
	return b.put(typ, key, e.b)
}

// WriteName writes an address book label.
func (b *Batch) WriteName(addr, label string) error {
	return b.writeString(TypeName, addrKey(TypeName, addr), label)
}

// EraseName erases an address book label.
func (b *Batch) EraseName(addr string) error { return b.Delete(addrKey(TypeName, addr)) }

// WritePurpose writes an address book purpose ("send", "receive", "refund").
func (b *Batch) WritePurpose(addr, purpose string) error {
	return b.writeString(TypePurpose, addrKey(TypePurpose, addr), purpose)
}

// ErasePurpose erases an address book purpose.
func (b *Batch) ErasePurpose(addr string) error { return b.Delete(addrKey(TypePurpose, addr)) }

// WriteDestData writes one item of an address's data: "used" ("1") for an
// address spent from under avoid_reuse, "rr<id>" for a receive request.
func (b *Batch) WriteDestData(addr, key, value string) error {
	return b.writeString(TypeDestData, destDataKey(addr, key), value)
}

// EraseDestData erases one item of an address's data.
func (b *Batch) EraseDestData(addr, key string) error { return b.Delete(destDataKey(addr, key)) }

// EraseAddress erases an address's label, purpose and data.
func (b *Batch) EraseAddress(addr string) error {
	if err := b.EraseName(addr); err != nil {
		return err
	}
	if err := b.ErasePurpose(addr); err != nil {
		return err
	}
	return b.DeletePrefix(addrKey(TypeDestData, addr))
}

// WriteLockedUTXO persists a coin lock.
func (b *Batch) WriteLockedUTXO(op wire.OutPoint) error {
	return b.put(TypeLockedUTXO, outPointKey(op), []byte{'1'})
}

// EraseLockedUTXO drops a persisted coin lock.
func (b *Batch) EraseLockedUTXO(op wire.OutPoint) error { return b.Delete(outPointKey(op)) }

func encodeLocator(hashes []chainhash.Hash) []byte {
	e := &encoder{}
	e.i32(LocatorVersion)
	e.compactSize(uint64(len(hashes)))
	for _, h := range hashes {
		e.hash([32]byte(h))
	}
	return e.b
}

// WriteBestBlock writes the block locator of the chain the wallet is synced
// to, as Core does: an empty locator under "bestblock" (so versions that
// wanted a merkle branch rescan) and the real one under "bestblock_nomerkle".
func (b *Batch) WriteBestBlock(locator []chainhash.Hash) error {
	if err := b.put(TypeBestBlock, KeyPrefix(TypeBestBlock), encodeLocator(nil)); err != nil {
		return err
	}
	return b.put(TypeBestBlockNoMerkle, KeyPrefix(TypeBestBlockNoMerkle), encodeLocator(locator))
}
