package miner

import (
	"context"
	"sync"
)

// interrupter is Core's interrupt flag with its condition variable
// (m_interrupt_mining, m_interrupt_wait): Interrupt wakes the waits in
// progress and, if none is running, makes the next one return at once.
// The flag is consumed by the wait that sees it.
type interrupter struct {
	mu      sync.Mutex
	pending bool
	next    int
	waiting map[int]context.CancelFunc
}

// Interrupt sets the flag and wakes every current wait.
func (i *interrupter) Interrupt() {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.pending = true
	for _, cancel := range i.waiting {
		cancel()
	}
}

// watch returns a context for one wait: it ends with parent, at
// shutdown, or on Interrupt (at once if one is pending). stop releases it.
func (i *interrupter) watch(parent, shutdown context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancel(parent)
	stopAfter := context.AfterFunc(shutdown, cancel)
	i.mu.Lock()
	if i.waiting == nil {
		i.waiting = map[int]context.CancelFunc{}
	}
	id := i.next
	i.next++
	i.waiting[id] = cancel
	if i.pending {
		cancel()
	}
	i.mu.Unlock()
	return ctx, func() {
		i.mu.Lock()
		delete(i.waiting, id)
		i.mu.Unlock()
		stopAfter()
		cancel()
	}
}

// take reports whether an interrupt is pending and clears it.
func (i *interrupter) take() bool {
	i.mu.Lock()
	defer i.mu.Unlock()
	p := i.pending
	i.pending = false
	return p
}
