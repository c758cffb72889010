package walletbench

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// shapes are the two ways the wallet runs; every measurement alternates
// between them call by call.
var shapes = []string{"bitcoind", "bitcoin-node"}

// walletName is the wallet each node creates.
const walletName = "bench"

// splitOutputs is how many confirmed coins setupWallet makes, so the sends
// between two mined blocks never need unconfirmed change.
const splitOutputs = 60

// benchNode is a started node with a funded wallet.
type benchNode struct {
	*node
	mineTo string // address of the wallet that blocks pay
	sendTo string // address of the wallet that sendtoaddress pays
}

// setupWallet creates the wallet, mines 110 blocks to it and splits a
// coinbase into splitOutputs confirmed coins.
func setupWallet(n *node) *benchNode {
	n.call("", "createwallet", walletName)
	b := &benchNode{node: n, mineTo: n.str(walletName, "getnewaddress"), sendTo: n.str(walletName, "getnewaddress")}
	n.call("", "generatetoaddress", 110, b.mineTo)
	amounts := map[string]float64{}
	for len(amounts) < splitOutputs {
		amounts[n.str(walletName, "getnewaddress")] = 0.5
	}
	n.call(walletName, "sendmany", "", amounts)
	b.mine()
	return b
}

// mine mines one block and waits until the wallet has seen it.
func (b *benchNode) mine() {
	b.call("", "generatetoaddress", 1, b.mineTo)
	b.call(walletName, "getbalance")
}

// latencyMethod is one measured RPC.
type latencyMethod struct {
	name   string
	wallet bool // sent to /wallet/<walletName>
	params func(b *benchNode) []any
	// split also reports the first and the second half of each round
	// apart (sendtoaddress: the wallet has more unconfirmed transactions
	// in the second half).
	split bool
}

var latencyMethods = []latencyMethod{
	{name: "getblockcount"},
	{name: "getbalance", wallet: true},
	{name: "getnewaddress", wallet: true},
	{name: "sendtoaddress", wallet: true, split: true, params: func(b *benchNode) []any { return []any{b.sendTo, 0.001} }},
}

func (m latencyMethod) run(b *benchNode) error {
	var params []any
	if m.params != nil {
		params = m.params(b)
	}
	w := ""
	if m.wallet {
		w = walletName
	}
	_, err := b.callErr(w, m.name, params...)
	return err
}

// latencyResult is the samples of every row (a method, or half of a
// split method) on every shape.
type latencyResult map[string]map[string]samples // row → shape → samples

// rows are the table's rows in order.
func rows(round int) []string {
	var r []string
	for _, m := range latencyMethods {
		r = append(r, m.name)
		if m.split {
			r = append(r, halfRow(m.name, 0, round), halfRow(m.name, round/2, round))
		}
	}
	return r
}

// halfRow names the row of the calls of the half of a round that call i
// is in.
func halfRow(name string, i, round int) string {
	if i < round/2 {
		return fmt.Sprintf("%s, calls 1–%d after a block", name, round/2)
	}
	return fmt.Sprintf("%s, calls %d–%d after a block", name, round/2+1, round)
}

// measureLatency makes calls calls of each method on each node in rounds
// of round calls per method, alternating the nodes call by call (which
// goes first alternates too), and mines a block on each node after each
// round so the sends keep confirmed coins.
func measureLatency(t *testing.T, nodes []*benchNode, calls, round int) latencyResult {
	res := latencyResult{}
	for _, r := range rows(round) {
		res[r] = map[string]samples{}
	}
	for _, m := range latencyMethods { // warm-up, not measured
		for i := 0; i < 10; i++ {
			for _, b := range nodes {
				if err := m.run(b); err != nil {
					t.Fatalf("%s warm-up %s: %v", b.role, m.name, err)
				}
			}
		}
	}
	for _, b := range nodes {
		b.mine()
	}
	for done := 0; done < calls; done += round {
		for _, m := range latencyMethods {
			for i := 0; i < round && done+i < calls; i++ {
				for k := range nodes {
					b := nodes[(k+i)%len(nodes)]
					start := time.Now()
					err := m.run(b)
					d := time.Since(start)
					if err != nil {
						t.Fatalf("%s %s (call %d): %v", b.role, m.name, done+i, err)
					}
					res[m.name][b.role] = append(res[m.name][b.role], d)
					if m.split {
						h := halfRow(m.name, i, round)
						res[h][b.role] = append(res[h][b.role], d)
					}
				}
			}
		}
		for _, b := range nodes {
			b.mine()
		}
	}
	return res
}

// latencyTable is the markdown table of res; the last shape is compared
// with the first.
func latencyTable(res latencyResult, round int) string {
	var s strings.Builder
	a, b := shapes[0], shapes[1]
	fmt.Fprintf(&s, "| method | calls | %s p50 / p99 / mean | %s p50 / p99 / mean | p50 %s/%s | p99 ratio | mean ratio |\n", a, b, b, a)
	s.WriteString("|---|--:|--:|--:|--:|--:|--:|\n")
	for _, r := range rows(round) {
		x, y := res[r][a], res[r][b]
		fmt.Fprintf(&s, "| %s | %d | %s / %s / %s | %s / %s / %s | **%s** | %s | %s |\n", r, len(x),
			ms(x.pct(50)), ms(x.pct(99)), ms(x.mean()), ms(y.pct(50)), ms(y.pct(99)), ms(y.mean()),
			ratio(y.pct(50), x.pct(50)), ratio(y.pct(99), x.pct(99)), ratio(y.mean(), x.mean()))
	}
	return s.String()
}
