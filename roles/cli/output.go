package cli

import (
	"fmt"

	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// replyOutput turns a reply object into what bitcoin-cli prints: the
// result (a string raw, null nothing, anything else pretty-printed with
// two spaces) and status 0, or the error text and its code's absolute
// value as status (Core's ParseResult and ParseError).
func replyOutput(reply univalue.Value) (string, int, error) {
	e := reply.Get("error")
	if e.IsNull() {
		return resultText(reply.Get("result")), 0, nil
	}
	return errorOutput(e)
}

func resultText(r univalue.Value) string {
	switch r.Kind {
	case univalue.Null:
		return ""
	case univalue.String:
		return r.Str
	}
	return r.Write(2)
}

func errorOutput(e univalue.Value) (string, int, error) {
	var out string
	if e.Kind == univalue.Object {
		code, hasCode := e.Find("code")
		if hasCode && !code.IsNull() {
			out = "error code: " + valStr(code) + "\n"
		}
		if msg := e.Get("message"); msg.Kind == univalue.String {
			out += "error message:\n" + msg.Str
		}
		if n, ok := code.Int(); ok && n == rpcserver.WalletNotSpecified {
			out += ` Or for the CLI, specify the "-rpcwallet=<walletname>" option before the command` +
				` (run "bitcoin-cli -h" for help or "bitcoin-cli listwallets" to see which wallets are currently loaded).`
		}
	} else {
		out = "error: " + e.Write(0)
	}
	n, ok := e.Get("code").Int()
	if !ok || n < -1<<31 || n > 1<<31-1 {
		return "", 0, fmt.Errorf("JSON value of type %s is not of expected type number", e.Get("code").Kind.TypeName())
	}
	if n < 0 {
		n = -n
	}
	return out, int(n), nil
}

// valStr is UniValue::getValStr: the text of a string or number, "" for
// other kinds (true/false for booleans).
func valStr(v univalue.Value) string {
	switch v.Kind {
	case univalue.String, univalue.Number:
		return v.Str
	case univalue.Bool:
		if v.Bool {
			return "1"
		}
		return ""
	}
	return ""
}
