package node

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/mpbitcoin/mpbitcoin/capnp/messages"
	"github.com/mpbitcoin/mpbitcoin/ipc"
	"github.com/mpbitcoin/mpbitcoin/roles/logging"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// registerControl adds the control and test commands this skeleton serves.
func (n *Node) registerControl() error {
	echoArgs := make([]rs.Arg, 10)
	for i := range echoArgs {
		echoArgs[i] = rs.Arg{Name: fmt.Sprintf("arg%d", i), Type: rs.ArgString, Optional: true, SkipTypeCheck: true}
	}
	cmds := []rs.Command{
		{Name: "stop", Category: "control", Help: "Request a graceful shutdown of " + n.env.Exe + ".",
			Args:     []rs.Arg{{Name: "wait", Type: rs.ArgNumber, Optional: true, Hidden: true, Help: "how long to wait in ms"}},
			Result:   "\"str\"    (string) A string with the content '" + n.env.Exe + " stopping'",
			Examples: rs.HelpExampleCli("stop", "") + rs.HelpExampleRPC("stop", ""),
			Handler:  n.stop},
		{Name: "uptime", Category: "control", Help: "Returns the total uptime of the server.",
			Result:   "n    (numeric) The number of seconds that the server has been running",
			Examples: rs.HelpExampleCli("uptime", "") + rs.HelpExampleRPC("uptime", ""),
			Handler: func(*rs.Request) (any, error) {
				return n.clock.Now().Unix() - n.started.Unix(), nil
			}},
		{Name: "echo", Category: "hidden", Hidden: true, Args: echoArgs,
			Help:    "Simply echo back the input arguments. This command is for testing.\n\nIt will return an internal bug report when arg9='trigger_internal_bug' is passed.\n\nThe difference between echo and echojson is that echojson has argument conversion enabled in the client-side table in bitcoin-cli and the GUI. There is no server-side difference.",
			Handler: echo},
		{Name: "echojson", Category: "hidden", Hidden: true, Args: echoArgs,
			Help: "Simply echo back the input arguments. This command is for testing.", Handler: echo},
		{Name: "echoipc", Category: "hidden", Hidden: true,
			Args:     []rs.Arg{{Name: "arg", Type: rs.ArgString, Help: "The string to echo"}},
			Help:     "Echo back the input argument, passing it through a spawned process in a multiprocess build.\nThis command is for testing.",
			Result:   "\"str\"    (string) The echoed string.",
			Examples: rs.HelpExampleCli("echo", "\"Hello world\"") + rs.HelpExampleRPC("echo", "\"Hello world\""),
			Handler:  n.echoIPC},
		{Name: "logging", Category: "control",
			Help: "Gets and sets the logging configuration.\nWhen called without an argument, returns the list of categories with status that are currently being debug logged or not.\nWhen called with arguments, adds or removes categories from debug logging and return the lists above.\nThe arguments are evaluated in order \"include\", \"exclude\".\nIf an item is both included and excluded, it will thus end up being excluded.\nThe valid logging categories are: " + logging.CategoriesString() + "\nIn addition, the following are available as category names with special meanings:\n  - \"all\",  \"1\" : represent all logging categories.\n",
			Args: []rs.Arg{
				{Name: "include", Type: rs.ArgArray, Optional: true, Help: "The categories to add to debug logging",
					Inner: []rs.Arg{{Name: "include_category", Type: rs.ArgString, Optional: true, Help: "the valid logging category"}}},
				{Name: "exclude", Type: rs.ArgArray, Optional: true, Help: "The categories to remove from debug logging",
					Inner: []rs.Arg{{Name: "exclude_category", Type: rs.ArgString, Optional: true, Help: "the valid logging category"}}},
			},
			Result:   "{                   (json object) keys are the logging categories, and values indicates its status\n  \"category\" : true|false,    (boolean) if being debug logged or not. false:inactive, true:active\n  ...\n}",
			Examples: rs.HelpExampleCli("logging", "\"[\\\"all\\\"]\" \"[\\\"http\\\"]\"") + rs.HelpExampleRPC("logging", "[\"all\"], [\"libevent\"]"),
			Handler:  n.logging},
	}
	for _, c := range cmds {
		if err := n.table.Register(c); err != nil {
			return fmt.Errorf("registering %s: %w", c.Name, err)
		}
	}
	return nil
}

func (n *Node) stop(req *rs.Request) (any, error) {
	n.env.Log.Infof("Stop requested via RPC")
	n.requestStop()
	// Core's hidden "wait" (ms): sleep after asking for shutdown, so
	// tests can check that in-flight calls end first.
	if raw := req.Arg(0); raw != nil {
		var ms int64
		if err := json.Unmarshal(raw, &ms); err != nil {
			return nil, rs.NewError(rs.TypeError, "JSON value is not an integer as expected")
		}
		if ms > 0 {
			time.Sleep(min(time.Duration(ms)*time.Millisecond, time.Minute))
		}
	}
	return n.env.Exe + " stopping", nil
}

// echo returns its arguments as given (Core's echo/echojson).
func echo(req *rs.Request) (any, error) {
	if a := req.Arg(9); a != nil {
		var s string
		if json.Unmarshal(a, &s) == nil && s == "trigger_internal_bug" {
			return nil, rs.NewError(rs.RPCMiscError, "Internal bug detected: request.params[9].get_str() != \"trigger_internal_bug\"")
		}
	}
	out := make([]json.RawMessage, len(req.Params))
	for i, p := range req.Params {
		if p == nil {
			p = json.RawMessage("null")
		}
		out[i] = p
	}
	return out, nil
}

// echoIPC spawns bitcoin-echo, calls Init.makeEcho and Echo.echo on it, and
// returns the answer (Core's hidden test RPC).
func (n *Node) echoIPC(req *rs.Request) (any, error) {
	var arg string
	if err := json.Unmarshal(req.Arg(0), &arg); err != nil {
		return nil, rs.NewError(rs.TypeError, "JSON value is not a string as expected")
	}
	ctx, cancel := context.WithTimeout(req.Context, 30*time.Second)
	defer cancel()
	child, err := ipc.Spawn(ctx, n.env.IPC, "bitcoin-echo", ipc.SpawnOptions{Output: n.env.Log.Forward})
	if err != nil {
		return nil, err
	}
	defer child.Stop(ctx)
	c := child.Client
	c.Handshake(ctx, "echoipc")
	var out string
	err = c.Do(func() error {
		ef, rel := c.Init.MakeEcho(ctx, func(p messages.Init_makeEcho_Params) error { return c.SetContext(p.NewContext) })
		defer rel()
		echo := ef.Result()
		rf, rel2 := echo.Echo(ctx, func(p messages.Echo_echo_Params) error {
			if err := c.SetContext(p.NewContext); err != nil {
				return err
			}
			return p.SetEcho(arg)
		})
		defer rel2()
		res, err := rf.Struct()
		if err != nil {
			return err
		}
		if out, err = res.Result(); err != nil {
			return err
		}
		df, rel3 := echo.Destroy(ctx, func(p messages.Echo_destroy_Params) error { return c.SetContext(p.NewContext) })
		defer rel3()
		_, err = df.Struct()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("echoipc: %w", err)
	}
	return out, nil
}

func (n *Node) logging(req *rs.Request) (any, error) {
	log := n.env.Log
	apply := func(raw json.RawMessage, f func(string) error) error {
		if raw == nil {
			return nil
		}
		var cats []string
		if err := json.Unmarshal(raw, &cats); err != nil {
			return rs.NewError(rs.TypeError, "JSON value is not a string array as expected")
		}
		for _, c := range cats {
			if err := f(c); err != nil {
				var uc *logging.UnknownCategoryError
				if errors.As(err, &uc) {
					return rs.NewError(rs.InvalidParameter, "%s", uc.Error())
				}
				return rs.NewError(rs.InvalidParameter, "%s", err.Error())
			}
		}
		return nil
	}
	if err := apply(req.Arg(0), log.EnableCategory); err != nil {
		return nil, err
	}
	if err := apply(req.Arg(1), log.DisableCategory); err != nil {
		return nil, err
	}
	// Core lists the categories in its (alphabetical) table order.
	active := log.Categories()
	out := univalue.NewObject()
	for _, name := range logging.CategoryNames() {
		out.PushKV(name, univalue.NewBool(active[name]))
	}
	return out, nil
}
