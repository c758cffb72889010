package rest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	"github.com/mpbitcoin/mpbitcoin/roles/node/mempool"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// Config is what the REST server reads.
type Config struct {
	Chain *chain.Chain
	// Pool is the mempool; nil answers the mempool endpoints with Core's
	// "Mempool disabled or instance not found".
	Pool *mempool.Pool
	// Table runs the RPC handlers that produce the JSON bodies.
	Table *rs.Table
}

// Server answers /rest/… requests. It is an http.Handler for the RPC
// server's "/rest/" route.
type Server struct {
	cfg    Config
	routes []route
}

type route struct {
	prefix string
	serve  func(ctx context.Context, r *request) reply
}

// New returns the REST server.
func New(cfg Config) *Server {
	s := &Server{cfg: cfg}
	// Core's uri_prefixes, in its order (the first match wins).
	s.routes = []route{
		{"/rest/tx/", s.tx},
		{"/rest/block/notxdetails/", s.blockNoDetails},
		{"/rest/block/", s.blockWithDetails},
		{"/rest/chaininfo", s.chainInfo},
		{"/rest/mempool/", s.mempool},
		{"/rest/headers/", s.headers},
		{"/rest/getutxos", s.getUTXOs},
		{"/rest/deploymentinfo/", s.deploymentInfo},
		{"/rest/deploymentinfo", s.deploymentInfo},
		{"/rest/blockhashbyheight/", s.blockHashByHeight},
		{"/rest/spenttxouts/", s.spentTxOuts},
	}
	return s
}

// Prefixes lists the paths served, in Core's order (for its
// "Registering HTTP handler" log lines).
func (s *Server) Prefixes() []string {
	out := make([]string, len(s.routes))
	for i, rt := range s.routes {
		out[i] = rt.prefix
	}
	return out
}

// request is one REST call: the URI part after the route's prefix, the
// whole request target (for query parameters) and the body.
type request struct {
	part string
	uri  string
	body []byte
}

// reply is a response: status, content type and body.
type reply struct {
	status int
	ctype  string
	body   []byte
}

// restErr is Core's RESTERR: text/plain, the message and "\r\n".
func restErr(status int, msg string) reply {
	return reply{status: status, ctype: "text/plain", body: []byte(msg + "\r\n")}
}

func formatNotFound() reply {
	return restErr(http.StatusNotFound, "output format not found (available: "+availableFormats+")")
}

func jsonOnly() reply {
	return restErr(http.StatusNotFound, "output format not found (available: json)")
}

func okBinary(b []byte) reply {
	return reply{status: http.StatusOK, ctype: "application/octet-stream", body: b}
}

func okHex(b []byte) reply {
	return reply{status: http.StatusOK, ctype: "text/plain", body: []byte(fmt.Sprintf("%x\n", b))}
}

func okText(s string) reply {
	return reply{status: http.StatusOK, ctype: "text/plain", body: []byte(s + "\n")}
}

func okJSON(v univalue.Value) reply {
	return reply{status: http.StatusOK, ctype: "application/json", body: append(v.Append(nil, 0, 0), '\n')}
}

// maxBody bounds the request body read (getutxos is the only endpoint
// that reads one; Core's HTTP server limits bodies to 32 MB).
const maxBody = 32 << 20

// ServeHTTP routes by prefix as Core's HTTP server; an unknown path is a
// bare 404.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	uri := r.RequestURI
	for _, rt := range s.routes {
		if !strings.HasPrefix(uri, rt.prefix) {
			continue
		}
		var rep reply
		if msg := s.cfg.Table.InWarmup(); msg != "" {
			rep = restErr(http.StatusServiceUnavailable, "Service temporarily unavailable: "+msg)
		} else {
			body, err := readBody(r)
			if err != nil {
				rep = restErr(http.StatusBadRequest, err.Error())
			} else {
				rep = rt.serve(r.Context(), &request{part: uri[len(rt.prefix):], uri: uri, body: body})
			}
		}
		w.Header().Set("Content-Type", rep.ctype)
		w.WriteHeader(rep.status)
		_, _ = w.Write(rep.body)
		return
	}
	w.WriteHeader(http.StatusNotFound)
}

func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return nil, fmt.Errorf("reading the request body: %w", err)
	}
	if len(b) > maxBody {
		return nil, fmt.Errorf("request body too large")
	}
	return b, nil
}

// rpc runs an RPC command in-process through the table and returns its
// result, or the RPC error.
func (s *Server) rpc(ctx context.Context, method string, params ...any) (univalue.Value, error) {
	req, err := json.Marshal(map[string]any{"jsonrpc": "1.0", "id": 0, "method": method, "params": params})
	if err != nil {
		return univalue.Value{}, fmt.Errorf("encoding %s request: %w", method, err)
	}
	out, _ := s.cfg.Table.Execute(ctx, req, "/", "")
	v, err := univalue.Parse(out)
	if err != nil {
		return univalue.Value{}, fmt.Errorf("%s reply: %w", method, err)
	}
	if e := v.Get("error"); !e.IsNull() {
		msg, _ := e.Find("message")
		return univalue.Value{}, fmt.Errorf("%s: %s", method, msg.Str)
	}
	return v.Get("result"), nil
}
