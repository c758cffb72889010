package rpcserver

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

func (t *Table) builtins() []Command {
	return []Command{{
		Name:     "help",
		Category: "control",
		Help:     "List all commands, or get help for a specified command.\n",
		Args: []Arg{
			{Name: "command", Type: ArgString, Default: "all commands", Help: "The command to get help on"},
		},
		ResultDocs: []ResultDoc{
			{Type: ResStr, Help: "The help text"},
			{Type: ResAny},
		},
		Handler: t.helpHandler,
	}, {
		Name:     "getrpcinfo",
		Category: "control",
		Help:     "Returns details of the RPC server.\n",
		ResultDocs: []ResultDoc{{Type: ResObj, Inner: []ResultDoc{
			{Type: ResArr, Key: "active_commands", Help: "All active commands", Inner: []ResultDoc{
				{Type: ResObj, Help: "Information about an active command", Inner: []ResultDoc{
					{Type: ResStr, Key: "method", Help: "The name of the RPC command"},
					{Type: ResNum, Key: "duration", Help: "The running time in microseconds"},
				}},
			}},
			{Type: ResStr, Key: "logpath", Help: "The complete file path to the debug log"},
		}}},
		Examples: HelpExampleCli("getrpcinfo", "") + HelpExampleRPC("getrpcinfo", ""),
		Handler:  t.getrpcinfo,
	}}
}

// HelpExampleCli is Core's example line for bitcoin-cli.
func HelpExampleCli(method, args string) string {
	return "> bitcoin-cli " + method + " " + args + "\n"
}

// HelpExampleRPC is Core's example line for curl.
func HelpExampleRPC(method, args string) string {
	return `> curl --user myusername --data-binary '{"jsonrpc": "2.0", "id": "curltest", "method": "` + method +
		`", "params": [` + args + `]}' -H 'content-type: application/json' http://127.0.0.1:8332/` + "\n"
}

func (t *Table) helpHandler(req *Request) (any, error) {
	name := ""
	if p := req.Arg(0); p != nil {
		if err := json.Unmarshal(p, &name); err != nil {
			return nil, fmt.Errorf("help: %w", err)
		}
	}
	if name == "dump_all_command_conversions" {
		return t.dumpArgMap(), nil
	}
	return t.Help(name), nil
}

// Help is Core's CRPCTable::help: with name "" the one-line summaries of
// every visible command grouped under "== Category ==" headers; otherwise
// that command's full help, or "help: unknown command: <name>".
func (t *Table) Help(name string) string {
	t.mu.RLock()
	cmds := make([]*Command, 0, len(t.commands))
	for _, c := range t.commands {
		cmds = append(cmds, c)
	}
	t.mu.RUnlock()
	sort.Slice(cmds, func(i, j int) bool {
		return cmds[i].Category+cmds[i].Name < cmds[j].Category+cmds[j].Name
	})
	var b strings.Builder
	category := ""
	for _, c := range cmds {
		if (name != "" || c.Hidden) && c.Name != name {
			continue
		}
		text := c.HelpText()
		if name == "" {
			text, _, _ = strings.Cut(text, "\n")
			if category != c.Category {
				if category != "" {
					b.WriteString("\n")
				}
				category = c.Category
				b.WriteString("== " + capitalize(category) + " ==\n")
			}
		}
		b.WriteString(text + "\n")
	}
	out := b.String()
	if out == "" {
		out = "help: unknown command: " + name + "\n"
	}
	return out[:len(out)-1]
}

func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// dumpArgMap is Core's CRPCTable::dumpArgMap (help
// "dump_all_command_conversions"): [method, position, name, is_string] for
// every argument name, used to check bitcoin-cli's conversion table.
func (t *Table) dumpArgMap() univalue.Value {
	out := univalue.NewArray()
	for _, name := range t.Commands() {
		c, ok := t.Command(name)
		if !ok {
			continue
		}
		push := func(pos int, argName, typ string) {
			out.Push(univalue.NewArray(univalue.NewString(c.Name), univalue.NewInt(int64(pos)),
				univalue.NewString(argName), univalue.NewBool(typ == ArgString || typ == ArgHex)))
		}
		for i, a := range c.Args {
			for _, n := range strings.Split(a.Name, "|") {
				push(i, n, a.Type)
				if a.Type == ArgNamedParams {
					for _, in := range a.Inner {
						for _, inName := range strings.Split(in.Name, "|") {
							push(i, inName, in.Type)
						}
					}
				}
			}
		}
	}
	return out
}

func (t *Table) getrpcinfo(*Request) (any, error) {
	t.activeMu.Lock()
	ids := make([]uint64, 0, len(t.active))
	for id := range t.active {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	active := univalue.NewArray()
	now := time.Now()
	for _, id := range ids {
		a := t.active[id]
		e := univalue.NewObject()
		e.PushKV("method", univalue.NewString(a.method))
		e.PushKV("duration", univalue.NewInt(now.Sub(a.start).Microseconds()))
		active.Push(e)
	}
	t.activeMu.Unlock()
	t.mu.RLock()
	logPath := t.logPath
	t.mu.RUnlock()
	res := univalue.NewObject()
	res.PushKV("active_commands", active)
	res.PushKV("logpath", univalue.NewString(logPath))
	return res, nil
}
