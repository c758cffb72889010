package rpc

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	"github.com/mpbitcoin/mpbitcoin/roles/sign"
)

func signTestKey(n byte) *btcec.PrivateKey {
	var b [32]byte
	b[31] = n
	k, _ := btcec.PrivKeyFromBytes(b[:])
	return k
}

func signTestWIF(t *testing.T, k *btcec.PrivateKey) string {
	p, _ := chain.Params("regtest")
	w, err := btcutil.NewWIF(k, p, true)
	if err != nil {
		t.Fatal(err)
	}
	return w.String()
}

func txHex(t *testing.T, tx *wire.MsgTx) string {
	var b bytes.Buffer
	if err := tx.Serialize(&b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b.Bytes())
}

func hexTx(t *testing.T, s string) *wire.MsgTx {
	b, _ := hex.DecodeString(s)
	tx := &wire.MsgTx{}
	if err := tx.Deserialize(bytes.NewReader(b)); err != nil {
		t.Fatal(err)
	}
	return tx
}

type signResult struct {
	Hex      string
	Complete bool
	Errors   []struct {
		Txid      string
		Vout      int
		Witness   []string
		ScriptSig string
		Sequence  uint32
		Error     string
	}
}

// TestSignRawWithKeyUTXO signs a spend of a mined coinbase found in the
// UTXO set, with the key of the address mined to.
func TestSignRawWithKeyUTXO(t *testing.T) {
	tab, c, _ := setup(t)
	res, e := call(t, tab, "generatetoaddress", 1, addr)
	var hashes []string
	if e != nil || json.Unmarshal(res, &hashes) != nil {
		t.Fatalf("generate: %v", e)
	}
	h, _ := chainhash.NewHashFromStr(hashes[0])
	blk, err := c.BlockByHash(h)
	if err != nil {
		t.Fatal(err)
	}
	cb := blk.Transactions()[0]
	tx := wire.NewMsgTx(2)
	tx.AddTxIn(wire.NewTxIn(&wire.OutPoint{Hash: *cb.Hash(), Index: 0}, nil, nil))
	unknown := wire.OutPoint{Hash: chainhash.Hash{1}, Index: 3}
	tx.AddTxIn(wire.NewTxIn(&unknown, nil, nil))
	tx.AddTxOut(wire.NewTxOut(1000, []byte{txscript.OP_TRUE}))

	res, e = call(t, tab, "signrawtransactionwithkey", txHex(t, tx), []string{signTestWIF(t, signTestKey(1))})
	var r signResult
	if e != nil || json.Unmarshal(res, &r) != nil {
		t.Fatalf("sign: %s %v", res, e)
	}
	if r.Complete || len(r.Errors) != 1 || r.Errors[0].Error != "Input not found or already spent" ||
		r.Errors[0].Txid != unknown.Hash.String() || r.Errors[0].Vout != 3 || r.Errors[0].Sequence != wire.MaxTxInSequenceNum {
		t.Fatalf("result %s", res)
	}
	signed := hexTx(t, r.Hex)
	prev := map[wire.OutPoint]sign.Prevout{signed.TxIn[0].PreviousOutPoint: {Script: cb.MsgTx().TxOut[0].PkScript, Value: cb.MsgTx().TxOut[0].Value}}
	if err := sign.VerifyInput(signed, 0, prev); err != nil {
		t.Fatalf("signed input: %v", err)
	}
	// A wrong key signs nothing and says why.
	res, _ = call(t, tab, "signrawtransactionwithkey", txHex(t, tx), []string{signTestWIF(t, signTestKey(2))})
	r = signResult{}
	_ = json.Unmarshal(res, &r)
	if len(r.Errors) != 2 || r.Errors[0].Error != "Unable to sign input, invalid stack size (possibly missing key)" {
		t.Fatalf("wrong key: %s", res)
	}
	// A prevtxs entry contradicting the UTXO set is refused.
	_, e = call(t, tab, "signrawtransactionwithkey", txHex(t, tx), []string{}, []any{
		map[string]any{"txid": cb.Hash().String(), "vout": 0, "scriptPubKey": "51"}})
	if e == nil || e["code"] != float64(-22) || !strings.HasPrefix(e["message"].(string), "Previous output scriptPubKey mismatch:\nOP_DUP OP_HASH160") {
		t.Fatalf("mismatch: %v", e)
	}
}

func TestSignRawWithKeyPrevtxs(t *testing.T) {
	tab, _, _ := setup(t)
	k := signTestKey(7)
	pub := k.PubKey().SerializeCompressed()
	ws := append(append([]byte{33}, pub...), txscript.OP_CHECKSIG)
	wsh := sha256.Sum256(ws)
	p2wsh := append([]byte{txscript.OP_0, 32}, wsh[:]...)
	p2shP2wsh := append(append([]byte{txscript.OP_HASH160, 20}, address.Hash160(p2wsh)...), txscript.OP_EQUAL)
	op := wire.OutPoint{Hash: chainhash.Hash{9}, Index: 1}
	tx := wire.NewMsgTx(2)
	tx.AddTxIn(wire.NewTxIn(&op, nil, nil))
	tx.AddTxOut(wire.NewTxOut(1000, []byte{txscript.OP_TRUE}))
	prevtx := map[string]any{"txid": op.Hash.String(), "vout": 1, "scriptPubKey": hex.EncodeToString(p2shP2wsh),
		"redeemScript": hex.EncodeToString(p2wsh), "witnessScript": hex.EncodeToString(ws), "amount": 10}
	wif := signTestWIF(t, k)
	res, e := call(t, tab, "signrawtransactionwithkey", txHex(t, tx), []string{wif}, []any{prevtx})
	var r signResult
	if e != nil || json.Unmarshal(res, &r) != nil || !r.Complete || r.Errors != nil {
		t.Fatalf("sign: %s %v", res, e)
	}
	signed := hexTx(t, r.Hex)
	if err := sign.VerifyInput(signed, 0, map[wire.OutPoint]sign.Prevout{op: {Script: p2shP2wsh, Value: 10e8}}); err != nil {
		t.Fatal(err)
	}
	// With the wrong amount the signature does not verify.
	if err := sign.VerifyInput(signed, 0, map[wire.OutPoint]sign.Prevout{op: {Script: p2shP2wsh, Value: 9e8}}); err == nil {
		t.Fatal("verified with the wrong amount")
	}

	for _, c := range []struct {
		name   string
		params []any
		code   float64
		msg    string
	}{
		{"bad key", []any{txHex(t, tx), []string{"123"}}, -5, "Invalid private key"},
		{"bad hex", []any{txHex(t, tx) + "00", []string{wif}}, -22, "TX decode failed. Make sure the tx has at least one input."},
		{"bad sighash", []any{txHex(t, tx), []string{wif}, nil, "all"}, -8, "'all' is not a valid sighash parameter."},
		{"empty sighash", []any{txHex(t, tx), []string{wif}, nil, ""}, -8, "'' is not a valid sighash parameter."},
		{"missing scripts", []any{txHex(t, tx), []string{wif}, []any{map[string]any{"txid": op.Hash.String(), "vout": 1, "scriptPubKey": hex.EncodeToString(p2wsh)}}}, -8, "Missing redeemScript/witnessScript"},
		{"script mismatch", []any{txHex(t, tx), []string{wif}, []any{map[string]any{"txid": op.Hash.String(), "vout": 1, "scriptPubKey": hex.EncodeToString(p2wsh), "witnessScript": "51"}}}, -8, "redeemScript/witnessScript does not match scriptPubKey"},
		{"rs vs ws", []any{txHex(t, tx), []string{wif}, []any{map[string]any{"txid": op.Hash.String(), "vout": 1, "scriptPubKey": hex.EncodeToString(p2shP2wsh), "witnessScript": hex.EncodeToString(ws), "redeemScript": "51"}}}, -8, "redeemScript does not correspond to witnessScript"},
		{"missing amount", []any{txHex(t, tx), []string{wif}, []any{map[string]any{"txid": op.Hash.String(), "vout": 1, "scriptPubKey": hex.EncodeToString(p2wsh), "witnessScript": hex.EncodeToString(ws)}}}, -3, "Missing amount for CTxOut(nValue=21000000.00000000, scriptPubKey=0020"},
		{"negative vout", []any{txHex(t, tx), []string{wif}, []any{map[string]any{"txid": op.Hash.String(), "vout": -1, "scriptPubKey": "51"}}}, -22, "vout cannot be negative"},
		{"missing txid", []any{txHex(t, tx), []string{wif}, []any{map[string]any{"vout": 1, "scriptPubKey": "51"}}}, -3, "Missing txid"},
		{"not object", []any{txHex(t, tx), []string{wif}, []any{1}}, -22, "expected object with {\"txid'\",\"vout\",\"scriptPubKey\"}"},
		{"bad amount", []any{txHex(t, tx), []string{wif}, []any{map[string]any{"txid": op.Hash.String(), "vout": 1, "scriptPubKey": "51", "amount": 0.000000001}}}, -3, "Invalid amount"},
		{"bad spk hex", []any{txHex(t, tx), []string{wif}, []any{map[string]any{"txid": op.Hash.String(), "vout": 1, "scriptPubKey": "5"}}}, -8, "scriptPubKey must be hexadecimal string (not '5')"},
	} {
		_, e := call(t, tab, "signrawtransactionwithkey", c.params...)
		if e == nil || e["code"] != c.code || !strings.HasPrefix(e["message"].(string), c.msg) {
			t.Errorf("%s: %v", c.name, e)
		}
	}
}

func TestCombineRawTransaction(t *testing.T) {
	tab, _, _ := setup(t)
	k1, k2 := signTestKey(1), signTestKey(2)
	ms := []byte{txscript.OP_2, 33}
	ms = append(ms, k1.PubKey().SerializeCompressed()...)
	ms = append(append(ms, 33), k2.PubKey().SerializeCompressed()...)
	ms = append(ms, txscript.OP_2, txscript.OP_CHECKMULTISIG)
	p2sh := append(append([]byte{txscript.OP_HASH160, 20}, address.Hash160(ms)...), txscript.OP_EQUAL)
	op := wire.OutPoint{Hash: chainhash.Hash{5}, Index: 0}
	tx := wire.NewMsgTx(2)
	tx.AddTxIn(wire.NewTxIn(&op, nil, nil))
	tx.AddTxOut(wire.NewTxOut(1000, []byte{txscript.OP_TRUE}))
	prevtx := []any{map[string]any{"txid": op.Hash.String(), "vout": 0, "scriptPubKey": hex.EncodeToString(p2sh), "redeemScript": hex.EncodeToString(ms), "amount": 1}}
	var parts []string
	for _, k := range []*btcec.PrivateKey{k1, k2} {
		res, _ := call(t, tab, "signrawtransactionwithkey", txHex(t, tx), []string{signTestWIF(t, k)}, prevtx)
		var r signResult
		_ = json.Unmarshal(res, &r)
		if r.Complete || len(r.Errors) != 1 || r.Errors[0].Error != "CHECK(MULTI)SIG failing with non-zero signature (possibly need more signatures)" {
			t.Fatalf("partial: %s", res)
		}
		parts = append(parts, r.Hex)
	}
	// The prevout is in neither the UTXO set nor the mempool.
	if _, e := call(t, tab, "combinerawtransaction", parts); e == nil || e["code"] != float64(-25) || e["message"] != "Input not found or already spent" {
		t.Fatalf("combine unknown input: %v", e)
	}
	if _, e := call(t, tab, "combinerawtransaction", []string{}); e == nil || e["code"] != float64(-22) || e["message"] != "Missing transactions" {
		t.Fatalf("combine empty: %v", e)
	}
	if _, e := call(t, tab, "combinerawtransaction", []string{"zz"}); e == nil || e["code"] != float64(-22) || e["message"] != "TX decode failed for tx 0. Make sure the tx has at least one input." {
		t.Fatalf("combine bad hex: %v", e)
	}
	// The merge itself, with the prevout known.
	var txs []*wire.MsgTx
	for _, p := range parts {
		txs = append(txs, hexTx(t, p))
	}
	prev := map[wire.OutPoint]sign.Prevout{op: {Script: p2sh, Value: 1e8}}
	merged, err := sign.Combine(txs, prev)
	if err != nil {
		t.Fatal(err)
	}
	if err := sign.VerifyInput(merged, 0, prev); err != nil {
		t.Fatal(err)
	}
}
