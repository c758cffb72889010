package rpcserver

import (
	"fmt"
	"strconv"
)

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
