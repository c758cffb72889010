package store

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

// Status is how loading a wallet went, Core's DBErrors in Core's order:
// a higher value is worse, and the result of a load is the worst status
// of its records.
type Status int

// The statuses of Core's DBErrors.
const (
	LoadOK Status = iota
	NeedRescan
	NeedRewrite
	ExternalSignerSupportRequired
	NoncriticalError
	TooNew
	UnknownDescriptor
	LoadFail
	UnexpectedLegacyEntry
	LegacyWallet
	Corrupt
)

func (s Status) String() string {
	switch s {
	case LoadOK:
		return "ok"
	case NeedRescan:
		return "need rescan"
	case NeedRewrite:
		return "need rewrite"
	case ExternalSignerSupportRequired:
		return "external signer support required"
	case NoncriticalError:
		return "noncritical error"
	case TooNew:
		return "too new"
	case UnknownDescriptor:
		return "unknown descriptor"
	case LoadFail:
		return "load failed"
	case UnexpectedLegacyEntry:
		return "unexpected legacy entry"
	case LegacyWallet:
		return "legacy wallet"
	case Corrupt:
		return "corrupt"
	}
	return fmt.Sprintf("status %d", int(s))
}

// Critical reports whether a wallet loaded with this status must not be
// used (anything worse than NoncriticalError).
func (s Status) Critical() bool { return s > NoncriticalError }

// RecordError is a record that could not be loaded.
type RecordError struct {
	Type   string // the record type
	Key    []byte // the whole key
	Status Status
	Err    error // Core's message where it has one
}

func (e *RecordError) Error() string {
	return fmt.Sprintf("wallet record %q (%s): %v", e.Type, e.Status, e.Err)
}

func (e *RecordError) Unwrap() error { return e.Err }

// LoadError is Load's error when the wallet may not be used: its Status
// is critical. Problems lists every record that failed.
type LoadError struct {
	Status   Status
	Problems []*RecordError
}

func (e *LoadError) Error() string {
	if len(e.Problems) == 0 {
		return fmt.Sprintf("wallet load: %s", e.Status)
	}
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		msgs[i] = p.Error()
	}
	return fmt.Sprintf("wallet load: %s: %s", e.Status, strings.Join(msgs, "; "))
}

// Unwrap gives the record errors.
func (e *LoadError) Unwrap() []error {
	out := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		out[i] = p
	}
	return out
}

// DescriptorKey is a descriptor's private key with the public key it is
// stored under.
type DescriptorKey struct {
	Pub  []byte
	Priv *btcec.PrivateKey
}

// CryptedDescriptorKey is a descriptor's encrypted private key.
type CryptedDescriptorKey struct {
	Pub    []byte
	Secret []byte
}

// XPubCache is a descriptor's cache of extended public keys, each in the
// 74-byte BIP32 encoding, by key expression index.
type XPubCache struct {
	Parent       map[uint32][XPubSize]byte
	Derived      map[uint32]map[uint32][XPubSize]byte // key expression → derivation index → xpub
	LastHardened map[uint32][XPubSize]byte
}

// Descriptor is a loaded descriptor with its keys and caches.
type Descriptor struct {
	ID [32]byte
	WalletDescriptor
	Keys        []DescriptorKey
	CryptedKeys []CryptedDescriptorKey
	Cache       XPubCache
}

// AddressBookEntry is what the address book records say of one address.
type AddressBookEntry struct {
	Label      string
	HasLabel   bool
	Purpose    string
	HasPurpose bool
	// DestData holds "used" and "rr<id>" items.
	DestData map[string]string
}

// Contents is every record of a wallet database, decoded.
type Contents struct {
	// Status is the worst status of the records (LoadOK if all loaded).
	Status Status
	// Problems lists the records that did not load.
	Problems []*RecordError

	Version       int32 // last client version to open the wallet
	HasVersion    bool
	MinVersion    int32 // from wallets before Core v0.21
	HasMinVersion bool
	Flags         uint64
	HasFlags      bool
	OrderPosNext  int64
	// BestBlock is the locator Core's ReadBestBlock gives: "bestblock"
	// when it is not empty, else "bestblock_nomerkle".
	BestBlock    []chainhash.Hash
	HasBestBlock bool

	Descriptors    map[[32]byte]*Descriptor
	ActiveExternal map[uint8][32]byte // output type → descriptor id
	ActiveInternal map[uint8][32]byte
	MasterKeys     map[uint32]MasterKey
	Txs            map[chainhash.Hash]*WalletTx
	AddressBook    map[string]*AddressBookEntry
	LockedUTXOs    map[wire.OutPoint]bool

	// Records counts the records of each type, Unknown those of types
	// this package does not know; Legacy is the number of legacy records.
	Records map[string]int
	Unknown map[string]int
	Legacy  int
	// Orphans counts key and cache records of descriptors that do not
	// exist (Core never reads them).
	Orphans int
}

// IsEncrypted reports whether the wallet has a master key.
func (c *Contents) IsEncrypted() bool { return len(c.MasterKeys) > 0 }

// ActiveDescriptors returns the ids of the active descriptors, each once.
func (c *Contents) ActiveDescriptors() [][32]byte {
	seen := map[[32]byte]bool{}
	var out [][32]byte
	for _, m := range []map[uint8][32]byte{c.ActiveExternal, c.ActiveInternal} {
		for t := OutputLegacy; t <= OutputBech32m; t++ {
			if id, ok := m[t]; ok && !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out
}

func (c *Contents) problem(typ string, key []byte, s Status, err error) {
	c.Problems = append(c.Problems, &RecordError{Type: typ, Key: append([]byte{}, key...), Status: s, Err: err})
	if s > c.Status {
		c.Status = s
	}
}

type rawRecord struct{ key, value []byte }

// Load reads and decodes every record. Records that do not decode are
// listed in Contents.Problems with the status Core would give them; when
// the worst is critical Load returns the Contents with a *LoadError. A
// failure to read the database is returned as is.
func (db *DB) Load() (*Contents, error) {
	byType := map[string][]rawRecord{}
	c := &Contents{
		Descriptors: map[[32]byte]*Descriptor{}, ActiveExternal: map[uint8][32]byte{},
		ActiveInternal: map[uint8][32]byte{}, MasterKeys: map[uint32]MasterKey{},
		Txs: map[chainhash.Hash]*WalletTx{}, AddressBook: map[string]*AddressBookEntry{},
		LockedUTXOs: map[wire.OutPoint]bool{}, Records: map[string]int{}, Unknown: map[string]int{},
	}
	err := db.Iterate(nil, func(k, v []byte) error {
		typ, _, err := RecordType(k)
		if err != nil {
			c.problem("", k, Corrupt, err)
			return nil
		}
		c.Records[typ]++
		byType[typ] = append(byType[typ], rawRecord{k, v})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load wallet: %w", err)
	}
	// Core reads each type through a prefix cursor, in key order.
	for _, recs := range byType {
		sort.Slice(recs, func(i, j int) bool { return bytes.Compare(recs[i].key, recs[j].key) < 0 })
	}
	c.load(byType)
	if c.Status.Critical() {
		return c, &LoadError{Status: c.Status, Problems: c.Problems}
	}
	return c, nil
}

// loaders decode the record types they are keyed by.
func (c *Contents) load(byType map[string][]rawRecord) {
	for typ, recs := range byType {
		switch {
		case IsLegacyType(typ):
			c.Legacy += len(recs)
		case !knownType(typ):
			c.Unknown[typ] += len(recs)
		}
	}
	c.loadHeader(byType)
	if c.Status.Critical() {
		return
	}
	if c.Legacy > 0 {
		if c.HasFlags {
			c.problem("", nil, UnexpectedLegacyEntry, errors.New("Unexpected legacy entry found in descriptor wallet. The wallet might have been tampered with or created with malicious intent."))
		} else {
			c.problem("", nil, LegacyWallet, errors.New("legacy wallet records without wallet flags"))
		}
		return
	}
	c.loadDescriptors(byType)
	if c.Status == UnknownDescriptor {
		return
	}
	c.loadAddressBook(byType)
	c.loadActive(byType)
	c.loadMasterKeys(byType)
	c.loadTxs(byType)
}

func knownType(typ string) bool {
	switch typ {
	case TypeActiveExternalSPK, TypeActiveInternalSPK, TypeBestBlock, TypeBestBlockNoMerkle,
		TypeDestData, TypeFlags, TypeLockedUTXO, TypeMasterKey, TypeMinVersion, TypeName,
		TypeOrderPosNext, TypePurpose, TypeTx, TypeVersion, TypeWalletDescriptor,
		TypeDescriptorCache, TypeDescriptorLHCache, TypeDescriptorCryptKey, TypeDescriptorKey:
		return true
	}
	return false
}

// single returns the value of the record whose key is just the type.
func single(byType map[string][]rawRecord, typ string) ([]byte, bool) {
	want := string(KeyPrefix(typ))
	for _, r := range byType[typ] {
		if string(r.key) == want {
			return r.value, true
		}
	}
	return nil, false
}

func (c *Contents) loadHeader(byType map[string][]rawRecord) {
	if v, ok := single(byType, TypeVersion); ok {
		d := &decoder{b: v}
		if x := d.i32(); d.err == nil {
			c.Version, c.HasVersion = x, true
		}
	}
	if v, ok := single(byType, TypeMinVersion); ok {
		d := &decoder{b: v}
		if x := d.i32(); d.err == nil {
			c.MinVersion, c.HasMinVersion = x, true
		}
	}
	if v, ok := single(byType, TypeFlags); ok {
		d := &decoder{b: v}
		if x := d.u64(); d.err == nil {
			c.Flags, c.HasFlags = x, true
			if (x&KnownFlags)>>32 != x>>32 {
				c.problem(TypeFlags, KeyPrefix(TypeFlags), TooNew, errors.New("Error reading wallet database: Unknown non-tolerable wallet flags found"))
				return
			}
			if x&FlagDescriptors == 0 {
				c.problem(TypeFlags, KeyPrefix(TypeFlags), LegacyWallet, errors.New("not a descriptor wallet"))
				return
			}
		}
	}
	for _, r := range byType[TypeOrderPosNext] {
		d := &decoder{b: r.value}
		x := d.i64()
		if d.err != nil {
			c.problem(TypeOrderPosNext, r.key, NoncriticalError, d.err)
			continue
		}
		c.OrderPosNext = x
	}
	for _, typ := range []string{TypeBestBlock, TypeBestBlockNoMerkle} {
		v, ok := single(byType, typ)
		if !ok || c.HasBestBlock {
			continue
		}
		d := &decoder{b: v}
		d.i32()
		hs := d.hashes()
		if d.err != nil {
			c.problem(typ, KeyPrefix(typ), NoncriticalError, d.err)
			continue
		}
		if len(hs) == 0 && typ == TypeBestBlock {
			continue
		}
		c.BestBlock = make([]chainhash.Hash, len(hs))
		for i, h := range hs {
			c.BestBlock[i] = chainhash.Hash(h)
		}
		c.HasBestBlock = true
	}
}

// descKeyed splits a key of a per-descriptor record into the descriptor
// id and the rest.
func descKeyed(key []byte) ([32]byte, *decoder) {
	_, rest, _ := RecordType(key)
	d := &decoder{b: rest}
	return d.hash(), d
}

func (c *Contents) loadDescriptors(byType map[string][]rawRecord) {
	for _, r := range byType[TypeWalletDescriptor] {
		id, kd := descKeyed(r.key)
		if kd.err != nil {
			c.problem(TypeWalletDescriptor, r.key, Corrupt, kd.err)
			continue
		}
		wd, err := decodeWalletDescriptor(r.value)
		if err != nil {
			c.problem(TypeWalletDescriptor, r.key, UnknownDescriptor, fmt.Errorf("Unrecognized descriptor found in wallet. The database might be corrupted or the software version is not compatible with one of your wallet descriptors. Please try running the latest software version\nDetails: %w", err))
			continue
		}
		if DescriptorID(wd.Descriptor) != id {
			c.problem(TypeWalletDescriptor, r.key, Corrupt, errors.New("The descriptor ID calculated by the wallet differs from the one in DB"))
			continue
		}
		c.Descriptors[id] = &Descriptor{ID: id, WalletDescriptor: wd, Cache: XPubCache{
			Parent: map[uint32][XPubSize]byte{}, Derived: map[uint32]map[uint32][XPubSize]byte{},
			LastHardened: map[uint32][XPubSize]byte{},
		}}
	}
	if c.Status == UnknownDescriptor {
		return
	}
	c.loadDescriptorCaches(byType)
	c.loadDescriptorKeys(byType)
}

func readXPub(v []byte) ([XPubSize]byte, error) {
	var x [XPubSize]byte
	d := &decoder{b: v}
	p := d.varBytes()
	if d.err != nil {
		return x, d.err
	}
	if len(p) != XPubSize {
		return x, fmt.Errorf("extended public key of %d bytes", len(p))
	}
	copy(x[:], p)
	return x, nil
}

func (c *Contents) loadDescriptorCaches(byType map[string][]rawRecord) {
	for _, typ := range []string{TypeDescriptorCache, TypeDescriptorLHCache} {
		for _, r := range byType[typ] {
			id, kd := descKeyed(r.key)
			keyExp := kd.u32()
			var der uint32
			derived := false
			if typ == TypeDescriptorCache && len(kd.b) >= 4 {
				der, derived = kd.u32(), true
			}
			if kd.err != nil {
				c.problem(typ, r.key, Corrupt, kd.err)
				continue
			}
			desc := c.Descriptors[id]
			if desc == nil {
				c.Orphans++
				continue
			}
			x, err := readXPub(r.value)
			if err != nil {
				c.problem(typ, r.key, Corrupt, err)
				continue
			}
			switch {
			case typ == TypeDescriptorLHCache:
				desc.Cache.LastHardened[keyExp] = x
			case derived:
				m := desc.Cache.Derived[keyExp]
				if m == nil {
					m = map[uint32][XPubSize]byte{}
					desc.Cache.Derived[keyExp] = m
				}
				m[der] = x
			default:
				desc.Cache.Parent[keyExp] = x
			}
		}
	}
}

func (c *Contents) loadDescriptorKeys(byType map[string][]rawRecord) {
	for _, r := range byType[TypeDescriptorKey] {
		id, kd := descKeyed(r.key)
		pub := kd.varBytes()
		if kd.err != nil {
			c.problem(TypeDescriptorKey, r.key, Corrupt, kd.err)
			continue
		}
		desc := c.Descriptors[id]
		if desc == nil {
			c.Orphans++
			continue
		}
		if !validPubKey(pub) {
			c.problem(TypeDescriptorKey, r.key, Corrupt, errors.New("Error reading wallet database: descriptor unencrypted key CPubKey corrupt"))
			continue
		}
		vd := &decoder{b: r.value}
		der := vd.varBytes()
		sum := vd.hash()
		if vd.err != nil {
			c.problem(TypeDescriptorKey, r.key, Corrupt, vd.err)
			continue
		}
		if doubleSHA256(pub, der) != sum {
			c.problem(TypeDescriptorKey, r.key, Corrupt, errors.New("Error reading wallet database: descriptor unencrypted key CPubKey/CPrivKey corrupt"))
			continue
		}
		priv, err := ParsePrivKey(der)
		if err == nil {
			err = checkKeyPair(priv, pub)
		}
		if err != nil {
			c.problem(TypeDescriptorKey, r.key, Corrupt, fmt.Errorf("Error reading wallet database: descriptor unencrypted key CPrivKey corrupt: %w", err))
			continue
		}
		desc.Keys = append(desc.Keys, DescriptorKey{Pub: pub, Priv: priv})
	}
	for _, r := range byType[TypeDescriptorCryptKey] {
		id, kd := descKeyed(r.key)
		pub := kd.varBytes()
		if kd.err != nil {
			c.problem(TypeDescriptorCryptKey, r.key, Corrupt, kd.err)
			continue
		}
		desc := c.Descriptors[id]
		if desc == nil {
			c.Orphans++
			continue
		}
		if !validPubKey(pub) {
			c.problem(TypeDescriptorCryptKey, r.key, Corrupt, errors.New("Error reading wallet database: descriptor encrypted key CPubKey corrupt"))
			continue
		}
		vd := &decoder{b: r.value}
		secret := vd.varBytes()
		if vd.err != nil {
			c.problem(TypeDescriptorCryptKey, r.key, Corrupt, vd.err)
			continue
		}
		desc.CryptedKeys = append(desc.CryptedKeys, CryptedDescriptorKey{Pub: pub, Secret: secret})
	}
}

func (c *Contents) entry(addr string) *AddressBookEntry {
	e := c.AddressBook[addr]
	if e == nil {
		e = &AddressBookEntry{}
		c.AddressBook[addr] = e
	}
	return e
}

func (c *Contents) loadAddressBook(byType map[string][]rawRecord) {
	for _, typ := range []string{TypeName, TypePurpose, TypeDestData} {
		for _, r := range byType[typ] {
			_, rest, _ := RecordType(r.key)
			kd := &decoder{b: rest}
			addr := kd.str()
			var item string
			if typ == TypeDestData {
				item = kd.str()
			}
			vd := &decoder{b: r.value}
			val := vd.str()
			if kd.err != nil || vd.err != nil {
				c.problem(typ, r.key, Corrupt, errors.Join(kd.err, vd.err))
				continue
			}
			e := c.entry(addr)
			switch typ {
			case TypeName:
				e.Label, e.HasLabel = val, true
			case TypePurpose:
				e.Purpose, e.HasPurpose = val, true
			default:
				if e.DestData == nil {
					e.DestData = map[string]string{}
				}
				e.DestData[item] = val
			}
		}
	}
}

func (c *Contents) loadActive(byType map[string][]rawRecord) {
	for _, typ := range []string{TypeActiveExternalSPK, TypeActiveInternalSPK} {
		m := c.ActiveExternal
		if typ == TypeActiveInternalSPK {
			m = c.ActiveInternal
		}
		for _, r := range byType[typ] {
			_, rest, _ := RecordType(r.key)
			kd := &decoder{b: rest}
			t := kd.u8()
			vd := &decoder{b: r.value}
			id := vd.hash()
			if kd.err != nil || vd.err != nil {
				c.problem(typ, r.key, Corrupt, errors.Join(kd.err, vd.err))
				continue
			}
			if _, ok := c.Descriptors[id]; !ok {
				c.problem(typ, r.key, Corrupt, fmt.Errorf("active descriptor %x does not exist", id))
				continue
			}
			m[t] = id
		}
	}
}

func (c *Contents) loadMasterKeys(byType map[string][]rawRecord) {
	for _, r := range byType[TypeMasterKey] {
		_, rest, _ := RecordType(r.key)
		kd := &decoder{b: rest}
		id := kd.u32()
		mk, err := decodeMasterKey(r.value)
		if err = errors.Join(kd.err, err); err != nil {
			c.problem(TypeMasterKey, r.key, Corrupt, err)
			continue
		}
		c.MasterKeys[id] = mk
	}
}

func (c *Contents) loadTxs(byType map[string][]rawRecord) {
	for _, r := range byType[TypeTx] {
		_, rest, _ := RecordType(r.key)
		kd := &decoder{b: rest}
		txid := chainhash.Hash(kd.hash())
		if kd.err != nil {
			c.problem(TypeTx, r.key, Corrupt, kd.err)
			continue
		}
		wtx, err := decodeWalletTx(r.value)
		if err != nil {
			c.problem(TypeTx, r.key, Corrupt, err)
			continue
		}
		if wtx.TxID() != txid {
			c.problem(TypeTx, r.key, NeedRescan, fmt.Errorf("transaction %s stored under %s", wtx.TxID(), txid))
			continue
		}
		c.Txs[txid] = &wtx
	}
	for _, r := range byType[TypeLockedUTXO] {
		_, rest, _ := RecordType(r.key)
		kd := &decoder{b: rest}
		h := kd.hash()
		n := kd.u32()
		if kd.err != nil {
			c.problem(TypeLockedUTXO, r.key, Corrupt, kd.err)
			continue
		}
		c.LockedUTXOs[wire.OutPoint{Hash: chainhash.Hash(h), Index: n}] = true
	}
}
