package descriptor

import (
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2/schnorr"
	"github.com/btcsuite/btcd/chaincfg/v2"
	"github.com/btcsuite/btcd/txscript/v2"
)

var mainnet = &chaincfg.MainNetParams

// BIP380 checksum test vectors.
func TestBIP380Checksum(t *testing.T) {
	valid := []string{"raw(deadbeef)#89f8spxm", "raw(deadbeef)"}
	for _, s := range valid {
		if _, err := Parse(s, mainnet, false); err != nil {
			t.Errorf("Parse(%s): %v", s, err)
		}
	}
	invalid := map[string]string{
		"raw(deadbeef)#":          "Expected 8 character checksum, not 0 characters",
		"raw(deadbeef)#89f8spxmx": "Expected 8 character checksum, not 9 characters",
		"raw(deadbeef)#89f8spx":   "Expected 8 character checksum, not 7 characters",
		"raw(deedbeef)#89f8spxm":  "Provided checksum '89f8spxm' does not match computed checksum 'xj8ljs75'",
		"raw(deedbeef)##9f8spxm":  "Multiple '#' symbols",
		"raw(Ü)#00000000":         "Invalid characters in payload",
	}
	for s, want := range invalid {
		_, err := Parse(s, mainnet, false)
		if err == nil || err.Error() != want {
			t.Errorf("Parse(%s) error %v, want %q", s, err, want)
		}
	}
	if _, err := Parse("raw(deadbeef)", mainnet, true); err == nil || err.Error() != "Missing checksum" {
		t.Errorf("required checksum: %v", err)
	}
	if sum, _ := Checksum("raw(deadbeef)"); sum != "89f8spxm" {
		t.Errorf("Checksum = %s", sum)
	}
	if got := AddChecksum("raw(deadbeef)"); got != "raw(deadbeef)#89f8spxm" {
		t.Errorf("AddChecksum = %s", got)
	}
	if got := DescriptorChecksum("raw(deadbeef)#89f8spxm"); got != "89f8spxm" {
		t.Errorf("DescriptorChecksum = %s", got)
	}
}

// BIP380 key expression vectors, wrapped in pk() (pkh for origin/xpub).
func TestBIP380Keys(t *testing.T) {
	const xpub = "xpub6ERApfZwUNrhLCkDtcHTcxd75RbzS1ed54G1LkBUHQVHQKqhMkhgbmJbZRkrgZw4koxb5JaHWkY4ALHY2grBGRjaDMzQLcgJvLJuZZvRcEL"
	const xprv = "xprvA1RpRA33e1JQ7ifknakTFpgNXPmW2YvmhqLQYMmrj4xJXXWYpDPS3xz7iAxn8L39njGVyuoseXzU6rcxFLJ8HFsTjSyQbLYnMpCqE2VbFWc"
	const pub = "0260b2003c386519fc9eadf2b5cf124dd8eea4c4e68d5e154050a9346ea98ce600"
	valid := []string{
		pub,
		"04a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd5b8dec5235a0fa8722476c7709c02559e3aa73aa03918ba2d492eea75abea235",
		"[deadbeef/0h/0h/0h]" + pub, "[deadbeef/0'/0'/0']" + pub, "[deadbeef/0'/0h/0']" + pub,
		"5KYZdUEo39z3FPrtuX2QbbwGnNP5zTd7yyr2SC1j299sBCnWjss", "L4rK1yDtCWekvXuE6oXD9jCYfFNV2cWRpVuPLBcCU2z8TrisoyY1",
		xpub, "[deadbeef/0h/1h/2h]" + xpub, "[deadbeef/0h/1h/2h]" + xpub + "/3/4/5", "[deadbeef/0h/1h/2h]" + xpub + "/3/4/5/*",
		xpub + "/3h/4h/5h/*", xpub + "/3h/4h/5h/*h", "[deadbeef/0h/1h/2]" + xpub + "/3h/4h/5h/*h",
		xprv, "[deadbeef/0h/1h/2h]" + xprv, "[deadbeef/0h/1h/2h]" + xprv + "/3/4/5", "[deadbeef/0h/1h/2h]" + xprv + "/3/4/5/*",
		xprv + "/3h/4h/5h/*", xprv + "/3h/4h/5h/*h", "[deadbeef/0h/1h/2]" + xprv + "/3h/4h/5h/*h",
	}
	for _, k := range valid {
		d, err := Parse("pk("+k+")", mainnet, false)
		if err != nil {
			t.Errorf("pk(%s): %v", k, err)
			continue
		}
		// The public form must round-trip.
		again, err := Parse(d.String(), mainnet, true)
		if err != nil || again.String() != d.String() {
			t.Errorf("round trip of %s: %v %s", d, err, again)
		}
	}
	const xprvRoot = "xprv9s21ZrQH143K31xYSDQpPDxsXRTUcvj2iNHm5NUtrGiGG5e2DtALGdso3pGz6ssrdK4PFmM8NSpSBHNqPqm55Qn3LqFtT2emdEXVYsCzC2U"
	invalid := map[string]string{
		"[deadbeef/0h/0h/0h/*]" + pub:                            "pk(): Key path value '*' is not a valid uint32",
		"[deadbeef/0h/0h/0h/]" + pub:                             "pk(): Key path value '' is not a valid uint32",
		"[deadbef/0h/0h/0h]" + pub:                               "pk(): Fingerprint is not 4 bytes (7 characters instead of 8 characters)",
		"[deadbeeef/0h/0h/0h]" + pub:                             "pk(): Fingerprint is not 4 bytes (9 characters instead of 8 characters)",
		"[deadbeef/0f/0f/0f]" + pub:                              "pk(): Key path value '0f' is not a valid uint32",
		"[deadbeef/0H/0H/0H]" + pub:                              "pk(): Key path value '0H' is not a valid uint32",
		"[deadbeef/-0/-0/-0]" + pub:                              "pk(): Key path value '-0' is not a valid uint32",
		"L4rK1yDtCWekvXuE6oXD9jCYfFNV2cWRpVuPLBcCU2z8TrisoyY1/0": "pk(): key 'L4rK1yDtCWekvXuE6oXD9jCYfFNV2cWRpVuPLBcCU2z8TrisoyY1' is not valid",
		"L4rK1yDtCWekvXuE6oXD9jCYfFNV2cWRpVuPLBcCU2z8TrisoyY1/*": "pk(): key 'L4rK1yDtCWekvXuE6oXD9jCYfFNV2cWRpVuPLBcCU2z8TrisoyY1' is not valid",
		xprvRoot + "/2147483648":                                 "pk(): Key path value 2147483648 is out of range",
		xprvRoot + "/1aa":                                        "pk(): Key path value '1aa' is not a valid uint32",
		"[aaaaaaaa][aaaaaaaa]" + xprvRoot + "/0":                 "pk(): Multiple ']' characters found for a single pubkey",
		"aaaaaaaa]" + xprvRoot + "/2147483647'/0":                "pk(): Key origin start '[ character expected but not found, got 'a' instead",
		"[gaaaaaaa]" + xprvRoot + "/2147483647'/0":               "pk(): Fingerprint 'gaaaaaaa' is not hex",
		"[deadbeef]": "pk(): No key provided",
	}
	for k, want := range invalid {
		_, err := Parse("pk("+k+")", mainnet, false)
		if err == nil || err.Error() != want {
			t.Errorf("pk(%s): error %v, want %q", k, err, want)
		}
	}
}

// BIP386 tr() vectors.
func TestBIP386(t *testing.T) {
	valid := map[string][]string{
		"tr(a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd)": {"512077aab6e066f8a7419c5ab714c12c67d25007ed55a43cadcacb4d7a970a093f11"},
		"tr(L4rK1yDtCWekvXuE6oXD9jCYfFNV2cWRpVuPLBcCU2z8TrisoyY1)":             {"512077aab6e066f8a7419c5ab714c12c67d25007ed55a43cadcacb4d7a970a093f11"},
		"tr(xprvA1RpRA33e1JQ7ifknakTFpgNXPmW2YvmhqLQYMmrj4xJXXWYpDPS3xz7iAxn8L39njGVyuoseXzU6rcxFLJ8HFsTjSyQbLYnMpCqE2VbFWc/0/*,pk(xprvA1RpRA33e1JQ7ifknakTFpgNXPmW2YvmhqLQYMmrj4xJXXWYpDPS3xz7iAxn8L39njGVyuoseXzU6rcxFLJ8HFsTjSyQbLYnMpCqE2VbFWc/1/*))": {
			"512078bc707124daa551b65af74de2ec128b7525e10f374dc67b64e00ce0ab8b3e12",
			"512001f0a02a17808c20134b78faab80ef93ffba82261ccef0a2314f5d62b6438f11",
			"512021024954fcec88237a9386fce80ef2ced5f1e91b422b26c59ccfc174c8d1ad25"},
		"tr(a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd,pk(669b8afcec803a0d323e9a17f3ea8e68e8abe5a278020a929adbec52421adbd0))": {"512017cf18db381d836d8923b1bdb246cfcd818da1a9f0e6e7907f187f0b2f937754"},
		"tr(a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd,{pk(xprvA2JDeKCSNNZky6uBCviVfJSKyQ1mDYahRjijr5idH2WwLsEd4Hsb2Tyh8RfQMuPh7f7RtyzTtdrbdqqsunu5Mm3wDvUAKRHSC34sJ7in334/0),{{pk(xpub6ERApfZwUNrhLCkDtcHTcxd75RbzS1ed54G1LkBUHQVHQKqhMkhgbmJbZRkrgZw4koxb5JaHWkY4ALHY2grBGRjaDMzQLcgJvLJuZZvRcEL),pk(02df12b7035bdac8e3bab862a3a83d06ea6b17b6753d52edecba9be46f5d09e076)},pk(L4rK1yDtCWekvXuE6oXD9jCYfFNV2cWRpVuPLBcCU2z8TrisoyY1)}})": {"512071fff39599a7b78bc02623cbe814efebf1a404f5d8ad34ea80f213bd8943f574"},
	}
	for s, scripts := range valid {
		d, err := Parse(s, mainnet, false)
		if err != nil {
			t.Fatalf("Parse(%s): %v", s, err)
		}
		for i, want := range scripts {
			outs, err := d.Expand(uint32(i))
			if err != nil {
				t.Fatalf("Expand(%d) of %s: %v", i, s, err)
			}
			if got := hex.EncodeToString(outs[0].Script); got != want {
				t.Errorf("%s at %d = %s, want %s", s, i, got, want)
			}
			checkTaprootOutput(t, outs[0])
		}
	}
	invalid := map[string]string{
		"tr(5KYZdUEo39z3FPrtuX2QbbwGnNP5zTd7yyr2SC1j299sBCnWjss)":                                                                                "tr(): Uncompressed keys are not allowed",
		"tr(04a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd5b8dec5235a0fa8722476c7709c02559e3aa73aa03918ba2d492eea75abea235)": "tr(): Uncompressed keys are not allowed",
		"wsh(tr(a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd))":                                                              "Can only have tr at top level",
		"sh(tr(a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd))":                                                               "Can only have tr at top level",
	}
	for s, want := range invalid {
		_, err := Parse(s, mainnet, false)
		if err == nil || err.Error() != want {
			t.Errorf("Parse(%s): %v, want %q", s, err, want)
		}
	}
	if _, err := Parse("tr(a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd, pkh(L4rK1yDtCWekvXuE6oXD9jCYfFNV2cWRpVuPLBcCU2z8TrisoyY1))", mainnet, false); err == nil {
		t.Error("pkh() inside tr() accepted")
	}
}

// checkTaprootOutput verifies every control block of o against its output
// key with txscript's BIP341 commitment check.
func checkTaprootOutput(t *testing.T, o Output) {
	t.Helper()
	if len(o.TaprootInternalKey) != 32 {
		t.Fatalf("internal key %x", o.TaprootInternalKey)
	}
	if (o.TaprootMerkleRoot == nil) != (len(o.TaprootLeaves) == 0) {
		t.Fatalf("merkle root %x with %d leaves", o.TaprootMerkleRoot, len(o.TaprootLeaves))
	}
	for _, leaf := range o.TaprootLeaves {
		cb, err := txscript.ParseControlBlock(leaf.ControlBlock)
		if err != nil {
			t.Fatalf("control block: %v", err)
		}
		if err := txscript.VerifyTaprootLeafCommitment(cb, o.Script[2:], leaf.Script); err != nil {
			t.Errorf("leaf %x does not commit to %x: %v", leaf.Script, o.Script, err)
		}
	}
}

func TestTaprootTreeShapes(t *testing.T) {
	const k1 = "669b8afcec803a0d323e9a17f3ea8e68e8abe5a278020a929adbec52421adbd0"
	const k2 = "a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd"
	const k3 = "df12b7035bdac8e3bab862a3a83d06ea6b17b6753d52edecba9be46f5d09e076"
	for _, s := range []string{
		"tr(" + k1 + ",{pk(" + k2 + "),pk(" + k3 + ")})",
		"tr(" + k1 + ",{{pk(" + k2 + "),pk(" + k3 + ")},multi_a(1," + k1 + "," + k2 + ")})",
		"tr(" + k1 + ",{pk(" + k2 + "),{pk(" + k3 + "),{sortedmulti_a(2," + k2 + "," + k3 + "),pk(" + k1 + ")}}})",
	} {
		d, err := Parse(s, mainnet, false)
		if err != nil {
			t.Fatalf("Parse(%s): %v", s, err)
		}
		if strings.TrimSuffix(d.String(), d.String()[len(d.String())-9:]) != s {
			t.Errorf("String() = %s, want %s", d, s)
		}
		outs, err := d.Expand(0)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Count(s, "pk(") + strings.Count(s, "multi_a("); len(outs[0].TaprootLeaves) != got {
			t.Errorf("%d leaves, want %d", len(outs[0].TaprootLeaves), got)
		}
		checkTaprootOutput(t, outs[0])
	}
	bad := map[string]string{
		"tr(" + k1 + ",{pk(" + k2 + ")})":               "tr(): expected ',' after script expression",
		"tr(" + k1 + ",{pk(" + k2 + "),pk(" + k3 + "))": "tr(): expected '}' after script expression",
		"tr(" + k1 + ",pk(" + k2 + "),pk(" + k3 + "))":  "tr(): expected ')' after script expression",
		"tr(" + k1 + ",multi(1," + k2 + "))":            "Can only have multi/sortedmulti at top level, in sh(), or in wsh()",
		"wsh(multi_a(1," + k1 + "))":                    "Can only have multi_a/sortedmulti_a inside tr()",
	}
	for s, want := range bad {
		_, err := Parse(s, mainnet, false)
		if err == nil || err.Error() != want {
			t.Errorf("Parse(%s): %v, want %q", s, err, want)
		}
	}
	deep := "tr(" + k1 + "," + strings.Repeat("{pk("+k2+"),", 129) + "pk(" + k3 + ")" + strings.Repeat("}", 129) + ")"
	if _, err := Parse(deep, mainnet, false); err == nil || err.Error() != "tr() supports at most 128 nesting levels" {
		t.Errorf("deep tree: %v", err)
	}
}

// BIP32 derivation through hdkeychain must give Core's fingerprints and
// paths; hardened steps from an xpub must fail.
func TestDerivationOrigins(t *testing.T) {
	// BIP32 test vector 1 master key: fingerprint 3442193e.
	const master = "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi"
	d, err := Parse("wpkh("+master+"/0h/1/*)", mainnet, true)
	if err == nil {
		t.Fatal("missing checksum accepted")
	}
	d, err = Parse(AddChecksum("wpkh("+master+"/0h/1/*)"), mainnet, true)
	if err != nil {
		t.Fatal(err)
	}
	outs, err := d.Expand(5)
	if err != nil {
		t.Fatal(err)
	}
	k := outs[0].Keys[0]
	if hex.EncodeToString(k.Fingerprint[:]) != "3442193e" {
		t.Errorf("fingerprint %x", k.Fingerprint)
	}
	if len(k.Path) != 3 || k.Path[0] != 0x80000000 || k.Path[1] != 1 || k.Path[2] != 5 || k.Priv == nil {
		t.Errorf("path %v priv %v", k.Path, k.Priv != nil)
	}
	// BIP32 vector 1 chain m/0H/1 public key.
	pubD, err := Parse("wpkh([3442193e/0h]xpub68Gmy5EdvgibQVfPdqkBBCHxA5htiqg55crXYuXoQRKfDBFA1WEjWgP6LHhwBZeNK1VTsfTFUHCdrfp1bgwQ9xv5ski8PX9rL2dZXvgGDnw/1/*)", mainnet, false)
	if err != nil {
		t.Fatal(err)
	}
	pubOuts, err := pubD.Expand(5)
	if err != nil {
		t.Fatal(err)
	}
	if hex.EncodeToString(pubOuts[0].Script) != hex.EncodeToString(outs[0].Script) {
		t.Errorf("xpub and xprv derivations differ")
	}
	if pubOuts[0].Keys[0].Priv != nil || pubD.HasPrivateKeys() || !d.HasPrivateKeys() {
		t.Error("private key bookkeeping wrong")
	}
	hard, err := Parse("wpkh(xpub68Gmy5EdvgibQVfPdqkBBCHxA5htiqg55crXYuXoQRKfDBFA1WEjWgP6LHhwBZeNK1VTsfTFUHCdrfp1bgwQ9xv5ski8PX9rL2dZXvgGDnw/1h/*)", mainnet, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hard.Expand(0); !errors.Is(err, ErrNeedPrivateKeys) {
		t.Errorf("hardened from xpub: %v", err)
	}
	// Normalized origin output keeps ' when the input used it.
	ap, _ := Parse("pkh([deadbeef/1'/2]"+master+"/3'/*')", mainnet, false)
	if s := ap.String(); !strings.HasPrefix(s, "pkh([deadbeef/1'/2]xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8/3'/*')") {
		t.Errorf("String() = %s", s)
	}
}

func TestPropertiesAndOutputs(t *testing.T) {
	const pub = "03a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd"
	const pub2 = "0260b2003c386519fc9eadf2b5cf124dd8eea4c4e68d5e154050a9346ea98ce600"
	d, err := Parse("sh(wsh(multi(1,"+pub+","+pub2+")))", mainnet, false)
	if err != nil {
		t.Fatal(err)
	}
	outs, err := d.Expand(0)
	if err != nil {
		t.Fatal(err)
	}
	o := outs[0]
	if len(o.WitnessScript) == 0 || len(o.RedeemScript) != 34 || len(o.Script) != 23 || len(o.Keys) != 2 {
		t.Errorf("sh(wsh()) output %+v", o)
	}
	if ty, ok := d.OutputType(); !ok || ty != "p2sh-segwit" {
		t.Errorf("OutputType %s", ty)
	}
	combo, _ := Parse("combo("+pub+")", mainnet, false)
	if combo.IsSingleType() {
		t.Error("combo is single type")
	}
	co, _ := combo.Expand(0)
	if len(co) != 4 || co[3].RedeemScript == nil {
		t.Errorf("combo outputs %d", len(co))
	}
	addr, err := Parse("addr(bc1qyt3k8ffrj3apzrv6n6c3fqsduxp6egcnk2r66j)", mainnet, false)
	if err != nil || addr.IsSolvable() {
		t.Fatalf("addr: %v", err)
	}
	if _, err := Parse("addr(bc1qyt3k8ffrj3apzrv6n6c3fqsduxp6egcnk2r66j)", &chaincfg.RegressionNetParams, false); err == nil || err.Error() != "Address is not valid" {
		t.Errorf("mainnet address on regtest: %v", err)
	}
	if _, err := Parse("pk(L4rK1yDtCWekvXuE6oXD9jCYfFNV2cWRpVuPLBcCU2z8TrisoyY1)", &chaincfg.RegressionNetParams, false); err == nil {
		t.Error("mainnet WIF accepted on regtest")
	}
	if _, err := Parse("pkh(xpub68Gmy5EdvgibQVfPdqkBBCHxA5htiqg55crXYuXoQRKfDBFA1WEjWgP6LHhwBZeNK1VTsfTFUHCdrfp1bgwQ9xv5ski8PX9rL2dZXvgGDnw)", &chaincfg.TestNet3Params, false); err == nil {
		t.Error("xpub accepted on testnet")
	}
	tr, _ := Parse("tr("+pub+")", mainnet, false)
	to, _ := tr.Expand(0)
	if !to[0].Keys[0].XOnly || len(to[0].Keys[0].Pub) != 33 || to[0].TaprootMerkleRoot != nil {
		t.Errorf("tr key %+v", to[0].Keys[0])
	}
	if x, _ := schnorr.ParsePubKey(to[0].TaprootInternalKey); x == nil {
		t.Error("bad internal key")
	}
	// A multipath descriptor stands for its expansions.
	mp, err := Parse("wpkh(xpub68Gmy5EdvgibQVfPdqkBBCHxA5htiqg55crXYuXoQRKfDBFA1WEjWgP6LHhwBZeNK1VTsfTFUHCdrfp1bgwQ9xv5ski8PX9rL2dZXvgGDnw/<0;1>/*)", mainnet, false)
	if err != nil || !mp.IsMultipath() || len(mp.Multipath()) != 2 || !strings.Contains(mp.Multipath()[1].String(), "/1/*)") {
		t.Errorf("multipath: %v", err)
	}
	for s, want := range map[string]string{
		"pkh(" + pub + "),pkh(" + pub + ")":                 "",
		"sh(sh(pkh(" + pub + ")))":                          "Can only have sh() at top level",
		"sh(raw(00))":                                       "Can only have raw() at top level",
		"multi(0," + pub + ")":                              "Multisig threshold cannot be 0, must be at least 1",
		"multi(3," + pub + "," + pub2 + ")":                 "Multisig threshold cannot be larger than the number of keys; threshold is 3 but only 2 keys specified",
		"foo(" + pub + ")":                                  "'foo(" + pub + ")' is not a valid descriptor function",
		"wsh(" + pub + ")":                                  "A function is needed within P2WSH",
		"pk( " + pub + ")":                                  "pk(): Key ' " + pub + "' is invalid due to whitespace",
		"multi(1," + strings.Repeat(pub+",", 3) + pub + ")": "Cannot have 4 pubkeys in bare multisig; only at most 3 pubkeys",
	} {
		_, err := Parse(s, mainnet, false)
		if err == nil || err.Error() != want {
			t.Errorf("Parse(%s): %v, want %q", s, err, want)
		}
	}
}

func TestInfer(t *testing.T) {
	cases := map[string]string{
		"76a91445ff7c2327866472639d507334a9a00119dfd32688ac": "addr(17P7ge56F2QcdHxxRBa2NyzmejFggPwBJ9)",
		"6a0401020304": "raw(6a0401020304)",
		"5120a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd":       "rawtr(a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd)",
		"2103a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bdac":     "pk(03a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd)",
		"512103a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd51ae": "multi(1,03a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd)",
		"51024e73": "addr(bc1pfeessrawgf)",
	}
	for h, want := range cases {
		b, _ := hex.DecodeString(h)
		if got := Infer(b, mainnet); got != AddChecksum(want) {
			t.Errorf("Infer(%s) = %s, want %s", h, got, want)
		}
		// Inferred descriptors parse back to the same script.
		d, err := Parse(Infer(b, mainnet), mainnet, true)
		if err != nil {
			t.Errorf("reparse %s: %v", want, err)
			continue
		}
		outs, err := d.Expand(0)
		if err != nil || hex.EncodeToString(outs[0].Script) != h {
			t.Errorf("reparse %s expands to %x", want, outs[0].Script)
		}
	}
	// BIP350 witness v2 test vector.
	b, _ := hex.DecodeString("5210751e76e8199196d454941c45d1b3a323")
	if got := Infer(b, mainnet); got != AddChecksum("addr(bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs)") {
		t.Errorf("Infer(v2) = %s", got)
	}
}

func TestAddresses(t *testing.T) {
	regtest := &chaincfg.RegressionNetParams
	for in, want := range map[string]string{
		"addr(BC1QYT3K8FFRJ3APZRV6N6C3FQSDUXP6EGCNK2R66J)": "addr(bc1qyt3k8ffrj3apzrv6n6c3fqsduxp6egcnk2r66j)",
		"addr(bc1pfeessrawgf)":                             "addr(bc1pfeessrawgf)",
		"addr(bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs)":       "addr(bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs)",
		"addr(17P7ge56F2QcdHxxRBa2NyzmejFggPwBJ9)":         "addr(17P7ge56F2QcdHxxRBa2NyzmejFggPwBJ9)",
		"addr(3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy)":         "addr(3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy)",
	} {
		d, err := Parse(in, mainnet, false)
		if err != nil {
			t.Errorf("Parse(%s): %v", in, err)
			continue
		}
		if got := d.String(); got != AddChecksum(want) {
			t.Errorf("%s -> %s, want %s", in, got, want)
		}
		outs, _ := d.Expand(0)
		if a, ok := ScriptAddress(outs[0].Script, mainnet); !ok || "addr("+a+")" != want {
			t.Errorf("ScriptAddress = %s", a)
		}
	}
	for _, bad := range []string{
		"addr(bc1qyt3k8ffrj3apzrv6n6c3fqsduxp6egcnk2r66k)",                                 // bad checksum
		"addr(bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k8zcwmq)", // bech32 for v1 (BIP350 invalid)
		"addr(mkmZxiEcEd8ZqjQWVZuC6so5dFMKEFpN2j)",                                         // testnet on mainnet
		"addr(0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798)",
	} {
		if _, err := Parse(bad, mainnet, false); err == nil || err.Error() != "Address is not valid" {
			t.Errorf("Parse(%s): %v", bad, err)
		}
	}
	if _, err := Parse("addr(mkmZxiEcEd8ZqjQWVZuC6so5dFMKEFpN2j)", regtest, false); err != nil {
		t.Errorf("testnet address on regtest: %v", err)
	}
}

// Expand may be called from several goroutines (run with -race).
func TestConcurrentExpand(t *testing.T) {
	const xprv = "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi"
	d, err := Parse("tr("+xprv+"/86h/0h/0h/0/*,pk("+xprv+"/1h/*h))", mainnet, false)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 4)
	for g := 0; g < 4; g++ {
		go func() {
			for i := uint32(0); i < 20; i++ {
				if _, err := d.Expand(i); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for g := 0; g < 4; g++ {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

func TestMiniscriptLimits(t *testing.T) {
	const k = "03a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd"
	deep := "wsh(" + strings.Repeat("and_v(v:pk("+k+"),", 5000) + "pk(" + k + ")" + strings.Repeat(")", 5000) + ")"
	if _, err := Parse(deep, mainnet, false); err == nil {
		t.Error("oversized miniscript accepted")
	}
	d, err := Parse("wsh(and_v(v:pk("+k+"),older(144)))", mainnet, false)
	if err != nil {
		t.Fatal(err)
	}
	outs, err := d.Expand(0)
	if err != nil {
		t.Fatal(err)
	}
	// <K> CHECKSIGVERIFY 144 CHECKSEQUENCEVERIFY
	if got := hex.EncodeToString(outs[0].WitnessScript); got != "21"+k+"ad029000b2" {
		t.Errorf("witness script %s", got)
	}
	if w, ok := d.MaxSatisfactionWeight(true); !ok || w != 1+int64(len(outs[0].WitnessScript))+1+72 {
		t.Errorf("satisfaction weight %d %v", w, ok)
	}
	for s, want := range map[string]string{
		"wsh(older(144))": "older(144) is not sane: witnesses without signature exist",
		"wsh(and_v(v:pk(" + k + "),pk(" + k + ")))":        "and_v(v:pk(" + k + "),pk(" + k + ")) is not sane: contains duplicate public keys",
		"wsh(and_b(pk(" + k + "),pk(" + k + ")))":          "and_b(pk(" + k + "),pk(" + k + ")) is invalid",
		"sh(and_v(v:pk(" + k + "),older(1)))":              "Miniscript expressions can only be used in wsh or tr.",
		"wsh(and_v(v:pk(" + k + "),multi_a(1," + k + ")))": "A function is needed within P2WSH",
	} {
		if _, err := Parse(s, mainnet, false); err == nil || err.Error() != want {
			t.Errorf("Parse(%s): %v, want %q", s, err, want)
		}
	}
}
