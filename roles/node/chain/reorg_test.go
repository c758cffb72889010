package chain

import (
	"context"
	"testing"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/chainhash/v2"
)

// Core's rpc_invalidateblock: invalidating a block of the active chain
// reorgs to the best remaining fork.
func TestInvalidateReorgsToBestFork(t *testing.T) {
	a := openRegtest(t, t.TempDir(), &Clock{})
	defer a.Close()
	b := openRegtest(t, t.TempDir(), &Clock{})
	defer b.Close()
	if _, err := a.Generate(context.Background(), 4, opTrue(t), 1<<32); err != nil {
		t.Fatal(err)
	}
	aTip := a.Tip().Hash
	bh, err := b.Generate(context.Background(), 6, []byte{0x52}, 1<<32)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range bh {
		blk, _ := b.BlockByHash(&h)
		if r, err := a.Submit(blk); err != nil || (r != "" && r != "inconclusive") {
			t.Fatalf("submit: %q %v", r, err)
		}
	}
	if a.Tip().Hash != bh[5] {
		t.Fatalf("no reorg to the longer chain: %d", a.Tip().Height)
	}
	// A header-only child of the tip (Core's test submits one) must not be
	// chosen as the new best chain.
	hdrOnly, err := b.newBlock([]byte{0x53}, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	solve(hdrOnly.MsgBlock(), 1<<32)
	if _, err := a.BlockChain().ProcessBlockHeader(&hdrOnly.MsgBlock().Header, blockchain.BFNone, false); err != nil {
		t.Fatal(err)
	}
	if err := a.Invalidate(&bh[1]); err != nil {
		t.Fatal(err)
	}
	if a.Tip().Hash != aTip {
		t.Fatalf("after invalidate: tip %s height %d, want %s", a.Tip().Hash, a.Tip().Height, aTip)
	}
	if h := a.BestHeaderHeight(); h != 4 {
		t.Errorf("best header after invalidate: %d", h)
	}
	// Reconsidering the old tip clears its ancestors too. (btcd reorganizes
	// only to tips, so with the header-only child the chain stays at 4;
	// Core would move back to block 6.)
	if err := a.Reconsider(&bh[5]); err != nil {
		t.Fatal(err)
	}
	if a.BestHeaderHeight() != 7 {
		t.Fatalf("after reconsider: best header %d", a.BestHeaderHeight())
	}
}

func TestReconsiderClearsAncestors(t *testing.T) {
	a := openRegtest(t, t.TempDir(), &Clock{})
	defer a.Close()
	hashes, err := a.Generate(context.Background(), 6, opTrue(t), 1<<32)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Invalidate(&hashes[1]); err != nil {
		t.Fatal(err)
	}
	if a.Tip().Height != 1 {
		t.Fatalf("after invalidate: %d", a.Tip().Height)
	}
	// Reconsidering the old tip (a descendant of the invalidated block)
	// brings the whole branch back, as Core's reconsiderblock does.
	if err := a.Reconsider(&hashes[5]); err != nil {
		t.Fatal(err)
	}
	if a.Tip().Hash != hashes[5] {
		t.Fatalf("after reconsider: %d", a.Tip().Height)
	}
}

func TestPrecious(t *testing.T) {
	a := openRegtest(t, t.TempDir(), &Clock{})
	defer a.Close()
	b := openRegtest(t, t.TempDir(), &Clock{})
	defer b.Close()
	ah, _ := a.Generate(context.Background(), 2, opTrue(t), 1<<32)
	bh, _ := b.Generate(context.Background(), 2, []byte{0x52}, 1<<32)
	for _, h := range bh {
		blk, _ := b.BlockByHash(&h)
		if _, err := a.Submit(blk); err != nil {
			t.Fatal(err)
		}
	}
	if a.Tip().Hash != ah[1] {
		t.Fatal("first seen chain must stay active")
	}
	for _, want := range []chainhash.Hash{bh[1], ah[1], bh[1]} {
		if err := a.Precious(&want); err != nil {
			t.Fatal(err)
		}
		if a.Tip().Hash != want {
			t.Fatalf("precious %s: tip %s", want, a.Tip().Hash)
		}
	}
	// Less work: nothing happens.
	if err := a.Precious(&ah[0]); err != nil || a.Tip().Hash != bh[1] {
		t.Fatalf("precious of a lower block moved the tip: %v", err)
	}
}
