package ipc

import (
	"context"
	"errors"
	"sync"
)

// errExecutorClosed is returned for work submitted to, or still queued on, a
// closed executor.
var errExecutorClosed = errors.New("IPC server thread destroyed")

// Executor runs submitted functions one at a time, in FIFO order, on its own
// goroutine: the Go counterpart of a libmultiprocess server thread.
type Executor struct {
	label string

	mu     sync.Mutex
	queue  []*job
	closed bool
	wake   chan struct{}
	done   chan struct{}
}

type job struct {
	ctx  context.Context
	run  func(context.Context) error
	err  error
	done chan struct{}
}

// NewExecutor starts an executor; label names it in log lines. Close stops it.
func NewExecutor(label string) *Executor {
	e := &Executor{label: label, wake: make(chan struct{}, 1), done: make(chan struct{})}
	go e.loop()
	return e
}

// Label is the executor's name in log lines.
func (e *Executor) Label() string { return e.label }

// Pending is the number of queued jobs (including the running one).
func (e *Executor) Pending() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.queue)
}

// Run queues f and waits for it to finish. If ctx is cancelled before f
// starts, f is skipped; once running, f sees ctx and should return early.
func (e *Executor) Run(ctx context.Context, f func(context.Context) error) error {
	j := &job{ctx: ctx, run: f, done: make(chan struct{})}
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return errExecutorClosed
	}
	e.queue = append(e.queue, j)
	e.mu.Unlock()
	select {
	case e.wake <- struct{}{}:
	default:
	}
	<-j.done
	return j.err
}

func (e *Executor) loop() {
	defer close(e.done)
	for {
		e.mu.Lock()
		if len(e.queue) == 0 {
			closed := e.closed
			e.mu.Unlock()
			if closed {
				return
			}
			<-e.wake
			continue
		}
		j := e.queue[0]
		e.mu.Unlock()

		if err := j.ctx.Err(); err != nil {
			j.err = err
		} else {
			j.err = runGuarded(j.ctx, j.run)
		}
		e.mu.Lock()
		e.queue = e.queue[1:]
		e.mu.Unlock()
		close(j.done)
	}
}

// runGuarded turns a panic in server code into an error so one bad request
// cannot take the process down.
func runGuarded(ctx context.Context, f func(context.Context) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &panicError{value: r}
		}
	}()
	return f(ctx)
}

type panicError struct{ value any }

func (p *panicError) Error() string { return "internal error: panic in IPC server method" }

// Close stops accepting work; queued jobs that have not started fail with an
// error, the running one finishes. Close does not wait.
func (e *Executor) Close() {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return
	}
	e.closed = true
	var rest []*job
	if len(e.queue) > 1 {
		rest = append(rest, e.queue[1:]...)
		e.queue = e.queue[:1]
	}
	e.mu.Unlock()
	for _, j := range rest {
		j.err = errExecutorClosed
		close(j.done)
	}
	select {
	case e.wake <- struct{}{}:
	default:
	}
}
