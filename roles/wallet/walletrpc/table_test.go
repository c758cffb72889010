package walletrpc

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/chaincfg/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/engine"
)

// rpcTable is the wallet's RPC table on a manager over a fresh wallet
// directory and chain.
type rpcTable struct {
	t     *testing.T
	table *rs.Table
	m     *engine.Manager
	chain *rpcChain
}

func newRPCTable(t *testing.T) *rpcTable {
	t.Helper()
	c := newRPCChain()
	opts := &engine.Options{Params: &chaincfg.RegressionNetParams, Chain: "regtest", WalletDir: t.TempDir(), Keypool: 3,
		FallbackFee: 20_000, MinTxFee: 100, MaxTxFee: 10_000_000, DiscardFee: 10_000, ConfirmTarget: 6,
		SpendZeroConfChange: true, WalletRBF: true, UnsafeSync: true}
	m := engine.NewManager(c, opts, nil)
	t.Cleanup(m.Close)
	table, err := NewTable(m)
	if err != nil {
		t.Fatal(err)
	}
	return &rpcTable{t: t, table: table, m: m, chain: c}
}

// reply is a JSON-RPC 1.0 reply.
type reply struct {
	Result json.RawMessage `json:"result"`
	Error  *rs.Error       `json:"error"`
}

// call runs method with params (a JSON array) on uri.
func (r *rpcTable) call(uri, method, params string) reply {
	r.t.Helper()
	body := `{"id":1,"method":"` + method + `","params":` + params + `}`
	out, status := r.table.Execute(context.Background(), []byte(body), uri, "test")
	var rep reply
	if err := json.Unmarshal(out, &rep); err != nil {
		r.t.Fatalf("%s %s: reply %q: %v", method, params, out, err)
	}
	if (rep.Error == nil) != (status == 200) {
		r.t.Errorf("%s %s: status %d with error %v", method, params, status, rep.Error)
	}
	return rep
}

// ok runs a call that must succeed and returns its result.
func (r *rpcTable) ok(uri, method, params string) json.RawMessage {
	r.t.Helper()
	rep := r.call(uri, method, params)
	if rep.Error != nil {
		r.t.Fatalf("%s %s: %d %s", method, params, rep.Error.Code, rep.Error.Message)
	}
	return rep.Result
}

// fails runs a call that must fail with code and a message containing msg.
func (r *rpcTable) fails(uri, method, params string, code int, msg string) {
	r.t.Helper()
	rep := r.call(uri, method, params)
	if rep.Error == nil || rep.Error.Code != code || !strings.Contains(rep.Error.Message, msg) {
		r.t.Errorf("%s %s: %s %+v, want code %d with %q", method, params, rep.Result, rep.Error, code, msg)
	}
}

func TestWalletRPCTable(t *testing.T) {
	r := newRPCTable(t)
	r.fails("/", "getbalances", `[]`, rs.WalletNotFound, "No wallet is loaded.")
	r.fails("/", "getnewaddress", `[]`, -18, "No wallet is loaded.")

	if got := string(r.ok("/", "createwallet", `["w1"]`)); got != `{"name":"w1"}` {
		t.Errorf("createwallet = %s", got)
	}
	r.fails("/", "createwallet", `["w1"]`, -4, "Database already exists.")
	r.fails("/", "createwallet", `["w9", false, false, null, false, false]`, -4, "descriptors argument must be set to \"true\"")
	r.fails("/", "loadwallet", `["w1"]`, rs.WalletAlreadyLoaded, `Wallet "w1" is already loaded.`)
	r.fails("/", "loadwallet", `["nosuch"]`, -18, "Path does not exist.")

	var addr string
	if err := json.Unmarshal(r.ok("/", "getnewaddress", `[]`), &addr); err != nil || !strings.HasPrefix(addr, "bcrt1q") {
		t.Errorf("getnewaddress = %q, %v", addr, err)
	}
	var tr string
	if err := json.Unmarshal(r.ok("/", "getnewaddress", `["", "bech32m"]`), &tr); err != nil || !strings.HasPrefix(tr, "bcrt1p") {
		t.Errorf("getnewaddress bech32m = %q, %v", tr, err)
	}
	r.fails("/", "getnewaddress", `["", "bech33"]`, rs.InvalidAddressOrKey, "Unknown address type 'bech33'")
	r.fails("/", "getnewaddress", `["*"]`, -11, "Invalid label name")

	want := `{"mine":{"trusted":0.00000000,"untrusted_pending":0.00000000,"immature":0.00000000},"lastprocessedblock":{"hash":"` + r.chainTip() + `","height":0}}`
	if got := string(r.ok("/", "getbalances", `[]`)); got != want {
		t.Errorf("getbalances = %s\nwant %s", got, want)
	}
	// A coinbase to the address shows as immature.
	pk, err := descriptor.AddressScript(addr, &chaincfg.RegressionNetParams)
	if err != nil {
		t.Fatal(err)
	}
	r.chain.mine(pk)
	var bal struct {
		Mine map[string]json.Number `json:"mine"`
	}
	if err := json.Unmarshal(r.ok("/", "getbalances", `[]`), &bal); err != nil {
		t.Fatal(err)
	}
	if bal.Mine["immature"] != "50.00000000" || bal.Mine["trusted"] != "0.00000000" {
		t.Errorf("after a coinbase: %v", bal.Mine)
	}

	// With two wallets loaded the wallet must be named in the URI.
	r.ok("/", "createwallet", `["w2"]`)
	r.fails("/", "getbalances", `[]`, rs.WalletNotSpecified, "Multiple wallets are loaded.")
	r.fails("/wallet/nosuch", "getbalances", `[]`, rs.WalletNotFound, "Requested wallet does not exist or is not loaded")
	if err := json.Unmarshal(r.ok("/wallet/w1", "getbalances", `[]`), &bal); err != nil || bal.Mine["immature"] != "50.00000000" {
		t.Errorf("w1's balances: %v, %v", bal.Mine, err)
	}
	if err := json.Unmarshal(r.ok("/wallet/w2", "getbalances", `[]`), &bal); err != nil || bal.Mine["immature"] != "0.00000000" {
		t.Errorf("w2's balances: %v, %v", bal.Mine, err)
	}
	if got := string(r.ok("/", "listwallets", `[]`)); got != `["w1","w2"]` {
		t.Errorf("listwallets = %s", got)
	}
	r.fails("/", "unloadwallet", `[]`, rs.InvalidParameter, "Either the RPC endpoint wallet or the wallet name parameter must be provided")
	r.fails("/wallet/w1", "unloadwallet", `["w2"]`, rs.InvalidParameter, "RPC endpoint wallet and wallet_name parameter specify different wallets")
	r.ok("/wallet/w2", "unloadwallet", `[]`)
	r.fails("/", "unloadwallet", `["w2"]`, rs.WalletNotFound, "Requested wallet does not exist or is not loaded")
	if got := string(r.ok("/", "listwallets", `[]`)); got != `["w1"]` {
		t.Errorf("listwallets after unload = %s", got)
	}
	// One wallet again: no URI needed.
	r.ok("/", "getbalances", `[]`)
	r.ok("/", "loadwallet", `["w2"]`)
	r.fails("/", "getnewaddress", `[]`, rs.WalletNotSpecified, "Multiple wallets are loaded.")
}

func (r *rpcTable) chainTip() string {
	tip, _ := r.chain.Tip(context.Background())
	return tip.Hash.String()
}
