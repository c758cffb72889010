package rpcserver

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// Table is Core's CRPCTable: the registered commands, the warm-up state and
// the list of running calls. It is safe for concurrent use.
type Table struct {
	mu       sync.RWMutex
	commands map[string]*Command
	warmup   string
	logPath  string
	log      func(cat, format string, args ...any)

	activeMu sync.Mutex
	active   map[uint64]activeCall
	nextID   uint64
}

type activeCall struct {
	method string
	start  time.Time
}

// NewTable returns a table holding the built-in commands help and
// getrpcinfo. It starts out of warm-up; call SetWarmup to enter it.
func NewTable() *Table {
	t := &Table{commands: map[string]*Command{}, active: map[uint64]activeCall{}}
	for _, c := range t.builtins() {
		if err := t.Register(c); err != nil {
			panic(err) // the built-in definitions are constant
		}
	}
	return t
}

// Register adds a command. Names must be unique.
func (t *Table) Register(c Command) error {
	if c.Name == "" || c.Handler == nil {
		return fmt.Errorf("register %q: a command needs a name and a handler", c.Name)
	}
	args, err := checkArgs(c.Args, false)
	if err != nil {
		return fmt.Errorf("register %q: %w", c.Name, err)
	}
	c.Args = args
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, dup := t.commands[c.Name]; dup {
		return fmt.Errorf("register %q: already registered", c.Name)
	}
	t.commands[c.Name] = &c
	return nil
}

// Unregister removes a command; it reports whether it was there.
func (t *Table) Unregister(name string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	_, ok := t.commands[name]
	delete(t.commands, name)
	return ok
}

// Command returns a registered command.
func (t *Table) Command(name string) (Command, bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	c, ok := t.commands[name]
	if !ok {
		return Command{}, false
	}
	return *c, true
}

// Commands lists the registered command names, sorted.
func (t *Table) Commands() []string {
	t.mu.RLock()
	defer t.mu.RUnlock()
	names := make([]string, 0, len(t.commands))
	for n := range t.commands {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// SetWarmup enters warm-up with status msg: every call then fails with
// ClientInWarmup (-28) and msg, as Core (no method is exempt). An empty msg
// ends warm-up.
func (t *Table) SetWarmup(msg string) {
	t.mu.Lock()
	t.warmup = msg
	t.mu.Unlock()
}

// InWarmup returns the warm-up status, "" when warm-up is over.
func (t *Table) InWarmup() string {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.warmup
}

// SetLogPath sets the "logpath" getrpcinfo reports.
func (t *Table) SetLogPath(path string) {
	t.mu.Lock()
	t.logPath = path
	t.mu.Unlock()
}

// SetLogger sets where the table logs ("ThreadRPCServer method=..." lines at
// category "rpc").
func (t *Table) SetLogger(log func(cat, format string, args ...any)) {
	t.mu.Lock()
	t.log = log
	t.mu.Unlock()
}

func (t *Table) logf(cat, format string, args ...any) {
	t.mu.RLock()
	log := t.log
	t.mu.RUnlock()
	if log != nil {
		log(cat, format, args...)
	}
}

// call is Core's CRPCTable::execute for one parsed request.
func (t *Table) call(ctx context.Context, jr *jsonRequest, uri, user string) (univalue.Value, *Error) {
	t.mu.RLock()
	warm := t.warmup
	cmd, ok := t.commands[jr.method]
	t.mu.RUnlock()
	if warm != "" {
		return univalue.Value{}, &Error{Code: ClientInWarmup, Message: warm}
	}
	if !ok {
		return univalue.Value{}, &Error{Code: MethodNotFound, Message: "Method not found"}
	}
	done := t.track(jr.method)
	defer done()

	params := jr.params
	if params.Kind == univalue.Object {
		var err *Error
		if params, err = transformNamed(params, cmd.argNames()); err != nil {
			return univalue.Value{}, err
		}
	}
	if !cmd.validNumArgs(params.Len()) {
		return univalue.Value{}, &Error{Code: RPCMiscError, Message: cmd.HelpText()}
	}
	if err := typeCheck(cmd, params); err != nil {
		return univalue.Value{}, err
	}
	req := &Request{Method: jr.method, URI: uri, User: user, Context: ctx}
	req.Params = make([]json.RawMessage, params.Len())
	for i, p := range params.Elems {
		if !p.IsNull() {
			req.Params[i] = p.Append(nil, 0, 0)
		}
	}
	res, err := runHandler(cmd, req)
	if err != nil {
		var rpcErr *Error
		if errors.As(err, &rpcErr) {
			return univalue.Value{}, rpcErr
		}
		return univalue.Value{}, &Error{Code: RPCMiscError, Message: err.Error()}
	}
	v, err := univalue.FromGo(res)
	if err != nil {
		return univalue.Value{}, &Error{Code: RPCMiscError, Message: err.Error()}
	}
	return v, nil
}

// runHandler calls the handler, turning a panic into an error the way Core
// reports a failed internal check.
func runHandler(cmd *Command, req *Request) (res any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("Internal bug detected: %v", r)
		}
	}()
	return cmd.Handler(req)
}

// typeCheck is the argument check of Core's RPCHelpMan::HandleRequest.
func typeCheck(cmd *Command, params univalue.Value) *Error {
	mismatch := univalue.NewObject()
	for i, a := range cmd.Args {
		var v univalue.Value
		if i < params.Len() {
			v = params.Elems[i]
		}
		if msg := a.matchType(v); msg != "" {
			mismatch.PushKV(fmt.Sprintf("Position %d (%s)", i+1, a.Name), univalue.NewString(msg))
		}
	}
	if mismatch.Len() == 0 {
		return nil
	}
	return &Error{Code: TypeError, Message: "Wrong type passed:\n" + mismatch.Write(4)}
}

func (t *Table) track(method string) func() {
	t.activeMu.Lock()
	id := t.nextID
	t.nextID++
	t.active[id] = activeCall{method: method, start: time.Now()}
	t.activeMu.Unlock()
	return func() {
		t.activeMu.Lock()
		delete(t.active, id)
		t.activeMu.Unlock()
	}
}

// transformNamed is Core's transformNamedArguments: it maps a params object
// to positional parameters by the command's argument names.
func transformNamed(in univalue.Value, names []argName) (univalue.Value, *Error) {
	out := univalue.NewArray()
	argsIn := map[string]univalue.Value{}
	var order []string // for a stable "Unknown named parameter"
	for i, k := range in.Keys {
		if _, dup := argsIn[k]; dup {
			return out, &Error{Code: InvalidParameter, Message: "Parameter " + k + " specified multiple times"}
		}
		argsIn[k] = in.Elems[i]
		order = append(order, k)
	}
	hole, initialHole := 0, 0
	initialParam := ""
	options := univalue.NewObject()
	for _, an := range names {
		found, foundName := false, ""
		var val univalue.Value
		for _, n := range strings.Split(an.pattern, "|") {
			if v, ok := argsIn[n]; ok {
				found, foundName, val = true, n, v
				break
			}
		}
		if an.namedOnly {
			if found {
				if _, dup := options.Find(foundName); dup {
					return out, &Error{Code: InvalidParameter, Message: "Parameter " + foundName + " specified multiple times"}
				}
				options.PushKV(foundName, val)
				delete(argsIn, foundName)
			}
			continue
		}
		if options.Len() > 0 || found {
			for ; hole > 0; hole-- {
				out.Push(univalue.Value{})
			}
			if initialParam == "" {
				initialParam = an.pattern
			}
		} else {
			hole++
			if out.Len() == 0 {
				initialHole = hole
			}
		}
		if found {
			if options.Len() > 0 {
				return out, &Error{Code: InvalidParameter, Message: "Parameter " + foundName + " conflicts with parameter " + options.Keys[0]}
			}
			out.Push(val)
			delete(argsIn, foundName)
		}
		if options.Len() > 0 {
			out.Push(options)
			options = univalue.NewObject()
		}
	}
	if pos, ok := argsIn["args"]; ok {
		delete(argsIn, "args")
		if pos.Kind == univalue.Array {
			if initialHole < pos.Len() && initialParam != "" {
				return out, &Error{Code: InvalidParameter, Message: "Parameter " + initialParam + " specified twice both as positional and named argument"}
			}
			named := out
			out = univalue.NewArray(append([]univalue.Value(nil), pos.Elems...)...)
			for i := out.Len(); i < named.Len(); i++ {
				out.Push(named.Elems[i])
			}
		}
	}
	for _, k := range order {
		if _, left := argsIn[k]; left {
			return out, &Error{Code: InvalidParameter, Message: "Unknown named parameter " + k}
		}
	}
	return out, nil
}
