package rpc

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/btcutil/v2/bloom"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

func TestPartialMerkleTreeRoundTrip(t *testing.T) {
	for ntx := 1; ntx <= 13; ntx++ {
		txids := make([]chainhash.Hash, ntx)
		for i := range txids {
			txids[i] = chainhash.DoubleHashH([]byte{byte(i), byte(ntx)})
		}
		full := buildPartialTree(txids, make([]bool, ntx))
		root, _, ok := full.extract()
		if !ok {
			t.Fatalf("%d: no-match tree rejected", ntx)
		}
		for mask := 1; mask < 1<<ntx && mask < 256; mask += 3 {
			match := make([]bool, ntx)
			var want []chainhash.Hash
			for i := range match {
				if mask>>i&1 != 0 {
					match[i] = true
					want = append(want, txids[i])
				}
			}
			tree := buildPartialTree(txids, match)
			b, err := merkleBlock(wire.BlockHeader{MerkleRoot: root}, tree)
			if err != nil {
				t.Fatal(err)
			}
			hdr, back, err := parseMerkleBlock(b)
			if err != nil {
				t.Fatal(err)
			}
			r, got, ok := back.extract()
			if !ok || r != root || r != hdr.MerkleRoot || len(got) != len(want) {
				t.Fatalf("ntx %d mask %b: ok %v root %v matches %d/%d", ntx, mask, ok, r == root, len(got), len(want))
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("ntx %d mask %b: match %d", ntx, mask, i)
				}
			}
			// A tampered hash changes the root.
			if len(back.hashes) > 0 {
				back.hashes[0][0] ^= 1
				if r2, _, ok := back.extract(); ok && r2 == root {
					t.Fatalf("ntx %d: tampered proof gives the same root", ntx)
				}
			}
		}
	}
}

func TestTxOutProofRPC(t *testing.T) {
	f := newPoolFixture(t)
	tx1 := f.spend(t, f.coinbase(t, 0), 50e8, 3000, 0xffffffff)
	tx2 := f.spend(t, f.coinbase(t, 1), 50e8, 3000, 0xffffffff)
	id1, id2 := tx1.TxHash().String(), tx2.TxHash().String()
	if _, e := execute(t, f.tab, "gettxoutproof", []string{id1}); e == nil || e["message"] != "Transaction not yet in block" {
		t.Errorf("unmined %v", e)
	}
	hashes, err := f.c.Generate(t.Context(), 1, f.opTrue, 1e6)
	if err != nil {
		t.Fatal(err)
	}
	proof, e := execute(t, f.tab, "gettxoutproof", []string{id1, id2})
	if e != nil {
		t.Fatal(e)
	}
	var p string
	_ = json.Unmarshal(proof, &p)
	res, e := execute(t, f.tab, "verifytxoutproof", p)
	if e != nil || (string(res) != `["`+id1+`","`+id2+`"]` && string(res) != `["`+id2+`","`+id1+`"]`) {
		t.Errorf("verify %s %v", res, e)
	}
	proof, _ = execute(t, f.tab, "gettxoutproof", []string{id2}, hashes[0].String())
	_ = json.Unmarshal(proof, &p)
	if res, _ := execute(t, f.tab, "verifytxoutproof", p); string(res) != `["`+id2+`"]` {
		t.Errorf("verify one %s", res)
	}
	// btcd's BIP 37 merkle block for the same match serializes identically.
	blk, _ := f.c.BlockByHash(&hashes[0])
	filter := bloom.NewFilter(1, 0, 0.000001, wire.BloomUpdateNone)
	h2 := tx2.TxHash()
	filter.AddHash(&h2)
	mb, _ := bloom.NewMerkleBlock(blk, filter)
	var buf bytes.Buffer
	_ = mb.BtcEncode(&buf, wire.ProtocolVersion, wire.BaseEncoding)
	if hex.EncodeToString(buf.Bytes()) != p {
		t.Errorf("proof differs from btcd's merkle block:\n%s\n%x", p, buf.Bytes())
	}
	// Flipping a byte of the root breaks the proof: empty result or not in chain.
	b, _ := hex.DecodeString(p)
	b[40] ^= 1
	if res, e := execute(t, f.tab, "verifytxoutproof", hex.EncodeToString(b)); e == nil && string(res) != "[]" {
		t.Errorf("tampered %s", res)
	}
	errs := []struct {
		args []any
		msg  string
	}{
		{[]any{[]string{}}, "Parameter 'txids' cannot be empty"},
		{[]any{[]string{id1, id1}}, "Invalid parameter, duplicated txid: " + id1},
		{[]any{[]string{id1}, strings.Repeat("0", 64)}, "Block not found"},
		{[]any{[]string{id1, strings.Repeat("1", 64)}, hashes[0].String()}, "Not all transactions found in specified or retrieved block"},
	}
	for _, c := range errs {
		if _, e := execute(t, f.tab, "gettxoutproof", c.args...); e == nil || e["message"] != c.msg {
			t.Errorf("%v: %v", c.args, e)
		}
	}
}

func FuzzMerkleBlockProof(f *testing.F) {
	txids := []chainhash.Hash{{1}, {2}, {3}}
	b, _ := merkleBlock(wire.BlockHeader{}, buildPartialTree(txids, []bool{false, true, false}))
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		_, tree, err := parseMerkleBlock(data)
		if err != nil {
			return
		}
		if tree.ntx > 100000 {
			return
		}
		root, matches, ok := tree.extract()
		if ok && len(matches) > tree.ntx {
			t.Fatalf("%d matches of %d transactions (root %s)", len(matches), tree.ntx, root)
		}
	})
}
