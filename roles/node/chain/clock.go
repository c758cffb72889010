package chain

import (
	"sync/atomic"
	"time"
)

// Clock is the node's notion of now: the system clock, or a fixed mock
// time set by -mocktime / setmocktime (Core's NodeClock with mocktime).
type Clock struct {
	mock atomic.Int64 // unix seconds; 0 = real time
}

// Now returns the mock time if set, else the system time.
func (c *Clock) Now() time.Time {
	if m := c.mock.Load(); m != 0 {
		return time.Unix(m, 0)
	}
	return time.Now()
}

// SetMock sets the mock time in unix seconds; 0 returns to real time.
func (c *Clock) SetMock(unix int64) { c.mock.Store(unix) }

// Mock returns the mock time (0 when unset).
func (c *Clock) Mock() int64 { return c.mock.Load() }

// medianTime adapts Clock to btcd's MedianTimeSource: no peer offsets, as
// Core no longer adjusts time from peers.
type medianTime struct{ c *Clock }

func (m medianTime) AdjustedTime() time.Time {
	return time.Unix(m.c.Now().Unix(), 0)
}
func (m medianTime) AddTimeSample(string, time.Time) {}
func (m medianTime) Offset() time.Duration           { return 0 }
