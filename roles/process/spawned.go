package process

import (
	"context"
	"fmt"
	"os"

	"github.com/mpbitcoin/mpbitcoin/ipc"
	"github.com/mpbitcoin/mpbitcoin/roles/logging"
)

// ServeSpawned runs a spawned child (argv [exe, -ipcfd, N]): it logs every
// line in canonical form to stderr, which the parent forwards into its own
// debug.log with its own filters, and serves newInit on fd N until the
// parent disconnects. Exit status 0 on a clean disconnect.
func ServeSpawned(ctx context.Context, exe string, fd int, newInit func(*Env) ipc.InitFactory) int {
	log := logging.NewCanonical(os.Stderr)
	p, err := NewIPC(exe, log)
	if err != nil {
		fmt.Fprintf(os.Stderr, "Error: %v\n", err)
		return 1
	}
	env := &Env{Exe: exe, Log: log, IPC: p}
	if err := ipc.ServeSpawned(ctx, p, fd, newInit(env)); err != nil {
		fmt.Fprintf(os.Stderr, "Error: %v\n", err)
		return 1
	}
	return 0
}

// MaybeServeSpawned serves newInit when argv is Core's spawned-child
// command line ([exe, -ipcfd, N]) and returns the exit status; spawned is
// false (and nothing ran) for any other command line.
func MaybeServeSpawned(ctx context.Context, exe string, argv []string, newInit func(*Env) ipc.InitFactory) (code int, spawned bool) {
	fd, spawned, err := ipc.SpawnedFD(argv)
	if !spawned {
		return 0, false
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "Error: %v\n", err)
		return 1, true
	}
	return ServeSpawned(ctx, exe, fd, newInit), true
}
