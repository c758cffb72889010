package miner

import (
	"context"
	"fmt"
	"sync"

	"github.com/mpbitcoin/mpbitcoin/roles/interfaces"
)

// Loader hands out Mining clients once the node's chain state is loaded:
// the IPC listener starts before it (Core's MakeMining with wait_loaded).
type Loader struct {
	once   sync.Once
	loaded chan struct{}
	m      *Miner
}

var _ interfaces.MiningSource = (*Loader)(nil)

// NewLoader returns a Loader with no Miner yet.
func NewLoader() *Loader { return &Loader{loaded: make(chan struct{})} }

// Open makes m the Miner and releases the waiting Mining calls; only the
// first call counts.
func (l *Loader) Open(m *Miner) {
	l.once.Do(func() {
		l.m = m
		close(l.loaded)
	})
}

// Mining waits for Open, then returns a new client (with its own
// interrupt flag).
func (l *Loader) Mining(ctx context.Context) (interfaces.Mining, error) {
	select {
	case <-l.loaded:
		return l.m.Client(), nil
	case <-ctx.Done():
		return nil, fmt.Errorf("waiting for the chain state to load: %w", ctx.Err())
	}
}
