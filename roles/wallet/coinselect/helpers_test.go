package coinselect

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/btcsuite/btcd/wire/v2"
)

const (
	cent    int64 = 1_000_000
	coinAmt int64 = 100_000_000

	p2wpkhInputVSize  = 68
	p2wpkhOutputVSize = 31
)

// builder makes coins and groups with distinct outpoints, priced like
// Core's test helpers.
type builder struct {
	n               uint32
	feeRate, ltRate int64
	sffo            bool
}

// defaultBuilder follows coinselection_tests.cpp's default parameters:
// 5 sat/vB effective, 10 sat/vB long-term.
func defaultBuilder() *builder { return &builder{feeRate: 5000, ltRate: 10_000} }

func (b *builder) outpoint() wire.OutPoint {
	b.n++
	var op wire.OutPoint
	op.Hash[0], op.Hash[1], op.Hash[2], op.Hash[3] = byte(b.n), byte(b.n>>8), byte(b.n>>16), byte(b.n>>24)
	return op
}

// coin is a confirmed coin worth value with the given input vsize.
func (b *builder) coin(value int64, vsize int) Coin {
	return Coin{OutPoint: b.outpoint(), Value: value, InputVSize: vsize, Depth: 6 * 24, Script: p2wpkhScript(byte(b.n))}
}

// effGroup is Core's MakeCoin: a one-coin group whose effective value is
// eff when spent with vsize vbytes at the builder's feerate.
func (b *builder) effGroup(eff int64, vsize int) *group {
	return b.groupOf(b.coin(eff+feeFor(b.feeRate, vsize), vsize))
}

func (b *builder) groupOf(c Coin) *group {
	g := newGroup(b.sffo)
	g.insert(newCoinInfo(c, b.feeRate), b.ltRate)
	return g
}

// effGroups makes P2WPKH-sized groups with the given effective values.
func (b *builder) effGroups(effs ...int64) []*group {
	var gs []*group
	for _, e := range effs {
		gs = append(gs, b.effGroup(e, p2wpkhInputVSize))
	}
	return gs
}

// valueGroups makes groups of coins worth the given values with unknown
// input size (so free to spend, as Core's knapsack test coins).
func (b *builder) valueGroups(values ...int64) []*group {
	var gs []*group
	for _, v := range values {
		gs = append(gs, b.groupOf(b.coin(v, -1)))
	}
	return gs
}

func p2wpkhScript(tag byte) []byte {
	s := make([]byte, 22)
	s[1] = 20
	s[2] = tag
	return s
}

// effValues lists the selection's effective values, sorted.
func effValues(s *selection) []int64 {
	var v []int64
	for _, c := range s.coins {
		v = append(v, c.effValue)
	}
	slices.Sort(v)
	return v
}

// values lists the selection's values, sorted.
func values(s *selection) []int64 {
	var v []int64
	for _, c := range s.coins {
		v = append(v, c.Value)
	}
	slices.Sort(v)
	return v
}

func sorted(v ...int64) []int64 {
	v = slices.Clone(v)
	slices.Sort(v)
	return v
}

func seeded(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }

func mustEqual[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Fatalf("%s: got %v, want %v", what, got, want)
	}
}
