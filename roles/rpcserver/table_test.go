package rpcserver

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
)

// testTable has echo-like commands covering the argument kinds.
func testTable(t *testing.T) *Table {
	t.Helper()
	tb := NewTable()
	must := func(c Command) {
		if err := tb.Register(c); err != nil {
			t.Fatal(err)
		}
	}
	echoParams := func(r *Request) (any, error) { return r.Params, nil }
	must(Command{Name: "getblockhash", Category: "blockchain", Help: "Returns hash of block in best-block-chain at height provided.\n",
		Args:    []Arg{{Name: "height", Type: ArgNumber, Help: "The height index"}},
		Result:  `"hex"    (string) The block hash`,
		Handler: func(r *Request) (any, error) { return "00ff", nil }})
	must(Command{Name: "echo", Category: "hidden", Hidden: true, Help: "Simply echo back the input arguments.",
		Args: []Arg{{Name: "arg0", Type: ArgString, Optional: true, SkipTypeCheck: true}, {Name: "arg1", Type: ArgString, Optional: true, SkipTypeCheck: true},
			{Name: "arg2", Type: ArgString, Optional: true, SkipTypeCheck: true}},
		Handler: echoParams})
	must(Command{Name: "named", Category: "util", Help: "Named argument test.",
		Args: []Arg{
			{Name: "first", Type: ArgString},
			{Name: "second|alias", Type: ArgNumber, Optional: true},
			{Name: "third", Type: ArgBool, Default: "false"},
		},
		Handler: echoParams})
	must(Command{Name: "opts", Category: "util", Help: "Options test.",
		Args: []Arg{
			{Name: "address", Type: ArgString, Optional: true},
			{Name: "options", Type: ArgNamedParams, Optional: true, Inner: []Arg{
				{Name: "fee_rate", Type: ArgAmount, Optional: true},
				{Name: "replaceable", Type: ArgBool, Optional: true},
			}},
		},
		Handler: echoParams})
	must(Command{Name: "fail", Category: "util", Help: "Fails.",
		Handler: func(*Request) (any, error) { return nil, errors.New("plain failure") }})
	must(Command{Name: "failrpc", Category: "util", Help: "Fails with an RPC error.",
		Handler: func(*Request) (any, error) { return nil, NewError(InvalidAddressOrKey, "Invalid address") }})
	must(Command{Name: "panics", Category: "util", Help: "Panics.",
		Handler: func(*Request) (any, error) { panic("boom") }})
	return tb
}

func exec(t *testing.T, tb *Table, body string) (string, int) {
	t.Helper()
	reply, status := tb.Execute(context.Background(), []byte(body), "/", "u")
	return string(reply), status
}

func TestExecuteProtocol(t *testing.T) {
	tb := testTable(t)
	for _, tc := range []struct {
		body, reply string
		status      int
	}{
		{`{"method":"getblockhash","params":[1],"id":1}`, `{"result":"00ff","error":null,"id":1}` + "\n", 200},
		{`{"method":"getblockhash","params":[1]}`, `{"result":"00ff","error":null}` + "\n", 200},
		{`{"jsonrpc":"1.0","method":"getblockhash","params":[1],"id":"x"}`, `{"result":"00ff","error":null,"id":"x"}` + "\n", 200},
		{`{"jsonrpc":"2.0","method":"getblockhash","params":[1],"id":1.50}`, `{"jsonrpc":"2.0","result":"00ff","id":1.50}` + "\n", 200},
		{`{"jsonrpc":"2.0","method":"getblockhash","params":[1]}`, ``, 204},
		{`{"jsonrpc":"2.0","method":"nope"}`, ``, 204},
		{`{"jsonrpc":"2.0","method":"nope","id":3}`, `{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"},"id":3}` + "\n", 200},
		{`{"method":"nope","id":3}`, `{"result":null,"error":{"code":-32601,"message":"Method not found"},"id":3}` + "\n", 404},
		{`{"method":"fail","id":3}`, `{"result":null,"error":{"code":-1,"message":"plain failure"},"id":3}` + "\n", 500},
		{`{"method":"failrpc","id":3}`, `{"result":null,"error":{"code":-5,"message":"Invalid address"},"id":3}` + "\n", 500},
		{`{"method":"panics","id":3}`, `{"result":null,"error":{"code":-1,"message":"Internal bug detected: boom"},"id":3}` + "\n", 500},
		{`{"id":3}`, `{"result":null,"error":{"code":-32600,"message":"Missing method"},"id":3}` + "\n", 400},
		{`{"method":1,"id":3}`, `{"result":null,"error":{"code":-32600,"message":"Method must be a string"},"id":3}` + "\n", 400},
		{`{"method":"x","params":1,"id":3}`, `{"result":null,"error":{"code":-32600,"message":"Params must be an array or object"},"id":3}` + "\n", 400},
		{`{"jsonrpc":"3.0","method":"x","id":3}`, `{"result":null,"error":{"code":-32600,"message":"JSON-RPC version not supported"},"id":3}` + "\n", 400},
		{`{"jsonrpc":2,"method":"x","id":3}`, `{"result":null,"error":{"code":-32600,"message":"jsonrpc field must be a string"},"id":3}` + "\n", 400},
		{`{"jsonrpc":"2.0","id":4}`, `{"jsonrpc":"2.0","error":{"code":-32600,"message":"Missing method"},"id":4}` + "\n", 400},
		{`{"jsonrpc":"2.0"}`, `{"jsonrpc":"2.0","error":{"code":-32600,"message":"Missing method"}}` + "\n", 400},
		{`{bad`, `{"result":null,"error":{"code":-32700,"message":"Parse error"},"id":null}` + "\n", 500},
		{`"str"`, `{"result":null,"error":{"code":-32700,"message":"Top-level object parse error"},"id":null}` + "\n", 500},
		{`[]`, "[]\n", 200},
		{`[{"jsonrpc":"2.0","method":"getblockhash","params":[1]}]`, ``, 204},
		{`[{"method":"getblockhash","params":[1],"id":1},{"method":"nope","id":2},{"jsonrpc":"2.0","method":"getblockhash","params":[1],"id":3}]`,
			`[{"result":"00ff","error":null,"id":1},{"result":null,"error":{"code":-32601,"message":"Method not found"},"id":2},{"jsonrpc":"2.0","result":"00ff","id":3}]` + "\n", 200},
		// A member that is not an object keeps the previous member's id and version, as Core.
		{`[{"jsonrpc":"2.0","method":"getblockhash","params":[1],"id":7},5]`,
			`[{"jsonrpc":"2.0","result":"00ff","id":7},{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request object"},"id":7}]` + "\n", 200},
		{`[5]`, `[{"result":null,"error":{"code":-32600,"message":"Invalid Request object"},"id":null}]` + "\n", 200},
	} {
		reply, status := exec(t, tb, tc.body)
		if reply != tc.reply || status != tc.status {
			t.Errorf("%s:\n got %d %q\nwant %d %q", tc.body, status, reply, tc.status, tc.reply)
		}
	}
}

func TestNamedParams(t *testing.T) {
	tb := testTable(t)
	for _, tc := range []struct{ params, result string }{
		{`{"first":"a"}`, `["a"]`},
		{`{"third":true,"first":"a"}`, `["a",null,true]`},
		{`{"alias":2,"first":"a"}`, `["a",2]`},
		{`{"args":["a",3]}`, `["a",3]`},
		{`{"args":["a"],"third":true}`, `["a",null,true]`},
		{`{"fee_rate":1}`, `[null,{"fee_rate":1}]`},
		{`{"address":"x","replaceable":true,"fee_rate":2}`, `["x",{"fee_rate":2,"replaceable":true}]`},
	} {
		method := "named"
		if strings.Contains(tc.params, "fee_rate") {
			method = "opts"
		}
		reply, status := exec(t, tb, `{"jsonrpc":"2.0","id":1,"method":"`+method+`","params":`+tc.params+`}`)
		want := `{"jsonrpc":"2.0","result":` + tc.result + `,"id":1}` + "\n"
		if reply != want || status != 200 {
			t.Errorf("%s: got %d %s want %s", tc.params, status, reply, want)
		}
	}
	for _, tc := range []struct{ method, params, msg string }{
		{"named", `{"first":"a","bogus":1}`, "Unknown named parameter bogus"},
		{"named", `{"first":"a","first":"b"}`, "Parameter first specified multiple times"},
		{"named", `{"args":["a"],"first":"b"}`, "Parameter first specified twice both as positional and named argument"},
		{"opts", `{"options":{},"fee_rate":1}`, "Parameter options conflicts with parameter fee_rate"},
	} {
		reply, _ := exec(t, tb, `{"jsonrpc":"2.0","id":1,"method":"`+tc.method+`","params":`+tc.params+`}`)
		want := `{"jsonrpc":"2.0","error":{"code":-8,"message":` + string(mustJSON(tc.msg)) + `},"id":1}` + "\n"
		if reply != want {
			t.Errorf("%s: got %s want %s", tc.params, reply, want)
		}
	}
}

func mustJSON(x any) []byte {
	b, err := json.Marshal(x)
	if err != nil {
		panic(err)
	}
	return b
}

func TestArgChecks(t *testing.T) {
	tb := testTable(t)
	c, _ := tb.Command("getblockhash")
	reply, _ := exec(t, tb, `{"jsonrpc":"2.0","id":1,"method":"getblockhash","params":[1,2]}`)
	want := `{"jsonrpc":"2.0","error":{"code":-1,"message":` + string(mustJSON(c.HelpText())) + `},"id":1}` + "\n"
	if reply != want {
		t.Errorf("too many args: %s", reply)
	}
	reply, _ = exec(t, tb, `{"jsonrpc":"2.0","id":1,"method":"getblockhash","params":["1"]}`)
	msg := "Wrong type passed:\n{\n    \"Position 1 (height)\": \"JSON value of type string is not of expected type number\"\n}"
	if want := `{"jsonrpc":"2.0","error":{"code":-3,"message":` + string(mustJSON(msg)) + `},"id":1}` + "\n"; reply != want {
		t.Errorf("wrong type: got %s want %s", reply, want)
	}
	reply, _ = exec(t, tb, `{"jsonrpc":"2.0","id":1,"method":"named","params":{"third":true}}`)
	if !strings.Contains(reply, `Position 1 (first)\": \"JSON value of type null is not of expected type string`) {
		t.Errorf("null required: %s", reply)
	}
}

func TestWarmup(t *testing.T) {
	tb := testTable(t)
	tb.SetWarmup("Loading block index…")
	for _, m := range []string{"help", "getblockhash", "nope"} {
		reply, status := exec(t, tb, `{"method":"`+m+`","params":[1],"id":1}`)
		if want := `{"result":null,"error":{"code":-28,"message":"Loading block index…"},"id":1}` + "\n"; reply != want || status != 500 {
			t.Errorf("%s in warmup: %d %s", m, status, reply)
		}
	}
	tb.SetWarmup("")
	if _, status := exec(t, tb, `{"method":"help","id":1}`); status != 200 {
		t.Errorf("after warmup: %d", status)
	}
}

func TestHelpListing(t *testing.T) {
	tb := testTable(t)
	got := tb.Help("")
	want := "== Blockchain ==\ngetblockhash height\n\n== Control ==\ngetrpcinfo\nhelp ( \"command\" )\n\n" +
		"== Util ==\nfail\nfailrpc\nnamed \"first\" ( second third )\nopts ( \"address\" {\"fee_rate\":amount,\"replaceable\":bool,...} )\npanics"
	if got != want {
		t.Errorf("help listing:\n%s\nwant:\n%s", got, want)
	}
	if got := tb.Help("nope"); got != "help: unknown command: nope" {
		t.Errorf("unknown: %q", got)
	}
	if got := tb.Help("echo"); !strings.HasPrefix(got, "echo ( \"arg0\" \"arg1\" \"arg2\" )\n\nSimply echo back the input arguments.\n") {
		t.Errorf("hidden command help: %q", got)
	}
	reply, _ := exec(t, tb, `{"method":"help","params":["getblockhash"],"id":1}`)
	wantHelp := "getblockhash height\n\nReturns hash of block in best-block-chain at height provided.\n\nArguments:\n" +
		"1. height    (numeric, required) The height index\n\nResult:\n\"hex\"    (string) The block hash\n"
	if want := `{"result":` + string(mustJSON(wantHelp)) + `,"error":null,"id":1}` + "\n"; reply != want {
		t.Errorf("help getblockhash:\n%s\nwant\n%s", reply, want)
	}
}

func TestHelpFormat(t *testing.T) {
	c := Command{Name: "getblockheader", Help: "If verbose is false, returns a string.\nIf verbose is true, returns an Object.\n",
		Args: []Arg{
			{Name: "blockhash", Type: ArgHex, Help: "The block hash"},
			{Name: "verbose", Type: ArgBool, Default: "true", Help: "true for a json object, false for the hex-encoded data"},
		},
		ResultDocs: []ResultDoc{
			{Cond: "for verbose = true", Type: ResObj, Inner: []ResultDoc{
				{Type: ResHex, Key: "hash", Help: "the block hash (same as provided)"},
				{Type: ResNumTime, Key: "time", Help: "The block time"},
				{Type: ResHex, Key: "previousblockhash", Optional: true, Help: "The hash of the previous block (if available)"},
			}},
			{Cond: "for verbose=false", Type: ResHex, Help: "A string that is serialized, hex-encoded data for block 'hash'"},
		},
		Examples: HelpExampleCli("getblockheader", `"00ff"`),
	}
	want := `getblockheader "blockhash" ( verbose )

If verbose is false, returns a string.
If verbose is true, returns an Object.

Arguments:
1. blockhash    (string, required) The block hash
2. verbose      (boolean, optional, default=true) true for a json object, false for the hex-encoded data

Result (for verbose = true):
{                                 (json object)
  "hash" : "hex",                 (string) the block hash (same as provided)
  "time" : xxx,                   (numeric) The block time
  "previousblockhash" : "hex"     (string, optional) The hash of the previous block (if available)
}

Result (for verbose=false):
"hex"    (string) A string that is serialized, hex-encoded data for block 'hash'

Examples:
> bitcoin-cli getblockheader "00ff"
`
	if got := c.HelpText(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestHelpNested(t *testing.T) {
	c := Command{Name: "createrawtransaction", Help: "Create a transaction.",
		Args: []Arg{
			{Name: "inputs", Type: ArgArray, Help: "The inputs", Inner: []Arg{
				{Name: "", Type: ArgObject, Optional: true, Inner: []Arg{
					{Name: "txid", Type: ArgHex, Help: "The transaction id"},
					{Name: "sequence", Type: ArgNumber, Default: "depends on the value of the 'replaceable' and 'locktime' arguments", Help: "The sequence number"},
				}},
			}},
			{Name: "outputs", Type: ArgArray, Help: "The outputs\nsecond line", Inner: []Arg{
				{Name: "", Type: ArgObjectUserKeys, Optional: true, Inner: []Arg{
					{Name: "address", Type: ArgAmount, Help: "A key-value pair."},
				}},
			}},
			{Name: "locktime", Type: ArgNumber, Default: "0", Help: "Raw locktime."},
		},
	}
	want := `createrawtransaction [{"txid":"hex","sequence":n},...] [{"address":amount,...},...] ( locktime )

Create a transaction.

Arguments:
1. inputs                      (json array, required) The inputs
     [
       {                       (json object)
         "txid": "hex",        (string, required) The transaction id
         "sequence": n,        (numeric, optional, default=depends on the value of the 'replaceable' and 'locktime' arguments) The sequence number
       },
       ...
     ]
2. outputs                     (json array, required) The outputs
                               second line
     [
       {                       (json object)
         "address": amount,    (numeric or string, required) A key-value pair.
         ...
       },
       ...
     ]
3. locktime                    (numeric, optional, default=0) Raw locktime.
`
	if got := c.HelpText(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestGetRPCInfo(t *testing.T) {
	tb := testTable(t)
	tb.SetLogPath("/tmp/debug.log")
	reply, _ := exec(t, tb, `{"method":"getrpcinfo","id":1}`)
	var r struct {
		Result struct {
			Active []struct {
				Method   string `json:"method"`
				Duration int64  `json:"duration"`
			} `json:"active_commands"`
			LogPath string `json:"logpath"`
		} `json:"result"`
	}
	if err := json.Unmarshal([]byte(reply), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Result.Active) != 1 || r.Result.Active[0].Method != "getrpcinfo" || r.Result.LogPath != "/tmp/debug.log" {
		t.Errorf("getrpcinfo: %s", reply)
	}
}

func TestDumpArgMap(t *testing.T) {
	tb := testTable(t)
	reply, _ := exec(t, tb, `{"method":"help","params":["dump_all_command_conversions"],"id":1}`)
	for _, s := range []string{`["named",1,"alias",false]`, `["named",0,"first",true]`, `["opts",1,"fee_rate",false]`} {
		if !strings.Contains(reply, s) {
			t.Errorf("missing %s in %s", s, reply)
		}
	}
}

func TestRegisterErrors(t *testing.T) {
	tb := NewTable()
	if err := tb.Register(Command{Name: "help", Handler: func(*Request) (any, error) { return nil, nil }}); err == nil {
		t.Error("duplicate accepted")
	}
	if err := tb.Register(Command{Name: "x", Args: []Arg{{Name: "a", Type: "weird"}}, Handler: func(*Request) (any, error) { return nil, nil }}); err == nil {
		t.Error("bad type accepted")
	}
	if !tb.Unregister("help") || tb.Unregister("help") {
		t.Error("Unregister")
	}
	if http.StatusOK != 200 {
		t.Fatal()
	}
}

func FuzzExecute(f *testing.F) {
	for _, s := range []string{`{"method":"named","params":{"first":"a","args":[1,2,3]},"id":1}`, `[{"jsonrpc":"2.0","method":"opts","params":{"fee_rate":1}},5]`,
		`{"method":"help","params":["named"]}`, `[]`, `{"jsonrpc":"2.0","method":"echo","params":[{"a":[1,"\u0000"]}],"id":null}`} {
		f.Add([]byte(s))
	}
	tb := NewTable()
	for _, c := range []Command{
		{Name: "named", Args: []Arg{{Name: "first", Type: ArgString}, {Name: "second|alias", Type: ArgNumber, Optional: true}},
			Handler: func(r *Request) (any, error) { return r.Params, nil }},
		{Name: "opts", Args: []Arg{{Name: "options", Type: ArgNamedParams, Optional: true, Inner: []Arg{{Name: "fee_rate", Type: ArgAmount, Optional: true}}}},
			Handler: func(r *Request) (any, error) { return r.Params, nil }},
		{Name: "echo", Args: []Arg{{Name: "a", Type: ArgString, Optional: true, SkipTypeCheck: true}},
			Handler: func(r *Request) (any, error) { return r.Params, nil }},
	} {
		if err := tb.Register(c); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		reply, status := tb.Execute(context.Background(), body, "/", "u")
		if status == http.StatusNoContent {
			if len(reply) != 0 {
				t.Fatalf("204 with a body")
			}
			return
		}
		if !json.Valid(reply) {
			t.Fatalf("invalid reply %q", reply)
		}
	})
}
