package interfaces

import (
	"context"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	capnp "capnproto.org/go/capnp/v3"
	"golang.org/x/sys/unix"

	"github.com/mpbitcoin/mpbitcoin/ipc"
	"github.com/mpbitcoin/mpbitcoin/roles/process"
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

// newProc is a process with the production schema index, so trace lines
// show the names -debug=ipc shows.
func newProc(t testing.TB, exe string, log ipc.Logger) *ipc.Process {
	t.Helper()
	p, err := process.NewIPC(exe, nil)
	if err != nil {
		t.Fatal(err)
	}
	p.Log = log
	return p
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

// serve serves newInit on one end of a socket pair and returns the
// client of the other end, handshaken; stop closes both.
func serve(t testing.TB, srvLog ipc.Logger, newInit ipc.InitFactory) (c *ipc.Client, stop func()) {
	t.Helper()
	c, stop = serveRaw(t, srvLog, newInit)
	// The handshake's questions live as long as its context.
	c.Handshake(testCtx(t), "test")
	return c, stop
}

// serveRaw is serve without the handshake.
func serveRaw(t testing.TB, srvLog ipc.Logger, newInit ipc.InitFactory) (c *ipc.Client, stop func()) {
	t.Helper()
	a, b := socketPair(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = ipc.Serve(ctx, newProc(t, "bitcoin-wallet", srvLog), a, newInit)
	}()
	c = ipc.Connect(newProc(t, "bitcoin-node", nil), b)
	var once sync.Once
	stop = func() {
		once.Do(func() {
			c.Close()
			cancel()
			<-done
		})
	}
	t.Cleanup(stop)
	return c, stop
}

// serveCap serves a bare capability as a connection's bootstrap.
func serveCap(t testing.TB, capability capnp.Client) *ipc.Client {
	t.Helper()
	a, b := socketPair(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = ipc.Serve(ctx, newProc(t, "bitcoin-node", nil), a, func(*ipc.Session) capnp.Client { return capability })
	}()
	c := ipc.Connect(newProc(t, "bitcoin-wallet", nil), b)
	t.Cleanup(func() {
		c.Close()
		cancel()
		<-done
	})
	return c
}

func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func stringsContains(s, sub string) bool { return strings.Contains(s, sub) }
