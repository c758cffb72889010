package ipc_test

import (
	"context"
	"errors"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"capnproto.org/go/capnp/v3/schemas"
	"golang.org/x/sys/unix"

	"github.com/mpbitcoin/mpbitcoin/capnp/messages"
	"github.com/mpbitcoin/mpbitcoin/capnp/mp"
	"github.com/mpbitcoin/mpbitcoin/ipc"
	"github.com/mpbitcoin/mpbitcoin/roles/interfaces"
)

type memLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *memLog) Enabled(ipc.Level) bool { return true }
func (l *memLog) Log(_ ipc.Level, msg string) {
	l.mu.Lock()
	l.lines = append(l.lines, msg)
	l.mu.Unlock()
}
func (l *memLog) has(sub string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, s := range l.lines {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func newProc(t testing.TB, exe string, log ipc.Logger) *ipc.Process {
	t.Helper()
	sc, err := ipc.NewSchemas([]func(*schemas.Registry){mp.RegisterSchema, messages.RegisterSchema},
		mp.ThreadMap_TypeID, messages.Init_TypeID, messages.Echo_TypeID, messages.Mining_TypeID, messages.Rpc_TypeID, messages.BlockRef_TypeID)
	if err != nil {
		t.Fatal(err)
	}
	return &ipc.Process{Exe: exe, Pid: 1, Log: log, Schemas: sc}
}

// pair serves Init on one end of a socket pair and returns the client.
func pair(t testing.TB, srvLog, cliLog ipc.Logger) (*ipc.Client, func()) {
	t.Helper()
	a, b := socketPair(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = ipc.Serve(ctx, newProc(t, "bitcoin-echo", srvLog), a, interfaces.NewInitFactory(nil))
	}()
	c := ipc.Connect(newProc(t, "bitcoin-node", cliLog), b)
	return c, func() {
		c.Close()
		cancel()
		<-done
	}
}

func socketPair(t testing.TB) (net.Conn, net.Conn) {
	t.Helper()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	conv := func(fd int) net.Conn {
		f := os.NewFile(uintptr(fd), "sp")
		defer f.Close()
		c, err := net.FileConn(f)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	return conv(fds[0]), conv(fds[1])
}

func echo(ctx context.Context, c *ipc.Client, withThread bool, s string) (string, error) {
	var out string
	err := c.Do(func() error {
		ef, rel := c.Init.MakeEcho(ctx, func(p messages.Init_makeEcho_Params) error {
			if withThread {
				return c.SetContext(p.NewContext)
			}
			return nil
		})
		defer rel()
		rf, rel2 := ef.Result().Echo(ctx, func(p messages.Echo_echo_Params) error {
			if withThread {
				if err := c.SetContext(p.NewContext); err != nil {
					return err
				}
			}
			return p.SetEcho(s)
		})
		defer rel2()
		res, err := rf.Struct()
		if err != nil {
			return err
		}
		out, err = res.Result()
		return err
	})
	return out, err
}

func TestPipelinedHandshakeAndEcho(t *testing.T) {
	srvLog, cliLog := &memLog{}, &memLog{}
	c, stop := pair(t, srvLog, cliLog)
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c.Handshake(ctx, "testthread")
	got, err := echo(ctx, c, true, "hello")
	if err != nil || got != "hello" {
		t.Fatalf("echo = %q, %v", got, err)
	}
	for _, want := range []string{"IPC server recv request  #", "Init.construct$Params", "ThreadMap.makeThread$Params",
		"IPC server post request  #", "IPC server executing request #", "IPC server send response #", "Echo.echo$Results"} {
		if !srvLog.has(want) {
			t.Errorf("server log lacks %q: %q", want, srvLog.lines)
		}
	}
	for _, want := range []string{"IPC client send Echo.echo$Params", "IPC client recv Echo.echo$Results", "request data:",
		`response data: (result = "hello")`, `send data: (context = `} {
		if !cliLog.has(want) && !srvLog.has(want) {
			t.Errorf("log lacks %q", want)
		}
	}
}

func TestNoThreadNoPool(t *testing.T) {
	c, stop := pair(t, nil, nil)
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := echo(ctx, c, false, "x")
	if err == nil || !strings.Contains(err.Error(), "no thread specified and no pool configured") {
		t.Fatalf("err = %v", err)
	}
	// With a pool, context-less calls run.
	cf, rel := c.Init.Construct(ctx, nil)
	defer rel()
	pf, rel2 := cf.ThreadMap().MakePool(ctx, func(p mp.ThreadMap_makePool_Params) error { p.SetCount(2); return nil })
	defer rel2()
	if _, err := pf.Struct(); err != nil {
		t.Fatal(err)
	}
	if got, err := echo(ctx, c, false, "pooled"); err != nil || got != "pooled" {
		t.Fatalf("pooled echo = %q, %v", got, err)
	}
}

func TestMakeMiningOld2(t *testing.T) {
	cliLog := &memLog{}
	c, stop := pair(t, nil, cliLog)
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	f, rel := c.Init.MakeMiningOld2(ctx, nil)
	defer rel()
	_, err := f.Struct()
	// On the wire the reason is exactly Core's; go-capnp's client prefixes
	// the method name locally.
	want := "std::exception: Old mining interface (@2) not supported. Please update your client!"
	if err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Fatalf("err = %v, want %q", err, want)
	}
	if !cliLog.has("IPC client exception kj::Exception: " + want) {
		t.Fatalf("wire reason differs: %q", cliLog.lines)
	}
}

func TestCallAfterDisconnect(t *testing.T) {
	c, stop := pair(t, nil, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c.Handshake(ctx, "t")
	if _, err := echo(ctx, c, true, "a"); err != nil {
		t.Fatal(err)
	}
	stop()
	_, err := echo(ctx, c, true, "b")
	if !errors.Is(err, ipc.ErrCalledAfterDisconnect) && !errors.Is(err, ipc.ErrInterruptedByDisconnect) {
		t.Fatalf("err = %v", err)
	}
}

func TestFIFOOnOneThread(t *testing.T) {
	c, stop := pair(t, nil, nil)
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c.Handshake(ctx, "fifo")
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got, err := echo(ctx, c, true, "m"); err != nil || got != "m" {
				errs <- errors.Join(err, errors.New("got "+got))
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

func TestGarbageOnSocket(t *testing.T) {
	a, b := socketPair(t)
	done := make(chan error, 1)
	go func() {
		done <- ipc.Serve(context.Background(), newProc(t, "bitcoin-node", nil), a, interfaces.NewInitFactory(nil))
	}()
	junk := make([]byte, 4096)
	for i := range junk {
		junk[i] = byte(i*7 + 3)
	}
	_, _ = b.Write(junk)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		b.Close()
		t.Fatal("Serve did not end after garbage")
	}
	b.Close()
}
