package rpc

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/chaincfg/v2"
	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
)

func TestOpNamesMatchBtcd(t *testing.T) {
	for i, name := range opNames {
		op := byte(txscript.OP_NOP + i)
		if got, ok := txscript.OpcodeByName[name]; !ok || got != op {
			t.Errorf("opNames[%#x] = %s, btcd has %#x", op, name, got)
		}
	}
	for op, want := range map[byte]string{0x4f: "-1", 0x51: "1", 0x60: "16", 0x50: "OP_RESERVED", 0xbb: "OP_UNKNOWN", 0xff: "OP_INVALIDOPCODE"} {
		if got := opName(op); got != want {
			t.Errorf("opName(%#x) = %s, want %s", op, got, want)
		}
	}
}

// Core's test/functional/data/rpc_decodescript.json (decodescript's asm,
// address, desc and type; regtest).
func TestScriptPubKeyJSONCore(t *testing.T) {
	cases := []struct{ hex, asm, address, desc, typ string }{
		{"5120eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", "1 eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee",
			"bcrt1pamhwamhwamhwamhwamhwamhwamhwamhwamhwamhwamhwamhwamhqz6nvlh", "rawtr(eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee)#jk7c6kys", "witness_v1_taproot"},
		{"5102eeee", "1 -28398", "bcrt1pamhqk96edn", "addr(bcrt1pamhqk96edn)#vkh8uj5a", "witness_unknown"},
		{"0020eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", "0 eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee",
			"bcrt1qamhwamhwamhwamhwamhwamhwamhwamhwamhwamhwamhwamhwamhqgdn98t", "addr(bcrt1qamhwamhwamhwamhwamhwamhwamhwamhwamhwamhwamhwamhwamhqgdn98t)#afaecevx", "witness_v0_scripthash"},
		{"a914eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee87", "OP_HASH160 eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee OP_EQUAL",
			"2NF2b3KS8xXb9XHvbRMXdZh8s5g92rUZHtp", "addr(2NF2b3KS8xXb9XHvbRMXdZh8s5g92rUZHtp)#ywfcpmh9", "scripthash"},
		{"6a00", "OP_RETURN 0", "", "raw(6a00)#ncfmkl43", "nulldata"},
		{"6aee", "OP_RETURN OP_UNKNOWN", "", "raw(6aee)#vsyzgqdt", "nonstandard"},
		{"6a02ee", "OP_RETURN [error]", "", "raw(6a02ee)#gvdwnlzl", "nonstandard"},
		{"02eeee", "-28398", "", "raw(02eeee)#5xzck7pr", "nonstandard"},
		{"ba", "OP_CHECKSIGADD", "", "raw(ba)#yy0eg44l", "nonstandard"},
		{"50", "OP_RESERVED", "", "raw(50)#a7tu03xf", "nonstandard"},
		// pk() and multi() from the same Core tests' keys.
		{"2102a5613bd857b7048924264d1e70e08fb2a7e6527d32b7ab1bb993ac59964ff397ac", "02a5613bd857b7048924264d1e70e08fb2a7e6527d32b7ab1bb993ac59964ff397 OP_CHECKSIG",
			"", "pk(02a5613bd857b7048924264d1e70e08fb2a7e6527d32b7ab1bb993ac59964ff397)#rk5v7uqw", "pubkey"},
		{"522102a5613bd857b7048924264d1e70e08fb2a7e6527d32b7ab1bb993ac59964ff39721021ac43c7ff740014c3b33737ede99c967e4764553d1b2b83db77c83b8715fa72d2102df2089105c77f266fa11a9d33f05c735234075f2e8780824c6b709415f9fb48553ae",
			"2 02a5613bd857b7048924264d1e70e08fb2a7e6527d32b7ab1bb993ac59964ff397 021ac43c7ff740014c3b33737ede99c967e4764553d1b2b83db77c83b8715fa72d 02df2089105c77f266fa11a9d33f05c735234075f2e8780824c6b709415f9fb485 3 OP_CHECKMULTISIG",
			"", "multi(2,02a5613bd857b7048924264d1e70e08fb2a7e6527d32b7ab1bb993ac59964ff397,021ac43c7ff740014c3b33737ede99c967e4764553d1b2b83db77c83b8715fa72d,02df2089105c77f266fa11a9d33f05c735234075f2e8780824c6b709415f9fb485)#8s88p9pl", "multisig"},
	}
	for _, tc := range cases {
		script, _ := hex.DecodeString(tc.hex)
		got := scriptPubKeyJSON(script, &chaincfg.RegressionNetParams)
		want := `{"asm":"` + tc.asm + `","desc":"` + tc.desc + `","hex":"` + tc.hex + `",`
		if tc.address != "" {
			want += `"address":"` + tc.address + `",`
		}
		want += `"type":"` + tc.typ + `"}`
		if got.String() != want {
			t.Errorf("%s:\n got %s\nwant %s", tc.hex, got.String(), want)
		}
	}
	if got := descChecksum("addr(13tuJJDR2RgArmgfv6JScSdreahzgc4T6o)"); got != "ztmwxg4c" {
		t.Errorf("checksum %s", got)
	}
}

func TestScriptSigAsm(t *testing.T) {
	// A DER signature with SIGHASH_ALL followed by a compressed key.
	sig := "3044022047ac8e878352d3ebbde1c94ce3a10d057c24175747116f8288e5d794d12d482f0220217f36a485cae903c713331d877c1f64677e3622ad4010726870540656fe9dcb01"
	key := "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
	script, _ := hex.DecodeString("47" + sig + "21" + key)
	want := sig[:len(sig)-2] + "[ALL] " + key
	if got := scriptAsm(script, true); got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	if got := scriptAsm(script, false); got != sig+" "+key {
		t.Errorf("no decode: %s", got)
	}
}

// execute runs one JSON-RPC 1.0 call on a table.
func execute(t *testing.T, tab *rs.Table, method string, params ...any) (json.RawMessage, map[string]any) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"id": 1, "method": method, "params": params})
	reply, _ := tab.Execute(context.Background(), body, "/", "test")
	var r struct {
		Result json.RawMessage
		Error  map[string]any
	}
	if err := json.Unmarshal(reply, &r); err != nil {
		t.Fatalf("%s: bad reply %s", method, reply)
	}
	return r.Result, r.Error
}

func TestGetBlockVerbosity23(t *testing.T) {
	p, _ := chain.Params("regtest")
	c, err := chain.Open(t.TempDir(), p, &chain.Clock{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	tab := rs.NewTable()
	if err := Register(tab, &Node{Chain: c, ChainName: "regtest", Shutdown: context.Background()}); err != nil {
		t.Fatal(err)
	}
	opTrue := []byte{txscript.OP_TRUE}
	hashes, err := c.Generate(context.Background(), 101, opTrue, 1000000)
	if err != nil {
		t.Fatal(err)
	}
	// Spend block 1's coinbase (OP_TRUE, mature now) with a 1000 sat fee.
	first, _ := c.BlockByHash(&hashes[0])
	cb := first.Transactions()[0]
	tx := wire.NewMsgTx(2)
	tx.AddTxIn(wire.NewTxIn(wire.NewOutPoint(cb.Hash(), 0), nil, nil))
	tx.AddTxOut(wire.NewTxOut(cb.MsgTx().TxOut[0].Value-1000, opTrue))
	blk, err := c.GenerateBlock(opTrue, []*wire.MsgTx{tx}, true)
	if err != nil {
		t.Fatal(err)
	}
	res, e := execute(t, tab, "getblock", blk.Hash().String(), 2)
	if e != nil {
		t.Fatalf("getblock 2: %v", e)
	}
	var b2 struct {
		Tx []json.RawMessage
	}
	if err := json.Unmarshal(res, &b2); err != nil || len(b2.Tx) != 2 {
		t.Fatalf("getblock 2: %s", res)
	}
	keysInOrder(t, b2.Tx[1], "txid", "hash", "version", "size", "vsize", "weight", "locktime", "vin", "vout", "fee", "hex")
	if !strings.Contains(string(b2.Tx[1]), `"fee":0.00001000`) || strings.Contains(string(b2.Tx[1]), "prevout") {
		t.Errorf("verbosity 2 tx: %s", b2.Tx[1])
	}
	if strings.Contains(string(b2.Tx[0]), `"fee"`) || !strings.Contains(string(b2.Tx[0]), `"coinbase":"`) {
		t.Errorf("verbosity 2 coinbase: %s", b2.Tx[0])
	}
	res, _ = execute(t, tab, "getblock", blk.Hash().String(), 3)
	if !strings.Contains(string(res), `"prevout":{"generated":true,"height":1,"value":50.00000000,"scriptPubKey":{"asm":"1","desc":"raw(51)#`) {
		t.Errorf("verbosity 3: %s", res)
	}
}

// keysInOrder checks an object's top-level keys are exactly these, in order.
func keysInOrder(t *testing.T, obj json.RawMessage, keys ...string) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(string(obj)))
	var got []string
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch v := tok.(type) {
		case json.Delim:
			if v == '{' || v == '[' {
				depth++
			} else {
				depth--
			}
		case string:
			if depth == 1 && dec.More() {
				got = append(got, v)
				var skip json.RawMessage
				if err := dec.Decode(&skip); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if strings.Join(got, ",") != strings.Join(keys, ",") {
		t.Errorf("keys %v, want %v", got, keys)
	}
}

// decodescript of Core's rpc_decodescript.json case "02eeee": wrapped in
// P2SH and P2WSH.
func TestDecodeScriptWraps(t *testing.T) {
	tab, _ := newTestTable(t)
	res, e := execute(t, tab, "decodescript", "02eeee")
	if e != nil {
		t.Fatal(e)
	}
	want := `{"asm":"-28398","desc":"raw(02eeee)#5xzck7pr","type":"nonstandard","p2sh":"2N34iiGoUUkVSPiaaTFpJjB1FR9TXQu3PGM",` +
		`"segwit":{"asm":"0 96c2368fc30514a438a8bd909f93c49a1549d77198ccbdb792043b666cb24f42",` +
		`"desc":"addr(bcrt1qjmprdr7rq522gw9ghkgfly7yng25n4m3nrxtmdujqsakvm9jfapqk795l5)#5akkdska",` +
		`"hex":"002096c2368fc30514a438a8bd909f93c49a1549d77198ccbdb792043b666cb24f42",` +
		`"address":"bcrt1qjmprdr7rq522gw9ghkgfly7yng25n4m3nrxtmdujqsakvm9jfapqk795l5","type":"witness_v0_scripthash",` +
		`"p2sh-segwit":"2MtoejEictTQ6XtmHYzoYttt35Ec6krqFKN"}}`
	if string(res) != want {
		t.Errorf("got  %s\nwant %s", res, want)
	}
	if _, e := execute(t, tab, "decodescript", "0g"); e == nil || e["message"] != "argument must be hexadecimal string (not '0g')" {
		t.Errorf("bad hex: %v", e)
	}
}
