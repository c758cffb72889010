package store

import (
	"bytes"
	"testing"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

func newContents() *Contents {
	return &Contents{
		Descriptors: map[[32]byte]*Descriptor{}, ActiveExternal: map[uint8][32]byte{},
		ActiveInternal: map[uint8][32]byte{}, MasterKeys: map[uint32]MasterKey{},
		Txs: map[chainhash.Hash]*WalletTx{}, AddressBook: map[string]*AddressBookEntry{},
		LockedUTXOs: map[wire.OutPoint]bool{}, Records: map[string]int{}, Unknown: map[string]int{},
	}
}

// FuzzRecords feeds arbitrary records, next to a valid descriptor so that
// per-descriptor records are decoded too, through the loader.
func FuzzRecords(f *testing.F) {
	d := WalletDescriptor{Descriptor: CompatDescriptorString(testDesc)}
	id := DescriptorID(d.Descriptor)
	descKey := append(KeyPrefix(TypeWalletDescriptor), id[:]...)
	v, _ := (&WalletTx{Tx: sampleTx(), OrderPos: 3}).encode()
	f.Add(txKey(sampleTx().TxHash()), v)
	f.Add(descKeyKey(TypeDescriptorKey, id, keyOne().PubKey().SerializeCompressed()), []byte{1, 2})
	f.Add(append(KeyPrefix(TypeDescriptorCache), append(id[:], 0, 0, 0, 0, 1, 0, 0, 0)...), make([]byte, 75))
	f.Add(mkeyKey(1), (MasterKey{CryptedKey: []byte{1}}).encode())
	f.Add(KeyPrefix(TypeBestBlockNoMerkle), encodeLocator([]chainhash.Hash{{1}}))
	f.Add(destDataKey("a", "used"), []byte{1, '1'})
	f.Add(activeSPKKey(2, true), id[:])
	f.Add(KeyPrefix(TypeFlags), []byte{0, 0, 0, 0, 4, 0, 0, 0})
	f.Fuzz(func(t *testing.T, key, value []byte) {
		typ, _, err := RecordType(key)
		if err != nil {
			return
		}
		c := newContents()
		byType := map[string][]rawRecord{TypeWalletDescriptor: {{descKey, d.encode()}}}
		if string(key) != string(descKey) {
			byType[typ] = append(byType[typ], rawRecord{key, value})
		}
		c.load(byType)
		for _, p := range c.Problems {
			if p.Err == nil {
				t.Fatal("problem without an error")
			}
		}
	})
}

// FuzzWalletTx checks that a CWalletTx that decodes re-encodes to a value
// that decodes the same.
func FuzzWalletTx(f *testing.F) {
	v, _ := (&WalletTx{Tx: sampleTx(), OrderPos: 3, TimeSmart: 9, MapValue: map[string]string{"a": "b"}}).encode()
	f.Add(v)
	f.Fuzz(func(t *testing.T, v []byte) {
		w, err := decodeWalletTx(v)
		if err != nil {
			return
		}
		enc, err := w.encode()
		if err != nil {
			t.Fatal(err)
		}
		w2, err := decodeWalletTx(enc)
		if err != nil {
			t.Fatalf("re-encoded tx does not decode: %v", err)
		}
		enc2, _ := w2.encode()
		if !bytes.Equal(enc, enc2) {
			t.Fatalf("encoding not stable:\n%x\n%x", enc, enc2)
		}
	})
}

// FuzzParsePrivKey checks that a CPrivKey that parses re-encodes to one
// that parses to the same secret.
func FuzzParsePrivKey(f *testing.F) {
	f.Add(EncodePrivKey(keyOne(), true))
	f.Add(EncodePrivKey(keyOne(), false))
	f.Fuzz(func(t *testing.T, der []byte) {
		k, err := ParsePrivKey(der)
		if err != nil {
			return
		}
		k2, err := ParsePrivKey(EncodePrivKey(k, true))
		if err != nil || !k2.Key.Equals(&k.Key) {
			t.Fatalf("re-encoded key: %v", err)
		}
	})
}

func FuzzCompatDescriptor(f *testing.F) {
	f.Add(testDesc)
	f.Add("tr([00000001/86h/1h/0']xpub/0/*h)#abc")
	f.Fuzz(func(t *testing.T, s string) {
		c := CompatDescriptorString(s)
		if CompatDescriptorString(c) != c {
			t.Fatalf("compat form not stable: %q", c)
		}
	})
}
