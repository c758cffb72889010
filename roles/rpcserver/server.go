package rpcserver

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strconv"
	"strings"
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
		IdleTimeout:       s.cfg.ServerTimeout,
		MaxHeaderBytes:    4 * MaxHeadersSize,           // the exact limit is checked in ServeHTTP
		ErrorLog:          log.New(logWriter{s}, "", 0), // never the process's stderr
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

// WalletNameFromURI is Core's GetWalletNameFromJSONRPCRequest: for a
// "/wallet/<name>" URI the percent-decoded name and true.
func WalletNameFromURI(uri string) (string, bool) {
	rest, ok := strings.CutPrefix(uri, "/wallet/")
	if !ok {
		return "", false
	}
	return urlDecode(rest), true
}

// urlDecode is Core's UrlDecode: %XX sequences decoded, everything else
// (including '+') kept.
func urlDecode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(v))
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// logWriter sends net/http's own log lines to the "http" category.
type logWriter struct{ s *Server }

func (w logWriter) Write(p []byte) (int, error) {
	w.s.logf("http", "%s", strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}
