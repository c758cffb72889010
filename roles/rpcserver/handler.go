package rpcserver

import (
	"errors"
	"io"
	"net/http"
	"net/netip"
	"time"
)

// ServeHTTP is Core's http_request_cb: the allow list, the method filter,
// routing and the work queue.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	peer := peerAddr(r.RemoteAddr)
	s.mu.Lock()
	stopping, routes := s.stopping, s.routes
	s.mu.Unlock()
	if stopping {
		w.Header().Set("Connection", "close")
	}
	if !s.allow.allowed(peer.Addr()) {
		s.logf("http", "HTTP request from %s rejected: Client network is not allowed RPC access", r.RemoteAddr)
		w.WriteHeader(http.StatusForbidden)
		return
	}
	if headerSize(r) > MaxHeadersSize {
		w.Header().Set("Connection", "close")
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	switch r.Method {
	case http.MethodGet, http.MethodPost, http.MethodHead, http.MethodPut:
	default:
		s.logf("http", "HTTP request from %s rejected: Unknown HTTP request method", r.RemoteAddr)
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	uri := r.RequestURI
	s.logf("http", "Received a %s request for %s from %s", r.Method, truncate(uri, 100), r.RemoteAddr)
	for _, rt := range routes {
		if (rt.exact && uri == rt.prefix) || (!rt.exact && len(uri) >= len(rt.prefix) && uri[:len(rt.prefix)] == rt.prefix) {
			s.queue(w, r, rt.h)
			return
		}
	}
	w.WriteHeader(http.StatusNotFound)
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// queue runs h on one of Threads workers, with at most WorkQueue requests
// waiting; beyond that the request gets Core's 503.
func (s *Server) queue(w http.ResponseWriter, r *http.Request, h http.Handler) {
	select {
	case s.slots <- struct{}{}:
	default:
		select {
		case s.waiting <- struct{}{}:
		default:
			s.logf("", "WARNING: request rejected because http work queue depth exceeded, it can be increased with the -rpcworkqueue= setting")
			http.Error(w, "Work queue depth exceeded", http.StatusServiceUnavailable)
			return
		}
		select {
		case s.slots <- struct{}{}:
			<-s.waiting
		case <-r.Context().Done():
			<-s.waiting
			return
		}
	}
	defer func() { <-s.slots }()
	h.ServeHTTP(w, r)
}

func peerAddr(remote string) netip.AddrPort {
	ap, err := netip.ParseAddrPort(remote)
	if err != nil {
		return netip.AddrPort{}
	}
	return ap
}

// serveRPC is Core's HTTPReq_JSONRPC.
func (s *Server) serveRPC(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.WriteHeader(http.StatusMethodNotAllowed)
		_, _ = io.WriteString(w, "JSONRPC server handles only POST requests")
		return
	}
	auth := r.Header.Get("Authorization")
	if auth == "" {
		w.Header().Set("WWW-Authenticate", `Basic realm="jsonrpc"`)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	s.mu.Lock()
	creds := s.creds
	s.mu.Unlock()
	user, ok := checkBasic(auth, creds)
	if !ok {
		s.logf("", "ThreadRPCServer incorrect password attempt from %s", r.RemoteAddr)
		if s.cfg.AuthFailDelay > 0 {
			t := time.NewTimer(s.cfg.AuthFailDelay)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
			}
		}
		w.Header().Set("WWW-Authenticate", `Basic realm="jsonrpc"`)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	// The body must arrive within the server timeout; the call itself may
	// then run for as long as it needs (a server-wide ReadTimeout would
	// cancel the request context of long calls).
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Now().Add(s.cfg.ServerTimeout))
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodySize))
	_ = rc.SetReadDeadline(time.Time{})
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			w.WriteHeader(http.StatusRequestEntityTooLarge)
			return
		}
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	if msg := s.white.checkBody(user, body); msg != "" {
		s.logf("", "%s", msg)
		w.WriteHeader(http.StatusForbidden)
		return
	}
	reply, status := s.table.Execute(r.Context(), body, r.RequestURI, user)
	if status == http.StatusNoContent {
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(reply)
}

// headerSize approximates what libevent counts against the maximum header
// size: the request line and every header line.
func headerSize(r *http.Request) int {
	n := len(r.Method) + 1 + len(r.RequestURI) + 1 + len(r.Proto)
	if r.Host != "" && r.Header.Get("Host") == "" {
		n += len("Host: ") + len(r.Host)
	}
	for k, vs := range r.Header {
		for _, v := range vs {
			n += len(k) + 2 + len(v)
		}
	}
	return n
}
