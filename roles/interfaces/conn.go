package interfaces

import (
	"context"
	"fmt"
	"sync/atomic"

	capnp "capnproto.org/go/capnp/v3"
	"capnproto.org/go/capnp/v3/exc"
	"capnproto.org/go/capnp/v3/server"

	"github.com/mpbitcoin/mpbitcoin/ipc"
)

// Conn is the connection the adapters of this package export capabilities
// on and call over. Capabilities travel both ways on one connection, so the
// same adapters work on its server side (Session set: exports are numbered
// and traced with -debug=ipc lines) and on its client side (Client set:
// calls go through Client.Do, exports are plain servers).
type Conn struct {
	// Session is the server side of the connection (ipc.Serve), if this
	// process is it.
	Session *ipc.Session
	// Client is the client side of the connection (ipc.Connect), if this
	// process is it. RPC calls that take a Proxy.Context need its
	// Handshake to have been done.
	Client *ipc.Client
	// Log receives failures nobody waits for (notifications); nil uses the
	// Session's process log, or drops them.
	Log ipc.Logger
}

func (c Conn) logger() ipc.Logger {
	if c.Log != nil {
		return c.Log
	}
	if c.Session != nil && c.Session.Process() != nil && c.Session.Process().Log != nil {
		return c.Session.Process().Log
	}
	return nopLog{}
}

type nopLog struct{}

func (nopLog) Enabled(ipc.Level) bool { return false }
func (nopLog) Log(ipc.Level, string)  {}

// export turns a generated server's methods into a capability. With a
// Session it is Session.Export; without one the methods still turn panics
// into errors, so a bad request cannot take the process down.
func (c Conn) export(methods []server.Method, impl any) capnp.Client {
	if c.Session != nil {
		return c.Session.Export(methods, impl)
	}
	wrapped := make([]server.Method, len(methods))
	for i, m := range methods {
		wrapped[i] = server.Method{Method: m.Method, Impl: guarded(m)}
	}
	sd, _ := impl.(server.Shutdowner)
	return capnp.NewClient(server.New(wrapped, impl, sd))
}

func guarded(m server.Method) func(context.Context, *server.Call) error {
	return func(ctx context.Context, call *server.Call) (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("internal error: panic in IPC server method %s.%s", m.InterfaceName, m.MethodName)
			}
		}()
		return m.Impl(ctx, call)
	}
}

// caller runs one adapter's calls and maps disconnect failures to Core's
// errors: through Client.Do on a client connection, else by remembering
// the first disconnect it sees.
type caller struct {
	client *ipc.Client
	lost   atomic.Bool
}

func newCaller(c Conn) *caller { return &caller{client: c.Client} }

// do runs f and names the method in errors.
func (k *caller) do(method string, f func() error) error {
	var err error
	if k.client != nil {
		err = k.client.Do(f)
	} else if k.lost.Load() {
		err = ipc.ErrCalledAfterDisconnect
	} else if err = f(); err != nil && exc.TypeOf(err) == exc.Disconnected {
		k.lost.Store(true)
		err = fmt.Errorf("%w (%v)", ipc.ErrInterruptedByDisconnect, err)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	return nil
}
