package ipc

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Supervisor keeps one child role running: it spawns it, runs Setup on each
// new child, and when the child exits unexpectedly logs it and spawns a new
// one after a growing delay (100 ms doubling to 10 s; reset after a minute
// of good health). Stop shuts the child down first.
type Supervisor struct {
	Proc  *Process
	Role  string
	Spawn SpawnOptions
	// Setup runs after each spawn (e.g. handshake and loading wallets); an
	// error counts as a failed start.
	Setup func(ctx context.Context, c *Child) error

	mu      sync.Mutex
	current *Child
}

// Current returns the running child, or nil while it is down or restarting.
func (s *Supervisor) Current() *Child {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.current
}

func (s *Supervisor) set(c *Child) {
	s.mu.Lock()
	s.current = c
	s.mu.Unlock()
}

// Run supervises until ctx is done, then stops the child (closing its
// connection, then SIGTERM, then SIGKILL) before returning.
func (s *Supervisor) Run(ctx context.Context) {
	log := orNop(s.Proc.Log)
	const minDelay, maxDelay = 100 * time.Millisecond, 10 * time.Second
	delay := minDelay
	for ctx.Err() == nil {
		started := time.Now()
		c, err := Spawn(ctx, s.Proc, s.Role, s.Spawn)
		if err == nil && s.Setup != nil {
			if err = s.Setup(ctx, c); err != nil {
				stopCtx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
				c.Stop(stopCtx)
				cancel()
			}
		}
		if err != nil {
			log.Log(LevelError, fmt.Sprintf("Failed to start %s: %v", s.Role, err))
		} else {
			s.set(c)
			select {
			case <-ctx.Done():
				s.set(nil)
				stopCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				c.Stop(stopCtx)
				cancel()
				return
			case <-c.Exited():
				s.set(nil)
				_ = c.Client.Close()
				log.Log(LevelWarning, fmt.Sprintf("Process %s pid %d exited unexpectedly (status %d); restarting in %s", s.Role, c.Pid, int(c.Status()), delay))
			}
		}
		if time.Since(started) > time.Minute {
			delay = minDelay
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(delay):
		}
		if delay *= 2; delay > maxDelay {
			delay = maxDelay
		}
	}
}
