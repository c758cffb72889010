package ipc

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"sync"
)

// Listener accepts IPC connections on a unix socket.
type Listener struct {
	path string
	ln   net.Listener
}

// Listen binds a unix socket at path with Core's rules: parent directories
// are created, a stale socket file is removed, and the socket is made mode
// 0600. Failure reads "Unable to bind to IPC address 'unix:PATH'. <error>".
func Listen(path string) (*Listener, error) {
	fail := func(err error) (*Listener, error) {
		return nil, fmt.Errorf("Unable to bind to IPC address 'unix:%s'. %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fail(err)
	}
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&fs.ModeSocket != 0 {
		if err := os.Remove(path); err != nil {
			return fail(err)
		}
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		return fail(err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(true)
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return fail(err)
	}
	return &Listener{path: path, ln: ln}, nil
}

// Path is the socket's absolute path.
func (l *Listener) Path() string { return l.path }

// Serve accepts connections and serves newInit on each until ctx is done;
// then it closes the socket and drops every incoming connection (Core's
// disconnectIncoming) and waits for their sessions to end.
func (l *Listener) Serve(ctx context.Context, p *Process, newInit InitFactory) error {
	var wg sync.WaitGroup
	ctx, cancel := context.WithCancel(ctx)
	defer func() {
		cancel()
		wg.Wait()
	}()
	go func() {
		<-ctx.Done()
		l.ln.Close()
	}()
	for {
		conn, err := l.ln.Accept()
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, net.ErrClosed) {
				return nil
			}
			return fmt.Errorf("accepting IPC connection: %w", err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = Serve(ctx, p, conn, newInit)
		}()
	}
}

// Close stops listening and removes the socket file.
func (l *Listener) Close() error { return l.ln.Close() }

// Dial connects to a unix socket path and returns the client side.
func Dial(ctx context.Context, p *Process, path string) (*Client, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", path)
	if err != nil {
		return nil, err
	}
	return Connect(p, conn), nil
}
