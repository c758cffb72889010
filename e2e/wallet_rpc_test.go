package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// walletRPC drives one wallet of a node through bitcoin-cli.
type walletRPC struct {
	t    *testing.T
	n    *node
	name string
}

func (w walletRPC) call(args ...string) string {
	w.t.Helper()
	return w.n.cli(append([]string{"-rpcwallet=" + w.name}, args...)...)
}

// fail runs a call that must fail with code and a message containing msg.
func (w walletRPC) fail(code int, msg string, args ...string) {
	w.t.Helper()
	out, err := w.n.cliErr(append([]string{"-rpcwallet=" + w.name}, args...)...)
	if err == nil {
		w.t.Fatalf("%v succeeded: %s", args, out)
	}
	if !strings.Contains(out, fmt.Sprintf("error code: %d\n", code)) || !strings.Contains(out, msg) {
		w.t.Fatalf("%v: want error %d %q, got %s", args, code, msg, out)
	}
}

func (w walletRPC) obj(args ...string) map[string]any {
	w.t.Helper()
	var m map[string]any
	out := w.call(args...)
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		w.t.Fatalf("%v: %v in %q", args, err, out)
	}
	return m
}

func (w walletRPC) arr(args ...string) []map[string]any {
	w.t.Helper()
	var a []map[string]any
	out := w.call(args...)
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		w.t.Fatalf("%v: %v in %q", args, err, out)
	}
	return a
}

// find returns the entries of list with key == value.
func find(list []map[string]any, key, value string) []map[string]any {
	var out []map[string]any
	for _, e := range list {
		if fmt.Sprint(e[key]) == value {
			out = append(out, e)
		}
	}
	return out
}

func amount(t *testing.T, v any) string {
	t.Helper()
	f, ok := v.(float64)
	if !ok {
		t.Fatalf("amount %v is %T", v, v)
	}
	return strconv.FormatFloat(f, 'f', 8, 64)
}

// TestWalletStateRPCs covers the RPCs that read and manage wallet state on
// bitcoin-node (the wallet in its own process, RPCs forwarded over IPC).
func TestWalletStateRPCs(t *testing.T) {
	if testing.Short() {
		t.Skip("e2e")
	}
	n := startNode(t, "bitcoin-node", "-fallbackfee=0.0002", "-keypool=10", "-deprecatedrpc=settxfee")
	n.cli("createwallet", "w")
	n.cli("createwallet", "other")
	w := walletRPC{t, n, "w"}
	other := walletRPC{t, n, "other"}

	miner := w.call("getnewaddress", "mined")
	n.cli("generatetoaddress", "101", miner)
	start := n.cli("getbestblockhash")
	a := w.call("getnewaddress", "lbl")
	txid := w.call("sendtoaddress", a, "1.5")

	// getreceivedbyaddress / getreceivedbylabel with minconf.
	if got := w.call("getreceivedbyaddress", a, "0"); got != "1.50000000" {
		t.Fatalf("getreceivedbyaddress minconf 0: %s", got)
	}
	if got := w.call("getreceivedbyaddress", a); got != "0.00000000" {
		t.Fatalf("getreceivedbyaddress unconfirmed: %s", got)
	}
	mined := n.cli("generatetoaddress", "1", other.call("getnewaddress"))
	var minedHashes []string
	if err := json.Unmarshal([]byte(mined), &minedHashes); err != nil || len(minedHashes) != 1 {
		t.Fatalf("generatetoaddress: %v %s", err, mined)
	}
	if got := w.call("getreceivedbyaddress", a); got != "1.50000000" {
		t.Fatalf("getreceivedbyaddress: %s", got)
	}
	if got := w.call("getreceivedbylabel", "lbl"); got != "1.50000000" {
		t.Fatalf("getreceivedbylabel: %s", got)
	}
	// 101 coinbases at heights 1-101, tip 102: two are mature.
	if got := w.call("getreceivedbyaddress", miner); got != "100.00000000" {
		t.Fatalf("getreceivedbyaddress of the mature coinbases: %s", got)
	}
	if got := w.call("getreceivedbyaddress", miner, "1", "true"); got != "5050.00000000" {
		t.Fatalf("getreceivedbyaddress include_immature_coinbase: %s", got)
	}
	w.fail(-4, "Label not found in wallet", "getreceivedbylabel", "nolabel")
	w.fail(-4, "Address not found in wallet", "getreceivedbyaddress", other.call("getnewaddress"))
	w.fail(-5, "Invalid Bitcoin address", "getreceivedbyaddress", "bogus")
	w.fail(-11, "Invalid label name", "getreceivedbylabel", "*")

	// listreceivedbyaddress / listreceivedbylabel.
	rows := find(w.arr("listreceivedbyaddress"), "address", a)
	if len(rows) != 1 || amount(t, rows[0]["amount"]) != "1.50000000" || rows[0]["confirmations"] != 1.0 || rows[0]["label"] != "lbl" ||
		fmt.Sprint(rows[0]["txids"]) != "["+txid+"]" {
		t.Fatalf("listreceivedbyaddress row: %v", rows)
	}
	empty := w.call("getnewaddress", "empty")
	if len(find(w.arr("listreceivedbyaddress"), "address", empty)) != 0 || len(find(w.arr("listreceivedbyaddress", "1", "true"), "address", empty)) != 1 {
		t.Fatal("listreceivedbyaddress include_empty")
	}
	if rows := w.arr("listreceivedbyaddress", "0", "true", "false", a); len(rows) != 1 || rows[0]["address"] != a {
		t.Fatalf("listreceivedbyaddress address_filter: %v", rows)
	}
	w.fail(-4, "address_filter parameter was invalid", "listreceivedbyaddress", "0", "true", "false", "bogus")
	labels := w.arr("listreceivedbylabel", "1", "true")
	if l := find(labels, "label", "lbl"); len(l) != 1 || amount(t, l[0]["amount"]) != "1.50000000" || l[0]["confirmations"] != 1.0 || l[0]["address"] != nil {
		t.Fatalf("listreceivedbylabel: %v", labels)
	}
	if len(find(labels, "label", "empty")) != 1 {
		t.Fatalf("listreceivedbylabel include_empty: %v", labels)
	}

	// getaddressesbylabel.
	if got := w.obj("getaddressesbylabel", "lbl"); len(got) != 1 || fmt.Sprint(got[a]) != "map[purpose:receive]" {
		t.Fatalf("getaddressesbylabel: %v", got)
	}
	w.fail(-11, "No addresses with label nope", "getaddressesbylabel", "nope")

	// listsinceblock: the payment is in the block after start; then a reorg
	// puts the block off the chain and the payment into "removed".
	since := w.obj("listsinceblock", start)
	recv := find(find(maps(t, since["transactions"]), "txid", txid), "category", "receive")
	if len(recv) != 1 || recv[0]["address"] != a || recv[0]["confirmations"] != 1.0 || recv[0]["blockhash"] != minedHashes[0] {
		t.Fatalf("listsinceblock receive entry: %v", since)
	}
	if since["lastblock"] != minedHashes[0] || len(since["removed"].([]any)) != 0 {
		t.Fatalf("listsinceblock lastblock/removed: %v", since)
	}
	if got := w.obj("listsinceblock", start, "2"); got["lastblock"] != start {
		t.Fatalf("listsinceblock target_confirmations 2: %v", got["lastblock"])
	}
	// A payment to ourselves is also a send (of the labelled output, not
	// of the change), with the fee, as Core lists it.
	sends := find(find(maps(t, since["transactions"]), "txid", txid), "category", "send")
	if len(sends) != 1 || sends[0]["address"] != a || amount(t, sends[0]["amount"]) != "-1.50000000" || sends[0]["fee"] == nil {
		t.Fatalf("listsinceblock send entries: %v", sends)
	}
	withChange := find(find(maps(t, w.obj("listsinceblock", start, "1", "false", "true", "true")["transactions"]), "txid", txid), "category", "send")
	if len(withChange) != 2 {
		t.Fatalf("listsinceblock include_change: %v", withChange)
	}
	w.fail(-5, "Block not found", "listsinceblock", strings.Repeat("ab", 32))
	w.fail(-8, "Invalid parameter", "listsinceblock", start, "0")
	n.cli("invalidateblock", minedHashes[0])
	eventually(t, 10*time.Second, "the payment back in the mempool", func() bool {
		return w.obj("gettransaction", txid)["confirmations"] == 0.0
	})
	reorged := w.obj("listsinceblock", minedHashes[0])
	removed := find(maps(t, reorged["removed"]), "txid", txid)
	if len(find(removed, "category", "receive")) != 1 || reorged["lastblock"] != start {
		t.Fatalf("listsinceblock after the reorg: %v", reorged)
	}
	if len(find(maps(t, reorged["transactions"]), "txid", txid)) == 0 {
		t.Fatalf("the unconfirmed payment is not listed: %v", reorged)
	}
	if got := w.obj("listsinceblock", minedHashes[0], "1", "false", "false"); got["removed"] != nil {
		t.Fatalf("include_removed=false still has removed: %v", got)
	}
	n.cli("reconsiderblock", minedHashes[0])
	eventually(t, 10*time.Second, "the payment confirmed again", func() bool {
		return w.obj("gettransaction", txid)["confirmations"] == 1.0
	})

	// signmessage against the node's verifymessage.
	legacy := w.call("getnewaddress", "", "legacy")
	sig := w.call("signmessage", legacy, "hello world")
	if got := n.cli("verifymessage", legacy, sig, "hello world"); got != "true" {
		t.Fatalf("verifymessage of signmessage: %s", got)
	}
	w.fail(-3, "Address does not refer to key", "signmessage", a, "hello")
	w.fail(-5, "Invalid address", "signmessage", "bogus", "hello")

	// walletdisplayaddress without an external signer.
	w.fail(-1, "There is no ScriptPubKeyManager for this address", "walletdisplayaddress", a)
	w.fail(-5, "Invalid address", "walletdisplayaddress", "bogus")

	// keypoolrefill.
	w.call("keypoolrefill", "50")
	if info := w.obj("getwalletinfo"); info["keypoolsize"] != 200.0 {
		t.Fatalf("keypoolsize after keypoolrefill 50: %v", info["keypoolsize"])
	}
	w.fail(-8, "Invalid parameter, expected valid size.", "keypoolrefill", "-1")

	// settxfee.
	if got := w.call("settxfee", "0.0005"); got != "true" {
		t.Fatalf("settxfee: %s", got)
	}
	w.fail(-8, "txfee cannot be less than min relay tx fee (0.00000100 BTC/kvB)", "settxfee", "0.0000001")
	w.fail(-8, "txfee cannot be more than wallet max tx fee (0.10000000 BTC/kvB)", "settxfee", "0.2")
	w.call("settxfee", "0")

	// abortrescan: nothing to abort.
	if got := w.call("abortrescan"); got != "false" {
		t.Fatalf("abortrescan without a rescan: %s", got)
	}

	// simulaterawtransaction: spending a coin to another wallet loses it,
	// a second tx spending the same coin is refused.
	var coin map[string]any
	for _, u := range w.arr("listunspent") {
		if coin == nil || u["amount"].(float64) > coin["amount"].(float64) {
			coin = u
		}
	}
	value := amount(t, coin["amount"])
	paid, _ := strconv.ParseFloat(value, 64)
	raw := n.cli("createrawtransaction", fmt.Sprintf(`[{"txid":"%s","vout":%v}]`, coin["txid"], coin["vout"]),
		fmt.Sprintf(`{"%s":%s}`, other.call("getnewaddress"), strconv.FormatFloat(paid-0.001, 'f', 8, 64)))
	if got := amount(t, w.obj("simulaterawtransaction", `["`+raw+`"]`)["balance_change"]); got != "-"+value {
		t.Fatalf("simulaterawtransaction: %s, want -%s", got, value)
	}
	if got := amount(t, other.obj("simulaterawtransaction", `["`+raw+`"]`)["balance_change"]); got != strconv.FormatFloat(paid-0.001, 'f', 8, 64) {
		t.Fatalf("simulaterawtransaction for the payee: %s", got)
	}
	w.fail(-8, "Transaction(s) are spending the same output more than once", "simulaterawtransaction", `["`+raw+`","`+raw+`"]`)
	w.fail(-22, "Transaction hex string decoding failure.", "simulaterawtransaction", `["zz"]`)

	// backupwallet and restorewallet.
	dir := t.TempDir()
	backup := filepath.Join(dir, "w.bak")
	w.call("backupwallet", backup)
	if st, err := os.Stat(backup); err != nil || st.Size() == 0 {
		t.Fatalf("backup file: %v", err)
	}
	w.fail(-4, "Error: Wallet backup failed!", "backupwallet", filepath.Join(n.netDir(), "wallets", "w", "wallet.dat"))
	balance := w.call("getbalance")
	if got := n.cli("restorewallet", "restored", backup); !strings.Contains(got, `"name": "restored"`) {
		t.Fatalf("restorewallet: %s", got)
	}
	if got := (walletRPC{t, n, "restored"}).call("getbalance"); got != balance {
		t.Fatalf("restored balance %s, want %s", got, balance)
	}
	w.fail(-36, "Database already exists.", "restorewallet", "restored", backup)
	w.fail(-8, "Backup file does not exist", "restorewallet", "missing", filepath.Join(dir, "nonexistent.bak"))
	junk := filepath.Join(dir, "junk.bak")
	if err := os.WriteFile(junk, []byte("not a wallet"), 0o600); err != nil {
		t.Fatal(err)
	}
	w.fail(-18, "Data is not in recognized format.", "restorewallet", "junk", junk)
	if _, err := os.Stat(filepath.Join(n.netDir(), "wallets", "junk")); err == nil {
		t.Fatal("a failed restore left its wallet directory")
	}

	// abandontransaction: a payment that left the mempool (the node
	// restarted without its mempool) can be abandoned; its coin comes back.
	w.fail(-5, "Invalid or non-wallet transaction id", "abandontransaction", strings.Repeat("ab", 32))
	pending := w.call("sendtoaddress", other.call("getnewaddress"), "1")
	w.fail(-5, "Transaction not eligible for abandonment", "abandontransaction", pending)
	w.fail(-5, "Transaction not eligible for abandonment", "abandontransaction", txid)
	before := w.call("getbalance")
	n.cli("stop")
	if code := n.waitExit(30 * time.Second); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if err := os.Remove(filepath.Join(n.netDir(), "mempool.dat")); err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	n = restart(t, n)
	n.cli("loadwallet", "w")
	w = walletRPC{t, n, "w"}
	if got := n.cli("getmempoolinfo"); !strings.Contains(got, `"size": 0`) {
		t.Fatalf("mempool after restart: %s", got)
	}
	w.call("abandontransaction", pending)
	tx := w.obj("gettransaction", pending)
	details := tx["details"].([]any)
	if len(details) == 0 || details[0].(map[string]any)["abandoned"] != true {
		t.Fatalf("gettransaction after abandontransaction: %v", tx)
	}
	if after := w.call("getbalance"); after == before {
		t.Fatalf("balance unchanged after abandoning: %s", after)
	}
}

// maps reads a JSON array of objects.
func maps(t *testing.T, v any) []map[string]any {
	t.Helper()
	a, ok := v.([]any)
	if !ok {
		t.Fatalf("%v is %T, not an array", v, v)
	}
	out := make([]map[string]any, 0, len(a))
	for _, e := range a {
		m, ok := e.(map[string]any)
		if !ok {
			t.Fatalf("array element %v is %T", e, e)
		}
		out = append(out, m)
	}
	return out
}
