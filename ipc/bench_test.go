package ipc_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mpbitcoin/mpbitcoin/capnp/messages"
	"github.com/mpbitcoin/mpbitcoin/capnp/mp"
	"github.com/mpbitcoin/mpbitcoin/ipc"
)

// rawPingPong is the reference: a length-prefixed payload echoed back over
// a unix socketpair by a goroutine, no RPC layer at all.
type rawPingPong struct {
	client net.Conn
	done   chan struct{}
	buf    []byte
}

func newRawPingPong(t testing.TB) *rawPingPong {
	a, b := socketPair(t)
	r := &rawPingPong{client: b, done: make(chan struct{})}
	go func() {
		defer close(r.done)
		var hdr [4]byte
		var buf []byte
		for {
			if _, err := io.ReadFull(a, hdr[:]); err != nil {
				a.Close()
				return
			}
			n := binary.LittleEndian.Uint32(hdr[:])
			if cap(buf) < int(n) {
				buf = make([]byte, n)
			}
			buf = buf[:n]
			if _, err := io.ReadFull(a, buf); err != nil {
				a.Close()
				return
			}
			if _, err := a.Write(append(hdr[:], buf...)); err != nil {
				a.Close()
				return
			}
		}
	}()
	return r
}

func (r *rawPingPong) roundTrip(payload []byte) error {
	var hdr [4]byte
	binary.LittleEndian.PutUint32(hdr[:], uint32(len(payload)))
	if _, err := r.client.Write(append(hdr[:], payload...)); err != nil {
		return err
	}
	if _, err := io.ReadFull(r.client, hdr[:]); err != nil {
		return err
	}
	if cap(r.buf) < len(payload) {
		r.buf = make([]byte, len(payload))
	}
	_, err := io.ReadFull(r.client, r.buf[:len(payload)])
	return err
}

func (r *rawPingPong) close() { r.client.Close(); <-r.done }

// echoBench is an Echo capability over a real socketpair with one thread.
type echoBench struct {
	c     *ipc.Client
	tm    mp.ThreadMap
	echo  messages.Echo
	stop  func()
	relTM func()
}

func newEchoBench(t testing.TB) *echoBench {
	c, stop := pair(t, nil, nil)
	ctx := context.Background()
	c.Handshake(ctx, "bench")
	ef, _ := c.Init.MakeEcho(ctx, func(p messages.Init_makeEcho_Params) error { return c.SetContext(p.NewContext) })
	cf, rel := c.Init.Construct(ctx, nil)
	return &echoBench{c: c, echo: ef.Result(), tm: cf.ThreadMap(), stop: stop, relTM: rel}
}

// call runs one Echo.echo on thread th (nil: the handshake's thread).
func (e *echoBench) call(ctx context.Context, th *mp.Thread, s string) error {
	f, rel := e.echo.Echo(ctx, func(p messages.Echo_echo_Params) error {
		if th == nil {
			if err := e.c.SetContext(p.NewContext); err != nil {
				return err
			}
		} else {
			cx, err := p.NewContext()
			if err != nil {
				return err
			}
			if err := cx.SetThread(th.AddRef()); err != nil {
				return err
			}
		}
		return p.SetEcho(s)
	})
	defer rel()
	res, err := f.Struct()
	if err != nil {
		return err
	}
	got, err := res.Result()
	if err == nil && len(got) != len(s) {
		err = fmt.Errorf("echo returned %d bytes, sent %d", len(got), len(s))
	}
	return err
}

func (e *echoBench) newThread(ctx context.Context, name string) (mp.Thread, error) {
	f, rel := e.tm.MakeThread(ctx, func(p mp.ThreadMap_makeThread_Params) error { return p.SetName(name) })
	defer rel()
	res, err := f.Struct()
	if err != nil {
		return mp.Thread{}, err
	}
	return res.Result().AddRef(), nil
}

func (e *echoBench) close() { e.relTM(); e.stop() }

var payloadSizes = []struct {
	name string
	n    int
}{{"32B", 32}, {"1MiB", 1 << 20}}

func BenchmarkRawPingPong(b *testing.B) {
	for _, sz := range payloadSizes {
		b.Run(sz.name, func(b *testing.B) {
			r := newRawPingPong(b)
			defer r.close()
			p := []byte(strings.Repeat("a", sz.n))
			b.SetBytes(int64(sz.n))
			for i := 0; i < b.N; i++ {
				if err := r.roundTrip(p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkEcho(b *testing.B) {
	for _, sz := range payloadSizes {
		b.Run(sz.name, func(b *testing.B) {
			e := newEchoBench(b)
			defer e.close()
			s := strings.Repeat("a", sz.n)
			ctx := context.Background()
			b.SetBytes(int64(sz.n))
			for i := 0; i < b.N; i++ {
				if err := e.call(ctx, nil, s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// percentile returns the p-th percentile of sorted durations.
func percentile(d []time.Duration, p float64) time.Duration {
	return d[int(float64(len(d)-1)*p)]
}

func measure(n int, f func() error) ([]time.Duration, error) {
	out := make([]time.Duration, 0, n)
	for i := 0; i < n; i++ {
		start := time.Now()
		if err := f(); err != nil {
			return nil, err
		}
		out = append(out, time.Since(start))
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, nil
}

// TestLatencyReport prints the table in docs/benchmarks.md; it runs only
// with MPBITCOIN_BENCH_REPORT=1 (scripts/bench-ipc.sh).
func TestLatencyReport(t *testing.T) {
	if os.Getenv("MPBITCOIN_BENCH_REPORT") != "1" {
		t.Skip("set MPBITCOIN_BENCH_REPORT=1 (scripts/bench-ipc.sh)")
	}
	ctx := context.Background()
	fmt.Println("| payload | raw p50 | raw p99 | echo p50 | echo p99 | p50 ratio | p99 ratio | 64 threads calls/s | raw calls/s (1 conn) |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|")
	for _, sz := range payloadSizes {
		iters := 5000
		if sz.n > 1000 {
			iters = 300
		}
		p := []byte(strings.Repeat("a", sz.n))
		r := newRawPingPong(t)
		for i := 0; i < iters/10; i++ { // warm up
			_ = r.roundTrip(p)
		}
		raw, err := measure(iters, func() error { return r.roundTrip(p) })
		if err != nil {
			t.Fatal(err)
		}
		r.close()
		e := newEchoBench(t)
		s := string(p)
		for i := 0; i < iters/10; i++ {
			_ = e.call(ctx, nil, s)
		}
		echo, err := measure(iters, func() error { return e.call(ctx, nil, s) })
		if err != nil {
			t.Fatal(err)
		}
		// 64 concurrent callers, each on its own server Thread.
		const workers = 64
		per := iters / 10
		threads := make([]mp.Thread, workers)
		for i := range threads {
			if threads[i], err = e.newThread(ctx, fmt.Sprintf("w%d", i)); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		start := time.Now()
		for i := 0; i < workers; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := 0; j < per; j++ {
					if err := e.call(ctx, &threads[i], s); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		elapsed := time.Since(start)
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		for _, th := range threads {
			th.Release()
		}
		e.close()
		var rawTotal time.Duration
		for _, d := range raw {
			rawTotal += d
		}
		fmt.Printf("| %s | %s | %s | %s | %s | %.2f× | %.2f× | %.0f | %.0f |\n", sz.name,
			us(percentile(raw, .5)), us(percentile(raw, .99)), us(percentile(echo, .5)), us(percentile(echo, .99)),
			float64(percentile(echo, .5))/float64(percentile(raw, .5)), float64(percentile(echo, .99))/float64(percentile(raw, .99)),
			float64(workers*per)/elapsed.Seconds(), float64(len(raw))/rawTotal.Seconds())
	}
}

func us(d time.Duration) string { return fmt.Sprintf("%.1f µs", float64(d.Nanoseconds())/1000) }
