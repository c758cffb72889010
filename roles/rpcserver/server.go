package rpcserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strconv"
	"sync"
	"time"
)

// Core's defaults (httpserver.h, serialize.h).
const (
	DefaultThreads       = 16
	DefaultWorkQueue     = 64
	DefaultServerTimeout = 30 * time.Second
	DefaultAuthFailDelay = 250 * time.Millisecond
	MaxBodySize          = 0x02000000 // Core's MAX_SIZE
	MaxHeadersSize       = 8192
)

// ServerConfig is the server's share of Core's options.
type ServerConfig struct {
	// Binds are the -rpcbind values (host or host:port). As Core, they are
	// ignored (with a warning) unless AllowIP is also given; the default is
	// ::1 and 127.0.0.1.
	Binds []string
	// Port is -rpcport (the chain's RPC port by default); 0 picks a free one.
	Port uint16
	// AllowIP are the -rpcallowip values; loopback is always allowed.
	AllowIP []string
	// User and Password are -rpcuser/-rpcpassword; with an empty Password a
	// cookie is generated instead.
	User, Password string
	// Auth are the -rpcauth values ("user:salt$hash").
	Auth []string
	// CookieFile is where the cookie is written; "" disables it
	// (-norpccookiefile). Callers pass <netdatadir>/.cookie by default.
	CookieFile string
	// CookiePerms are the cookie's permissions (0: 0600).
	CookiePerms os.FileMode
	// Whitelist are the -rpcwhitelist values; WhitelistDefault is
	// -rpcwhitelistdefault (nil: on when Whitelist is not empty).
	Whitelist        []string
	WhitelistDefault *bool
	// ServerTimeout is -rpcservertimeout (0: 30 s).
	ServerTimeout time.Duration
	// WorkQueue is -rpcworkqueue (0: 64), Threads -rpcthreads (0: 16).
	WorkQueue, Threads int
	// AuthFailDelay is the pause before answering a failed login (0: 250 ms
	// as Core; negative: none).
	AuthFailDelay time.Duration
	// Log receives log lines: cat "" for plain lines, "warning" and "error"
	// for those levels, otherwise a debug category ("rpc", "http").
	Log func(cat, format string, args ...any)
}

type route struct {
	prefix string
	exact  bool
	h      http.Handler
}

// Server is Core's HTTP server with the JSON-RPC handler.
type Server struct {
	cfg      ServerConfig
	table    *Table
	allow    allowList
	white    whitelist
	rpcauths []credential

	mu       sync.Mutex
	routes   []route
	creds    []credential
	cookie   string // cookie path written by Start, removed by Stop
	srv      *http.Server
	lns      []net.Listener
	started  bool
	stopping bool
	served   sync.WaitGroup

	slots   chan struct{}
	waiting chan struct{}
}

// NewServer checks the configuration (-rpcallowip and -rpcauth syntax).
func NewServer(cfg ServerConfig, t *Table) (*Server, error) {
	if cfg.Threads <= 0 {
		cfg.Threads = DefaultThreads
	}
	if cfg.WorkQueue <= 0 {
		cfg.WorkQueue = DefaultWorkQueue
	}
	if cfg.ServerTimeout <= 0 {
		cfg.ServerTimeout = DefaultServerTimeout
	}
	if cfg.AuthFailDelay == 0 {
		cfg.AuthFailDelay = DefaultAuthFailDelay
	}
	if cfg.CookiePerms == 0 {
		cfg.CookiePerms = 0o600
	}
	allow, err := newAllowList(cfg.AllowIP)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, table: t, allow: allow, white: newWhitelist(cfg.Whitelist, cfg.WhitelistDefault),
		slots: make(chan struct{}, cfg.Threads), waiting: make(chan struct{}, cfg.WorkQueue)}
	for _, a := range cfg.Auth {
		user, salt, hash, err := ParseRPCAuth(a)
		if err != nil {
			return nil, err
		}
		s.rpcauths = append(s.rpcauths, credential{user: user, salt: salt, hash: hash})
	}
	rpc := http.HandlerFunc(s.serveRPC)
	s.routes = []route{{prefix: "/", exact: true, h: rpc}, {prefix: "/wallet/", h: rpc}}
	return s, nil
}

// Handle adds another path handler (e.g. REST's "/rest/"), matched after
// the JSON-RPC ones: exact compares the whole request target, otherwise
// prefix is a prefix of it. Call before Start.
func (s *Server) Handle(prefix string, exact bool, h http.Handler) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.routes = append(s.routes, route{prefix: prefix, exact: exact, h: h})
}

func (s *Server) logf(cat, format string, args ...any) {
	if s.cfg.Log != nil {
		s.cfg.Log(cat, format, args...)
	}
}

type endpoint struct {
	host string
	port uint16
}

// endpoints applies Core's -rpcbind/-rpcallowip rule.
func (s *Server) endpoints() ([]endpoint, error) {
	if len(s.cfg.AllowIP) == 0 || len(s.cfg.Binds) == 0 {
		if len(s.cfg.AllowIP) > 0 {
			s.logf("", "WARNING: option -rpcallowip was specified without -rpcbind; this doesn't usually make sense")
		}
		if len(s.cfg.Binds) > 0 {
			s.logf("", "WARNING: option -rpcbind was ignored because -rpcallowip was not specified, refusing to allow everyone to connect")
		}
		return []endpoint{{"::1", s.cfg.Port}, {"127.0.0.1", s.cfg.Port}}, nil
	}
	var eps []endpoint
	for _, b := range s.cfg.Binds {
		host, port, err := SplitHostPort(b, s.cfg.Port)
		if err != nil {
			return nil, fmt.Errorf("Invalid port specified in -rpcbind: '%s': %w", b, err)
		}
		eps = append(eps, endpoint{host, port})
	}
	return eps, nil
}

// SplitHostPort is Core's SplitHostPort: "host", "host:port", "[v6]" or
// "[v6]:port"; a bare IPv6 address keeps defPort.
func SplitHostPort(in string, defPort uint16) (string, uint16, error) {
	host, port := in, defPort
	colon := -1
	for i := len(in) - 1; i >= 0; i-- {
		if in[i] == ':' {
			colon = i
			break
		}
	}
	bracketed := len(in) > 0 && in[0] == '[' && colon > 0 && in[colon-1] == ']'
	multiColon := colon >= 0 && colon > 0 && containsColon(in[:colon])
	if colon >= 0 && (colon == 0 || bracketed || !multiColon) {
		p, err := strconv.ParseUint(in[colon+1:], 10, 16)
		if err != nil || p == 0 {
			return "", 0, fmt.Errorf("invalid port %q", in[colon+1:])
		}
		host, port = in[:colon], uint16(p)
	}
	if len(host) > 0 && host[0] == '[' && host[len(host)-1] == ']' {
		host = host[1 : len(host)-1]
	}
	return host, port, nil
}

func containsColon(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == ':' {
			return true
		}
	}
	return false
}

// Start binds the endpoints, sets up authentication (writing the cookie
// when no -rpcpassword is set) and starts serving.
func (s *Server) Start(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started {
		return errors.New("rpc server already started")
	}
	s.logf("http", "Allowing HTTP connections from: %s ", s.allow)
	eps, err := s.endpoints()
	if err != nil {
		return err
	}
	var lc net.ListenConfig
	for _, ep := range eps {
		s.logf("", "Binding RPC on address %s port %d", ep.host, ep.port)
		ln, err := lc.Listen(ctx, "tcp", net.JoinHostPort(ep.host, strconv.Itoa(int(ep.port))))
		if err != nil {
			s.logf("", "Binding RPC on address %s port %d failed.", ep.host, ep.port)
			continue
		}
		if a, err := netip.ParseAddr(ep.host); ep.host == "" || (err == nil && a.IsUnspecified()) {
			s.logf("", "WARNING: the RPC server is not safe to expose to untrusted networks such as the public internet")
		}
		s.lns = append(s.lns, ln)
	}
	if len(s.lns) == 0 {
		return errors.New("Unable to bind any endpoint for RPC server")
	}
	s.logf("rpc", "Starting HTTP RPC server")
	if err := s.initAuth(); err != nil {
		s.closeListeners()
		return err
	}
	s.srv = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: s.cfg.ServerTimeout,
		ReadTimeout:       s.cfg.ServerTimeout,
		IdleTimeout:       s.cfg.ServerTimeout,
		MaxHeaderBytes:    MaxHeadersSize,
		ErrorLog:          nil,
	}
	s.logf("", "Starting HTTP server with %d worker threads", s.cfg.Threads)
	for _, ln := range s.lns {
		s.served.Add(1)
		go func(ln net.Listener) {
			defer s.served.Done()
			_ = s.srv.Serve(ln) // returns http.ErrServerClosed at Stop
		}(ln)
	}
	s.started = true
	return nil
}

func (s *Server) closeListeners() {
	for _, ln := range s.lns {
		_ = ln.Close()
	}
	s.lns = nil
}

// initAuth is Core's InitRPCAuthentication.
func (s *Server) initAuth() error {
	user, pass := "", ""
	if s.cfg.Password == "" {
		if s.cfg.CookieFile == "" {
			s.logf("", "RPC authentication cookie file generation is disabled.")
		} else {
			p, err := writeCookie(s.cfg.CookieFile, s.cfg.CookiePerms)
			if err != nil {
				s.logf("warning", "%v", err)
				return err
			}
			user, pass, s.cookie = CookieUser, p, s.cfg.CookieFile
			s.logf("", "Using random cookie authentication.")
			s.logf("", "Generated RPC authentication cookie %s", s.cfg.CookieFile)
			s.logf("", "Permissions used for cookie: %s", SymbolicPerms(s.cfg.CookiePerms))
		}
	} else {
		s.logf("", "Using rpcuser/rpcpassword authentication.")
		s.logf("warning", "The use of rpcuser/rpcpassword is less secure, because credentials are configured in plain text. It is recommended that locally-run instances switch to cookie-based auth, or otherwise to use hashed rpcauth credentials. See share/rpcauth in the source directory for more information.")
		user, pass = s.cfg.User, s.cfg.Password
	}
	var creds []credential
	if user != "" || pass != "" {
		c, err := plainCredential(user, pass)
		if err != nil {
			return err
		}
		creds = append(creds, c)
	}
	if len(s.rpcauths) > 0 {
		s.logf("", "Using rpcauth authentication.")
		creds = append(creds, s.rpcauths...)
	}
	s.creds = creds
	return nil
}

// Addrs returns the bound addresses.
func (s *Server) Addrs() []net.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]net.Addr, len(s.lns))
	for i, ln := range s.lns {
		out[i] = ln.Addr()
	}
	return out
}

// Stop stops accepting connections, waits for running calls until ctx ends
// (then closes the connections) and removes the cookie it wrote.
func (s *Server) Stop(ctx context.Context) error {
	s.mu.Lock()
	if !s.started || s.stopping {
		s.mu.Unlock()
		return nil
	}
	s.stopping = true
	srv, cookie := s.srv, s.cookie
	s.mu.Unlock()
	s.logf("rpc", "Stopping HTTP RPC server")
	s.logf("http", "Stopping HTTP server")
	err := srv.Shutdown(ctx)
	if err != nil {
		err = errors.Join(fmt.Errorf("stopping rpc server: %w", err), srv.Close())
	}
	s.served.Wait()
	if cookie != "" {
		if rmErr := os.Remove(cookie); rmErr != nil && !errors.Is(rmErr, os.ErrNotExist) {
			s.logf("warning", "Unable to remove random auth cookie file %s: %v", cookie, rmErr)
			err = errors.Join(err, fmt.Errorf("removing cookie: %w", rmErr))
		}
	}
	s.logf("http", "Stopped HTTP server")
	return err
}

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
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodySize))
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
