package notify

import "sync"

// item is one queued delivery: a callback, or a Sync mark closed when the
// subscriber reaches it.
type item struct {
	call func(Subscriber)
	mark chan struct{}
}

// queue is one subscriber's unbounded FIFO and the goroutine draining it.
type queue struct {
	sub  Subscriber
	mu   sync.Mutex
	buf  []item
	wake chan struct{} // capacity 1: "buf may be non-empty or stopping"
	// stopping is set by stop; drain says whether queued callbacks still
	// run before the goroutine ends.
	stopping, drain bool
	done            chan struct{}
}

func newQueue(s Subscriber) *queue {
	return &queue{sub: s, wake: make(chan struct{}, 1), done: make(chan struct{})}
}

func (q *queue) push(it item) {
	q.mu.Lock()
	if q.stopping {
		q.mu.Unlock()
		if it.mark != nil {
			close(it.mark)
		}
		return
	}
	q.buf = append(q.buf, it)
	q.mu.Unlock()
	q.signal()
}

func (q *queue) signal() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// stop ends the goroutine, after the queued callbacks when drain is set,
// and waits for it.
func (q *queue) stop(drain bool) {
	q.mu.Lock()
	if !q.stopping {
		q.stopping, q.drain = true, drain
	}
	q.mu.Unlock()
	q.signal()
	<-q.done
}

// run delivers items in order until stopped. Marks are always released,
// even when callbacks are dropped, so Sync cannot hang on a subscriber
// that went away.
func (q *queue) run() {
	defer close(q.done)
	for range q.wake {
		for {
			q.mu.Lock()
			if len(q.buf) == 0 {
				stopping := q.stopping
				q.mu.Unlock()
				if stopping {
					return
				}
				break
			}
			it := q.buf[0]
			q.buf[0] = item{}
			q.buf = q.buf[1:]
			run := !q.stopping || q.drain
			q.mu.Unlock()
			switch {
			case it.mark != nil:
				close(it.mark)
			case run:
				it.call(q.sub)
			}
		}
	}
}
