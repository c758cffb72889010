package rpc

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	"github.com/mpbitcoin/mpbitcoin/roles/node/mempool"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
)

// poolFixture is a regtest chain with a mempool whose first 101 blocks
// pay to OP_TRUE in P2WSH, so tests can spend coinbases.
type poolFixture struct {
	tab    *rs.Table
	c      *chain.Chain
	pool   *mempool.Pool
	opTrue []byte
	blocks []chainhash.Hash
}

func newPoolFixture(t *testing.T) *poolFixture {
	t.Helper()
	p, _ := chain.Params("regtest")
	c, err := chain.Open(t.TempDir(), p, &chain.Clock{})
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
	f := &poolFixture{tab: tab, c: c, pool: pool, opTrue: append([]byte{0x00, 0x20}, h[:]...)}
	if f.blocks, err = c.Generate(context.Background(), 101, f.opTrue, 1e6); err != nil {
		t.Fatal(err)
	}
	return f
}

// spend submits a transaction spending prev's output 0 (OP_TRUE) with
// the given sequence, paying value-fee back to OP_TRUE.
func (f *poolFixture) spend(t *testing.T, prev chainhash.Hash, value, fee int64, seq uint32) *wire.MsgTx {
	t.Helper()
	tx := wire.NewMsgTx(2)
	tx.AddTxIn(&wire.TxIn{PreviousOutPoint: wire.OutPoint{Hash: prev}, Witness: wire.TxWitness{{0x51}}, Sequence: seq})
	tx.AddTxOut(wire.NewTxOut(value-fee, f.opTrue))
	if _, err := f.pool.Submit(btcutil.NewTx(tx)); err != nil {
		t.Fatal(err)
	}
	return tx
}

func (f *poolFixture) coinbase(t *testing.T, i int) chainhash.Hash {
	blk, err := f.c.BlockByHash(&f.blocks[i])
	if err != nil {
		t.Fatal(err)
	}
	return *blk.Transactions()[0].Hash()
}

func TestMempoolEntries(t *testing.T) {
	f := newPoolFixture(t)
	parent := f.spend(t, f.coinbase(t, 0), 50e8, 3000, 0xfffffffd)
	child := f.spend(t, parent.TxHash(), 50e8-3000, 2000, 0xffffffff)
	pid, cid := parent.TxHash().String(), child.TxHash().String()

	res, e := execute(t, f.tab, "getmempoolentry", cid)
	if e != nil {
		t.Fatal(e)
	}
	keysInOrder(t, res, "vsize", "weight", "time", "height", "descendantcount", "descendantsize", "ancestorcount",
		"ancestorsize", "wtxid", "fees", "depends", "spentby", "bip125-replaceable", "unbroadcast")
	var ent struct {
		VSize, Weight, Height          int64
		DescendantCount, AncestorCount int64
		AncestorSize                   int64
		Fees                           struct{ Base, Modified, Ancestor, Descendant json.Number }
		Depends, Spentby               []string
		Replaceable                    bool `json:"bip125-replaceable"`
	}
	if err := json.Unmarshal(res, &ent); err != nil {
		t.Fatal(err)
	}
	// The child does not signal itself but inherits its parent's signal.
	if ent.AncestorCount != 2 || ent.DescendantCount != 1 || ent.Fees.Base != "0.00002000" || ent.Fees.Ancestor != "0.00005000" ||
		len(ent.Depends) != 1 || ent.Depends[0] != pid || len(ent.Spentby) != 0 || !ent.Replaceable || ent.Height != 101 ||
		ent.VSize != (ent.Weight+3)/4 || ent.AncestorSize != 2*ent.VSize {
		t.Errorf("child entry %s", res)
	}
	if res, _ := execute(t, f.tab, "getmempoolancestors", cid); string(res) != `["`+pid+`"]` {
		t.Errorf("ancestors %s", res)
	}
	if res, _ := execute(t, f.tab, "getmempooldescendants", pid); string(res) != `["`+cid+`"]` {
		t.Errorf("descendants %s", res)
	}
	res, _ = execute(t, f.tab, "getmempooldescendants", pid, true)
	var desc map[string]json.RawMessage
	if json.Unmarshal(res, &desc) != nil || desc[cid] == nil {
		t.Errorf("verbose descendants %s", res)
	}
	res, _ = execute(t, f.tab, "getrawmempool", true)
	var all map[string]struct {
		Descendantcount int
		Fees            struct{ Descendant json.Number }
	}
	if json.Unmarshal(res, &all) != nil || len(all) != 2 || all[pid].Descendantcount != 2 || all[pid].Fees.Descendant != "0.00005000" {
		t.Errorf("verbose mempool %s", res)
	}
	// Core's order: by ancestor count, the parent first.
	if res, _ := execute(t, f.tab, "getrawmempool"); string(res) != `["`+pid+`","`+cid+`"]` {
		t.Errorf("getrawmempool order %s", res)
	}
	res, _ = execute(t, f.tab, "getrawmempool", false, true)
	var seq struct {
		Txids    []string
		Sequence int64 `json:"mempool_sequence"`
	}
	if json.Unmarshal(res, &seq) != nil || len(seq.Txids) != 2 || seq.Sequence != 3 {
		t.Errorf("mempool_sequence %s", res)
	}
	f.c.Clock.SetMock(1700000000)
	third := f.spend(t, f.coinbase(t, 1), 50e8, 3000, 0xffffffff)
	if res, _ := execute(t, f.tab, "getmempoolentry", third.TxHash().String()); !strings.Contains(string(res), `"time":1700000000,`) {
		t.Errorf("entry time by the mock clock: %s", res)
	}
	if _, e := execute(t, f.tab, "getmempoolentry", strings.Repeat("1", 64)); e == nil || e["code"] != float64(-5) || e["message"] != "Transaction not in mempool" {
		t.Errorf("unknown entry %v", e)
	}
}

func TestGetRawTransaction(t *testing.T) {
	f := newPoolFixture(t)
	tx := f.spend(t, f.coinbase(t, 0), 50e8, 3000, 0xffffffff)
	txid := tx.TxHash().String()
	var buf bytes.Buffer
	_ = tx.Serialize(&buf)
	if res, e := execute(t, f.tab, "getrawtransaction", txid); e != nil || string(res) != `"`+hex.EncodeToString(buf.Bytes())+`"` {
		t.Errorf("mempool hex %s %v", res, e)
	}
	res, _ := execute(t, f.tab, "getrawtransaction", txid, true)
	keysInOrder(t, res, "txid", "hash", "version", "size", "vsize", "weight", "locktime", "vin", "vout", "hex")
	// Mined, it is only found with its block.
	hashes, err := f.c.Generate(context.Background(), 1, f.opTrue, 1e6)
	if err != nil {
		t.Fatal(err)
	}
	if _, e := execute(t, f.tab, "getrawtransaction", txid); e == nil || e["code"] != float64(-5) ||
		e["message"] != "No such mempool transaction. Use -txindex or provide a block hash to enable blockchain transaction queries. Use gettransaction for wallet transactions." {
		t.Errorf("mined without block %v", e)
	}
	res, e := execute(t, f.tab, "getrawtransaction", txid, 2, hashes[0].String())
	if e != nil {
		t.Fatal(e)
	}
	keysInOrder(t, res, "in_active_chain", "txid", "hash", "version", "size", "vsize", "weight", "locktime", "vin", "vout", "fee", "hex",
		"blockhash", "confirmations", "time", "blocktime")
	var v struct {
		Fee           json.Number
		Confirmations int
		Vin           []struct{ Prevout struct{ Value json.Number } }
	}
	if json.Unmarshal(res, &v) != nil || v.Fee != "0.00003000" || v.Confirmations != 1 || v.Vin[0].Prevout.Value != "50.00000000" {
		t.Errorf("verbosity 2 %s", res)
	}
	if _, e := execute(t, f.tab, "getrawtransaction", txid, 1, f.blocks[5].String()); e == nil ||
		e["message"] != "No such transaction found in the provided block. Use gettransaction for wallet transactions." {
		t.Errorf("wrong block %v", e)
	}
	if _, e := execute(t, f.tab, "getrawtransaction", txid, 1, strings.Repeat("0", 64)); e == nil || e["message"] != "Block hash not found" {
		t.Errorf("unknown block %v", e)
	}
	genesis := f.c.Params.GenesisBlock.Header.MerkleRoot.String()
	if _, e := execute(t, f.tab, "getrawtransaction", genesis); e == nil || !strings.Contains(e["message"].(string), "genesis block coinbase") {
		t.Errorf("genesis coinbase %v", e)
	}
}

func TestCreateRawTransaction(t *testing.T) {
	tab, _ := newTestTable(t)
	txid := strings.Repeat("ab", 32)
	decode := func(res json.RawMessage) *wire.MsgTx {
		t.Helper()
		var s string
		_ = json.Unmarshal(res, &s)
		b, _ := hex.DecodeString(s)
		tx := wire.NewMsgTx(0)
		if err := tx.Deserialize(bytes.NewReader(b)); err != nil {
			t.Fatalf("decode %s: %v", res, err)
		}
		return tx
	}
	res, e := execute(t, tab, "createrawtransaction", []any{map[string]any{"txid": txid, "vout": 1}},
		[]any{map[string]any{addr: 1.5}, map[string]any{"data": "01"}}, 0, nil, 3)
	if e != nil {
		t.Fatal(e)
	}
	tx := decode(res)
	if tx.Version != 3 || tx.TxIn[0].Sequence != 0xfffffffd || tx.TxIn[0].PreviousOutPoint.Index != 1 || tx.TxOut[0].Value != 150000000 ||
		!bytes.Equal(tx.TxOut[1].PkScript, []byte{0x6a, 0x01, 0x01}) {
		t.Errorf("tx %+v", tx)
	}
	tx = decode(must(t)(execute(t, tab, "createrawtransaction", []any{map[string]any{"txid": txid, "vout": 0}}, map[string]any{addr: "0.00000001"}, 5, false)))
	if tx.LockTime != 5 || tx.TxIn[0].Sequence != 0xfffffffe || tx.Version != 2 || tx.TxOut[0].Value != 1 {
		t.Errorf("locktime tx %+v", tx)
	}
	errs := []struct {
		args []any
		code float64
		msg  string
	}{
		{[]any{[]any{}, map[string]any{}, 0, false, 0}, -8, "Invalid parameter, version out of range(1~3)"},
		{[]any{[]any{map[string]any{}}, map[string]any{}}, -3, "JSON value of type null is not of expected type string"},
		{[]any{[]any{map[string]any{"txid": "foo"}}, map[string]any{}}, -8, "txid must be of length 64 (not 3, for 'foo')"},
		{[]any{[]any{map[string]any{"txid": txid}}, map[string]any{}}, -8, "Invalid parameter, missing vout key"},
		{[]any{[]any{map[string]any{"txid": txid, "vout": -1}}, map[string]any{}}, -8, "Invalid parameter, vout cannot be negative"},
		{[]any{[]any{map[string]any{"txid": txid, "vout": 0, "sequence": 4294967296}}, map[string]any{}}, -8, "Invalid parameter, sequence number is out of range"},
		{[]any{[]any{}, map[string]any{"data": "foo"}}, -8, "Data must be hexadecimal string (not 'foo')"},
		{[]any{[]any{}, map[string]any{"foo": 0}}, -5, "Invalid Bitcoin address: foo"},
		{[]any{[]any{}, map[string]any{addr: "foo"}}, -3, "Invalid amount"},
		{[]any{[]any{}, map[string]any{addr: -1}}, -3, "Amount out of range"},
		{[]any{[]any{}, []any{map[string]any{addr: 1}, map[string]any{addr: 1}}}, -8, "Invalid parameter, duplicated address: " + addr},
		{[]any{[]any{}, []any{map[string]any{"data": "aa"}, map[string]any{"data": "bb"}}}, -8, "Invalid parameter, duplicate key: data"},
		{[]any{[]any{}, []any{map[string]any{"a": 1, "b": 2}}}, -8, "Invalid parameter, key-value pair must contain exactly one key"},
		{[]any{[]any{}, []any{[]any{"x"}}}, -8, "Invalid parameter, key-value pair not an object as expected"},
		{[]any{[]any{map[string]any{"txid": txid, "vout": 0, "sequence": 0xfffffffe}}, map[string]any{}, 0, true}, -8, "Invalid parameter combination: Sequence number(s) contradict replaceable option"},
		{[]any{[]any{}, map[string]any{}, -1}, -8, "Invalid parameter, locktime out of range"},
		{[]any{[]any{}, map[string]any{}, 4294967296}, -8, "Invalid parameter, locktime out of range"},
	}
	for _, c := range errs {
		if _, e := execute(t, tab, "createrawtransaction", c.args...); e == nil || e["code"] != c.code || e["message"] != c.msg {
			t.Errorf("%v: %v, want %v %q", c.args, e, c.code, c.msg)
		}
	}
}

func must(t *testing.T) func(json.RawMessage, map[string]any) json.RawMessage {
	return func(res json.RawMessage, e map[string]any) json.RawMessage {
		t.Helper()
		if e != nil {
			t.Fatal(e)
		}
		return res
	}
}

func TestParseFixedPoint(t *testing.T) {
	for s, want := range map[string]int64{"0": 0, "1": 1e8, "0.00000001": 1, "1e-8": 1, "0.000000010": 1, "20999999.99999999": 2099999999999999, "-1.5": -15e7, "1.0E2": 1e10} {
		if got, ok := parseFixedPoint(s, 8); !ok || got != want {
			t.Errorf("%s: %d %v, want %d", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "-", "01", "1.", ".5", "0.000000001", "1e", "1x", "10000000000", "1e10"} {
		if _, ok := parseFixedPoint(s, 8); ok {
			t.Errorf("%q accepted", s)
		}
	}
}

func TestGenerateBlockMempoolTxid(t *testing.T) {
	f := newPoolFixture(t)
	tx := f.spend(t, f.coinbase(t, 0), 50e8, 3000, 0xffffffff)
	txid := tx.TxHash().String()
	if _, e := execute(t, f.tab, "generateblock", "raw(51)#8lvh9jxk", []string{strings.Repeat("1", 64)}); e == nil || e["code"] != float64(-5) ||
		e["message"] != "Transaction "+strings.Repeat("1", 64)+" not in mempool." {
		t.Errorf("unknown txid %v", e)
	}
	res, e := execute(t, f.tab, "generateblock", "raw(51)#8lvh9jxk", []string{txid})
	if e != nil {
		t.Fatal(e)
	}
	var b struct{ Hash string }
	_ = json.Unmarshal(res, &b)
	if res, _ := execute(t, f.tab, "getblock", b.Hash); !strings.Contains(string(res), txid) {
		t.Errorf("block lacks the transaction: %s", res)
	}
	if res, _ := execute(t, f.tab, "getrawmempool"); string(res) != "[]" {
		t.Errorf("mempool after mining %s", res)
	}
}

func TestGetTxSpendingPrevout(t *testing.T) {
	f := newPoolFixture(t)
	cb := f.coinbase(t, 0)
	tx := f.spend(t, cb, 50e8, 3000, 0xffffffff)
	res, e := execute(t, f.tab, "gettxspendingprevout", []any{map[string]any{"txid": cb.String(), "vout": 0}, map[string]any{"txid": cb.String(), "vout": 1}})
	want := `[{"txid":"` + cb.String() + `","vout":0,"spendingtxid":"` + tx.TxHash().String() + `"},{"txid":"` + cb.String() + `","vout":1}]`
	if e != nil || string(res) != want {
		t.Errorf("got %s %v", res, e)
	}
	id := cb.String()
	errs := []struct {
		arg  any
		code float64
		msg  string
	}{
		{[]any{}, -8, "Invalid parameter, outputs are missing"},
		{[]any{map[string]any{"txid": id, "vout": 1, "unknown": 42}}, -3, "Unexpected key unknown"},
		{[]any{map[string]any{"txid": id, "vout": -1}}, -8, "Invalid parameter, vout cannot be negative"},
		{[]any{map[string]any{"txid": 42, "vout": 0}}, -3, "JSON value of type number for field txid is not of expected type string"},
		{[]any{map[string]any{"txid": id}}, -3, "Missing vout"},
		{[]any{map[string]any{"vout": 3}}, -3, "Missing txid"},
	}
	for _, c := range errs {
		if _, e := execute(t, f.tab, "gettxspendingprevout", c.arg); e == nil || e["code"] != c.code || e["message"] != c.msg {
			t.Errorf("%v: %v", c.arg, e)
		}
	}
}

func FuzzParseFixedPoint(f *testing.F) {
	for _, s := range []string{"0", "1.5", "-0.00000001", "1e-8", "20999999.99999999", "1.0E2", "00", "1e18", ".5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := parseFixedPoint(s, 8)
		if !ok {
			return
		}
		if v >= fixedPointUpperBound || v <= -fixedPointUpperBound {
			t.Fatalf("%q: %d out of range", s, v)
		}
		// The value printed with 8 decimals parses back to itself.
		neg, a := "", v
		if a < 0 {
			neg, a = "-", -a
		}
		back := fmt.Sprintf("%s%d.%08d", neg, a/1e8, a%1e8)
		if w, ok := parseFixedPoint(back, 8); !ok || w != v {
			t.Fatalf("%q -> %d -> %q -> %d %v", s, v, back, w, ok)
		}
	})
}
