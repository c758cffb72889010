package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func seq32(start byte) [32]byte {
	var h [32]byte
	for i := range h {
		h[i] = start + byte(i)
	}
	return h
}

// records returns every record as hex key → hex value.
func records(t *testing.T, db *DB) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := db.Iterate(nil, func(k, v []byte) error {
		m[hex.EncodeToString(k)] = hex.EncodeToString(v)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Privkey 1: the compressed CPrivKey as SEC 1 lays it out with the curve.
const derKeyOneCompressed = "3081d3 020101 0420 0000000000000000000000000000000000000000000000000000000000000001" +
	" a08185 308182 020101 302c 0607 2a8648ce3d0101 0221 00 fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f" +
	" 3006 040100 040107 0421 0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798" +
	" 0221 00 fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141 020101" +
	" a124 0322 00 0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"

func keyOne() *btcec.PrivateKey {
	var b [32]byte
	b[31] = 1
	k, _ := btcec.PrivKeyFromBytes(b[:])
	return k
}

func TestPrivKeyDER(t *testing.T) {
	want := unhex(t, derKeyOneCompressed)
	got := EncodePrivKey(keyOne(), true)
	if !bytes.Equal(got, want) {
		t.Fatalf("CPrivKey\n got %x\nwant %x", got, want)
	}
	unc := EncodePrivKey(keyOne(), false)
	if len(unc) != 279 || !bytes.HasPrefix(unc, unhex(t, "30820113020101")) ||
		!bytes.HasSuffix(unc, append(unhex(t, "a14403420004"), btcec.Generator().SerializeUncompressed()[1:]...)) {
		t.Errorf("uncompressed CPrivKey %x", unc)
	}
	for _, der := range [][]byte{got, unc} {
		k, err := ParsePrivKey(der)
		if err != nil || !k.Key.Equals(&keyOne().Key) {
			t.Errorf("ParsePrivKey: %v", err)
		}
	}
	// Core's parser: short octet strings are left-padded; junk after is ignored.
	k, err := ParsePrivKey(unhex(t, "3081060201010401 01"))
	if err != nil || !k.Key.Equals(&keyOne().Key) {
		t.Errorf("short secret: %v", err)
	}
	bad := []string{
		"", "30", "3006020101040101", // short-form length is refused
		"3081070201020401 01",                          // version 2
		"308106020101040100",                           // zero secret
		"3081230201010421" + strings.Repeat("01", 33),  // 33-byte secret
		"30812202010104 20" + strings.Repeat("ff", 32), // secret >= n
		"3081ff020101040101",                           // length past the end
		"3083000006020101040101",                       // three-byte length
	}
	for _, s := range bad {
		if _, err := ParsePrivKey(unhex(t, s)); err == nil {
			t.Errorf("ParsePrivKey(%s) accepted", s)
		}
	}
}

func TestDescriptorChecksumAndID(t *testing.T) {
	// Checksums from Core's functional tests.
	for _, d := range []string{
		"wpkh(tpubD6NzVbkrYhZ4WaWSyoBvQwbpLkojyoTZPRsgXELWz3Popb3qkjcJyJUGLnL4qHHoQvao8ESaAstxYSnhyswJ76uZPStJRJCTKvosUCJZL5B/1/1/0)#s9ga3alw",
		"combo(0227d85ba011276cf25b51df6a188b75e604b38770a462b2d0e9fb2fc839ef5d3f)#np574htj",
		"wpkh(tprv8ZgxMBicQKsPd7Uf69XL1XwhmjHopUGep8GuEiJDZmbQz6o58LninorQAfcKZWARbtRtfnLcJ5MQ2AtHcQJCCRUcMRvmDUjyEmNUWwx8UbK/0h/*h)#y4dfsj7n",
		"wpkh([00000001/84'/1'/0']tprv8ZgxMBicQKsPd7Uf69XL1XwhmjHopUGep8GuEiJDZmbQz6o58LninorQAfcKZWARbtRtfnLcJ5MQ2AtHcQJCCRUcMRvmDUjyEmNUWwx8UbK/0/*)#rweraev0",
	} {
		body, sum, _ := strings.Cut(d, "#")
		if got := DescriptorChecksum(body); got != sum {
			t.Errorf("checksum of %s = %s, want %s", body, got, sum)
		}
	}
	if DescriptorChecksum("raw(é)") != "" {
		t.Error("checksum of a string outside the charset")
	}
	// The compat form uses apostrophes and a recomputed checksum.
	pub := "wpkh([00000001/84h/1h/0h]tprv8ZgxMBicQKsPd7Uf69XL1XwhmjHopUGep8GuEiJDZmbQz6o58LninorQAfcKZWARbtRtfnLcJ5MQ2AtHcQJCCRUcMRvmDUjyEmNUWwx8UbK/0/*)#whatever"
	compat := "wpkh([00000001/84'/1'/0']tprv8ZgxMBicQKsPd7Uf69XL1XwhmjHopUGep8GuEiJDZmbQz6o58LninorQAfcKZWARbtRtfnLcJ5MQ2AtHcQJCCRUcMRvmDUjyEmNUWwx8UbK/0/*)#rweraev0"
	if got := CompatDescriptorString(pub); got != compat {
		t.Errorf("compat\n got %s\nwant %s", got, compat)
	}
	if got := CompatDescriptorString("sh(wsh(pkh(xpubH/1H/*h)))"); got[:strings.IndexByte(got, '#')] != "sh(wsh(pkh(xpubH/1'/*')))" {
		t.Errorf("compat %s", got)
	}
	if DescriptorID(pub) != sha256.Sum256([]byte(compat)) {
		t.Error("DescriptorID is not the SHA256 of the compat string")
	}
}

func TestRecordBytes(t *testing.T) {
	db, _ := openNew(t)
	id := seq32(0x40)
	txh := chainhash.Hash(seq32(0x01))
	priv := keyOne()
	pub := priv.PubKey().SerializeCompressed()
	err := db.Update(func(b *Batch) error {
		for _, err := range []error{
			b.WriteFlags(FlagDescriptors | FlagLastHardenedXPubCached),
			b.WriteVersion(ClientVersion),
			b.WriteOrderPosNext(5),
			b.WriteName("bcrt1qxyz", "lbl"),
			b.WritePurpose("bcrt1qxyz", "receive"),
			b.WriteDestData("bcrt1qxyz", "used", "1"),
			b.WriteLockedUTXO(wire.OutPoint{Hash: txh, Index: 2}),
			b.WriteActiveSPK(OutputBech32m, true, id),
			b.WriteBestBlock([]chainhash.Hash{txh}),
			b.WriteMasterKey(1, MasterKey{CryptedKey: []byte{0xaa, 0xbb}, Salt: []byte("saltsalt"), DeriveIterations: 25000}),
			b.WriteDescriptor(id, WalletDescriptor{Descriptor: "raw(deadbeef)#89f8spxm", CreationTime: 0x1122334455, NextIndex: 1, RangeStart: 0, RangeEnd: 1000}),
			b.WriteDescriptorKey(id, pub, priv),
			b.WriteDescriptorParentCache(id, 0, [XPubSize]byte{1}),
			b.WriteDescriptorDerivedCache(id, 0, 7, [XPubSize]byte{2}),
			b.WriteDescriptorLastHardenedCache(id, 1, [XPubSize]byte{3}),
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
	got := records(t, db)
	idHex := hex.EncodeToString(id[:])
	txHex := hex.EncodeToString(txh[:])
	der := unhex(t, derKeyOneCompressed)
	check := doubleSHA256(pub, der)
	xpub := func(first string) string { return "4a" + first + strings.Repeat("00", XPubSize-1) }
	want := map[string]string{
		"05666c616773":               "0400000004000000",
		"0776657273696f6e":           "64000000", // ClientVersion 100, little-endian
		"0c6f72646572706f736e657874": "0500000000000000",
		"046e616d65" + "09" + hex.EncodeToString([]byte("bcrt1qxyz")):                       "036c626c",
		"07707572706f7365" + "09" + hex.EncodeToString([]byte("bcrt1qxyz")):                 "0772656365697665",
		"0864657374646174610962637274317178797a0475736564":                                  "0131",
		"0a6c6f636b65647574786f" + txHex + "02000000":                                       "31",
		"11616374697665696e7465726e616c73706b03":                                            idHex,
		"0962657374626c6f636b":                                                              "8011010000",
		"126265737462 6c6f636b5f6e6f6d65726b6c65":                                           "8011010001" + txHex,
		"046d6b657901000000":                                                                "02aabb" + "0873616c7473616c74" + "00000000" + "a8610000" + "00",
		"1077616c6c657464657363726970746f72" + idHex:                                        "16" + hex.EncodeToString([]byte("raw(deadbeef)#89f8spxm")) + "5544332211000000" + "01000000" + "00000000" + "e8030000",
		"1377616c6c657464657363726970746f726b6579" + idHex + "21" + hex.EncodeToString(pub): "d6" + hex.EncodeToString(der) + hex.EncodeToString(check[:]),
		"1577616c6c657464657363726970746f726361636865" + idHex + "00000000":                 xpub("01"),
		"1577616c6c657464657363726970746f726361636865" + idHex + "00000000" + "07000000":    xpub("02"),
		"1777616c6c657464657363726970746f726c686361636865" + idHex + "01000000":             xpub("03"),
	}
	for k, v := range want {
		k = strings.ReplaceAll(k, " ", "")
		if got[k] != v {
			t.Errorf("record %s\n got %s\nwant %s", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d records, want %d", len(got), len(want))
	}
}

func sampleTx() *wire.MsgTx {
	tx := wire.NewMsgTx(2)
	tx.AddTxIn(&wire.TxIn{PreviousOutPoint: wire.OutPoint{Hash: chainhash.Hash(seq32(0x10)), Index: 1},
		SignatureScript: []byte{0x51}, Sequence: 0xfffffffd})
	tx.AddTxOut(&wire.TxOut{Value: 50000, PkScript: []byte{0x00, 0x14, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}})
	tx.LockTime = 100
	return tx
}

func TestWalletTxBytes(t *testing.T) {
	tx := sampleTx()
	var raw bytes.Buffer
	_ = tx.Serialize(&raw)
	block := chainhash.Hash(seq32(0x80))
	wtx := WalletTx{Tx: tx, State: TxState{Kind: TxConfirmed, BlockHash: block, Index: 3},
		MapValue: map[string]string{"comment": "hi"}, OrderForm: [][2]string{{"Message", "m"}},
		TimeReceived: 0x01020304, TimeSmart: 7, OrderPos: 12}
	got, err := wtx.encode()
	if err != nil {
		t.Fatal(err)
	}
	want := hex.EncodeToString(raw.Bytes()) + hex.EncodeToString(block[:]) + "00" + "03000000" + "00" +
		"04" + "07636f6d6d656e74" + "026869" + // comment=hi
		"0b66726f6d6163636f756e74" + "00" + // fromaccount=""
		"016e" + "023132" + // n=12
		"0974696d65736d617274" + "0137" + // timesmart=7
		"01" + "074d657373616765" + "016d" +
		"00000000" + "04030201" + "00" + "00"
	if hex.EncodeToString(got) != want {
		t.Fatalf("CWalletTx\n got %x\nwant %s", got, want)
	}
	back, err := decodeWalletTx(got)
	if err != nil {
		t.Fatal(err)
	}
	if back.TxID() != tx.TxHash() || back.OrderPos != 12 || back.TimeSmart != 7 || back.TimeReceived != 0x01020304 ||
		len(back.MapValue) != 1 || back.MapValue["comment"] != "hi" || len(back.OrderForm) != 1 ||
		back.State != (TxState{Kind: TxConfirmed, BlockHash: block, BlockHeight: -1, Index: 3}) {
		t.Errorf("decoded %+v", back)
	}
	// Unordered, no smart time: only fromaccount is added.
	wtx = WalletTx{Tx: tx, OrderPos: -1}
	got, _ = wtx.encode()
	want = hex.EncodeToString(raw.Bytes()) + strings.Repeat("00", 32) + "00" + "00000000" + "00" +
		"01" + "0b66726f6d6163636f756e74" + "00" + "00" + "00000000" + "00000000" + "0000"
	if hex.EncodeToString(got) != want {
		t.Errorf("unordered CWalletTx\n got %x\nwant %s", got, want)
	}
}

func TestTxStates(t *testing.T) {
	h := chainhash.Hash(seq32(9))
	for _, tc := range []struct {
		in   TxState
		want TxState
	}{
		{TxState{Kind: TxInactive}, TxState{Kind: TxInactive}},
		{TxState{Kind: TxInMempool}, TxState{Kind: TxInactive}},
		{TxState{Kind: TxAbandoned}, TxState{Kind: TxAbandoned}},
		{TxState{Kind: TxConfirmed, BlockHash: h, BlockHeight: 5, Index: 0}, TxState{Kind: TxConfirmed, BlockHash: h, BlockHeight: -1}},
		{TxState{Kind: TxBlockConflicted, BlockHash: h, BlockHeight: 5}, TxState{Kind: TxBlockConflicted, BlockHash: h, BlockHeight: -1}},
		{TxState{Kind: TxUnrecognized, BlockHash: h, Index: -7}, TxState{Kind: TxUnrecognized, BlockHash: h, Index: -7}},
		{TxState{Kind: TxUnrecognized, Index: 4}, TxState{Kind: TxUnrecognized, Index: 4}},
	} {
		bh, idx := tc.in.serialized()
		if got := interpretTxState(bh, idx); got != tc.want {
			t.Errorf("%+v → %+v, want %+v", tc.in, got, tc.want)
		}
	}
	if bh, idx := (TxState{Kind: TxAbandoned}).serialized(); bh != (chainhash.Hash{1}) || idx != -1 {
		t.Errorf("abandoned stored as %s/%d", bh, idx)
	}
}

func TestAtoi(t *testing.T) {
	for s, want := range map[string]int64{"12": 12, " 12 ": 12, "+3": 3, "-4": -4, "+-4": 0, "x": 0, "7x": 7, "": 0,
		"99999999999999999999": 9223372036854775807, "-99999999999999999999": -9223372036854775808} {
		if got := atoi64(s); got != want {
			t.Errorf("atoi64(%q) = %d, want %d", s, got, want)
		}
	}
}
