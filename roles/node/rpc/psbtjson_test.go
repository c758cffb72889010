package rpc

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/address/v2/base58"
	"github.com/btcsuite/btcd/btcec/v2/ecdsa"
	"github.com/btcsuite/btcd/btcec/v2/schnorr"
	"github.com/btcsuite/btcd/btcutil/v2/hdkeychain"
	"github.com/btcsuite/btcd/chaincfg/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	"github.com/mpbitcoin/mpbitcoin/roles/psbt"
)

const hardened = 0x80000000

func h32(b byte) []byte {
	h := sha256.Sum256([]byte{b})
	return h[:]
}

func proprietaryEntry(id string, subtype byte, keyData, value string, typ byte) psbt.Proprietary {
	key := append([]byte{typ, byte(len(id))}, id...)
	key = append(append(key, subtype), keyData...)
	return psbt.Proprietary{Identifier: []byte(id), Subtype: uint64(subtype), Key: key, Value: []byte(value)}
}

// fullPSBT is a PSBT using every field decodepsbt shows: input 0 is
// being signed, input 1 is final.
func fullPSBT(t *testing.T) *psbt.Packet {
	t.Helper()
	k1, k2, k3 := signTestKey(1), signTestKey(2), signTestKey(3)
	c1, c2 := k1.PubKey().SerializeCompressed(), k2.PubKey().SerializeCompressed()
	x3 := schnorr.SerializePubKey(k3.PubKey())
	prev := wire.NewMsgTx(2)
	prev.AddTxIn(wire.NewTxIn(&wire.OutPoint{Hash: chainhash.Hash{5}}, nil, nil))
	prev.AddTxOut(wire.NewTxOut(30000, append([]byte{0, 20}, address.Hash160(c1)...)))
	tx := wire.NewMsgTx(2)
	tx.AddTxIn(wire.NewTxIn(&wire.OutPoint{Hash: prev.TxHash()}, nil, nil))
	tx.AddTxIn(wire.NewTxIn(&wire.OutPoint{Hash: chainhash.Hash{6}, Index: 1}, nil, nil))
	tx.AddTxOut(wire.NewTxOut(45000, append([]byte{0x51, 32}, x3...)))
	p, err := psbt.New(tx)
	if err != nil {
		t.Fatal(err)
	}
	sig := func(k byte) []byte {
		return append(ecdsa.Sign(signTestKey(k), h32(k)).Serialize(), byte(txscript.SigHashAll))
	}
	ht := uint32(0x81)
	ms := append(append(append(append([]byte{txscript.OP_2, 33}, c1...), 33), c2...), txscript.OP_2, txscript.OP_CHECKMULTISIG)
	origin := psbt.KeyOrigin{Fingerprint: [4]byte{0xde, 0xad, 0xbe, 0xef}, Path: []uint32{84 | hardened, 1 | hardened, 0 | hardened, 0, 5}}
	leafA, leafB := []byte{0x51}, []byte{0x52}
	cb := append([]byte{0xc0}, x3...)
	agg := c2
	in := &p.Inputs[0]
	in.NonWitnessUtxo = prev
	in.PartialSigs = []psbt.PartialSig{{PubKey: c1, Sig: sig(1)}, {PubKey: c2, Sig: sig(2)}}
	in.SighashType = &ht
	in.RedeemScript = append([]byte{0, 20}, address.Hash160(c1)...)
	in.WitnessScript = ms
	in.Bip32 = []psbt.Bip32Derivation{{PubKey: c1, Origin: origin}}
	in.Sha256 = []psbt.Preimage{{Hash: h32(7), Preimage: []byte{7}}}
	in.Hash160 = []psbt.Preimage{{Hash: address.Hash160([]byte{8}), Preimage: []byte{8}}}
	in.TapKeySig = make([]byte, 64)
	in.TapScriptSigs = []psbt.TapScriptSig{{XOnly: x3, LeafHash: h32(1), Sig: make([]byte, 65)}}
	in.TapLeafScripts = []psbt.TapLeafScript{
		{ControlBlock: append(append([]byte{}, cb...), h32(2)...), Script: leafA, LeafVersion: 0xc0},
		{ControlBlock: cb, Script: leafA, LeafVersion: 0xc0},
		{ControlBlock: append([]byte{0xc1}, x3...), Script: leafB, LeafVersion: 0xc0},
	}
	in.TapBip32 = []psbt.TapBip32Derivation{{XOnly: x3, LeafHashes: [][32]byte{[32]byte(h32(9)), [32]byte(h32(1))}, Origin: origin}}
	in.TapInternalKey = x3
	in.TapMerkleRoot = h32(3)
	in.MuSig2Participants = []psbt.MuSig2Participants{{Aggregate: agg, Participants: [][]byte{c1, c2}}}
	in.MuSig2PubNonces = []psbt.MuSig2Data{{Participant: c1, Aggregate: agg, Value: make([]byte, 66)}, {Participant: c1, Aggregate: agg, LeafHash: h32(4), Value: make([]byte, 66)}}
	in.MuSig2PartialSigs = []psbt.MuSig2Data{{Participant: c2, Aggregate: agg, Value: make([]byte, 32)}}
	in.Proprietary = []psbt.Proprietary{proprietaryEntry("ab", 3, "k", "v", psbt.InProprietary)}
	in.Unknown = []psbt.KV{{Key: []byte{0x30, 1}, Value: []byte{2}}}

	fin := &p.Inputs[1]
	fin.WitnessUtxo = wire.NewTxOut(20000, append([]byte{0, 20}, address.Hash160(c2)...))
	fin.FinalScriptSig = []byte{0x01, 0x51}
	fin.FinalScriptWitness = wire.TxWitness{sig(2), c2}

	out := &p.Outputs[0]
	out.RedeemScript = []byte{0x51}
	out.WitnessScript = ms
	out.Bip32 = []psbt.Bip32Derivation{{PubKey: c2, Origin: origin}}
	out.TapInternalKey = x3
	out.TapTree = []psbt.TapTreeLeaf{{Depth: 1, LeafVersion: 0xc0, Script: leafA}, {Depth: 1, LeafVersion: 0xc0, Script: leafB}}
	out.TapBip32 = []psbt.TapBip32Derivation{{XOnly: x3, Origin: origin}}
	out.MuSig2Participants = []psbt.MuSig2Participants{{Aggregate: agg, Participants: [][]byte{c1, c2}}}
	out.Proprietary = []psbt.Proprietary{proprietaryEntry("cd", 1, "", "w", psbt.OutProprietary)}
	out.Unknown = []psbt.KV{{Key: []byte{0x30}, Value: []byte{3}}}

	params, _ := chain.Params("regtest")
	master, err := hdkeychain.NewMaster(make([]byte, 32), params)
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := master.Neuter()
	p.XPubs = []psbt.XPub{{Key: xpubBytes(t, pub.String()), Origin: psbt.KeyOrigin{Fingerprint: [4]byte{1, 2, 3, 4}, Path: []uint32{44 | hardened}}}}
	p.Proprietary = []psbt.Proprietary{proprietaryEntry("ef", 2, "g", "x", psbt.GlobalProprietary)}
	p.Unknown = []psbt.KV{{Key: []byte{0x30}, Value: []byte{4}}}
	return p
}

// xpubBytes is the 78-byte serialization of a base58 extended key.
func xpubBytes(t *testing.T, s string) []byte {
	t.Helper()
	b := base58.Decode(s)
	if len(b) != 82 {
		t.Fatalf("extended key of %d bytes", len(b))
	}
	return b[:78]
}

func mustRegtest(t *testing.T) *chaincfg.Params {
	t.Helper()
	p, err := chain.Params("regtest")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDecodePSBTFields(t *testing.T) {
	tab := newPSBTTable(t)
	p := fullPSBT(t)
	b64, err := p.B64()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := psbt.DecodeBase64(b64); err != nil {
		t.Fatalf("the test PSBT does not decode: %v", err)
	}
	res, e := execute(t, tab, "decodepsbt", b64)
	if e != nil {
		t.Fatal(e)
	}
	keysInOrder(t, res, "tx", "global_xpubs", "psbt_version", "proprietary", "unknown", "inputs", "outputs", "fee")
	var got struct {
		Tx          struct{ Txid string }
		GlobalXpubs []map[string]string `json:"global_xpubs"`
		Version     int                 `json:"psbt_version"`
		Proprietary []map[string]any
		Unknown     map[string]string
		Inputs      []json.RawMessage
		Outputs     []json.RawMessage
		Fee         json.Number
	}
	if err := json.Unmarshal(res, &got); err != nil {
		t.Fatal(err)
	}
	params, _ := chain.Params("regtest")
	master, _ := hdkeychain.NewMaster(make([]byte, 32), params)
	pub, _ := master.Neuter()
	if got.Tx.Txid != p.UnsignedTx.TxHash().String() || got.Version != 0 || got.Fee != "0.00005000" ||
		!reflect.DeepEqual(got.GlobalXpubs, []map[string]string{{"xpub": pub.String(), "master_fingerprint": "01020304", "path": "m/44h"}}) ||
		!reflect.DeepEqual(got.Unknown, map[string]string{"30": "04"}) ||
		len(got.Proprietary) != 1 || got.Proprietary[0]["identifier"] != "6566" || got.Proprietary[0]["subtype"] != 2.0 ||
		got.Proprietary[0]["key"] != "fc02656602"+"67" || got.Proprietary[0]["value"] != "78" {
		t.Fatalf("globals %s", res)
	}

	keysInOrder(t, got.Inputs[0], "non_witness_utxo", "partial_signatures", "sighash", "redeem_script", "witness_script", "bip32_derivs",
		"sha256_preimages", "hash160_preimages", "taproot_key_path_sig", "taproot_script_path_sigs", "taproot_scripts", "taproot_bip32_derivs",
		"taproot_internal_key", "taproot_merkle_root", "musig2_participant_pubkeys", "musig2_pubnonces", "musig2_partial_sigs", "proprietary", "unknown")
	in0 := string(got.Inputs[0])
	k1, k2, k3 := signTestKey(1), signTestKey(2), signTestKey(3)
	c1, c2 := hex.EncodeToString(k1.PubKey().SerializeCompressed()), hex.EncodeToString(k2.PubKey().SerializeCompressed())
	x3 := hex.EncodeToString(schnorr.SerializePubKey(k3.PubKey()))
	// Partial signatures are listed by HASH160 of the key.
	first, second := c1, c2
	if hex.EncodeToString(address.Hash160(k1.PubKey().SerializeCompressed())) > hex.EncodeToString(address.Hash160(k2.PubKey().SerializeCompressed())) {
		first, second = c2, c1
	}
	for _, want := range []string{
		`"sighash":"ALL|ANYONECANPAY"`,
		`"redeem_script":{"asm":"0 ` + hex.EncodeToString(address.Hash160(k1.PubKey().SerializeCompressed())) + `","hex":"0014`,
		`","type":"witness_v0_keyhash"}`,
		`"witness_script":{"asm":"2 ` + c1 + " " + c2 + ` 2 OP_CHECKMULTISIG","hex":"52`,
		`"type":"multisig"}`,
		`"bip32_derivs":[{"pubkey":"` + c1 + `","master_fingerprint":"deadbeef","path":"m/84h/1h/0h/0/5"}]`,
		`"sha256_preimages":{"` + hex.EncodeToString(h32(7)) + `":"07"}`,
		`"taproot_key_path_sig":"` + strings.Repeat("00", 64) + `"`,
		`"taproot_script_path_sigs":[{"pubkey":"` + x3 + `","leaf_hash":"` + hex.EncodeToString(h32(1)) + `","sig":"` + strings.Repeat("00", 65) + `"}]`,
		`"taproot_scripts":[{"script":"51","leaf_ver":192,"control_blocks":["c0` + x3 + `","c0` + x3 + hex.EncodeToString(h32(2)) + `"]},{"script":"52","leaf_ver":192,"control_blocks":["c1` + x3 + `"]}]`,
		`"taproot_internal_key":"` + x3 + `","taproot_merkle_root":"` + hex.EncodeToString(h32(3)) + `"`,
		`"musig2_participant_pubkeys":[{"aggregate_pubkey":"` + c2 + `","participant_pubkeys":["` + c1 + `","` + c2 + `"]}]`,
		`"musig2_pubnonces":[{"participant_pubkey":"` + c1 + `","aggregate_pubkey":"` + c2 + `","pubnonce":"` + strings.Repeat("00", 66) + `"},{"participant_pubkey":"` + c1 + `","aggregate_pubkey":"` + c2 + `","leaf_hash":"` + hex.EncodeToString(h32(4)) + `","pubnonce"`,
		`"musig2_partial_sigs":[{"participant_pubkey":"` + c2 + `","aggregate_pubkey":"` + c2 + `","partial_sig":"` + strings.Repeat("00", 32) + `"}]`,
		`"proprietary":[{"identifier":"6162","subtype":3,"key":"fc026162036b","value":"76"}],"unknown":{"3001":"02"}}`,
		`"partial_signatures":{"` + first + `":"`, `","` + second + `":"`,
	} {
		if !strings.Contains(in0, want) {
			t.Errorf("input 0 lacks %s\n%s", want, in0)
		}
	}
	// Leaf hashes are sorted.
	lh1, lh9 := hex.EncodeToString(h32(1)), hex.EncodeToString(h32(9))
	if lh9 < lh1 {
		lh1, lh9 = lh9, lh1
	}
	if !strings.Contains(in0, `"taproot_bip32_derivs":[{"pubkey":"`+x3+`","master_fingerprint":"deadbeef","path":"m/84h/1h/0h/0/5","leaf_hashes":["`+lh1+`","`+lh9+`"]}]`) {
		t.Errorf("taproot derivations %s", in0)
	}

	in1 := string(got.Inputs[1])
	keysInOrder(t, got.Inputs[1], "witness_utxo", "final_scriptSig", "final_scriptwitness")
	if !strings.HasPrefix(in1, `{"witness_utxo":{"amount":0.00020000,"scriptPubKey":{"asm":"0 `) || !strings.Contains(in1, `"type":"witness_v0_keyhash"}}`) ||
		!strings.Contains(in1, `"final_scriptSig":{"asm":"81","hex":"0151"}`) ||
		!strings.Contains(in1, `"final_scriptwitness":["`) {
		t.Errorf("input 1 %s", in1)
	}

	keysInOrder(t, got.Outputs[0], "redeem_script", "witness_script", "bip32_derivs", "taproot_internal_key", "taproot_tree",
		"taproot_bip32_derivs", "musig2_participant_pubkeys", "proprietary", "unknown")
	out0 := string(got.Outputs[0])
	for _, want := range []string{
		`"redeem_script":{"asm":"1","hex":"51","type":"nonstandard"}`,
		`"taproot_tree":[{"depth":1,"leaf_ver":192,"script":"51"},{"depth":1,"leaf_ver":192,"script":"52"}]`,
		`"taproot_bip32_derivs":[{"pubkey":"` + x3 + `","master_fingerprint":"deadbeef","path":"m/84h/1h/0h/0/5","leaf_hashes":[]}]`,
		`"proprietary":[{"identifier":"6364","subtype":1,"key":"fc02636401","value":"77"}],"unknown":{"30":"03"}}`,
	} {
		if !strings.Contains(out0, want) {
			t.Errorf("output 0 lacks %s\n%s", want, out0)
		}
	}
}

// The extended keys of the PSBT are shown with the chain's version
// bytes, whatever the PSBT holds.
func TestDecodePSBTXPubVersion(t *testing.T) {
	tab := newPSBTTable(t)
	p := fullPSBT(t)
	want := encodeXPub(p.XPubs[0].Key, mustRegtest(t))
	copy(p.XPubs[0].Key, []byte{0x04, 0x88, 0xb2, 0x1e}) // mainnet xpub
	b64, _ := p.B64()
	res, e := execute(t, tab, "decodepsbt", b64)
	if e != nil || !strings.Contains(string(res), `"xpub":"`+want+`"`) || !strings.HasPrefix(want, "tpub") {
		t.Fatalf("%s %v", res, e)
	}
}

// No fee without every UTXO.
func TestDecodePSBTNoFee(t *testing.T) {
	tab := newPSBTTable(t)
	p := fullPSBT(t)
	p.Inputs[1].WitnessUtxo = nil
	b64, _ := p.B64()
	res, e := execute(t, tab, "decodepsbt", b64)
	if e != nil || strings.Contains(string(res), `"fee"`) {
		t.Fatalf("%s %v", res, e)
	}
	raw, _ := base64.StdEncoding.DecodeString(b64)
	if _, e := execute(t, tab, "decodepsbt", base64.StdEncoding.EncodeToString(append(raw, 0))); e == nil ||
		e["message"] != "TX decode failed extra data after PSBT" {
		t.Fatalf("extra data: %v", e)
	}
}

func TestWriteHDKeypath(t *testing.T) {
	for _, c := range []struct {
		path []uint32
		want string
	}{{nil, "m"}, {[]uint32{0}, "m/0"}, {[]uint32{hardened, 1, 0xffffffff}, "m/0h/1/2147483647h"}} {
		if got := writeHDKeypath(c.path); got != c.want {
			t.Errorf("%v: %s", c.path, got)
		}
	}
}
