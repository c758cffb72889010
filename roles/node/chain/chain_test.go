package chain

import (
	"context"
	"testing"

	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/txscript/v2"
)

func openRegtest(t *testing.T, dir string, clock *Clock) *Chain {
	t.Helper()
	p, err := Params("regtest")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Open(dir, p, clock)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func opTrue(t *testing.T) []byte {
	s, err := txscript.NewScriptBuilder().AddOp(txscript.OP_TRUE).Script()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestGenerateRestartSubmit(t *testing.T) {
	dir := t.TempDir()
	clock := &Clock{}
	c := openRegtest(t, dir, clock)
	if got := c.Tip().Hash.String(); got != "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206" {
		t.Fatalf("regtest genesis %s", got)
	}
	if !c.IsInitialBlockDownload() {
		t.Error("a chain at genesis must be in IBD")
	}
	hashes, err := c.Generate(context.Background(), 110, opTrue(t), 1000000)
	if err != nil || len(hashes) != 110 {
		t.Fatalf("generate: %d blocks, %v", len(hashes), err)
	}
	if c.Tip().Height != 110 || c.IsInitialBlockDownload() {
		t.Fatalf("tip %d, ibd %v", c.Tip().Height, c.IsInitialBlockDownload())
	}
	// A known block is a duplicate.
	blk, err := c.BlockByHash(&hashes[5])
	if err != nil {
		t.Fatal(err)
	}
	if r, err := c.Submit(btcutil.NewBlock(blk.MsgBlock())); err != nil || r != "duplicate" {
		t.Fatalf("resubmit: %q %v", r, err)
	}
	// A bad merkle root gets Core's reason.
	bad, err := c.newBlock(opTrue(t), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	bad.MsgBlock().Header.MerkleRoot[0] ^= 1
	solve(bad.MsgBlock(), 1<<30)
	if r, _ := c.Submit(btcutil.NewBlock(bad.MsgBlock())); r != "bad-txnmrklroot" {
		t.Fatalf("bad merkle: %q", r)
	}
	tip := c.Tip().Hash
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	c = openRegtest(t, dir, clock)
	defer c.Close()
	if c.Tip().Hash != tip || c.Tip().Height != 110 {
		t.Fatalf("after restart tip %s/%d", c.Tip().Hash, c.Tip().Height)
	}
	// Invalidate and reconsider move the tip back and forth.
	if err := c.BlockChain().InvalidateBlock(&hashes[100]); err != nil {
		t.Fatal(err)
	}
	if c.Tip().Height != 100 {
		t.Fatalf("after invalidate: %d", c.Tip().Height)
	}
	if err := c.BlockChain().ReconsiderBlock(&hashes[100]); err != nil {
		t.Fatal(err)
	}
	if c.Tip().Height != 110 {
		t.Fatalf("after reconsider: %d", c.Tip().Height)
	}
}

func TestMockTime(t *testing.T) {
	c := openRegtest(t, t.TempDir(), &Clock{})
	defer c.Close()
	c.Clock.SetMock(1700000000)
	h, err := c.Generate(context.Background(), 1, opTrue(t), 1000000)
	if err != nil {
		t.Fatal(err)
	}
	hdr, _ := c.HeaderByHash(&h[0])
	if hdr.Timestamp.Unix() != 1700000000 {
		t.Fatalf("block time %d, want the mock time", hdr.Timestamp.Unix())
	}
}
