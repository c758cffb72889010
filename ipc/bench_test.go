package ipc_test

// IPC benchmarks: Echo.echo through our capnp stack over a unix socketpair,
// against a raw length-prefixed ping-pong of the same payload over the same
// kind of socketpair. `make bench` (scripts/bench-ipc.sh) runs
// TestLatencyReport and writes its table into docs/benchmarks.md; the
// Benchmark* functions are for `go test -bench` and profiling.

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	capnp "capnproto.org/go/capnp/v3"
	"capnproto.org/go/capnp/v3/rpc"

	"github.com/mpbitcoin/mpbitcoin/capnp/messages"
	"github.com/mpbitcoin/mpbitcoin/capnp/mp"
	"github.com/mpbitcoin/mpbitcoin/ipc"
)

// concurrency is the number of concurrent callers, each on its own Thread.
const concurrency = 64

var payloadSizes = []struct {
	name string
	n    int
}{{"32B", 32}, {"1MiB", 1 << 20}}

// rawEchoServer echoes frames ([u32 length][u32 tag][payload]) read from c
// back to c, one at a time, until c fails. It allocates nothing per frame
// once its buffer has grown, and writes each reply with one write.
func rawEchoServer(c net.Conn, done chan<- struct{}) {
	defer close(done)
	defer c.Close()
	buf := make([]byte, 8)
	for {
		if _, err := io.ReadFull(c, buf[:8]); err != nil {
			return
		}
		n := int(binary.LittleEndian.Uint32(buf))
		if cap(buf) < 8+n {
			nb := make([]byte, 8+n)
			copy(nb, buf[:8])
			buf = nb
		}
		buf = buf[:8+n]
		if _, err := io.ReadFull(c, buf[8:]); err != nil {
			return
		}
		if _, err := c.Write(buf); err != nil {
			return
		}
	}
}

// frame returns [u32 len][u32 tag][payload] for payload.
func frame(payload []byte, tag uint32) []byte {
	f := make([]byte, 8+len(payload))
	binary.LittleEndian.PutUint32(f, uint32(len(payload)))
	binary.LittleEndian.PutUint32(f[4:], tag)
	copy(f[8:], payload)
	return f
}

// rawPingPong is the reference for sequential calls: one frame out, the
// same frame back, no RPC layer at all (one write and two reads per side,
// as capnp's stream transport does per message).
type rawPingPong struct {
	client net.Conn
	done   chan struct{}
	req    []byte
	resp   []byte
}

func newRawPingPong(t testing.TB, payload []byte) *rawPingPong {
	a, b := socketPair(t)
	r := &rawPingPong{client: b, done: make(chan struct{}), req: frame(payload, 0), resp: make([]byte, 8+len(payload))}
	go rawEchoServer(a, r.done)
	return r
}

func (r *rawPingPong) roundTrip() error {
	if _, err := r.client.Write(r.req); err != nil {
		return err
	}
	if _, err := io.ReadFull(r.client, r.resp[:8]); err != nil {
		return err
	}
	n := binary.LittleEndian.Uint32(r.resp)
	if int(n) != len(r.resp)-8 {
		return fmt.Errorf("raw: got %d bytes, sent %d", n, len(r.resp)-8)
	}
	_, err := io.ReadFull(r.client, r.resp[8:])
	return err
}

func (r *rawPingPong) close() { r.client.Close(); <-r.done }

// rawMux is the reference for concurrent calls: callers share one
// socketpair, tag their frames, and a reader goroutine hands each reply to
// the caller that sent it (what an RPC system minimally has to do).
type rawMux struct {
	client  net.Conn
	srvDone chan struct{}
	rdDone  chan struct{}
	wmu     sync.Mutex
	callers []rawCaller
}

type rawCaller struct {
	req  []byte
	resp []byte
	got  chan error
}

func newRawMux(t testing.TB, payload []byte, callers int) *rawMux {
	a, b := socketPair(t)
	m := &rawMux{client: b, srvDone: make(chan struct{}), rdDone: make(chan struct{}), callers: make([]rawCaller, callers)}
	for i := range m.callers {
		m.callers[i] = rawCaller{req: frame(payload, uint32(i)), resp: make([]byte, len(payload)), got: make(chan error, 1)}
	}
	go rawEchoServer(a, m.srvDone)
	go m.reader()
	return m
}

func (m *rawMux) reader() {
	defer close(m.rdDone)
	var hdr [8]byte
	for {
		if _, err := io.ReadFull(m.client, hdr[:]); err != nil {
			return
		}
		n := binary.LittleEndian.Uint32(hdr[:])
		tag := binary.LittleEndian.Uint32(hdr[4:])
		if int(tag) >= len(m.callers) || int(n) != len(m.callers[tag].resp) {
			m.client.Close()
			return
		}
		c := &m.callers[tag]
		_, err := io.ReadFull(m.client, c.resp)
		c.got <- err
		if err != nil {
			return
		}
	}
}

// roundTrip sends caller i's frame and waits for its reply.
func (m *rawMux) roundTrip(i int) error {
	c := &m.callers[i]
	m.wmu.Lock()
	_, err := m.client.Write(c.req)
	m.wmu.Unlock()
	if err != nil {
		return err
	}
	select {
	case err := <-c.got:
		return err
	case <-m.rdDone:
		return io.ErrUnexpectedEOF
	}
}

func (m *rawMux) close() { m.client.Close(); <-m.srvDone; <-m.rdDone }

// echoBench is an Echo capability over a real socketpair; calls run on the
// handshake's Thread or on Threads made with ThreadMap.makeThread.
type echoBench struct {
	c    *ipc.Client
	tm   mp.ThreadMap
	echo messages.Echo
	stop func()
	rel  []func()
}

func newEchoBench(t testing.TB) *echoBench {
	c, stop := pair(t, nil, nil)
	ctx := context.Background()
	c.Handshake(ctx, "bench")
	ef, relE := c.Init.MakeEcho(ctx, func(p messages.Init_makeEcho_Params) error { return c.SetContext(p.NewContext) })
	cf, relC := c.Init.Construct(ctx, nil)
	e := &echoBench{c: c, echo: ef.Result().AddRef(), tm: cf.ThreadMap().AddRef(), stop: stop, rel: []func(){relE, relC}}
	if _, err := ef.Struct(); err != nil {
		e.close()
		t.Fatal(err)
	}
	return e
}

// call runs one Echo.echo of s on thread th (nil: the handshake's thread).
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

// newThreads makes n server Threads on this connection (Init.construct's
// ThreadMap.makeThread, as a libmultiprocess client does per OS thread).
func (e *echoBench) newThreads(ctx context.Context, n int) ([]mp.Thread, error) {
	out := make([]mp.Thread, 0, n)
	for i := 0; i < n; i++ {
		f, rel := e.tm.MakeThread(ctx, func(p mp.ThreadMap_makeThread_Params) error { return p.SetName(fmt.Sprintf("w%d", i)) })
		res, err := f.Struct()
		if err != nil {
			rel()
			releaseThreads(out)
			return nil, err
		}
		out = append(out, res.Result().AddRef())
		rel()
	}
	return out, nil
}

func releaseThreads(ts []mp.Thread) {
	for _, t := range ts {
		t.Release()
	}
}

func (e *echoBench) close() {
	e.echo.Release()
	e.tm.Release()
	for _, r := range e.rel {
		r()
	}
	e.stop()
}

// bareEcho is Echo served by go-capnp alone: no ipc package (no Export
// wrapper, no transport trace, no Thread executor), the method run inline
// on the capability's call queue. It separates go-capnp's cost from ours.
type bareEcho struct {
	cli, srv *rpc.Conn
	echo     messages.Echo
}

type bareEchoServer struct{}

func (bareEchoServer) Destroy(context.Context, messages.Echo_destroy) error { return nil }

func (bareEchoServer) Echo(_ context.Context, call messages.Echo_echo) error {
	s, err := call.Args().Echo()
	if err != nil {
		return err
	}
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	return res.SetResult(s)
}

func newBareEcho(t testing.TB) *bareEcho {
	a, b := socketPair(t)
	srv := rpc.NewConn(rpc.NewStreamTransport(a), &rpc.Options{
		BootstrapClient: capnp.Client(messages.Echo_ServerToClient(bareEchoServer{})), Logger: quietLog{}})
	cli := rpc.NewConn(rpc.NewStreamTransport(b), &rpc.Options{Logger: quietLog{}})
	return &bareEcho{cli: cli, srv: srv, echo: messages.Echo(cli.Bootstrap(context.Background()))}
}

// call runs one Echo.echo of s (with an empty Context: no thread to name).
func (e *bareEcho) call(ctx context.Context, s string) error {
	f, rel := e.echo.Echo(ctx, func(p messages.Echo_echo_Params) error {
		if _, err := p.NewContext(); err != nil {
			return err
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

func (e *bareEcho) close() {
	e.echo.Release()
	_ = e.cli.Close()
	<-e.srv.Done()
}

type quietLog struct{}

func (quietLog) Debug(string, ...any) {}
func (quietLog) Info(string, ...any)  {}
func (quietLog) Warn(string, ...any)  {}
func (quietLog) Error(string, ...any) {}

// runConcurrent makes total calls of call(worker) from workers goroutines
// and returns the first error.
func runConcurrent(workers, total int, call func(worker int) error) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(total) {
				if err := call(w); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

func BenchmarkRawPingPong(b *testing.B) {
	for _, sz := range payloadSizes {
		b.Run(sz.name, func(b *testing.B) {
			r := newRawPingPong(b, []byte(strings.Repeat("a", sz.n)))
			defer r.close()
			b.SetBytes(int64(sz.n))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := r.roundTrip(); err != nil {
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
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := e.call(ctx, nil, s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBareCapnpEcho is Echo.echo through go-capnp alone (see bareEcho).
func BenchmarkBareCapnpEcho(b *testing.B) {
	for _, sz := range payloadSizes {
		b.Run(sz.name, func(b *testing.B) {
			e := newBareEcho(b)
			defer e.close()
			s := strings.Repeat("a", sz.n)
			ctx := context.Background()
			b.SetBytes(int64(sz.n))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := e.call(ctx, s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRawConcurrent64 is the raw reference for BenchmarkEchoConcurrent64:
// 64 callers multiplexed over one socketpair. ns/op is per call.
func BenchmarkRawConcurrent64(b *testing.B) {
	for _, sz := range payloadSizes {
		b.Run(sz.name, func(b *testing.B) {
			m := newRawMux(b, []byte(strings.Repeat("a", sz.n)), concurrency)
			defer m.close()
			b.SetBytes(int64(sz.n))
			b.ReportAllocs()
			b.ResetTimer()
			start := time.Now()
			if err := runConcurrent(concurrency, b.N, m.roundTrip); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "calls/s")
		})
	}
}

// BenchmarkEchoConcurrent64 runs Echo.echo from 64 goroutines on one
// connection, each with its own server Thread. ns/op is per call.
func BenchmarkEchoConcurrent64(b *testing.B) {
	for _, sz := range payloadSizes {
		b.Run(sz.name, func(b *testing.B) {
			e := newEchoBench(b)
			defer e.close()
			ctx := context.Background()
			threads, err := e.newThreads(ctx, concurrency)
			if err != nil {
				b.Fatal(err)
			}
			defer releaseThreads(threads)
			s := strings.Repeat("a", sz.n)
			b.SetBytes(int64(sz.n))
			b.ReportAllocs()
			b.ResetTimer()
			start := time.Now()
			if err := runConcurrent(concurrency, b.N, func(w int) error { return e.call(ctx, &threads[w], s) }); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "calls/s")
		})
	}
}

// percentile returns the p-th quantile of sorted durations.
func percentile(d []time.Duration, p float64) time.Duration {
	return d[int(float64(len(d)-1)*p)]
}

func timed(f func() error) (time.Duration, error) {
	start := time.Now()
	err := f()
	return time.Since(start), err
}

// latencies times n sequential round trips of each of fs, interleaved
// (f0, f1, f2, f0, f1, ...) so that all see the same machine state; each
// slice of the result comes back sorted.
func latencies(n int, fs ...func() error) ([][]time.Duration, error) {
	for i := 0; i < n/10+1; i++ { // warm up
		for _, f := range fs {
			if err := f(); err != nil {
				return nil, err
			}
		}
	}
	runtime.GC()
	out := make([][]time.Duration, len(fs))
	for k := range out {
		out[k] = make([]time.Duration, n)
	}
	for i := 0; i < n; i++ {
		for k, f := range fs {
			d, err := timed(f)
			if err != nil {
				return nil, err
			}
			out[k][i] = d
		}
	}
	for _, d := range out {
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	}
	return out, nil
}

func mean(d []time.Duration) time.Duration {
	var sum time.Duration
	for _, x := range d {
		sum += x
	}
	return sum / time.Duration(len(d))
}

// throughput returns calls per second for total calls from workers
// goroutines, after a short warm-up.
func throughput(workers, total int, call func(int) error) (float64, error) {
	if err := runConcurrent(workers, workers, call); err != nil {
		return 0, err
	}
	runtime.GC()
	d, err := timed(func() error { return runConcurrent(workers, total, call) })
	return float64(total) / d.Seconds(), err
}

// TestLatencyReport prints the tables of docs/benchmarks.md; it runs only
// with MPBITCOIN_BENCH_REPORT=1 (scripts/bench-ipc.sh, `make bench`).
// MPBITCOIN_BENCH_SCALE (default 1) multiplies the number of calls.
func TestLatencyReport(t *testing.T) {
	if os.Getenv("MPBITCOIN_BENCH_REPORT") != "1" {
		t.Skip("set MPBITCOIN_BENCH_REPORT=1 (scripts/bench-ipc.sh)")
	}
	scale := 1
	if v := os.Getenv("MPBITCOIN_BENCH_SCALE"); v != "" {
		if _, err := fmt.Sscan(v, &scale); err != nil || scale < 1 {
			t.Fatalf("MPBITCOIN_BENCH_SCALE=%q", v)
		}
	}
	ctx := context.Background()
	var lat, tput []string
	for _, sz := range payloadSizes {
		seq, conc := 10000, 20000 // ~2 s + ~2 s for 32 B on 2 cores
		if sz.n > 1000 {
			seq, conc = 500, 1024 // ~3 s + ~3 s for 1 MiB
		}
		seq, conc = seq*scale, conc*scale
		payload := []byte(strings.Repeat("a", sz.n))
		s := string(payload)

		r := newRawPingPong(t, payload)
		bare := newBareEcho(t)
		e := newEchoBench(t)
		d, err := latencies(seq, r.roundTrip, func() error { return bare.call(ctx, s) }, func() error { return e.call(ctx, nil, s) })
		r.close()
		bare.close()
		if err != nil {
			e.close()
			t.Fatal(err)
		}
		raw, bareD, echo := d[0], d[1], d[2]

		m := newRawMux(t, payload, concurrency)
		rawTput, err := throughput(concurrency, conc, m.roundTrip)
		m.close()
		if err != nil {
			e.close()
			t.Fatal(err)
		}
		threads, err := e.newThreads(ctx, concurrency)
		if err != nil {
			e.close()
			t.Fatal(err)
		}
		echoTput, err := throughput(concurrency, conc, func(w int) error { return e.call(ctx, &threads[w], s) })
		releaseThreads(threads)
		e.close()
		if err != nil {
			t.Fatal(err)
		}

		p50 := func(d []time.Duration) time.Duration { return percentile(d, .5) }
		p99 := func(d []time.Duration) time.Duration { return percentile(d, .99) }
		ratio := func(a, b time.Duration) float64 { return float64(a) / float64(b) }
		lat = append(lat, fmt.Sprintf("| %s | %d | %s / %s / %s | %s / %s / %s | %s / %s / %s | **%.2f×** | %.2f× | %.2f× | %.2f× |",
			sz.name, seq,
			us(p50(raw)), us(p99(raw)), us(mean(raw)),
			us(p50(bareD)), us(p99(bareD)), us(mean(bareD)),
			us(p50(echo)), us(p99(echo)), us(mean(echo)),
			ratio(p50(echo), p50(raw)), ratio(p99(echo), p99(raw)), ratio(mean(echo), mean(raw)),
			ratio(p50(bareD), p50(raw))))
		tput = append(tput, fmt.Sprintf("| %s | %d | %.0f | %.0f | %.2f× | %.0f |",
			sz.name, conc, rawTput, echoTput, rawTput/echoTput, float64(time.Second)/float64(mean(echo))))
	}
	// scripts/bench-ipc.sh copies what is between the markers.
	fmt.Println("BENCH-BEGIN")
	defer fmt.Println("BENCH-END")
	fmt.Printf("GOMAXPROCS=%d. Sequential round trips on one connection, the three clients interleaved call by call "+
		"(raw, bare go-capnp, echo, raw, ...); each cell is p50 / p99 / mean:\n", runtime.GOMAXPROCS(0))
	fmt.Println()
	fmt.Println("| payload | calls | raw | bare go-capnp | echo (ours) | p50 echo/raw | p99 echo/raw | mean echo/raw | p50 bare/raw |")
	fmt.Println("|---|--:|--:|--:|--:|--:|--:|--:|--:|")
	for _, row := range lat {
		fmt.Println(row)
	}
	fmt.Println()
	fmt.Printf("Throughput, %d concurrent callers on one connection (echo: each on its own Thread; raw: tagged frames, one reader):\n", concurrency)
	fmt.Println()
	fmt.Println("| payload | calls | raw calls/s | echo calls/s | raw/echo | echo sequential calls/s |")
	fmt.Println("|---|--:|--:|--:|--:|--:|")
	for _, row := range tput {
		fmt.Println(row)
	}
}

func us(d time.Duration) string { return fmt.Sprintf("%.1f µs", float64(d.Nanoseconds())/1000) }
