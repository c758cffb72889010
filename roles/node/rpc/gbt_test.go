package rpc

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	"github.com/mpbitcoin/mpbitcoin/roles/node/mempool"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
)

// TestBlockTemplateMinesValidBlock builds a block the way a miner does
// from getblocktemplate (own coinbase with the default witness commitment)
// and checks submitblock accepts it.
func TestBlockTemplateMinesValidBlock(t *testing.T) {
	p, _ := chain.Params("regtest")
	c, err := chain.Open(t.TempDir(), p, &chain.Clock{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	pool := mempool.New(c)
	tab := rs.NewTable()
	if err := Register(tab, &Node{Chain: c, ChainName: "regtest", Shutdown: context.Background(), Pool: pool}); err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256([]byte{0x51})
	opTrue := append([]byte{0x00, 0x20}, h[:]...)
	hashes, err := c.Generate(context.Background(), 101, opTrue, 1e6)
	if err != nil {
		t.Fatal(err)
	}
	first, _ := c.BlockByHash(&hashes[0])
	spend := wire.NewMsgTx(2)
	spend.AddTxIn(wire.NewTxIn(wire.NewOutPoint(first.Transactions()[0].Hash(), 0), nil, wire.TxWitness{{0x51}}))
	spend.AddTxOut(wire.NewTxOut(50e8-3000, opTrue))
	if _, err := pool.Submit(btcutil.NewTx(spend)); err != nil {
		t.Fatal(err)
	}

	if _, e := call(t, tab, "getblocktemplate"); e == nil || !strings.Contains(e["message"].(string), "segwit rule set") {
		t.Fatalf("no rules: %v", e)
	}
	res, e := call(t, tab, "getblocktemplate", map[string]any{"rules": []string{"segwit"}})
	if e != nil {
		t.Fatal(e)
	}
	wantOrder(t, res, "capabilities", "version", "rules", "vbavailable", "vbrequired", "previousblockhash", "transactions",
		"coinbaseaux", "coinbasevalue", "longpollid", "target", "mintime", "mutable", "noncerange", "sigoplimit",
		"sizelimit", "weightlimit", "curtime", "bits", "height", "default_witness_commitment")
	var tpl struct {
		Version           int32
		Previousblockhash string
		Transactions      []struct {
			Data, Txid string
			Fee        int64
		}
		Coinbasevalue int64
		Curtime       int64
		Bits          string
		Height        int64
		Commitment    string `json:"default_witness_commitment"`
	}
	if err := json.Unmarshal(res, &tpl); err != nil {
		t.Fatal(err)
	}
	if len(tpl.Transactions) != 1 || tpl.Transactions[0].Fee != 3000 || tpl.Coinbasevalue != 50e8+3000 || tpl.Height != 102 {
		t.Fatalf("template %+v", tpl)
	}
	// The miner's block.
	cb := wire.NewMsgTx(2)
	sig, _ := txscript.NewScriptBuilder().AddInt64(tpl.Height).AddOp(txscript.OP_0).Script()
	cb.AddTxIn(&wire.TxIn{PreviousOutPoint: *wire.NewOutPoint(&chainhash.Hash{}, wire.MaxPrevOutIndex),
		SignatureScript: sig, Sequence: wire.MaxTxInSequenceNum, Witness: wire.TxWitness{make([]byte, 32)}})
	commit, _ := hex.DecodeString(tpl.Commitment)
	cb.AddTxOut(wire.NewTxOut(tpl.Coinbasevalue, opTrue))
	cb.AddTxOut(wire.NewTxOut(0, commit))
	txs := []*btcutil.Tx{btcutil.NewTx(cb)}
	for _, e := range tpl.Transactions {
		raw, _ := hex.DecodeString(e.Data)
		tx := &wire.MsgTx{}
		if err := tx.Deserialize(bytes.NewReader(raw)); err != nil {
			t.Fatal(err)
		}
		txs = append(txs, btcutil.NewTx(tx))
	}
	prev, _ := chainhash.NewHashFromStr(tpl.Previousblockhash)
	var bits uint32
	b, _ := hex.DecodeString(tpl.Bits)
	for _, x := range b {
		bits = bits<<8 | uint32(x)
	}
	blk := &wire.MsgBlock{Header: wire.BlockHeader{Version: tpl.Version, PrevBlock: *prev,
		MerkleRoot: blockchain.CalcMerkleRoot(txs, false), Timestamp: time.Unix(tpl.Curtime, 0), Bits: bits}}
	for _, tx := range txs {
		blk.AddTransaction(tx.MsgTx())
	}
	target := blockchain.CompactToBig(bits)
	for {
		hh := blk.Header.BlockHash()
		if blockchain.HashToBig(&hh).Cmp(target) <= 0 {
			break
		}
		blk.Header.Nonce++
	}
	var buf bytes.Buffer
	_ = blk.Serialize(&buf)
	data := hex.EncodeToString(buf.Bytes())
	if res, _ := call(t, tab, "getblocktemplate", map[string]any{"mode": "proposal", "data": data, "rules": []string{"segwit"}}); string(res) != "null" {
		t.Fatalf("proposal: %s", res)
	}
	if res, e := call(t, tab, "submitblock", data); e != nil || string(res) != "null" {
		t.Fatalf("submitblock: %s %v", res, e)
	}
	if c.Tip().Height != 102 {
		t.Fatalf("tip %d", c.Tip().Height)
	}
}
