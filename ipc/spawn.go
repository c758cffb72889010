package ipc

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"syscall"

	"golang.org/x/sys/unix"
)

// Child is a spawned role process and the client side of its connection.
type Child struct {
	Role   string
	Pid    int
	Client *Client

	cmd    *exec.Cmd
	exited chan struct{}
	status syscall.WaitStatus
}

// SpawnOptions tune Spawn.
type SpawnOptions struct {
	// Executable to run; default os.Executable() (the running binary).
	Executable string
	// Output receives each line the child writes to stdout/stderr (its log
	// lines); nil discards them.
	Output func(line string)
}

// Spawn starts the running binary as role, exactly as Core does: a
// socketpair, the child end inherited as fd 3, argv [role, "-ipcfd", "3"],
// nothing else. The child serves its Init on that fd; the returned Child's
// Client is connected to it. The child gets SIGTERM if this process dies.
func Spawn(ctx context.Context, p *Process, role string, o SpawnOptions) (*Child, error) {
	exe := o.Executable
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return nil, fmt.Errorf("spawn %s: finding own executable: %w", role, err)
		}
	}
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("spawn %s: socketpair: %w", role, err)
	}
	parentEnd := os.NewFile(uintptr(fds[0]), "ipc-parent")
	childEnd := os.NewFile(uintptr(fds[1]), "ipc-child")
	defer childEnd.Close()
	defer parentEnd.Close()

	outR, outW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("spawn %s: pipe: %w", role, err)
	}
	cmd := &exec.Cmd{
		Path:       exe,
		Args:       []string{role, "-ipcfd", "3"},
		ExtraFiles: []*os.File{childEnd},
		Stdout:     outW,
		Stderr:     outW,
		SysProcAttr: &syscall.SysProcAttr{
			Pdeathsig: syscall.SIGTERM,
		},
	}
	if err := cmd.Start(); err != nil {
		outR.Close()
		outW.Close()
		return nil, fmt.Errorf("spawn %s: %w", role, err)
	}
	outW.Close()
	conn, err := net.FileConn(parentEnd)
	if err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		outR.Close()
		return nil, fmt.Errorf("spawn %s: wrapping socket: %w", role, err)
	}
	c := &Child{Role: role, Pid: cmd.Process.Pid, cmd: cmd, exited: make(chan struct{})}
	log := orNop(p.Log)
	log.Log(LevelDebug, fmt.Sprintf("Process %s pid %d launched", role, c.Pid))
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		copyLines(outR, o.Output)
	}()
	go func() {
		err := cmd.Wait()
		<-copied
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			c.status = ee.Sys().(syscall.WaitStatus)
		}
		log.Log(LevelDebug, fmt.Sprintf("Process %s pid %d exited with status %d", role, c.Pid, int(c.status)))
		close(c.exited)
	}()
	c.Client = Connect(p, conn)
	return c, nil
}

func copyLines(r io.ReadCloser, out func(string)) {
	defer r.Close()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		if out != nil {
			out(sc.Text())
		}
	}
}

// Exited is closed once the child has exited and its output is drained.
func (c *Child) Exited() <-chan struct{} { return c.exited }

// Status is the raw wait status (valid after Exited).
func (c *Child) Status() syscall.WaitStatus { return c.status }

// Stop asks the child to exit by closing its connection (a spawned child
// exits when its socket closes), then waits for it; after grace it is
// killed.
func (c *Child) Stop(ctx context.Context) {
	_ = c.Client.Close()
	select {
	case <-c.exited:
		return
	case <-ctx.Done():
	}
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.exited:
	case <-timeAfter(2):
		_ = c.cmd.Process.Kill()
		<-c.exited
	}
}
