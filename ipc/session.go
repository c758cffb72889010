package ipc

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	capnp "capnproto.org/go/capnp/v3"
	"capnproto.org/go/capnp/v3/server"

	"github.com/mpbitcoin/mpbitcoin/capnp/mp"
)

// Core's errors for calls whose context names no usable thread.
var (
	ErrNoThread      = errors.New("no thread specified and no pool configured")
	ErrInvalidThread = errors.New("invalid thread handle")
	errPoolTwice     = errors.New("makePool may be called only once per connection")
	errPoolSize      = errors.New("makePool: count must be between 1 and 256")
)

// Session is the server side of one connection: the executors its client
// created, its pool, and the labels and logger used for its log lines.
// Init implementations get one per connection and hand it to every object
// they create.
type Session struct {
	proc  *Process
	label string // the connection's "event loop" label
	log   Logger

	mu        sync.Mutex
	executors []*Executor
	pool      []*Executor
	closed    bool
}

func newSession(proc *Process, conn uint64) *Session {
	return &Session{proc: proc, label: proc.Label(fmt.Sprintf("capnp-loop-%d", conn)), log: orNop(proc.Log)}
}

// Process is what a session knows about the process it runs in.
func (s *Session) Process() *Process { return s.proc }

// ThreadMap returns a new capability for this session's thread map (the
// result of Init.construct).
func (s *Session) ThreadMap() mp.ThreadMap {
	impl := &threadMapServer{s: s}
	return mp.ThreadMap(s.Export(mp.ThreadMap_Methods(nil, impl), impl))
}

func (s *Session) close() {
	s.mu.Lock()
	s.closed = true
	ex := append(s.executors, s.pool...)
	s.executors, s.pool = nil, nil
	s.mu.Unlock()
	for _, e := range ex {
		e.Close()
	}
}

func (s *Session) addExecutor(e *Executor) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errExecutorClosed
	}
	s.executors = append(s.executors, e)
	return nil
}

func (s *Session) removeExecutor(e *Executor) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, x := range s.executors {
		if x == e {
			s.executors = append(s.executors[:i], s.executors[i+1:]...)
			break
		}
	}
}

// pickPool returns the pool executor with the least queued work.
func (s *Session) pickPool() *Executor {
	s.mu.Lock()
	defer s.mu.Unlock()
	var best *Executor
	for _, e := range s.pool {
		if best == nil || e.Pending() < best.Pending() {
			best = e
		}
	}
	return best
}

// Goer is the part of a generated server call type Run needs: Go lets the
// capability take its next call while this one waits for its executor.
type Goer interface{ Go() }

// Run executes f for a method that takes a Proxy.Context: on the executor
// named by context.thread, else on the session's pool, else it fails with
// Core's "no thread specified and no pool configured". Calls on one
// executor run in FIFO order; ctx is cancelled when the client goes away.
func (s *Session) Run(ctx context.Context, call Goer, cx mp.Context, f func(context.Context) error) error {
	call.Go()
	ex, err := s.resolve(ctx, cx)
	if err != nil {
		s.log.Log(LevelError, fmt.Sprintf("{%s} IPC server error request, %v", s.label, err))
		return err
	}
	n := requestNumber(ctx)
	if s.log.Enabled(LevelDebug) {
		s.log.Log(LevelDebug, fmt.Sprintf("{%s} IPC server post request  #%d {%s}", s.label, n, ex.Label()))
	}
	started := false
	err = ex.Run(ctx, func(ctx context.Context) error {
		started = true
		if s.log.Enabled(LevelDebug) {
			s.log.Log(LevelDebug, fmt.Sprintf("{%s} IPC server executing request #%d", ex.Label(), n))
		}
		// Core's line when the client goes away during the call.
		stop := context.AfterFunc(ctx, func() {
			s.log.Log(LevelInfo, fmt.Sprintf("{%s} IPC server request #%d canceled while executing.", s.label, n))
		})
		defer stop()
		return f(ctx)
	})
	if !started && ctx.Err() != nil {
		s.log.Log(LevelInfo, fmt.Sprintf("{%s} IPC server request #%d canceled before it could be executed", s.label, n))
	}
	return err
}

func (s *Session) resolve(ctx context.Context, cx mp.Context) (*Executor, error) {
	if cx.IsValid() && cx.HasThread() {
		th := cx.Thread()
		if err := th.Resolve(ctx); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalidThread, err)
		}
		impl, ok := server.IsServer(capnp.Client(th).Snapshot().Brand())
		if !ok {
			return nil, ErrInvalidThread
		}
		ts, ok := impl.(*threadServer)
		if !ok {
			return nil, ErrInvalidThread
		}
		return ts.ex, nil
	}
	if e := s.pickPool(); e != nil {
		return e, nil
	}
	return nil, ErrNoThread
}

type threadMapServer struct{ s *Session }

func (t *threadMapServer) MakeThread(ctx context.Context, call mp.ThreadMap_makeThread) error {
	name, err := call.Args().Name()
	if err != nil {
		return fmt.Errorf("makeThread: reading name: %w", err)
	}
	p := t.s.proc
	ex := NewExecutor(fmt.Sprintf("%s (from %s)", p.Label(fmt.Sprintf("executor-%d", p.nextExecutorID())), name))
	if err := t.s.addExecutor(ex); err != nil {
		ex.Close()
		return err
	}
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	ts := &threadServer{ex: ex, s: t.s}
	return res.SetResult(mp.Thread(t.s.Export(mp.Thread_Methods(nil, ts), ts)))
}

func (t *threadMapServer) MakePool(ctx context.Context, call mp.ThreadMap_makePool) error {
	n := call.Args().Count()
	if n == 0 || n > 256 {
		return errPoolSize
	}
	s := t.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pool != nil {
		return errPoolTwice
	}
	if s.closed {
		return errExecutorClosed
	}
	for i := uint32(0); i < n; i++ {
		s.pool = append(s.pool, NewExecutor(fmt.Sprintf("%s (pool/%d)", s.proc.Label(fmt.Sprintf("executor-%d", s.proc.nextExecutorID())), i)))
	}
	return nil
}

// threadServer is the capability for one executor; releasing it stops the
// executor (libmultiprocess ends the server thread the same way).
type threadServer struct {
	ex *Executor
	s  *Session
}

func (t *threadServer) GetName(ctx context.Context, call mp.Thread_getName) error {
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	return res.SetResult(t.ex.Label())
}

// Shutdown is called by go-capnp when the last reference goes away.
func (t *threadServer) Shutdown() {
	t.s.removeExecutor(t.ex)
	t.ex.Close()
}

// Process identifies this process in log labels, the way Core tags IPC
// lines: "<exe>-<pid>/<executor>".
type Process struct {
	Exe     string // e.g. "bitcoin-node"
	Pid     int
	Log     Logger
	Schemas *Schemas // names for log lines; nil prints numeric IDs

	executors atomic.Uint64
	requests  atomic.Uint64
	conns     atomic.Uint64
}

// Label returns "<exe>-<pid>/<name>".
func (p *Process) Label(name string) string { return fmt.Sprintf("%s-%d/%s", p.Exe, p.Pid, name) }

func (p *Process) nextExecutorID() uint64 { return p.executors.Add(1) }
