package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/chaincfg/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
)

// walletScenario drives one node through a wallet session and returns a
// transcript of the results that do not depend on randomness (keys,
// txids, signature sizes); bitcoind and bitcoin-node must produce the same.
func walletScenario(t *testing.T, role string) []string {
	n := startNode(t, role, "-fallbackfee=0.0002", "-keypool=10")
	var log []string
	rec := func(what string, v any) { log = append(log, fmt.Sprintf("%s: %v", what, v)) }
	w := func(name string, args ...string) string {
		return n.cli(append([]string{"-rpcwallet=" + name}, args...)...)
	}
	jsonOf := func(s string) map[string]any {
		var m map[string]any
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			t.Fatalf("%s: %v in %q", role, err, s)
		}
		return m
	}
	rec("create alice", n.cli("-named", "createwallet", "wallet_name=alice", "load_on_startup=true"))
	rec("create bob", n.cli("createwallet", "bob"))
	rec("listwallets", strings.Join(strings.Fields(n.cli("listwallets")), ""))
	a := w("alice", "getnewaddress")
	n.cli("generatetoaddress", "101", a)
	rec("alice balances", jsonOf(w("alice", "getbalances"))["mine"])
	b := w("bob", "getnewaddress", "from-alice")
	txid := w("alice", "sendtoaddress", b, "1.5")
	rec("bob pending", jsonOf(w("bob", "getbalances"))["mine"])
	rec("alice tx", jsonOf(w("alice", "gettransaction", txid))["amount"])
	n.cli("generatetoaddress", "1", a)
	rec("bob balance", w("bob", "getbalance"))
	var txs []map[string]any
	if err := json.Unmarshal([]byte(w("bob", "listtransactions")), &txs); err != nil || len(txs) != 1 {
		t.Fatalf("%s: bob listtransactions: %v %v", role, err, txs)
	}
	rec("bob tx", fmt.Sprint(txs[0]["category"], txs[0]["amount"], txs[0]["label"], txs[0]["confirmations"]))

	// A combo() of a fixed key, imported with a rescan, finds a payment
	// made before the import.
	priv, _ := btcec.PrivKeyFromBytes([]byte(strings.Repeat("\x07", 32)))
	wif, err := btcutil.NewWIF(priv, &chaincfg.RegressionNetParams, true)
	if err != nil {
		t.Fatal(err)
	}
	desc := descriptor.AddChecksum("combo(" + wif.String() + ")")
	wpkh := strings.TrimSpace(n.cli("deriveaddresses", descriptor.AddChecksum(fmt.Sprintf("wpkh(%x)", priv.PubKey().SerializeCompressed()))))
	var addrs []string
	if err := json.Unmarshal([]byte(wpkh), &addrs); err != nil || len(addrs) != 1 {
		t.Fatalf("deriveaddresses: %v %q", err, wpkh)
	}
	w("alice", "sendtoaddress", addrs[0], "2")
	n.cli("generatetoaddress", "1", a)
	rec("create carol", n.cli("-named", "createwallet", "wallet_name=carol", "blank=true"))
	imp := w("carol", "importdescriptors", fmt.Sprintf(`[{"desc":"%s","timestamp":0,"label":"coinbase"}]`, desc))
	rec("import", strings.Join(strings.Fields(imp), ""))
	rec("carol balance", w("carol", "getbalance"))

	if role == "bitcoin-node" {
		// kill -9 of the wallet process: the node survives, the wallet comes
		// back, acknowledged addresses are still ours.
		pid := n.walletChild()
		if pid == 0 {
			t.Fatal("no wallet child")
		}
		if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		n.cli("getblockcount")
		eventually(t, 20*time.Second, "wallet child restarted", func() bool { p := n.walletChild(); return p != 0 && p != pid })
		eventually(t, 20*time.Second, "alice reloaded", func() bool {
			out, err := n.cliErr("-rpcwallet=alice", "getaddressinfo", a)
			return err == nil && strings.Contains(out, `"ismine": true`)
		})
		// bob and carol were not load_on_startup: the node loads them again.
		if got := w("bob", "getbalance"); got != "1.50000000" {
			t.Fatalf("bob after the wallet process restarted: %s", got)
		}
		if got := strings.Join(strings.Fields(n.cli("listwallets")), ""); got != `["alice","bob","carol"]` {
			t.Fatalf("wallets after the wallet process restarted: %s", got)
		}
	}
	// Restart: alice (load_on_startup) comes back by herself, bob by loadwallet.
	n.cli("stop")
	if code := n.waitExit(30 * time.Second); code != 0 {
		t.Fatalf("%s exit %d", role, code)
	}
	n = restart(t, n)
	rec("after restart", strings.Join(strings.Fields(n.cli("listwallets")), ""))
	rec("load bob", n.cli("loadwallet", "bob"))
	rec("bob balance again", w("bob", "getbalance"))
	rec("bob labels", strings.Join(strings.Fields(w("bob", "listlabels")), ""))
	_, msg, _ := n.cliCode("loadwallet", "nosuch")
	rec("missing wallet", strings.Contains(msg, "Path does not exist"))
	_, msg, _ = n.cliCode("getbalance")
	rec("two wallets", strings.TrimSpace(msg))
	return log
}

func TestWalletSameInBothShapes(t *testing.T) {
	if testing.Short() {
		t.Skip("e2e")
	}
	mono := walletScenario(t, "bitcoind")
	multi := walletScenario(t, "bitcoin-node")
	if strings.Join(mono, "\n") != strings.Join(multi, "\n") {
		t.Fatalf("bitcoind and bitcoin-node differ:\nbitcoind:\n%s\nbitcoin-node:\n%s", strings.Join(mono, "\n"), strings.Join(multi, "\n"))
	}
	for _, want := range []string{"bob balance: 1.50000000", "carol balance: 2.00000000", "bob balance again: 1.50000000", "missing wallet: true"} {
		if !strings.Contains(strings.Join(mono, "\n"), want) {
			t.Errorf("transcript lacks %q:\n%s", want, strings.Join(mono, "\n"))
		}
	}
	t.Logf("transcript:\n%s", strings.Join(mono, "\n"))
}
