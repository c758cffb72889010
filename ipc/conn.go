package ipc

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync/atomic"

	capnp "capnproto.org/go/capnp/v3"
	"capnproto.org/go/capnp/v3/exc"
	"capnproto.org/go/capnp/v3/rpc"

	"github.com/mpbitcoin/mpbitcoin/capnp/messages"
	"github.com/mpbitcoin/mpbitcoin/capnp/mp"
)

// Core's client-side errors once the connection is gone.
var (
	ErrCalledAfterDisconnect   = errors.New("IPC client method called after disconnect.")
	ErrInterruptedByDisconnect = errors.New("IPC client method call interrupted by disconnect.")
)

// InitFactory makes the bootstrap Init capability for one connection.
type InitFactory func(*Session) capnp.Client

// Serve serves the Init made by newInit on rwc until the peer disconnects
// or ctx is done, then frees everything the connection owned (executors,
// exported objects). Calls still running see their context cancelled.
func Serve(ctx context.Context, p *Process, rwc io.ReadWriteCloser, newInit InitFactory) error {
	sess := newSession(p, p.conns.Add(1))
	log := orNop(p.Log)
	log.Log(LevelInfo, fmt.Sprintf("{%s} IPC server: socket connected.", sess.label))
	conn := rpc.NewConn(newClientTrace(rpc.NewStreamTransport(rwc), p, sess.label), &rpc.Options{
		BootstrapClient: newInit(sess),
		Logger:          quietLogger{},
	})
	select {
	case <-conn.Done():
	case <-ctx.Done():
		_ = conn.Close()
	}
	sess.close()
	log.Log(LevelInfo, fmt.Sprintf("{%s} IPC server: socket disconnected.", sess.label))
	return nil
}

// Client is the client side of a connection: its bootstrap Init and, after
// Handshake, the thread its calls run on.
type Client struct {
	proc    *Process
	conn    *rpc.Conn
	label   string
	closing atomic.Bool
	lost    atomic.Bool // a call saw the connection go away

	Init   messages.Init
	thread mp.Thread
	rel    []capnp.ReleaseFunc
}

// Connect starts the client side of a connection on rwc.
func Connect(p *Process, rwc io.ReadWriteCloser) *Client {
	label := p.Label(fmt.Sprintf("capnp-client-%d", p.conns.Add(1)))
	c := &Client{proc: p, label: label}
	c.conn = rpc.NewConn(newClientTrace(rpc.NewStreamTransport(rwc), p, label), &rpc.Options{Logger: quietLogger{}})
	c.Init = messages.Init(c.conn.Bootstrap(context.Background()))
	go func() {
		<-c.conn.Done()
		if !c.closing.Load() {
			orNop(p.Log).Log(LevelWarning, "IPC client: unexpected network disconnect.")
		}
	}()
	return c
}

// Handshake pipelines Init.construct and ThreadMap.makeThread(name) without
// waiting, as libmultiprocess clients do; SetContext then names that thread.
func (c *Client) Handshake(ctx context.Context, threadName string) {
	orNop(c.proc.Log).Log(LevelInfo, fmt.Sprintf("{%s} IPC client first request from current thread, constructing waiter", c.label))
	cf, rel1 := c.Init.Construct(ctx, nil)
	tf, rel2 := cf.ThreadMap().MakeThread(ctx, func(p mp.ThreadMap_makeThread_Params) error {
		return p.SetName(threadName)
	})
	c.thread = tf.Result().AddRef()
	c.rel = append(c.rel, rel1, rel2)
}

// SetContext fills a method's Proxy.Context with the handshake's thread.
func (c *Client) SetContext(newContext func() (mp.Context, error)) error {
	cx, err := newContext()
	if err != nil {
		return err
	}
	return cx.SetThread(c.thread.AddRef())
}

// Do runs f (one or more calls on this connection) and turns disconnect
// failures into Core's errors.
func (c *Client) Do(f func() error) error {
	if c.lost.Load() || c.disconnected() {
		return ErrCalledAfterDisconnect
	}
	err := f()
	if err == nil {
		return nil
	}
	if exc.TypeOf(err) == exc.Disconnected || c.disconnected() {
		c.lost.Store(true)
		return fmt.Errorf("%w (%v)", ErrInterruptedByDisconnect, err)
	}
	return err
}

func (c *Client) disconnected() bool {
	select {
	case <-c.conn.Done():
		return true
	default:
		return false
	}
}

// Done is closed when the connection has ended.
func (c *Client) Done() <-chan struct{} { return c.conn.Done() }

// Close releases everything and closes the connection.
func (c *Client) Close() error {
	c.closing.Store(true)
	c.thread.Release()
	for _, r := range c.rel {
		r()
	}
	c.Init.Release()
	return c.conn.Close()
}

// quietLogger drops go-capnp's internal messages; the lines that matter are
// written by this package in Core's shapes.
type quietLogger struct{}

func (quietLogger) Debug(string, ...any) {}
func (quietLogger) Info(string, ...any)  {}
func (quietLogger) Warn(string, ...any)  {}
func (quietLogger) Error(string, ...any) {}
