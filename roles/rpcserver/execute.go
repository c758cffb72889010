package rpcserver

import (
	"context"
	"net/http"

	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// jsonRequest is Core's JSONRPCRequest. In a batch Core reuses one request
// object, so a member that fails early keeps the id and version of the
// previous one; Execute reproduces that by reusing a jsonRequest.
type jsonRequest struct {
	id     *univalue.Value // nil: no "id" member
	v2     bool
	method string
	params univalue.Value
}

func newJSONRequest() *jsonRequest { return &jsonRequest{id: &univalue.Value{}} }

func (jr *jsonRequest) notification() bool { return jr.id == nil && jr.v2 }

// parse is Core's JSONRPCRequest::parse.
func (jr *jsonRequest) parse(v univalue.Value, user string, logf func(cat, format string, args ...any)) *Error {
	if v.Kind != univalue.Object {
		return &Error{Code: InvalidRequest, Message: "Invalid Request object"}
	}
	if id, ok := v.Find("id"); ok {
		jr.id = &id
	} else {
		jr.id = nil
	}
	jr.v2 = false
	if ver, ok := v.Find("jsonrpc"); ok && !ver.IsNull() {
		if ver.Kind != univalue.String {
			return &Error{Code: InvalidRequest, Message: "jsonrpc field must be a string"}
		}
		switch ver.Str {
		case "1.0":
		case "2.0":
			jr.v2 = true
		default:
			return &Error{Code: InvalidRequest, Message: "JSON-RPC version not supported"}
		}
	}
	m := v.Get("method")
	if m.IsNull() {
		return &Error{Code: InvalidRequest, Message: "Missing method"}
	}
	if m.Kind != univalue.String {
		return &Error{Code: InvalidRequest, Message: "Method must be a string"}
	}
	jr.method = m.Str
	logf("rpc", "ThreadRPCServer method=%s user=%s", SanitizeString(jr.method), user)
	switch p := v.Get("params"); p.Kind {
	case univalue.Array, univalue.Object:
		jr.params = p
	case univalue.Null:
		jr.params = univalue.NewArray()
	default:
		return &Error{Code: InvalidRequest, Message: "Params must be an array or object"}
	}
	return nil
}

// reply is Core's JSONRPCReplyObj.
func (jr *jsonRequest) reply(result univalue.Value, e *Error) univalue.Value {
	r := univalue.NewObject()
	if jr.v2 {
		r.PushKV("jsonrpc", univalue.NewString("2.0"))
	}
	if e == nil {
		r.PushKV("result", result)
		if !jr.v2 {
			r.PushKV("error", univalue.Value{})
		}
	} else {
		if !jr.v2 {
			r.PushKV("result", univalue.Value{})
		}
		r.PushKV("error", e.Value())
	}
	if jr.id != nil {
		r.PushKV("id", *jr.id)
	}
	return r
}

// errorStatus is the HTTP status of Core's JSONErrorReply.
func errorStatus(e *Error) int {
	switch e.Code {
	case InvalidRequest:
		return http.StatusBadRequest
	case MethodNotFound:
		return http.StatusNotFound
	}
	return http.StatusInternalServerError
}

func body(v univalue.Value) []byte { return append(v.Append(nil, 0, 0), '\n') }

// Execute runs one JSON-RPC request body (a single request or a batch) as
// Core's HTTP handler does and returns the reply body and the HTTP status
// Core would send: 200 with the reply; for a JSON-RPC 1.0 error 500 (400
// for InvalidRequest, 404 for MethodNotFound); 204 and no body for a 2.0
// notification or a batch of them. uri and user are passed to handlers.
func (t *Table) Execute(ctx context.Context, reqBody []byte, uri, user string) (reply []byte, status int) {
	jr := newJSONRequest()
	fail := func(e *Error) ([]byte, int) { return body(jr.reply(univalue.Value{}, e)), errorStatus(e) }
	v, err := univalue.Parse(reqBody)
	if err != nil {
		return fail(&Error{Code: ParseError, Message: "Parse error"})
	}
	switch v.Kind {
	case univalue.Object:
		if e := jr.parse(v, user, t.logf); e != nil {
			return fail(e)
		}
		res, e := t.call(ctx, jr, uri, user)
		if e != nil && !jr.v2 {
			return fail(e)
		}
		if jr.notification() {
			return nil, http.StatusNoContent
		}
		return body(jr.reply(res, e)), http.StatusOK
	case univalue.Array:
		out := univalue.NewArray()
		for _, member := range v.Elems {
			var res univalue.Value
			e := jr.parse(member, user, t.logf)
			if e == nil {
				res, e = t.call(ctx, jr, uri, user)
			}
			if !jr.notification() {
				out.Push(jr.reply(res, e))
			}
		}
		if out.Len() == 0 && v.Len() > 0 {
			return nil, http.StatusNoContent
		}
		return body(out), http.StatusOK
	default:
		return fail(&Error{Code: ParseError, Message: "Top-level object parse error"})
	}
}
