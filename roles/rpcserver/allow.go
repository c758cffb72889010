package rpcserver

import (
	"errors"
	"fmt"
	"math/bits"
	"net/netip"
	"strconv"
	"strings"
)

// ErrInvalidAllowIP is wrapped by ParseSubnet errors.
var ErrInvalidAllowIP = errors.New("Invalid -rpcallowip subnet specification")

// ParseSubnet reads an -rpcallowip value as Core's LookupSubNet: a single
// IP, IP/CIDR or IP/netmask (IPv4 or IPv6, no host names).
func ParseSubnet(s string) (netip.Prefix, error) {
	bad := func() (netip.Prefix, error) {
		return netip.Prefix{}, fmt.Errorf("%w: %s. Valid values are a single IP (e.g. 1.2.3.4), a network/netmask (e.g. 1.2.3.4/255.255.255.0), a network/CIDR (e.g. 1.2.3.4/24), all ipv4 (0.0.0.0/0), or all ipv6 (::/0). RFC4193 is allowed only if -cjdnsreachable=0.", ErrInvalidAllowIP, s)
	}
	addrStr, maskStr, hasMask := s, "", false
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		addrStr, maskStr, hasMask = s[:i], s[i+1:], true
	}
	addr, err := netip.ParseAddr(addrStr)
	if err != nil || addr.Zone() != "" {
		return bad()
	}
	addr = addr.Unmap()
	if !hasMask {
		return netip.PrefixFrom(addr, addr.BitLen()), nil
	}
	if n, err := strconv.ParseUint(maskStr, 10, 8); err == nil && !strings.HasPrefix(maskStr, "+") {
		if int(n) > addr.BitLen() {
			return bad()
		}
		return netip.PrefixFrom(addr, int(n)).Masked(), nil
	}
	mask, err := netip.ParseAddr(maskStr)
	if err != nil || mask.Zone() != "" {
		return bad()
	}
	mask = mask.Unmap()
	if mask.BitLen() != addr.BitLen() {
		return bad()
	}
	ones, zeros := 0, false
	for _, b := range mask.AsSlice() {
		n := bits.LeadingZeros8(^b)
		if b<<uint(n) != 0 || (zeros && n != 0) {
			return bad()
		}
		if n < 8 {
			zeros = true
		}
		ones += n
	}
	return netip.PrefixFrom(addr, ones).Masked(), nil
}

// allowList is the set of subnets allowed to use the server; loopback
// (127.0.0.0/8 and ::1) is always included, as Core.
type allowList []netip.Prefix

func newAllowList(specs []string) (allowList, error) {
	l := allowList{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	for _, s := range specs {
		p, err := ParseSubnet(s)
		if err != nil {
			return nil, err
		}
		l = append(l, p)
	}
	return l, nil
}

func (l allowList) allowed(a netip.Addr) bool {
	a = a.Unmap().WithZone("")
	for _, p := range l {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func (l allowList) String() string {
	parts := make([]string, len(l))
	for i, p := range l {
		parts[i] = p.String()
	}
	return strings.Join(parts, " ")
}
