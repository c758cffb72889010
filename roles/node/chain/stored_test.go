package chain

import (
	"context"
	"testing"
)

// An invalidated block's data stays readable, with its height, as Core's
// getblock and REST /block read it; an unknown block is an error.
func TestBlockByHashOffMainChain(t *testing.T) {
	c := openRegtest(t, t.TempDir(), &Clock{})
	defer c.Close()
	hashes, err := c.Generate(context.Background(), 3, opTrue(t), 1<<32)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Invalidate(&hashes[1]); err != nil {
		t.Fatal(err)
	}
	if c.OnMainChain(&hashes[2]) {
		t.Fatal("block still on the main chain")
	}
	blk, err := c.BlockByHash(&hashes[2])
	if err != nil {
		t.Fatal(err)
	}
	if *blk.Hash() != hashes[2] || blk.Height() != 3 {
		t.Fatalf("got %s at height %d", blk.Hash(), blk.Height())
	}
	unknown := hashes[0]
	unknown[0] ^= 1
	if _, err := c.BlockByHash(&unknown); err == nil {
		t.Fatal("unknown block returned")
	}
}
