package walletbench

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// copyWallet is the wallet a rescan fills: the descriptors of walletName,
// private keys included, imported into a blank wallet.
const copyWallet = "copy"

// growChain mines blocks on every node (concurrently, one goroutine per
// node) until height, with sends sends from the wallet to itself before
// each block.
func growChain(t *testing.T, nodes []*benchNode, height, sends int) {
	errs := make(chan error, len(nodes))
	for _, b := range nodes {
		go func() { errs <- b.grow(height, sends) }()
	}
	for range nodes {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}

func (b *benchNode) grow(height, sends int) error {
	raw, err := b.callErr("", "getblockcount")
	if err != nil {
		return err
	}
	var tip int
	if err := json.Unmarshal(raw, &tip); err != nil {
		return err
	}
	for ; tip < height; tip++ {
		for i := 0; i < sends; i++ {
			if _, err := b.callErr(walletName, "sendtoaddress", b.sendTo, 0.001); err != nil {
				return fmt.Errorf("%s: sendtoaddress at height %d: %w", b.role, tip, err)
			}
		}
		if _, err := b.callErr("", "generatetoaddress", 1, b.mineTo); err != nil {
			return fmt.Errorf("%s: generatetoaddress at height %d: %w", b.role, tip, err)
		}
	}
	_, err = b.callErr(walletName, "getbalance") // waits until the wallet has the tip
	return err
}

// rescanResult is one shape's rescan measurements.
type rescanResult struct {
	blocks    int           // blocks one rescan reads (genesis to tip)
	chainTxs  int64         // transactions in those blocks
	walletTxs int64         // transactions of the copy wallet after import
	imp       time.Duration // importdescriptors with timestamp 0 (a full rescan)
	rescan    samples       // rescanblockchain of the whole chain
	sameBal   bool          // the copy's balance equals the original's
}

// importRequests turns listdescriptors output into importdescriptors
// requests with timestamp 0 (so the import rescans the whole chain).
func importRequests(b *benchNode) []map[string]any {
	var list struct {
		Descriptors []struct {
			Desc      string  `json:"desc"`
			Active    bool    `json:"active"`
			Internal  *bool   `json:"internal"`
			Range     []int64 `json:"range"`
			NextIndex *int64  `json:"next_index"`
		} `json:"descriptors"`
	}
	b.decode(b.call(walletName, "listdescriptors", true), &list)
	var reqs []map[string]any
	for _, d := range list.Descriptors {
		q := map[string]any{"desc": d.Desc, "timestamp": 0, "active": d.Active}
		if d.Internal != nil {
			q["internal"] = *d.Internal
		}
		if d.Range != nil {
			q["range"] = d.Range
		}
		if d.NextIndex != nil {
			q["next_index"] = *d.NextIndex
		}
		reqs = append(reqs, q)
	}
	return reqs
}

// measureRescan imports walletName's descriptors into a blank wallet on
// every node (timed: the import rescans from genesis), then times reps
// rescanblockchain calls of the whole chain on it, alternating the nodes.
func measureRescan(t *testing.T, nodes []*benchNode, reps int) map[string]*rescanResult {
	res := map[string]*rescanResult{}
	for _, b := range nodes {
		r := &rescanResult{}
		res[b.role] = r
		var tip int
		b.decode(b.call("", "getblockcount"), &tip)
		r.blocks = tip + 1
		var stats struct {
			TxCount int64 `json:"txcount"`
		}
		b.decode(b.call("", "getchaintxstats"), &stats)
		r.chainTxs = stats.TxCount
		b.call("", "createwallet", copyWallet, false, true)
	}
	for _, b := range nodes {
		reqs := importRequests(b)
		start := time.Now()
		out := b.call(copyWallet, "importdescriptors", reqs)
		res[b.role].imp = time.Since(start)
		if strings.Contains(string(out), `"success":false`) {
			t.Fatalf("%s: importdescriptors: %s", b.role, out)
		}
	}
	for i := 0; i < reps; i++ {
		for k := range nodes {
			b := nodes[(k+i)%len(nodes)]
			start := time.Now()
			b.call(copyWallet, "rescanblockchain")
			res[b.role].rescan = append(res[b.role].rescan, time.Since(start))
		}
	}
	for _, b := range nodes {
		var info struct {
			TxCount int64 `json:"txcount"`
		}
		b.decode(b.call(copyWallet, "getwalletinfo"), &info)
		res[b.role].walletTxs = info.TxCount
		var orig, cp json.Number
		b.decode(b.call(walletName, "getbalance"), &orig)
		b.decode(b.call(copyWallet, "getbalance"), &cp)
		res[b.role].sameBal = orig == cp
		if orig != cp {
			t.Logf("%s: copy balance %s, original %s", b.role, cp, orig)
		}
	}
	return res
}

// rate is n per second of d.
func rate(n int64, d time.Duration) float64 { return float64(n) / d.Seconds() }

// rescanTable is the markdown table of res.
func rescanTable(res map[string]*rescanResult, reps int) string {
	var s strings.Builder
	a, b := shapes[0], shapes[1]
	x, y := res[a], res[b]
	fmt.Fprintf(&s, "Chain: %d blocks, %d transactions; the imported wallet holds %d (%s) / %d (%s) transactions, balance equal to the original's: %v / %v.\n\n",
		x.blocks, x.chainTxs, x.walletTxs, a, y.walletTxs, b, x.sameBal, y.sameBal)
	fmt.Fprintf(&s, "| measurement | %s | %s | time %s/%s |\n|---|--:|--:|--:|\n", a, b, b, a)
	fmt.Fprintf(&s, "| importdescriptors, timestamp 0 (1 run) | %.2f s (%.0f blocks/s, %.0f tx/s) | %.2f s (%.0f blocks/s, %.0f tx/s) | %s |\n",
		x.imp.Seconds(), rate(int64(x.blocks), x.imp), rate(x.chainTxs, x.imp),
		y.imp.Seconds(), rate(int64(y.blocks), y.imp), rate(y.chainTxs, y.imp), ratioF(y.imp.Seconds(), x.imp.Seconds()))
	xm, ym := x.rescan.pct(50), y.rescan.pct(50)
	fmt.Fprintf(&s, "| rescanblockchain, whole chain (median of %d) | %.2f s (%.0f blocks/s, %.0f tx/s) | %.2f s (%.0f blocks/s, %.0f tx/s) | **%s** |\n",
		reps, xm.Seconds(), rate(int64(x.blocks), xm), rate(x.chainTxs, xm),
		ym.Seconds(), rate(int64(y.blocks), ym), rate(y.chainTxs, ym), ratioF(ym.Seconds(), xm.Seconds()))
	fmt.Fprintf(&s, "| rescanblockchain, every run | %s | %s | |\n", secs(x.rescan), secs(y.rescan))
	return s.String()
}

func secs(s samples) string {
	var p []string
	for _, d := range s {
		p = append(p, fmt.Sprintf("%.2f", d.Seconds()))
	}
	return strings.Join(p, ", ") + " s"
}
