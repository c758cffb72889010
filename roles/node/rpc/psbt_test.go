package rpc

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	"github.com/mpbitcoin/mpbitcoin/roles/psbt"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
)

// psbtVectors are Core's rpc_psbt.json vectors (kept by roles/psbt).
type psbtVectors struct {
	Invalid        []string    `json:"invalid"`
	InvalidWithMsg [][2]string `json:"invalid_with_msg"`
	Valid          []string    `json:"valid"`
	Creator        []struct {
		Inputs  json.RawMessage `json:"inputs"`
		Outputs json.RawMessage `json:"outputs"`
		Result  string          `json:"result"`
	} `json:"creator"`
	Combiner []struct {
		Combine []string `json:"combine"`
		Result  string   `json:"result"`
	} `json:"combiner"`
	Finalizer []struct {
		Finalize string `json:"finalize"`
		Result   string `json:"result"`
	} `json:"finalizer"`
	Extractor []struct {
		Extract string `json:"extract"`
		Result  string `json:"result"`
	} `json:"extractor"`
}

func loadPSBTVectors(t *testing.T) psbtVectors {
	t.Helper()
	b, err := os.ReadFile("../../psbt/testdata/rpc_psbt.json")
	if err != nil {
		t.Fatal(err)
	}
	var v psbtVectors
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// loadPSBTVectorsFrom lists every PSBT of the vectors file, valid or not
// (fuzzing seeds).
func loadPSBTVectorsFrom(b []byte) []string {
	var v psbtVectors
	if json.Unmarshal(b, &v) != nil {
		return nil
	}
	out := append(append([]string{}, v.Invalid...), v.Valid...)
	for _, c := range v.InvalidWithMsg {
		out = append(out, c[0])
	}
	for _, c := range v.Combiner {
		out = append(out, c.Combine...)
	}
	for _, c := range v.Finalizer {
		out = append(out, c.Finalize)
	}
	return out
}

// newPSBTTable is a regtest node's command table without blocks.
func newPSBTTable(t *testing.T) *rs.Table {
	t.Helper()
	p, _ := chain.Params("regtest")
	c, err := chain.Open(t.TempDir(), p, &chain.Clock{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	tab := rs.NewTable()
	if err := Register(tab, &Node{Chain: c, ChainName: "regtest", Shutdown: context.Background()}); err != nil {
		t.Fatal(err)
	}
	return tab
}

func wantRPCError(t *testing.T, e map[string]any, code int, msg string) {
	t.Helper()
	if e == nil {
		t.Fatalf("no error, want %d %q", code, msg)
	}
	if int(e["code"].(float64)) != code || !strings.Contains(e["message"].(string), msg) {
		t.Fatalf("error %v, want %d %q", e, code, msg)
	}
}

// callString runs a command whose result is a string.
func callString(t *testing.T, tab *rs.Table, method string, params ...any) string {
	t.Helper()
	res, e := execute(t, tab, method, params...)
	if e != nil {
		t.Fatal(e)
	}
	var s string
	if err := json.Unmarshal(res, &s); err != nil {
		t.Fatalf("%s: %v", res, err)
	}
	return s
}

// The parts of Core's rpc_psbt.py run on its vectors: decoding errors,
// valid PSBTs, the creator, combiner, finalizer and extractor.
func TestPSBTVectors(t *testing.T) {
	tab := newPSBTTable(t)
	v := loadPSBTVectors(t)
	for _, s := range v.Invalid {
		_, e := execute(t, tab, "decodepsbt", s)
		wantRPCError(t, e, rs.DeserializationError, "TX decode failed")
	}
	for _, c := range v.InvalidWithMsg {
		_, e := execute(t, tab, "decodepsbt", c[0])
		wantRPCError(t, e, rs.DeserializationError, "TX decode failed "+c[1])
	}
	for i, s := range v.Valid {
		if _, e := execute(t, tab, "decodepsbt", s); e != nil {
			t.Errorf("valid %d: %v", i, e)
		}
	}
	for _, c := range v.Creator {
		body, _ := json.Marshal(map[string]any{"id": 1, "method": "createpsbt",
			"params": map[string]any{"inputs": c.Inputs, "outputs": c.Outputs, "replaceable": false}})
		reply, _ := tab.Execute(context.Background(), body, "/", "test")
		var r struct{ Result string }
		if json.Unmarshal(reply, &r) != nil || r.Result != c.Result {
			t.Errorf("creator: %s", reply)
		}
	}
	for _, c := range v.Combiner {
		if got := callString(t, tab, "combinepsbt", c.Combine); got != c.Result {
			t.Errorf("combiner: %s", got)
		}
	}
	_, e := execute(t, tab, "combinepsbt", []string{})
	wantRPCError(t, e, rs.InvalidParameter, "Parameter 'txs' cannot be empty")
	for _, c := range v.Finalizer {
		res, e := execute(t, tab, "finalizepsbt", c.Finalize, false)
		var r struct {
			PSBT     string
			Complete bool
		}
		if e != nil || json.Unmarshal(res, &r) != nil || r.PSBT != c.Result || !r.Complete {
			t.Errorf("finalizer: %s %v", res, e)
		}
	}
	for _, c := range v.Extractor {
		res, e := execute(t, tab, "finalizepsbt", c.Extract, true)
		var r struct {
			Hex      string
			Complete bool
		}
		if e != nil || json.Unmarshal(res, &r) != nil || r.Hex != c.Result || !r.Complete {
			t.Errorf("extractor: %s %v", res, e)
		}
		keysInOrder(t, res, "hex", "complete")
	}
	_, e = execute(t, tab, "decodepsbt", ";definitely not base64;")
	wantRPCError(t, e, rs.DeserializationError, "TX decode failed invalid base64")
}

func TestCombinePSBTErrors(t *testing.T) {
	tab := newPSBTTable(t)
	v := loadPSBTVectors(t)
	a, b := v.Valid[0], v.Valid[1]
	_, e := execute(t, tab, "combinepsbt", []string{a, b})
	wantRPCError(t, e, rs.InvalidParameter, "PSBTs not compatible (different transactions)")
	if got := callString(t, tab, "combinepsbt", []string{a, a}); got != a {
		pa, _ := psbt.DecodeBase64(a)
		want, _ := pa.B64()
		if got != want {
			t.Errorf("combining a PSBT with itself: %s", got)
		}
	}
	_, e = execute(t, tab, "combinepsbt", []any{a, 5})
	wantRPCError(t, e, rs.TypeError, "JSON value of type number is not of expected type string")
	_, e = execute(t, tab, "combinepsbt", []string{a, "cHNidP8="})
	wantRPCError(t, e, rs.DeserializationError, "TX decode failed")
}

func TestFinalizePSBTIncomplete(t *testing.T) {
	tab := newPSBTTable(t)
	v := loadPSBTVectors(t)
	// The combiner's result is signed but not finalized; its inputs lack
	// nothing, so finalizing completes it. An unsigned PSBT stays a PSBT.
	unsigned := v.Creator[0].Result
	res, e := execute(t, tab, "finalizepsbt", unsigned)
	if e != nil {
		t.Fatal(e)
	}
	if string(res) != `{"psbt":"`+unsigned+`","complete":false}` {
		t.Fatalf("got %s", res)
	}
}

func TestConvertToPSBT(t *testing.T) {
	tab := newPSBTTable(t)
	tx := wire.NewMsgTx(2)
	tx.AddTxIn(&wire.TxIn{PreviousOutPoint: wire.OutPoint{Hash: chainhash.Hash{1}, Index: 3}, Sequence: 7})
	tx.AddTxOut(wire.NewTxOut(1000, []byte{0x51}))
	plain := txHex(t, tx)
	got := callString(t, tab, "converttopsbt", plain)
	p, err := psbt.DecodeBase64(got)
	if err != nil || p.UnsignedTx.TxHash() != tx.TxHash() || len(p.Inputs) != 1 || len(p.Outputs) != 1 {
		t.Fatalf("converted %s: %v", got, err)
	}
	created := callString(t, tab, "createpsbt", []any{map[string]any{"txid": (chainhash.Hash{1}).String(), "vout": 3, "sequence": 7}},
		[]any{map[string]any{"data": "00"}}, 77, false, 3)
	if p, err := psbt.DecodeBase64(created); err != nil || p.UnsignedTx.LockTime != 77 || p.UnsignedTx.Version != 3 ||
		p.UnsignedTx.TxIn[0].Sequence != 7 || string(p.UnsignedTx.TxOut[0].PkScript) != "\x6a\x01\x00" {
		t.Fatalf("createpsbt: %s %v", created, err)
	}
	_, e := execute(t, tab, "createpsbt", []any{}, []any{}, 0, true, 4)
	wantRPCError(t, e, rs.InvalidParameter, "Invalid parameter, version out of range(1~3)")

	signed := tx.Copy()
	signed.TxIn[0].SignatureScript = []byte{0x51}
	signed.TxIn[0].Witness = wire.TxWitness{{1}}
	for _, args := range [][]any{{txHex(t, signed)}, {txHex(t, signed), false}, {txHex(t, signed), false, true}} {
		_, e := execute(t, tab, "converttopsbt", args...)
		wantRPCError(t, e, rs.DeserializationError, "Inputs must not have scriptSigs and scriptWitnesses")
	}
	if again := callString(t, tab, "converttopsbt", txHex(t, signed), true); again != got {
		t.Fatalf("permitsigdata: %s, want %s", again, got)
	}
	_, e = execute(t, tab, "converttopsbt", "00")
	wantRPCError(t, e, rs.DeserializationError, "TX decode failed")
	// iswitness=false refuses the witness serialization.
	_, e = execute(t, tab, "converttopsbt", txHex(t, signed), true, false)
	wantRPCError(t, e, rs.DeserializationError, "TX decode failed")
}

func TestJoinPSBTs(t *testing.T) {
	tab := newPSBTTable(t)
	create := func(vouts ...int) string {
		var ins []any
		for _, v := range vouts {
			ins = append(ins, map[string]any{"txid": (chainhash.Hash{9}).String(), "vout": v})
		}
		return callString(t, tab, "createpsbt", ins, []any{map[string]any{"data": "0" + string(rune('0'+vouts[0]))}})
	}
	a, b := create(0, 1, 2, 3, 4, 5), create(6, 7, 8, 9)
	_, e := execute(t, tab, "joinpsbts", []string{a})
	wantRPCError(t, e, rs.InvalidParameter, "At least two PSBTs are required to join PSBTs.")
	_, e = execute(t, tab, "joinpsbts", []string{a, create(5)})
	wantRPCError(t, e, rs.InvalidParameter, "Input "+(chainhash.Hash{9}).String()+":5 exists in multiple PSBTs")

	first := callString(t, tab, "joinpsbts", []string{a, b})
	p, err := psbt.DecodeBase64(first)
	if err != nil || len(p.Inputs) != 10 || len(p.Outputs) != 2 {
		t.Fatalf("joined %s: %v", first, err)
	}
	shuffled := false
	for range 10 {
		shuffled = shuffled || callString(t, tab, "joinpsbts", []string{a, b}) != first
	}
	if !shuffled {
		t.Fatal("joinpsbts does not shuffle")
	}
}

// analyzepsbt on the PSBTs of Core's rpc_psbt.py.
func TestAnalyzePSBT(t *testing.T) {
	tab := newPSBTTable(t)
	cases := []struct{ psbt, want string }{
		{"cHNidP8BAJoCAAAAAljoeiG1ba8MI76OcHBFbDNvfLqlyHV5JPVFiHuyq911AAAAAAD/////g40EJ9DsZQpoqka7CwmK6kQiwHGyyng1Kgd5WdB86h0BAAAAAP////8CcKrwCAAAAAAWAEHYXCtx0AYLCcmIauuBXlCZHdoSTQDh9QUAAAAAFv8/wADXYP/7//////8JxOh0LR2HAI8AAAAAAAEBIADC6wsAAAAAF2oUt/X69ELjeX2nTof+fZ10l+OyAokDAQcJAwEHEAABAACAAAEBIADC6wsAAAAAF2oUt/X69ELjeX2nTof+fZ10l+OyAokDAQcJAwEHENkMak8AAAAA",
			`{"next":"creator","error":"PSBT is not valid. Input 0 spends unspendable output"}`},
		{"cHNidP8BAHECAAAAAfA00BFgAm6tp86RowwH6BMImQNL5zXUcTT97XoLGz0BAAAAAAD/////AgD5ApUAAAAAFgAUKNw0x8HRctAgmvoevm4u1SbN7XL87QKVAAAAABYAFPck4gF7iL4NL4wtfRAKgQbghiTUAAAAAAABAR8AgIFq49AHABYAFJUDtxf2PHo641HEOBOAIvFMNTr2AAAA",
			`{"next":"creator","error":"PSBT is not valid. Input 0 has invalid value"}`},
		{"cHNidP8BAHECAAAAAfA00BFgAm6tp86RowwH6BMImQNL5zXUcTT97XoLGz0BAAAAAAD/////AgCAgWrj0AcAFgAUKNw0x8HRctAgmvoevm4u1SbN7XL87QKVAAAAABYAFPck4gF7iL4NL4wtfRAKgQbghiTUAAAAAAABAR8A8gUqAQAAABYAFJUDtxf2PHo641HEOBOAIvFMNTr2AAAA",
			`{"next":"creator","error":"PSBT is not valid. Output amount invalid"}`},
	}
	for i, c := range cases {
		res, e := execute(t, tab, "analyzepsbt", c.psbt)
		if e != nil || string(res) != c.want {
			t.Errorf("case %d: %s %v", i, res, e)
		}
	}
	res, e := execute(t, tab, "analyzepsbt", "cHNidP8BAHECAAAAAZYezcxdnbXoQCmrD79t/LzDgtUo9ERqixk8wgioAobrAAAAAAD9////AlDDAAAAAAAAFgAUy/UxxZuzZswcmFnN/E9DGSiHLUsuGPUFAAAAABYAFLsH5o0R38wXx+X2cCosTMCZnQ4baAAAAAABAR8A4fUFAAAAABYAFOBI2h5thf3+Lflb2LGCsVSZwsltIgIC/i4dtVARCRWtROG0HHoGcaVklzJUcwo5homgGkSNAnJHMEQCIGx7zKcMIGr7cEES9BR4Kdt/pzPTK3fKWcGyCJXb7MVnAiALOBgqlMH4GbC1HDh/HmylmO54fyEy4lKde7/BT/PWxwEBAwQBAAAAIgYC/i4dtVARCRWtROG0HHoGcaVklzJUcwo5homgGkSNAnIYDwVpQ1QAAIABAACAAAAAgAAAAAAAAAAAAAAiAgL+CIiB59NSCssOJRGiMYQK1chahgAaaJpIXE41Cyir+xgPBWlDVAAAgAEAAIAAAACAAQAAAAAAAAAA")
	if e != nil {
		t.Fatal(e)
	}
	keysInOrder(t, res, "inputs", "estimated_vsize", "estimated_feerate", "fee", "next")
	if !strings.Contains(string(res), `{"has_utxo":true,"is_final":false,"next":"finalizer"}`) {
		t.Errorf("signed input: %s", res)
	}
	// No UTXO: the updater is next and no fee is shown.
	res, _ = execute(t, tab, "analyzepsbt", loadPSBTVectors(t).Creator[0].Result)
	if string(res) != `{"inputs":[{"has_utxo":false,"is_final":false,"next":"updater"},{"has_utxo":false,"is_final":false,"next":"updater"}],"next":"updater"}` {
		t.Errorf("unsigned: %s", res)
	}
	_, e = execute(t, tab, "analyzepsbt", "cHNidP8BAJoCAAAAAkvEW8NnDtdNtDpsmze+Ht2LH35IJcKv00jKAlUs21RrAwAAAAD/////S8Rbw2cO1020OmybN74e3Ysffkglwq/TSMoCVSzbVGsBAAAAAP7///8CwLYClQAAAAAWABSNJKzjaUb3uOxixsvh1GGE3fW7zQD5ApUAAAAAFgAUKNw0x8HRctAgmvoevm4u1SbN7XIAAAAAAAEAnQIAAAACczMa321tVHuN4GKWKRncycI22aX3uXgwSFUKM2orjRsBAAAAAP7///9zMxrfbW1Ue43gYpYpGdzJwjbZpfe5eDBIVQozaiuNGwAAAAAA/v///wIA+QKVAAAAABl2qRT9zXUVA8Ls5iVqynLHe5/vSe1XyYisQM0ClQAAAAAWABRmWQUcjSjghQ8/uH4Bn/zkakwLtAAAAAAAAQEfQM0ClQAAAAAWABRmWQUcjSjghQ8/uH4Bn/zkakwLtAAAAA==")
	wantRPCError(t, e, rs.DeserializationError, "TX decode failed")
}

func TestPSBTCommandsHelp(t *testing.T) {
	tab := newPSBTTable(t)
	for _, name := range []string{"decodepsbt", "combinepsbt", "finalizepsbt", "createpsbt", "converttopsbt", "utxoupdatepsbt", "joinpsbts", "analyzepsbt", "descriptorprocesspsbt"} {
		c, ok := tab.Command(name)
		if !ok || c.Category != "rawtransactions" || !strings.HasPrefix(c.HelpText(), name+" ") {
			t.Errorf("%s: not registered or bad help", name)
		}
	}
	c, _ := tab.Command("descriptorprocesspsbt")
	if !strings.HasPrefix(c.HelpText(), `descriptorprocesspsbt "psbt" ["",{"desc":"str","range":n or [n,n]},...] ( "sighashtype" bip32derivs finalize )`) {
		t.Errorf("descriptorprocesspsbt help: %.200s", c.HelpText())
	}
}
