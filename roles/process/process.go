// Package process owns what every role process sets up the same way: its
// options and config file, the datadir lock, the logger, and its IPC
// identity (name, pid, schemas, -debug=ipc adapter).
package process

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"capnproto.org/go/capnp/v3/schemas"

	"github.com/mpbitcoin/mpbitcoin/capnp/messages"
	"github.com/mpbitcoin/mpbitcoin/capnp/mp"
	"github.com/mpbitcoin/mpbitcoin/ipc"
	"github.com/mpbitcoin/mpbitcoin/roles/config"
	"github.com/mpbitcoin/mpbitcoin/roles/logging"
)

// Version is the version every role reports.
const Version = "0.1.0"

// ErrExit carries an exit status for a start-up step that already printed
// what it had to say (help, version).
type ErrExit struct{ Code int }

func (e *ErrExit) Error() string { return fmt.Sprintf("exit %d", e.Code) }

// Env is a started role process.
type Env struct {
	Exe  string
	Args *config.Args
	Log  *logging.Logger
	IPC  *ipc.Process

	release []func()
}

// Setup describes how a role starts.
type Setup struct {
	Exe     string          // executable name, e.g. "bitcoin-node"
	Options []config.Option // what it accepts
	Usage   string          // the -help header
	Stdout  io.Writer
	// Lock takes the network datadir's .lock (roles that own a datadir).
	Lock bool
}

// Start parses argv (without argv[0]) and the config file, answers -help
// and -version, creates and locks the network datadir when asked, and opens
// the log. Errors carry Core's wording; print them as "Error: <err>".
func Start(s Setup, argv []string) (*Env, error) {
	args, err := config.Parse(argv, s.Options)
	if err != nil {
		return nil, err
	}
	if args.HelpRequested() {
		fmt.Fprint(s.Stdout, config.Help(s.Usage, s.Options))
		return nil, &ErrExit{Code: 0}
	}
	if args.GetBool("version", false) {
		fmt.Fprintf(s.Stdout, "%s version v%s\n", s.Exe, Version)
		return nil, &ErrExit{Code: 0}
	}
	if err := args.ReadConfig(); err != nil {
		return nil, err
	}
	if err := args.ChainErr(); err != nil {
		return nil, err
	}
	e := &Env{Exe: s.Exe, Args: args}
	if s.Lock {
		if err := config.CreateNetDataDir(args); err != nil {
			return nil, err
		}
		rel, err := config.LockDataDir(args.NetDataDir(), "Bitcoin Core")
		if err != nil {
			return nil, err
		}
		e.release = append(e.release, rel)
	}
	log, err := logging.New(LogOptions(s.Exe, args, s.Stdout))
	if err != nil {
		e.Close()
		return nil, err
	}
	e.Log = log
	e.IPC, err = NewIPC(s.Exe, log)
	if err != nil {
		e.Close()
		return nil, err
	}
	return e, nil
}

// LogOptions maps Core's logging options onto logging.Options.
func LogOptions(exe string, a *config.Args, stdout io.Writer) logging.Options {
	o := logging.Options{
		Process:         exe,
		TimeMicros:      a.GetBool("logtimemicros", false),
		Timestamps:      a.GetBool("logtimestamps", true),
		ThreadNames:     a.GetBool("logthreadnames", false),
		SourceLocations: a.GetBool("logsourcelocations", false),
		LevelAlways:     a.GetBool("loglevelalways", false),
		Debug:           a.GetAll("debug"),
		DebugExclude:    a.GetAll("debugexclude"),
		LogLevel:        a.GetAll("loglevel"),
	}
	if !a.IsNegated("debuglogfile") {
		f := a.Get("debuglogfile", "debug.log")
		if !filepath.IsAbs(f) {
			f = filepath.Join(a.NetDataDir(), f)
		}
		o.File = f
	}
	if a.GetBool("printtoconsole", false) {
		o.Console = stdout
	}
	if a.IsSet("shrinkdebugfile") {
		v := a.GetBool("shrinkdebugfile", false)
		o.ShrinkDebugFile = &v
	}
	return o
}

// NewIPC returns this process's IPC identity logging through log.
func NewIPC(exe string, log *logging.Logger) (*ipc.Process, error) {
	sc, err := ipc.NewSchemas([]func(*schemas.Registry){mp.RegisterSchema, messages.RegisterSchema},
		mp.ThreadMap_TypeID, messages.Init_TypeID, messages.Echo_TypeID, messages.Mining_TypeID,
		messages.Rpc_TypeID, messages.BlockRef_TypeID)
	if err != nil {
		return nil, err
	}
	return &ipc.Process{Exe: exe, Pid: os.Getpid(), Log: IPCLog{L: log}, Schemas: sc}, nil
}

// OnClose registers f to run at Close (in reverse order).
func (e *Env) OnClose(f func()) { e.release = append(e.release, f) }

// Close releases what Start took (log last).
func (e *Env) Close() {
	for i := len(e.release) - 1; i >= 0; i-- {
		e.release[i]()
	}
	e.release = nil
	if e.Log != nil {
		_ = e.Log.Close()
	}
}

// Fail prints err the way Core does at start-up ("Error: <msg>") and
// returns the exit status to use.
func Fail(stderr io.Writer, err error) int {
	var ex *ErrExit
	if errors.As(err, &ex) {
		return ex.Code
	}
	fmt.Fprintf(stderr, "Error: %v\n", err)
	return 1
}

// IPCLog adapts the logger to ipc.Logger (category "ipc").
type IPCLog struct{ L *logging.Logger }

func level(l ipc.Level) logging.Level {
	switch l {
	case ipc.LevelTrace:
		return logging.Trace
	case ipc.LevelDebug:
		return logging.Debug
	case ipc.LevelInfo:
		return logging.Info
	case ipc.LevelWarning:
		return logging.Warning
	default:
		return logging.Error
	}
}

// Enabled implements ipc.Logger.
func (a IPCLog) Enabled(l ipc.Level) bool { return a.L.Enabled("ipc", level(l)) }

// Log implements ipc.Logger.
func (a IPCLog) Log(l ipc.Level, msg string) { a.L.Logf("ipc", level(l), "%s", msg) }
