package ipc

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

func TestExecutorFIFO(t *testing.T) {
	e := NewExecutor("t")
	defer e.Close()
	var mu sync.Mutex
	var order []int
	var wg sync.WaitGroup
	start := make(chan struct{})
	// Block the executor so the next jobs queue up in submission order.
	go e.Run(context.Background(), func(context.Context) error { <-start; return nil })
	for e.Pending() == 0 {
		time.Sleep(time.Millisecond)
	}
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = e.Run(context.Background(), func(context.Context) error {
				mu.Lock()
				order = append(order, i)
				mu.Unlock()
				return nil
			})
		}()
		for e.Pending() != i+2 {
			time.Sleep(time.Millisecond)
		}
	}
	close(start)
	wg.Wait()
	for i, v := range order {
		if v != i {
			t.Fatalf("order %v", order)
		}
	}
}

func TestExecutorCancelledBeforeStartAndPanic(t *testing.T) {
	e := NewExecutor("t")
	defer e.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	if err := e.Run(ctx, func(context.Context) error { ran = true; return nil }); !errors.Is(err, context.Canceled) || ran {
		t.Fatalf("cancelled job: err %v ran %v", err, ran)
	}
	if err := e.Run(context.Background(), func(context.Context) error { panic("boom") }); err == nil {
		t.Fatal("panic not turned into an error")
	}
	if err := e.Run(context.Background(), func(context.Context) error { return nil }); err != nil {
		t.Fatalf("executor dead after panic: %v", err)
	}
	e.Close()
	if err := e.Run(context.Background(), func(context.Context) error { return nil }); !errors.Is(err, errExecutorClosed) {
		t.Fatalf("closed executor: %v", err)
	}
}
