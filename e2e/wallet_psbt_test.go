package e2e

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestWalletPSBTBumpSendAll drives the wallet's spending RPCs on
// bitcoin-node (wallet in its own process): a PSBT made by a watch-only
// wallet and signed by the wallet holding the keys, a fee bump, and
// sendall emptying a wallet.
func TestWalletPSBTBumpSendAll(t *testing.T) {
	n := startNode(t, "bitcoin-node", "-fallbackfee=0.0002")
	w := func(name string, args ...string) string {
		return n.cli(append([]string{"-rpcwallet=" + name}, args...)...)
	}
	obj := func(s string) map[string]any {
		t.Helper()
		var m map[string]any
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			t.Fatalf("%v in %q", err, s)
		}
		return m
	}
	mempool := func() []string {
		var ids []string
		if err := json.Unmarshal([]byte(n.cli("getrawmempool")), &ids); err != nil {
			t.Fatal(err)
		}
		return ids
	}
	sats := func(v any) int64 {
		f, ok := v.(float64)
		if !ok {
			t.Fatalf("not an amount: %v", v)
		}
		if f < 0 {
			f = -f
		}
		return int64(f*1e8 + 0.5)
	}

	n.cli("createwallet", "signer")
	mine := w("signer", "getnewaddress")
	n.cli("generatetoaddress", "103", mine)

	// The watch-only twin: the signer's public descriptors.
	n.cli("-named", "createwallet", "wallet_name=watch", "disable_private_keys=true", "blank=true")
	var listed struct {
		Descriptors []struct {
			Desc     string `json:"desc"`
			Active   bool   `json:"active"`
			Internal bool   `json:"internal"`
			Range    []int  `json:"range"`
		} `json:"descriptors"`
	}
	if err := json.Unmarshal([]byte(w("signer", "listdescriptors")), &listed); err != nil {
		t.Fatal(err)
	}
	var reqs []map[string]any
	for _, d := range listed.Descriptors {
		if strings.Contains(d.Desc, "prv") {
			t.Fatalf("listdescriptors shows a private key: %s", d.Desc)
		}
		reqs = append(reqs, map[string]any{"desc": d.Desc, "timestamp": 0, "active": d.Active, "internal": d.Internal, "range": d.Range})
	}
	body, _ := json.Marshal(reqs)
	if out := w("watch", "importdescriptors", string(body)); strings.Contains(out, "false") {
		t.Fatalf("importdescriptors: %s", out)
	}
	if got, want := w("watch", "getbalance"), w("signer", "getbalance"); got != want {
		t.Fatalf("watch-only balance %s, signer %s", got, want)
	}

	t.Run("psbt round trip", func(t *testing.T) {
		n.cli("createwallet", "payee")
		dest := w("payee", "getnewaddress")
		funded := obj(w("watch", "walletcreatefundedpsbt", "[]", fmt.Sprintf(`[{"%s":1.25}]`, dest), "0", `{"fee_rate":2}`))
		psbt, _ := funded["psbt"].(string)
		if psbt == "" || sats(funded["fee"]) == 0 || funded["changepos"].(float64) < 0 {
			t.Fatalf("walletcreatefundedpsbt: %v", funded)
		}
		decoded := obj(n.cli("decodepsbt", psbt))
		inputs := decoded["inputs"].([]any)
		in0 := inputs[0].(map[string]any)
		if in0["bip32_derivs"] == nil || (in0["witness_utxo"] == nil && in0["non_witness_utxo"] == nil) {
			t.Fatalf("the watch-only wallet did not fill input 0: %v", in0)
		}
		// The watch-only wallet cannot sign.
		if got := obj(w("watch", "walletprocesspsbt", psbt)); got["complete"] != false || got["hex"] != nil {
			t.Fatalf("watch-only walletprocesspsbt: %v", got)
		}
		signed := obj(w("signer", "walletprocesspsbt", psbt))
		hex, _ := signed["hex"].(string)
		if signed["complete"] != true || hex == "" {
			t.Fatalf("signer walletprocesspsbt: %v", signed)
		}
		txid := n.cli("sendrawtransaction", hex)
		if !slices.Contains(mempool(), txid) {
			t.Fatalf("%s not in the mempool", txid)
		}
		eventually(t, 10*time.Second, "payee sees the payment", func() bool {
			return obj(w("payee", "getbalances"))["mine"].(map[string]any)["untrusted_pending"].(float64) == 1.25
		})
		if tx := obj(w("watch", "gettransaction", txid)); sats(tx["fee"]) != sats(funded["fee"]) {
			t.Fatalf("watch-only wallet's fee %v, funded %v", tx["fee"], funded["fee"])
		}
		n.cli("generatetoaddress", "1", mine)
	})

	t.Run("bumpfee", func(t *testing.T) {
		dest := w("payee", "getnewaddress")
		old := w("signer", "sendtoaddress", dest, "0.5")
		oldTx := obj(w("signer", "gettransaction", old))
		if oldTx["bip125-replaceable"] != "yes" {
			t.Fatalf("not replaceable: %v", oldTx)
		}
		bumped := obj(w("signer", "bumpfee", old))
		newID, _ := bumped["txid"].(string)
		if newID == "" || sats(bumped["fee"]) <= sats(bumped["origfee"]) || sats(bumped["origfee"]) != sats(oldTx["fee"]) {
			t.Fatalf("bumpfee: %v (old fee %v)", bumped, oldTx["fee"])
		}
		pool := mempool()
		if !slices.Contains(pool, newID) || slices.Contains(pool, old) {
			t.Fatalf("mempool %v after replacing %s by %s", pool, old, newID)
		}
		was := obj(w("signer", "gettransaction", old))
		if was["replaced_by_txid"] != newID || !slices.Contains(was["walletconflicts"].([]any), any(newID)) {
			t.Fatalf("replaced transaction: %v", was)
		}
		if now := obj(w("signer", "gettransaction", newID)); now["replaces_txid"] != old {
			t.Fatalf("replacement: %v", now)
		}
		// Bumping the replaced transaction again is refused.
		if out, err := n.cliErr("-rpcwallet=signer", "bumpfee", old); err == nil || !strings.Contains(out, "already bumped") {
			t.Fatalf("second bump of %s: %v %s", old, err, out)
		}
		n.cli("generatetoaddress", "1", mine)
		if c := obj(w("signer", "gettransaction", old))["confirmations"].(float64); c >= 0 {
			t.Fatalf("replaced transaction has %v confirmations, want conflicted", c)
		}
		if c := obj(w("signer", "gettransaction", newID))["confirmations"].(float64); c != 1 {
			t.Fatalf("replacement has %v confirmations", c)
		}
	})

	t.Run("sendall", func(t *testing.T) {
		n.cli("createwallet", "sink")
		dest := w("sink", "getnewaddress")
		before := obj(w("signer", "getbalances"))["mine"].(map[string]any)["trusted"].(float64)
		res := obj(w("signer", "sendall", fmt.Sprintf(`["%s"]`, dest)))
		if res["complete"] != true || res["txid"] == nil {
			t.Fatalf("sendall: %v", res)
		}
		var left []any
		if err := json.Unmarshal([]byte(w("signer", "listunspent", "0")), &left); err != nil || len(left) != 0 {
			t.Fatalf("signer still has %v (%v)", left, err)
		}
		if got := obj(w("signer", "getbalances"))["mine"].(map[string]any)["trusted"].(float64); got != 0 {
			t.Fatalf("signer trusted balance %v after sendall", got)
		}
		// Mined elsewhere: no coinbase of the signer matures meanwhile.
		n.cli("generatetoaddress", "1", w("payee", "getnewaddress"))
		got := obj(w("sink", "getbalances"))["mine"].(map[string]any)["trusted"].(float64)
		if got <= 0 || got >= before || before-got > 0.001 {
			t.Fatalf("sink got %v of %v", got, before)
		}
	})
}
