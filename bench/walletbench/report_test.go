package walletbench

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// Sizes of the run (calls are multiplied by MPBITCOIN_BENCH_SCALE).
const (
	latencyCalls  = 500 // per method and shape
	latencyRound  = 50  // calls per method between two mined blocks
	rescanHeight  = 300 // chain height before the rescans
	sendsPerBlock = 3   // wallet sends in each block mined up to rescanHeight
	rescanReps    = 5   // rescanblockchain calls per shape
)

// TestWalletReport runs the wallet benchmark and prints its report between
// BENCH-BEGIN and BENCH-END lines (scripts/bench-wallet.sh puts it into
// docs/benchmarks.md).
func TestWalletReport(t *testing.T) {
	if os.Getenv("MPBITCOIN_BENCH_REPORT") != "1" {
		t.Skip("benchmark: set MPBITCOIN_BENCH_REPORT=1 (make bench does)")
	}
	calls := latencyCalls * scale()
	begin := time.Now()
	var nodes []*benchNode
	for _, role := range shapes {
		nodes = append(nodes, setupWallet(startNode(t, role)))
	}
	t.Logf("set-up: %s", time.Since(begin).Round(time.Millisecond))
	phase := time.Now()
	lat := measureLatency(t, nodes, calls, latencyRound)
	t.Logf("latency: %s", time.Since(phase).Round(time.Millisecond))
	phase = time.Now()
	growChain(t, nodes, rescanHeight, sendsPerBlock)
	t.Logf("chain to height %d: %s", rescanHeight, time.Since(phase).Round(time.Millisecond))
	phase = time.Now()
	resc := measureRescan(t, nodes, rescanReps)
	t.Logf("rescan: %s", time.Since(phase).Round(time.Millisecond))

	var dials []string
	for _, b := range nodes {
		dials = append(dials, fmt.Sprintf("%s %d", b.role, b.dials.Load()))
	}
	var s strings.Builder
	fmt.Fprintf(&s, "Latency: one keep-alive HTTP client per node (TCP connections opened over the whole run: %s); "+
		"each method's calls alternate between the two nodes call by call, in rounds of %d calls per method, with a block mined on each node after each round "+
		"(untimed; %d confirmed coins are made first, so sends never wait on unconfirmed change; each sendtoaddress adds one unconfirmed wallet transaction until the next block). "+
		"getblockcount is answered by the node itself in both shapes: it is the floor. sendtoaddress pays 0.001 to an address of the same wallet.\n\n",
		strings.Join(dials, ", "), latencyRound, splitOutputs)
	s.WriteString(latencyTable(lat, latencyRound))
	fmt.Fprintf(&s, "\nRescan: the chain is then grown to height %d with %d sends per block (both nodes at once, untimed); the wallet's descriptors (listdescriptors true) are imported into a blank wallet with timestamp 0 "+
		"(the import rescans from genesis), then rescanblockchain (whole chain) runs %d times per shape, alternating the nodes.\n\n",
		rescanHeight, sendsPerBlock, rescanReps)
	s.WriteString(rescanTable(resc, rescanReps))
	fmt.Fprintf(&s, "\nWhole run (set-up, both shapes, chain growth): %s.\n", time.Since(begin).Round(time.Second))
	fmt.Printf("BENCH-BEGIN\n%sBENCH-END\n", s.String())
}
