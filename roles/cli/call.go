package cli

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// requestHandler is Core's BaseRequestHandler: it builds the request body
// and turns the reply into a {"result","error"} object.
type requestHandler interface {
	prepare(method string, args []string) (univalue.Value, error)
	process(reply univalue.Value) (univalue.Value, error)
}

// requestObj is Core's JSONRPCRequestObj.
func requestObj(method string, params, id univalue.Value) univalue.Value {
	r := univalue.NewObject()
	r.PushKV("method", univalue.NewString(method))
	r.PushKV("params", params)
	r.PushKV("id", id)
	r.PushKV("jsonrpc", univalue.NewString("2.0"))
	return r
}

// defaultHandler sends one call, converting its arguments.
type defaultHandler struct{ named bool }

func (h defaultHandler) prepare(method string, args []string) (univalue.Value, error) {
	var params univalue.Value
	var err error
	if h.named {
		params, err = ConvertNamedValues(method, args)
	} else {
		params, err = ConvertValues(method, args)
	}
	if err != nil {
		return univalue.Value{}, err
	}
	return requestObj(method, params, univalue.NewInt(1)), nil
}

func (defaultHandler) process(reply univalue.Value) (univalue.Value, error) {
	if reply.Kind != univalue.Object {
		return univalue.Value{}, fmt.Errorf("JSON value of type %s is not of expected type object", reply.Kind.TypeName())
	}
	return reply, nil
}

// connFailed is Core's CConnectionFailed: a failure -rpcwait retries.
type connFailed struct {
	msg      string
	noPrefix bool // IPC connection failures are reported without "timeout on transient error: "
}

func (e *connFailed) Error() string { return e.msg }

// call is Core's ConnectAndCallRPC: IPC when -ipcconnect says so, else
// HTTP, retried once a second under -rpcwait (also while the server warms
// up) until -rpcwaittimeout.
func (c *client) call(rh requestHandler, method string, args []string, wallet *string) (univalue.Value, error) {
	wait := c.args.GetBool("rpcwait", false)
	timeout := c.args.GetInt("rpcwaittimeout", 0)
	deadline := time.Now().Add(time.Duration(timeout) * time.Second)
	endpoint := "/"
	if wallet != nil {
		endpoint = "/wallet/" + uriEncode(*wallet)
	}
	user := c.args.Get("rpcuser", "")
	for {
		reply, err := c.callOnce(rh, method, args, endpoint, user)
		if err == nil && wait {
			if code, ok := reply.Get("error").Get("code").Int(); ok && code == rpcserver.ClientInWarmup {
				err = &connFailed{msg: "server in warmup"}
			}
		}
		var cf *connFailed
		if !errors.As(err, &cf) {
			return reply, err
		}
		if wait && (timeout <= 0 || time.Now().Before(deadline)) {
			t := time.NewTimer(time.Second)
			select {
			case <-t.C:
				continue
			case <-c.ctx.Done():
				t.Stop()
				return univalue.Value{}, fmt.Errorf("interrupted: %w", c.ctx.Err())
			}
		}
		if cf.noPrefix {
			return univalue.Value{}, cf
		}
		return univalue.Value{}, fmt.Errorf("timeout on transient error: %w", cf)
	}
}

func (c *client) callOnce(rh requestHandler, method string, args []string, endpoint, user string) (univalue.Value, error) {
	reply, used, err := c.callIPC(rh, method, args, endpoint, user)
	if used || err != nil {
		return reply, err
	}
	return c.callHTTP(rh, method, args, endpoint)
}

// uriEncode is libevent's evhttp_uriencode: everything but letters, digits
// and "-._~" as %XX.
func uriEncode(s string) string {
	const hexdigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || strings.IndexByte("-._~", ch) >= 0 {
			b.WriteByte(ch)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexdigits[ch>>4])
		b.WriteByte(hexdigits[ch&15])
	}
	return b.String()
}
