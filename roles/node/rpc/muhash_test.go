package rpc

import (
	"encoding/hex"
	"testing"
)

// Core's muhash_tests vector: {0} * {1} / {2}.
func TestMuHashCoreVector(t *testing.T) {
	from := func(i byte) []byte { b := make([]byte, 32); b[0] = i; return b }
	m := newMuHash()
	m.insert(from(0))
	m.insert(from(1))
	m.remove(from(2))
	out := m.finalize()
	if got := hex.EncodeToString(reverse(out[:])); got != "10d312b100cbd32ada024a6646e40d3482fcff103668d2625f10002a607d5863" {
		t.Fatalf("muhash %s", got)
	}
	// Order does not matter; inserting and removing the same element cancels.
	a, b := newMuHash(), newMuHash()
	a.insert(from(3))
	a.insert(from(4))
	b.insert(from(4))
	b.insert(from(5))
	b.insert(from(3))
	b.remove(from(5))
	if a.finalize() != b.finalize() {
		t.Fatal("multiset property")
	}
}
