package ipc

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// SpawnedFD reports whether argv (argv[0] included) is Core's spawned-child
// command line, exactly [exe, "-ipcfd", N], and returns N.
func SpawnedFD(argv []string) (fd int, spawned bool, err error) {
	if len(argv) != 3 || argv[1] != "-ipcfd" {
		return 0, false, nil
	}
	n, err := strconv.Atoi(argv[2])
	if err != nil || n < 0 {
		return 0, true, fmt.Errorf("Invalid -ipcfd number '%s'", argv[2])
	}
	return n, true, nil
}

// ServeSpawned is the child side of Spawn: it serves newInit on fd until the
// parent closes the connection (or dies), then returns. It asks the kernel
// for SIGTERM when the parent dies and ignores Ctrl-C (the parent orders
// shutdown), printing Core's notice when one arrives.
func ServeSpawned(ctx context.Context, p *Process, fd int, newInit InitFactory) error {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return fmt.Errorf("-ipcfd %d: %w", fd, err)
	}
	if st.Mode&unix.S_IFMT != unix.S_IFSOCK {
		return fmt.Errorf("-ipcfd %d is not a socket", fd)
	}
	ppid := os.Getppid()
	if err := unix.Prctl(unix.PR_SET_PDEATHSIG, uintptr(syscall.SIGTERM), 0, 0, 0); err != nil {
		return fmt.Errorf("setting parent-death signal: %w", err)
	}
	if os.Getppid() != ppid {
		return fmt.Errorf("parent exited before the child started")
	}
	f := os.NewFile(uintptr(fd), "ipcfd")
	conn, err := net.FileConn(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("-ipcfd %d: %w", fd, err)
	}
	ctx, stopSignals := ignoreCtrlC(ctx, p.Exe)
	defer stopSignals()
	return Serve(ctx, p, conn, newInit)
}

// ignoreCtrlC keeps SIGINT from killing a spawned child; SIGTERM (sent by
// the parent-death signal or by a supervisor) cancels the context.
func ignoreCtrlC(ctx context.Context, exe string) (context.Context, func()) {
	ctx, cancel := context.WithCancel(ctx)
	ch := make(chan os.Signal, 4)
	signal.Notify(ch, syscall.SIGINT, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case s := <-ch:
				if s == syscall.SIGINT {
					fmt.Fprintf(os.Stderr, "[%s] SIGINT received — waiting for parent to shut down.\n", exe)
					continue
				}
				cancel()
			case <-done:
				return
			}
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		close(done)
		cancel()
	}
}

func timeAfter(seconds int) <-chan time.Time { return time.After(time.Duration(seconds) * time.Second) }
