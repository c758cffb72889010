package rpc

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/btcutil/v2/hdkeychain"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	"github.com/mpbitcoin/mpbitcoin/roles/node/mempool"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
)

// coinFixture is a regtest node whose blocks 1 to 5 pay their coinbase
// to the descriptors of descs (matured by 100 blocks to OP_TRUE P2WSH).
type coinFixture struct {
	tab    *rs.Table
	c      *chain.Chain
	pool   *mempool.Pool
	descs  map[string]string        // name: descriptor with private keys
	coins  map[string]wire.OutPoint // name: the coinbase output
	opTrue []byte
}

const coinbaseValue = 50 * btcutil.SatoshiPerBitcoin

func hdMaster(t *testing.T) *hdkeychain.ExtendedKey {
	t.Helper()
	seed := sha256.Sum256([]byte("psbt test seed"))
	m, err := hdkeychain.NewMaster(seed[:], mustRegtest(t))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func expandScript(t *testing.T, desc string, index uint32) []byte {
	t.Helper()
	d, err := descriptor.Parse(desc, mustRegtest(t), false)
	if err != nil {
		t.Fatalf("%s: %v", desc, err)
	}
	outs, err := d.Expand(index)
	if err != nil {
		t.Fatal(err)
	}
	return outs[0].Script
}

func newCoinFixture(t *testing.T) *coinFixture {
	t.Helper()
	params := mustRegtest(t)
	c, err := chain.Open(t.TempDir(), params, &chain.Clock{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	pool := mempool.New(c)
	tab := rs.NewTable()
	if err := Register(tab, &Node{Chain: c, ChainName: "regtest", Shutdown: context.Background(), Pool: pool}); err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256([]byte{0x51})
	f := &coinFixture{tab: tab, c: c, pool: pool, coins: map[string]wire.OutPoint{}, opTrue: append([]byte{0x00, 0x20}, h[:]...)}
	f.descs = map[string]string{
		"wpkh":    "wpkh(" + signTestWIF(t, signTestKey(1)) + ")",
		"pkh":     "pkh(" + signTestWIF(t, signTestKey(2)) + ")",
		"sh-wpkh": "sh(wpkh(" + signTestWIF(t, signTestKey(3)) + "))",
		"tr":      "tr(" + signTestWIF(t, signTestKey(4)) + ")",
		"hd":      "wpkh(" + hdMaster(t).String() + "/84h/1h/0h/0/*)",
	}
	names := make([]string, 0, len(f.descs))
	for name := range f.descs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		blocks, err := c.Generate(context.Background(), 1, expandScript(t, f.descs[name], 3), 1e6)
		if err != nil {
			t.Fatal(err)
		}
		blk, err := c.BlockByHash(&blocks[0])
		if err != nil {
			t.Fatal(err)
		}
		f.coins[name] = wire.OutPoint{Hash: *blk.Transactions()[0].Hash()}
	}
	if _, err := c.Generate(context.Background(), 100, f.opTrue, 1e6); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *coinFixture) opTrueAddress(t *testing.T) string {
	a, err := address.NewAddressWitnessScriptHash(f.opTrue[2:], mustRegtest(t))
	if err != nil {
		t.Fatal(err)
	}
	return a.EncodeAddress()
}

// create is createpsbt spending the named coins (or raw outpoints) to
// OP_TRUE, leaving a fee of 10000 satoshis per input.
func (f *coinFixture) create(t *testing.T, ops ...wire.OutPoint) string {
	t.Helper()
	var ins []any
	for _, op := range ops {
		ins = append(ins, map[string]any{"txid": op.Hash.String(), "vout": op.Index})
	}
	amount := btcutil.Amount(int64(len(ops)) * (coinbaseValue - 10000)).ToBTC()
	return callString(t, f.tab, "createpsbt", ins, []any{map[string]any{f.opTrueAddress(t): amount}})
}

// inputKeys are the keys of each input of decodepsbt's result.
func inputKeys(t *testing.T, tab *rs.Table, b64 string) [][]string {
	t.Helper()
	res, e := execute(t, tab, "decodepsbt", b64)
	if e != nil {
		t.Fatal(e)
	}
	var d struct{ Inputs []map[string]json.RawMessage }
	if err := json.Unmarshal(res, &d); err != nil {
		t.Fatal(err)
	}
	out := make([][]string, len(d.Inputs))
	for i, in := range d.Inputs {
		out[i] = []string{}
		for k := range in {
			out[i] = append(out[i], k)
		}
		sort.Strings(out[i])
	}
	return out
}

func TestUtxoUpdatePSBT(t *testing.T) {
	f := newCoinFixture(t)
	unknown := wire.OutPoint{Hash: chainhash.Hash{1}}
	base := f.create(t, f.coins["wpkh"], f.coins["pkh"], f.coins["sh-wpkh"], unknown)
	for i, keys := range inputKeys(t, f.tab, base) {
		if len(keys) != 0 {
			t.Fatalf("created input %d has %v", i, keys)
		}
	}
	// From the UTXO set: segwit outputs only, and P2SH-wrapped ones only
	// with their descriptor.
	updated := callString(t, f.tab, "utxoupdatepsbt", base)
	want := [][]string{{"witness_utxo"}, {}, {}, {}}
	if got := inputKeys(t, f.tab, updated); !equalKeys(got, want) {
		t.Fatalf("without descriptors %v", got)
	}
	descs := []string{f.descs["wpkh"], f.descs["pkh"], f.descs["sh-wpkh"]}
	updated = callString(t, f.tab, "utxoupdatepsbt", base, descs)
	want = [][]string{{"bip32_derivs", "witness_utxo"}, {}, {"bip32_derivs", "redeem_script", "witness_utxo"}, {}}
	if got := inputKeys(t, f.tab, updated); !equalKeys(got, want) {
		t.Fatalf("with descriptors %v", got)
	}
	// No private key is used.
	if res, _ := execute(t, f.tab, "decodepsbt", updated); strings.Contains(string(res), "partial_signatures") {
		t.Fatal("utxoupdatepsbt signed")
	}
	// Named arguments and a descriptor object.
	body, _ := json.Marshal(map[string]any{"id": 1, "method": "utxoupdatepsbt", "params": map[string]any{"psbt": base,
		"descriptors": []any{map[string]any{"desc": f.descs["sh-wpkh"], "range": 5}}}})
	reply, _ := f.tab.Execute(context.Background(), body, "/", "test")
	var r struct{ Result string }
	if json.Unmarshal(reply, &r) != nil || !equalKeys(inputKeys(t, f.tab, r.Result)[2:3], [][]string{{"bip32_derivs", "redeem_script", "witness_utxo"}}) {
		t.Fatalf("named: %s", reply)
	}

	_, e := execute(t, f.tab, "utxoupdatepsbt", base, []string{"wpkh(nonsense)"})
	wantRPCError(t, e, rs.InvalidAddressOrKey, "")
	_, e = execute(t, f.tab, "utxoupdatepsbt", base, []any{5})
	wantRPCError(t, e, rs.InvalidParameter, "Scan object needs to be either a string or an object")
	_, e = execute(t, f.tab, "utxoupdatepsbt", base, []any{map[string]any{"range": 2}})
	wantRPCError(t, e, rs.InvalidParameter, "Descriptor needs to be provided in scan object")
	_, e = execute(t, f.tab, "utxoupdatepsbt", "AAAA")
	wantRPCError(t, e, rs.DeserializationError, "TX decode failed")
}

func equalKeys(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.Join(a[i], ",") != strings.Join(b[i], ",") {
			return false
		}
	}
	return true
}

// A mempool transaction becomes the non-witness UTXO; for taproot-only
// PSBTs it is dropped again once the witness UTXO is known.
func TestUtxoUpdatePSBTMempool(t *testing.T) {
	f := newCoinFixture(t)
	parent := wire.NewMsgTx(2)
	parent.AddTxIn(&wire.TxIn{PreviousOutPoint: f.coins["wpkh"], Sequence: 0xffffffff})
	parent.AddTxOut(wire.NewTxOut(1e8, expandScript(t, f.descs["wpkh"], 0)))
	parent.AddTxOut(wire.NewTxOut(1e8, expandScript(t, f.descs["tr"], 0)))
	parent.AddTxOut(wire.NewTxOut(coinbaseValue-2e8-10000, f.opTrue))
	// Sign the parent through the PSBT commands themselves.
	p := callString(t, f.tab, "converttopsbt", txHex(t, parent))
	res, e := execute(t, f.tab, "descriptorprocesspsbt", p, []string{f.descs["wpkh"]})
	var signed struct {
		Hex      string
		Complete bool
	}
	if e != nil || json.Unmarshal(res, &signed) != nil || !signed.Complete {
		t.Fatalf("signing the parent: %s %v", res, e)
	}
	if _, e := execute(t, f.tab, "sendrawtransaction", signed.Hex); e != nil {
		t.Fatal(e)
	}

	wpkhChild := f.create(t, wire.OutPoint{Hash: parent.TxHash(), Index: 0})
	got := inputKeys(t, f.tab, callString(t, f.tab, "utxoupdatepsbt", wpkhChild))
	if !equalKeys(got, [][]string{{"non_witness_utxo", "witness_utxo"}}) {
		t.Fatalf("P2WPKH child %v", got)
	}
	trChild := f.create(t, wire.OutPoint{Hash: parent.TxHash(), Index: 1})
	got = inputKeys(t, f.tab, callString(t, f.tab, "utxoupdatepsbt", trChild, []string{f.descs["tr"]}))
	if !equalKeys(got, [][]string{{"taproot_bip32_derivs", "taproot_internal_key", "witness_utxo"}}) {
		t.Fatalf("P2TR child %v", got)
	}
}

type processResult struct {
	PSBT     string
	Complete bool
	Hex      string
}

func (f *coinFixture) process(t *testing.T, args ...any) processResult {
	t.Helper()
	res, e := execute(t, f.tab, "descriptorprocesspsbt", args...)
	if e != nil {
		t.Fatal(e)
	}
	var r processResult
	if err := json.Unmarshal(res, &r); err != nil {
		t.Fatal(err)
	}
	if r.Complete != (r.Hex != "") {
		t.Fatalf("complete without hex or hex without complete: %s", res)
	}
	return r
}

func (f *coinFixture) accepted(t *testing.T, hexTx string) {
	t.Helper()
	res, e := execute(t, f.tab, "testmempoolaccept", []string{hexTx})
	if e != nil || !strings.Contains(string(res), `"allowed":true`) {
		t.Fatalf("testmempoolaccept: %s %v", res, e)
	}
}

func TestDescriptorProcessPSBT(t *testing.T) {
	f := newCoinFixture(t)
	base := f.create(t, f.coins["wpkh"], f.coins["sh-wpkh"], f.coins["tr"], f.coins["hd"])
	descs := []any{f.descs["wpkh"], f.descs["sh-wpkh"], f.descs["tr"], map[string]any{"desc": f.descs["hd"], "range": []int{0, 5}}}

	r := f.process(t, base, descs)
	if !r.Complete {
		t.Fatalf("not complete: %s", r.PSBT)
	}
	f.accepted(t, r.Hex)
	for i, keys := range inputKeys(t, f.tab, r.PSBT) {
		if !strings.Contains(strings.Join(keys, ","), "final_script") {
			t.Fatalf("input %d not finalized: %v", i, keys)
		}
	}

	// Signed but not finalized, with derivation paths; then finalizepsbt.
	r = f.process(t, base, descs, "ALL", true, false)
	if r.Complete {
		t.Fatal("complete without finalizing")
	}
	dec, _ := execute(t, f.tab, "decodepsbt", r.PSBT)
	fp := hdMaster(t)
	pub, _ := fp.ECPubKey()
	fingerprint := address.Hash160(pub.SerializeCompressed())[:4]
	for _, want := range []string{`"partial_signatures"`, `"taproot_key_path_sig"`, `"path":"m/84h/1h/0h/0/3"`,
		`"master_fingerprint":"` + hexString(fingerprint) + `"`, `"taproot_bip32_derivs"`} {
		if !strings.Contains(string(dec), want) {
			t.Errorf("processed PSBT lacks %s: %s", want, dec)
		}
	}
	res, e := execute(t, f.tab, "finalizepsbt", r.PSBT)
	var fin struct {
		Hex      string
		Complete bool
	}
	if e != nil || json.Unmarshal(res, &fin) != nil || !fin.Complete {
		t.Fatalf("finalizepsbt: %s %v", res, e)
	}
	f.accepted(t, fin.Hex)

	// Without derivation paths.
	r = f.process(t, base, descs, nil, false, false)
	if dec, _ := execute(t, f.tab, "decodepsbt", r.PSBT); strings.Contains(string(dec), "bip32_derivs") {
		t.Errorf("bip32derivs=false: %s", dec)
	}

	// The sighash stored by a first signer must be asked for again.
	r = f.process(t, base, descs, "ALL|ANYONECANPAY", true, false)
	if dec, _ := execute(t, f.tab, "decodepsbt", r.PSBT); !strings.Contains(string(dec), `"sighash":"ALL|ANYONECANPAY"`) {
		t.Errorf("sighash not recorded: %s", dec)
	}
	_, e = execute(t, f.tab, "descriptorprocesspsbt", r.PSBT, descs, "ALL")
	wantRPCError(t, e, rs.DeserializationError, "Specified sighash value does not match value stored in PSBT")
	again := f.process(t, r.PSBT, descs, "ALL|ANYONECANPAY")
	if !again.Complete {
		t.Fatal("ALL|ANYONECANPAY not completed")
	}
	f.accepted(t, again.Hex)

	_, e = execute(t, f.tab, "descriptorprocesspsbt", base, descs, "all")
	wantRPCError(t, e, rs.InvalidParameter, "'all' is not a valid sighash parameter.")
	_, e = execute(t, f.tab, "descriptorprocesspsbt", base, descs, "")
	wantRPCError(t, e, rs.InvalidParameter, "'' is not a valid sighash parameter.")
	_, e = execute(t, f.tab, "descriptorprocesspsbt", base)
	wantRPCError(t, e, rs.RPCMiscError, "descriptorprocesspsbt \"psbt\"")
}

// Without its previous transaction a legacy input stays unsigned.
func TestDescriptorProcessPSBTLegacy(t *testing.T) {
	f := newCoinFixture(t)
	base := f.create(t, f.coins["pkh"])
	r := f.process(t, base, []string{f.descs["pkh"]})
	if r.Complete || r.PSBT != base {
		t.Fatalf("legacy input without UTXO: %+v", r)
	}
	res, _ := execute(t, f.tab, "analyzepsbt", base)
	if !strings.Contains(string(res), `"next":"updater"`) {
		t.Fatalf("analyze %s", res)
	}
}

func hexString(b []byte) string { return hexStr(b).Str }
