package p2p

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultBanTime is Core's default ban duration (24 hours).
const DefaultBanTime = 24 * time.Hour

// ErrAlreadyBanned and ErrNotBanned are setban's add and remove failures.
var (
	ErrAlreadyBanned = errors.New("already banned")
	ErrNotBanned     = errors.New("not banned")
)

// Ban is one banned subnet (Core's CBanEntry with its CSubNet).
type Ban struct {
	Subnet  *net.IPNet
	Created time.Time
	Until   time.Time
}

// Address is the subnet as Core prints it: address/prefix length for
// CIDR masks, address/mask otherwise, and a Tor or I2P address alone.
func (b Ban) Address() string {
	if name, ok := overlayName(b.Subnet); ok {
		return name
	}
	ones, bits := b.Subnet.Mask.Size()
	if bits == 0 {
		return b.Subnet.IP.String() + "/" + net.IP(b.Subnet.Mask).String()
	}
	return fmt.Sprintf("%s/%d", b.Subnet.IP, ones)
}

// banList holds the manual bans; expired ones are dropped as they are
// seen (Core's SweepBanned).
type banList struct {
	mu   sync.Mutex
	bans map[string]Ban
}

// netTotals are the bytes moved over all connections, past ones included
// (getnettotals).
type netTotals struct {
	sent, recv atomic.Uint64
}

// Tor v3 and I2P addresses are kept as single-host "subnets" whose IP
// field holds the name's bytes behind a marker that no IP address has
// (length 1 + name), so one map and sort serve both kinds.
const overlayMarker = 0xff

func overlaySubnet(name string) *net.IPNet {
	ip := append([]byte{overlayMarker}, name...)
	return &net.IPNet{IP: ip, Mask: net.IPMask(bytes.Repeat([]byte{0xff}, len(ip)))}
}

func overlayName(n *net.IPNet) (string, bool) {
	if len(n.IP) > 16 && n.IP[0] == overlayMarker {
		return string(n.IP[1:]), true
	}
	return "", false
}

// isOverlayAddr accepts Tor v3 (56 base32 characters) and I2P (52
// base32 characters then .b32.i2p) names, lower case.
func isOverlayAddr(s string) bool {
	base32 := func(x string, n int) bool {
		if len(x) != n {
			return false
		}
		for _, c := range x {
			if !(c >= 'a' && c <= 'z') && !(c >= '2' && c <= '7') {
				return false
			}
		}
		return true
	}
	if x, ok := strings.CutSuffix(s, ".onion"); ok {
		return base32(x, 56)
	}
	if x, ok := strings.CutSuffix(s, ".b32.i2p"); ok {
		return base32(x, 52)
	}
	return false
}

// ParseSubnet is Core's LookupSubNet for literal addresses: an IP (a
// single-address subnet), IP/prefix-length, IP/netmask, or a Tor v3 or
// I2P address (a single host).
func ParseSubnet(s string) (*net.IPNet, error) {
	if isOverlayAddr(s) {
		return overlaySubnet(s), nil
	}
	addr, mask, hasMask := strings.Cut(s, "/")
	ip := net.ParseIP(addr)
	if ip == nil {
		return nil, fmt.Errorf("invalid address %q", addr)
	}
	bits := 128
	if v4 := ip.To4(); v4 != nil {
		ip, bits = v4, 32
	}
	m := net.CIDRMask(bits, bits)
	if hasMask {
		if n, err := parsePrefixLen(mask, bits); err == nil {
			m = net.CIDRMask(n, bits)
		} else if mip := net.ParseIP(mask); mip != nil && bits == 32 && mip.To4() != nil {
			m = net.IPMask(mip.To4())
		} else {
			return nil, fmt.Errorf("invalid netmask %q", mask)
		}
	}
	return &net.IPNet{IP: ip.Mask(m), Mask: m}, nil
}

func parsePrefixLen(s string, bits int) (int, error) {
	n := 0
	if s == "" || len(s) > 3 {
		return 0, errors.New("bad prefix length")
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, errors.New("bad prefix length")
		}
		n = n*10 + int(c-'0')
	}
	if n > bits {
		return 0, errors.New("prefix length too long")
	}
	return n, nil
}

// banKey names a subnet in the ban map.
func banKey(n *net.IPNet) string {
	if name, ok := overlayName(n); ok {
		return name
	}
	return n.String()
}

func (l *banList) sweep(now time.Time) {
	for k, b := range l.bans {
		if !now.Before(b.Until) {
			delete(l.bans, k)
		}
	}
}

// Ban bans subnet until the given time and disconnects the peers in it.
func (s *Server) Ban(subnet *net.IPNet, until time.Time) error {
	now := s.cfg.Now()
	l := &s.bans
	l.mu.Lock()
	l.sweep(now)
	if l.bans == nil {
		l.bans = map[string]Ban{}
	}
	key := banKey(subnet)
	if _, ok := l.bans[key]; ok {
		l.mu.Unlock()
		return ErrAlreadyBanned
	}
	l.bans[key] = Ban{Subnet: subnet, Created: now, Until: until}
	l.mu.Unlock()
	s.saveBans()
	for _, p := range s.Peers() {
		if ip := hostIP(p.Addr()); ip != nil && subnet.Contains(ip) {
			p.Disconnect()
		}
	}
	return nil
}

// Banned reports whether a ban covers ip or, for a subnet, whether that
// exact subnet is banned (Core's IsBanned for addresses and subnets).
func (s *Server) Banned(subnet *net.IPNet) bool {
	l := &s.bans
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(s.cfg.Now())
	if _, ok := overlayName(subnet); ok {
		_, ok := l.bans[banKey(subnet)]
		return ok
	}
	if ones, bits := subnet.Mask.Size(); ones != bits {
		_, ok := l.bans[banKey(subnet)]
		return ok
	}
	for _, b := range l.bans {
		if _, overlay := overlayName(b.Subnet); !overlay && b.Subnet.Contains(subnet.IP) {
			return true
		}
	}
	return false
}

// Unban lifts the ban of exactly this subnet.
func (s *Server) Unban(subnet *net.IPNet) error {
	l := &s.bans
	l.mu.Lock()
	if _, ok := l.bans[banKey(subnet)]; !ok {
		l.mu.Unlock()
		return ErrNotBanned
	}
	delete(l.bans, banKey(subnet))
	l.mu.Unlock()
	s.saveBans()
	return nil
}

// Bans lists the current bans ordered by network address, then mask.
func (s *Server) Bans() []Ban {
	l := &s.bans
	l.mu.Lock()
	l.sweep(s.cfg.Now())
	out := make([]Ban, 0, len(l.bans))
	for _, b := range l.bans {
		out = append(out, b)
	}
	l.mu.Unlock()
	// Core orders by network (IPv4, IPv6, then Tor and I2P), address, mask.
	sort.Slice(out, func(i, j int) bool {
		_, oi := overlayName(out[i].Subnet)
		_, oj := overlayName(out[j].Subnet)
		if oi != oj {
			return oj
		}
		if oi {
			return banKey(out[i].Subnet) < banKey(out[j].Subnet)
		}
		if c := bytes.Compare(out[i].Subnet.IP.To16(), out[j].Subnet.IP.To16()); c != 0 {
			return c < 0
		}
		return bytes.Compare(out[i].Subnet.Mask, out[j].Subnet.Mask) < 0
	})
	return out
}

// ClearBans removes every ban.
func (s *Server) ClearBans() {
	s.bans.mu.Lock()
	s.bans.bans = nil
	s.bans.mu.Unlock()
	s.saveBans()
}

// bannedAddr reports whether a connection's remote address is banned.
func (s *Server) bannedAddr(addr net.Addr) bool {
	ip := hostIP(addr.String())
	if ip == nil {
		return false
	}
	bits := 128
	if ip.To4() != nil {
		ip, bits = ip.To4(), 32
	}
	return s.Banned(&net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
}

func hostIP(addr string) net.IP {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	return net.ParseIP(host)
}

// Totals returns the bytes received and sent over all connections.
func (s *Server) Totals() (recv, sent uint64) {
	return s.totals.recv.Load(), s.totals.sent.Load()
}
