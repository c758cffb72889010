package ipc

import (
	"context"
	"errors"
	"fmt"
	"time"

	capnp "capnproto.org/go/capnp/v3"
	"capnproto.org/go/capnp/v3/exc"
	"capnproto.org/go/capnp/v3/server"
)

type requestKey struct{}

// requestNumber is the per-process number Export gave the request in ctx.
func requestNumber(ctx context.Context) uint64 {
	n, _ := ctx.Value(requestKey{}).(uint64)
	return n
}

// Export turns a generated server's methods into a capability whose calls
// are numbered and traced with Core's -debug=ipc lines, whose errors reach
// the client as Core's "std::exception: <what>", and whose panics become
// errors. impl may implement server.Shutdowner to learn when the last
// reference is gone. Typical use:
//
//	messages.Echo(s.Export(messages.Echo_Methods(nil, impl), impl))
func (s *Session) Export(methods []server.Method, impl any) capnp.Client {
	wrapped := make([]server.Method, len(methods))
	for i, m := range methods {
		wrapped[i] = server.Method{Method: m.Method, Impl: s.traced(m)}
	}
	sd, _ := impl.(server.Shutdowner)
	return capnp.NewClient(server.New(wrapped, impl, sd))
}

func (s *Session) traced(m server.Method) func(context.Context, *server.Call) error {
	name := s.proc.Schemas.MethodName(m.InterfaceID, m.MethodID)
	return func(ctx context.Context, call *server.Call) error {
		n := s.proc.requests.Add(1)
		if s.log.Enabled(LevelDebug) {
			s.log.Log(LevelDebug, fmt.Sprintf("{%s} IPC server recv request  #%d %s$Params", s.label, n, name))
		}
		if s.log.Enabled(LevelTrace) {
			s.log.Log(LevelTrace, fmt.Sprintf("{%s} request data: %s", s.label,
				s.proc.Schemas.payload(m.InterfaceID, m.MethodID, false, call.Args())))
		}
		start := time.Now()
		err := runGuarded(context.WithValue(ctx, requestKey{}, n), func(ctx context.Context) error {
			return m.Impl(ctx, call)
		})
		if err != nil {
			if ctx.Err() != nil {
				s.log.Log(LevelInfo, fmt.Sprintf("{%s} IPC server request #%d interrupted (canceled)", s.label, n))
			} else {
				s.log.Log(LevelError, fmt.Sprintf("{%s} IPC server error request #%d %s$Results kj::Exception: %v", s.label, n, name, err))
			}
			return coreException(err)
		}
		if s.log.Enabled(LevelDebug) {
			s.log.Log(LevelDebug, fmt.Sprintf("{%s} IPC server send response #%d %s$Results (%s)", s.label, n, name, fmtLatency(time.Since(start))))
		}
		return nil
	}
}

// coreException shapes an error the way Core's server reports a C++
// exception: type FAILED, description "std::exception: <what>". Errors that
// already are capnp exceptions (disconnects, unimplemented) pass unchanged.
func coreException(err error) error {
	var e *exc.Exception
	if errors.As(err, &e) {
		return err
	}
	return exc.New(exc.Failed, "", "std::exception: "+err.Error())
}

func fmtLatency(d time.Duration) string {
	return fmt.Sprintf("%.3fms", float64(d.Microseconds())/1000)
}
