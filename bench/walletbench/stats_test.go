package walletbench

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"time"
)

// scale is MPBITCOIN_BENCH_SCALE (default 1): a multiplier of call counts.
func scale() int {
	if n, err := strconv.Atoi(os.Getenv("MPBITCOIN_BENCH_SCALE")); err == nil && n > 0 {
		return n
	}
	return 1
}

// samples are the durations of one method's calls on one shape.
type samples []time.Duration

func (s samples) sorted() samples {
	c := append(samples(nil), s...)
	sort.Slice(c, func(i, j int) bool { return c[i] < c[j] })
	return c
}

// pct is the p-th percentile (nearest rank).
func (s samples) pct(p float64) time.Duration {
	if len(s) == 0 {
		return 0
	}
	c := s.sorted()
	i := int(p/100*float64(len(c))+0.5) - 1
	if i < 0 {
		i = 0
	}
	if i >= len(c) {
		i = len(c) - 1
	}
	return c[i]
}

func (s samples) mean() time.Duration {
	if len(s) == 0 {
		return 0
	}
	var sum time.Duration
	for _, d := range s {
		sum += d
	}
	return sum / time.Duration(len(s))
}

// ms formats d in milliseconds.
func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }

// ratio formats a/b.
func ratio(a, b time.Duration) string {
	if b == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2f×", float64(a)/float64(b))
}

// ratioF formats a/b of two rates or times in seconds.
func ratioF(a, b float64) string {
	if b == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2f×", a/b)
}
