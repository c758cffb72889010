package rpc

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/chaincfg/v2"
	"github.com/btcsuite/btcd/txscript/v2"
)

func TestCreateMultisig(t *testing.T) {
	tab, _ := newTestTable(t)
	var keys []string
	var uncompressed string
	for i := 1; i <= 21; i++ {
		priv, _ := btcec.PrivKeyFromBytes([]byte{31: byte(i)})
		keys = append(keys, strings.ToLower(hexOf(priv.PubKey().SerializeCompressed())))
		if i == 3 {
			uncompressed = hexOf(priv.PubKey().SerializeUncompressed())
		}
	}
	for _, typ := range []string{"legacy", "p2sh-segwit", "bech32"} {
		res, e := execute(t, tab, "createmultisig", 2, keys[:3], typ)
		if e != nil {
			t.Fatalf("%s: %v", typ, e)
		}
		var v map[string]any
		_ = json.Unmarshal(res, &v)
		multi := "multi(2," + strings.Join(keys[:3], ",") + ")"
		want := map[string]string{"legacy": "sh(" + multi + ")", "p2sh-segwit": "sh(wsh(" + multi + "))", "bech32": "wsh(" + multi + ")"}[typ]
		if v["descriptor"] != addChecksum(want) || v["warnings"] != nil {
			t.Errorf("%s: %s", typ, res)
		}
		if !strings.HasPrefix(v["redeemScript"].(string), "5221") || !strings.HasSuffix(v["redeemScript"].(string), "53ae") {
			t.Errorf("%s: redeemScript %s", typ, v["redeemScript"])
		}
		// The address is the redeem script's P2SH, P2SH-P2WSH or P2WSH.
		redeem, _ := hex.DecodeString(v["redeemScript"].(string))
		params := &chaincfg.RegressionNetParams
		wsh, _ := address.NewAddressWitnessScriptHash(sha256Of(redeem), params)
		wantAddr := wsh.EncodeAddress()
		if typ != "bech32" {
			inner := redeem
			if typ == "p2sh-segwit" {
				inner, _ = txscript.PayToAddrScript(wsh)
			}
			sh, _ := address.NewAddressScriptHash(inner, params)
			wantAddr = sh.EncodeAddress()
		}
		if v["address"] != wantAddr {
			t.Errorf("%s: address %s, want %s", typ, v["address"], wantAddr)
		}
	}
	if typ, _ := execute(t, tab, "createmultisig", 2, keys[:3], "bech32"); !strings.Contains(string(typ), `"bcrt1q`) {
		t.Errorf("bech32 address: %s", typ)
	}
	// 16 of 20 exceeds the P2SH limit; 21 keys are too many.
	if _, e := execute(t, tab, "createmultisig", 16, keys[:20], "legacy"); e == nil || e["message"] != "redeemScript exceeds size limit: 684 > 520" {
		t.Errorf("legacy limit: %v", e)
	}
	if _, e := execute(t, tab, "createmultisig", 16, keys[:20], "bech32"); e != nil {
		t.Errorf("16 of 20 bech32: %v", e)
	}
	if _, e := execute(t, tab, "createmultisig", 16, keys, "bech32"); e == nil || e["code"] != float64(-8) ||
		e["message"] != "Number of keys involved in the multisignature address creation > 20\nReduce the number" {
		t.Errorf("21 keys: %v", e)
	}
	if _, e := execute(t, tab, "createmultisig", 2, keys[:3], "bech32m"); e == nil || e["code"] != float64(-5) {
		t.Errorf("bech32m: %v", e)
	}
	if _, e := execute(t, tab, "createmultisig", 4, keys[:3]); e == nil || e["message"] != "not enough keys supplied (got 3 keys, but need at least 4 to redeem)" {
		t.Errorf("not enough keys: %v", e)
	}
	if _, e := execute(t, tab, "createmultisig", 1, []string{"02" + strings.Repeat("00", 32)}); e == nil || !strings.Contains(e["message"].(string), "must be cryptographically valid") {
		t.Errorf("invalid key: %v", e)
	}
	// An uncompressed key forces legacy, with Core's warning.
	mixed := []string{keys[0], keys[1], uncompressed}
	legacy, _ := execute(t, tab, "createmultisig", 2, mixed, "legacy")
	seg, _ := execute(t, tab, "createmultisig", 2, mixed, "bech32")
	var l, s map[string]any
	_ = json.Unmarshal(legacy, &l)
	_ = json.Unmarshal(seg, &s)
	if l["address"] != s["address"] || s["warnings"] == nil || l["warnings"] != nil {
		t.Errorf("uncompressed: %s / %s", legacy, seg)
	}
}

func hexOf(b []byte) string { return hex.EncodeToString(b) }

func sha256Of(b []byte) []byte {
	s := sha256.Sum256(b)
	return s[:]
}
