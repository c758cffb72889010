package store

import (
	"bytes"
	"errors"
	"path/filepath"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

const testDesc = "wpkh(tpubD6NzVbkrYhZ4WaWSyoBvQwbpLkojyoTZPRsgXELWz3Popb3qkjcJyJUGLnL4qHHoQvao8ESaAstxYSnhyswJ76uZPStJRJCTKvosUCJZL5B/1/1/*)"

func fillWallet(t *testing.T, db *DB) ([32]byte, *WalletTx) {
	t.Helper()
	d := WalletDescriptor{Descriptor: CompatDescriptorString(testDesc), CreationTime: 1700000000, NextIndex: 2, RangeStart: 0, RangeEnd: 1002}
	id := DescriptorID(d.Descriptor)
	priv := keyOne()
	wtx := &WalletTx{Tx: sampleTx(), State: TxState{Kind: TxConfirmed, BlockHash: chainhash.Hash(seq32(3)), BlockHeight: -1, Index: 1},
		MapValue: map[string]string{"to": "bob"}, TimeReceived: 1700000001, OrderPos: 0}
	err := db.Update(func(b *Batch) error {
		for _, err := range []error{
			b.WriteVersion(ClientVersion),
			b.WriteFlags(FlagDescriptors),
			b.WriteDescriptor(id, d),
			b.WriteDescriptorKey(id, priv.PubKey().SerializeUncompressed(), priv),
			b.WriteCryptedDescriptorKey(id, priv.PubKey().SerializeCompressed(), []byte{9, 9}),
			b.WriteDescriptorParentCache(id, 0, [XPubSize]byte{1}),
			b.WriteDescriptorDerivedCache(id, 0, 5, [XPubSize]byte{2}),
			b.WriteDescriptorLastHardenedCache(id, 0, [XPubSize]byte{3}),
			b.WriteActiveSPK(OutputBech32, false, id),
			b.WriteActiveSPK(OutputBech32, true, id),
			b.WriteMasterKey(1, MasterKey{CryptedKey: []byte{1}, Salt: []byte{2}, DeriveIterations: 25000}),
			b.WriteTx(*wtx),
			b.WriteName("addr1", "label"),
			b.WritePurpose("addr1", "receive"),
			b.WriteDestData("addr1", "rr1", "req"),
			b.WritePurpose("addr2", "send"),
			b.WriteLockedUTXO(wire.OutPoint{Hash: chainhash.Hash(seq32(5)), Index: 3}),
			b.WriteBestBlock([]chainhash.Hash{chainhash.Hash(seq32(6)), chainhash.Hash(seq32(7))}),
			b.WriteOrderPosNext(1),
			b.Put(KeyPrefix("somethingnew"), []byte{1}),
		} {
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return id, wtx
}

func TestLoadRoundTrip(t *testing.T) {
	db, p := openNew(t)
	id, wtx := fillWallet(t, db)
	db.Close()
	db, err := Open(p, Options{Magic: regtestMagic})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c, err := db.Load()
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != LoadOK || len(c.Problems) != 0 {
		t.Fatalf("status %s, problems %v", c.Status, c.Problems)
	}
	if !c.HasVersion || c.Version != ClientVersion || c.Flags != FlagDescriptors || c.OrderPosNext != 1 {
		t.Errorf("header %+v", c)
	}
	d := c.Descriptors[id]
	if d == nil || d.RangeEnd != 1002 || d.NextIndex != 2 || d.CreationTime != 1700000000 || !d.IsRange() {
		t.Fatalf("descriptor %+v", d)
	}
	if len(d.Keys) != 1 || !d.Keys[0].Priv.Key.Equals(&keyOne().Key) || len(d.Keys[0].Pub) != 65 {
		t.Errorf("keys %+v", d.Keys)
	}
	if len(d.CryptedKeys) != 1 || !bytes.Equal(d.CryptedKeys[0].Secret, []byte{9, 9}) {
		t.Errorf("crypted keys %+v", d.CryptedKeys)
	}
	if d.Cache.Parent[0][0] != 1 || d.Cache.Derived[0][5][0] != 2 || d.Cache.LastHardened[0][0] != 3 {
		t.Errorf("cache %+v", d.Cache)
	}
	if c.ActiveExternal[OutputBech32] != id || c.ActiveInternal[OutputBech32] != id || len(c.ActiveDescriptors()) != 1 {
		t.Errorf("active %v %v", c.ActiveExternal, c.ActiveInternal)
	}
	if !c.IsEncrypted() || c.MasterKeys[1].DeriveIterations != 25000 {
		t.Errorf("master keys %+v", c.MasterKeys)
	}
	got := c.Txs[wtx.TxID()]
	if got == nil || got.MapValue["to"] != "bob" || got.State != wtx.State || got.OrderPos != 0 {
		t.Errorf("tx %+v", got)
	}
	if e := c.AddressBook["addr1"]; e == nil || e.Label != "label" || e.Purpose != "receive" || e.DestData["rr1"] != "req" {
		t.Errorf("address book %+v", e)
	}
	if len(c.AddressBook) != 2 || c.AddressBook["addr2"].HasLabel {
		t.Errorf("address book size %d", len(c.AddressBook))
	}
	if !c.LockedUTXOs[wire.OutPoint{Hash: chainhash.Hash(seq32(5)), Index: 3}] {
		t.Error("locked coin missing")
	}
	if !c.HasBestBlock || len(c.BestBlock) != 2 || c.BestBlock[1] != chainhash.Hash(seq32(7)) {
		t.Errorf("best block %v", c.BestBlock)
	}
	if c.Unknown["somethingnew"] != 1 || c.Records[TypeTx] != 1 {
		t.Errorf("counts %v %v", c.Unknown, c.Records)
	}

	// Erasing works through the same keys.
	err = db.Update(func(b *Batch) error {
		if err := b.EraseTx(wtx.TxID()); err != nil {
			return err
		}
		if err := b.EraseAddress("addr1"); err != nil {
			return err
		}
		if err := b.EraseLockedUTXO(wire.OutPoint{Hash: chainhash.Hash(seq32(5)), Index: 3}); err != nil {
			return err
		}
		return b.EraseMasterKey(1)
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err = db.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Txs) != 0 || len(c.AddressBook) != 1 || len(c.LockedUTXOs) != 0 || c.IsEncrypted() {
		t.Errorf("after erase: %d txs, %d addresses, %d locks, encrypted %v", len(c.Txs), len(c.AddressBook), len(c.LockedUTXOs), c.IsEncrypted())
	}
}

func TestWriteDescriptorKeyTwice(t *testing.T) {
	db, _ := openNew(t)
	priv := keyOne()
	err := db.Update(func(b *Batch) error {
		if err := b.WriteDescriptorKey(seq32(1), priv.PubKey().SerializeCompressed(), priv); err != nil {
			return err
		}
		return b.WriteDescriptorKey(seq32(1), priv.PubKey().SerializeCompressed(), priv)
	})
	if !errors.Is(err, ErrRecordExists) {
		t.Errorf("second write: %v", err)
	}
	err = db.Update(func(b *Batch) error { return b.WriteDescriptorKey(seq32(1), []byte{5, 1}, priv) })
	if err == nil {
		t.Error("invalid public key accepted")
	}
}

// corrupt opens a filled wallet, lets mutate change records, and loads.
func corrupt(t *testing.T, mutate func(b *Batch, id [32]byte) error) (*Contents, error) {
	t.Helper()
	db, _ := openNew(t)
	id, _ := fillWallet(t, db)
	if err := db.Update(func(b *Batch) error { return mutate(b, id) }); err != nil {
		t.Fatal(err)
	}
	return db.Load()
}

func TestLoadCorruptRecords(t *testing.T) {
	priv := keyOne()
	pubU := priv.PubKey().SerializeUncompressed()
	for _, tc := range []struct {
		name   string
		status Status
		mutate func(b *Batch, id [32]byte) error
	}{
		{"descriptor id mismatch", Corrupt, func(b *Batch, id [32]byte) error {
			d := WalletDescriptor{Descriptor: "raw(00)#d8eyp5ad"}
			return b.WriteDescriptor(seq32(0x77), d)
		}},
		{"truncated descriptor", UnknownDescriptor, func(b *Batch, id [32]byte) error {
			e := recordKey(TypeWalletDescriptor)
			e.hash(id)
			return b.Put(e.b, []byte{5, 'a'})
		}},
		{"key checksum", Corrupt, func(b *Batch, id [32]byte) error {
			k := descKeyKey(TypeDescriptorKey, id, pubU)
			v, _, _ := b.Get(k)
			v[len(v)-1] ^= 1
			return b.Put(k, v)
		}},
		{"key not matching its pubkey", Corrupt, func(b *Batch, id [32]byte) error {
			var two [32]byte
			two[31] = 2
			e := &encoder{}
			der := EncodePrivKey(keyFrom(two), false)
			e.varBytes(der)
			e.hash(doubleSHA256(pubU, der))
			return b.Put(descKeyKey(TypeDescriptorKey, id, pubU), e.b)
		}},
		{"bad pubkey", Corrupt, func(b *Batch, id [32]byte) error {
			return b.Put(descKeyKey(TypeDescriptorCryptKey, id, []byte{9, 1, 2}), []byte{0})
		}},
		{"short xpub", Corrupt, func(b *Batch, id [32]byte) error {
			return b.Put(append(KeyPrefix(TypeDescriptorLHCache), append(id[:], 1, 0, 0, 0)...), []byte{2, 1, 2})
		}},
		{"unknown active descriptor", Corrupt, func(b *Batch, id [32]byte) error {
			return b.WriteActiveSPK(OutputLegacy, false, seq32(0x55))
		}},
		{"truncated tx", Corrupt, func(b *Batch, id [32]byte) error {
			return b.Put(txKey(chainhash.Hash(seq32(1))), []byte{2, 0, 0, 0, 1})
		}},
		{"tx under the wrong txid", NeedRescan, func(b *Batch, id [32]byte) error {
			v, _ := (&WalletTx{Tx: sampleTx(), OrderPos: -1}).encode()
			return b.Put(txKey(chainhash.Hash(seq32(1))), v)
		}},
		{"bad orderposnext", NoncriticalError, func(b *Batch, id [32]byte) error {
			return b.Put(KeyPrefix(TypeOrderPosNext), []byte{1})
		}},
		{"bad mkey", Corrupt, func(b *Batch, id [32]byte) error {
			return b.Put(mkeyKey(2), []byte{0xfd})
		}},
		{"non-canonical compact size", Corrupt, func(b *Batch, id [32]byte) error {
			return b.Put(addrKey(TypeName, "x"), []byte{0xfd, 1, 0, 'a'})
		}},
		{"unknown hard flag", TooNew, func(b *Batch, id [32]byte) error {
			return b.WriteFlags(FlagDescriptors | 1<<40)
		}},
		{"legacy wallet", LegacyWallet, func(b *Batch, id [32]byte) error { return b.WriteFlags(0) }},
		{"legacy record", UnexpectedLegacyEntry, func(b *Batch, id [32]byte) error {
			return b.Put(append(KeyPrefix("key"), 1), []byte{1})
		}},
		{"undecodable key type", Corrupt, func(b *Batch, id [32]byte) error { return b.Put([]byte{0x20, 'a'}, []byte{1}) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := corrupt(t, tc.mutate)
			if c == nil {
				t.Fatalf("no contents: %v", err)
			}
			if c.Status != tc.status {
				t.Fatalf("status %s, want %s (%v)", c.Status, tc.status, c.Problems)
			}
			var le *LoadError
			if tc.status.Critical() != errors.As(err, &le) {
				t.Errorf("error %v for status %s", err, c.Status)
			}
			if len(c.Problems) == 0 {
				t.Error("no problem recorded")
			}
		})
	}
}

func keyFrom(b [32]byte) *btcec.PrivateKey { k, _ := btcec.PrivKeyFromBytes(b[:]); return k }

func TestOpenWallet(t *testing.T) {
	dir := t.TempDir()
	w := filepath.Join(dir, "w1")
	o := WalletOptions{Magic: regtestMagic, RequireExisting: true}
	if _, err := OpenWallet(w, o); !errors.Is(err, ErrWalletNotFound) || err.Error() != "Failed to load database path '"+w+"'. Path does not exist." {
		t.Errorf("missing wallet: %v", err)
	}
	db, err := OpenWallet(w, WalletOptions{Magic: regtestMagic, RequireCreate: true})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := OpenWallet(w, WalletOptions{Magic: regtestMagic, RequireCreate: true}); !errors.Is(err, ErrWalletExists) ||
		err.Error() != "Failed to create database path '"+w+"'. Database already exists." {
		t.Errorf("create over existing: %v", err)
	}
	db, err = OpenWallet(w, o)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	// Another network's wallet is not a wallet here.
	if _, err := OpenWallet(w, WalletOptions{Magic: [4]byte{1, 2, 3, 4}, RequireExisting: true}); !errors.Is(err, ErrWalletBadFormat) {
		t.Errorf("other network: %v", err)
	}
}

func TestFinishLoad(t *testing.T) {
	db, _ := openNew(t)
	err := db.Update(func(b *Batch) error {
		if err := b.WriteFlags(FlagDescriptors | FlagDisablePrivateKeys); err != nil {
			return err
		}
		return b.WriteMasterKey(1, MasterKey{CryptedKey: []byte{1}})
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err := db.Load()
	if err != nil || !c.IsEncrypted() || c.HasVersion {
		t.Fatalf("before: %v %+v", err, c)
	}
	if err := db.FinishLoad(c); err != nil {
		t.Fatal(err)
	}
	c, err = db.Load()
	if err != nil || c.IsEncrypted() || !c.HasVersion || c.Version != ClientVersion {
		t.Errorf("after: %v encrypted=%v version=%d", err, c.IsEncrypted(), c.Version)
	}
}
