package rpc

import (
	"errors"
	"net"
	"strings"
	"time"

	"github.com/mpbitcoin/mpbitcoin/roles/node/p2p"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// dialAddr is an addnode string with the chain's default port when it
// names none.
func (n *Node) dialAddr(node string) string {
	if _, _, err := net.SplitHostPort(node); err != nil {
		return net.JoinHostPort(node, n.Chain.Params.DefaultPort)
	}
	return node
}

// netExtraCommands are setban, listbanned, clearbanned, getnettotals and
// getaddednodeinfo.
func (n *Node) netExtraCommands() []rs.Command {
	nw := n.Net
	return []rs.Command{
		{Name: "setban", Category: "network",
			Help: "Attempts to add or remove an IP/Subnet from the banned list.",
			Args: []rs.Arg{
				{Name: "subnet", Type: rs.ArgString, Help: "The IP/Subnet (see getpeerinfo for nodes IP) with an optional netmask (default is /32 = single IP)"},
				{Name: "command", Type: rs.ArgString, Help: "'add' to add an IP/Subnet to the list, 'remove' to remove an IP/Subnet from the list"},
				{Name: "bantime", Type: rs.ArgNumber, Default: "0", Help: "time in seconds how long (or until when if [absolute] is set) the IP is banned (0 or empty means using the default time of 24h which can also be overwritten by the -bantime startup argument)"},
				{Name: "absolute", Type: rs.ArgBool, Default: "false", Help: "If set, the bantime must be an absolute timestamp expressed in UNIX epoch time"},
			},
			Examples: rs.HelpExampleCli("setban", "\"192.168.0.6\" \"add\" 86400") +
				rs.HelpExampleCli("setban", "\"192.168.0.0/24\" \"add\"") +
				rs.HelpExampleRPC("setban", "\"192.168.0.6\", \"add\", 86400"),
			Handler: n.setban},
		{Name: "listbanned", Category: "network",
			Help: "List all manually banned IPs/Subnets.",
			ResultDocs: []rs.ResultDoc{{Type: rs.ResArr, Inner: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
				{Type: rs.ResStr, Key: "address", Help: "The IP/Subnet of the banned node"},
				{Type: rs.ResNumTime, Key: "ban_created", Help: "The UNIX epoch time the ban was created"},
				{Type: rs.ResNumTime, Key: "banned_until", Help: "The UNIX epoch time the ban expires"},
				{Type: rs.ResNumTime, Key: "ban_duration", Help: "The ban duration, in seconds"},
				{Type: rs.ResNumTime, Key: "time_remaining", Help: "The time remaining until the ban expires, in seconds"},
			}}}}},
			Examples: ex("listbanned", ""),
			Handler: func(*rs.Request) (any, error) {
				now := nw.P2P.Now().Unix()
				out := univalue.NewArray()
				for _, b := range nw.P2P.Bans() {
					o := univalue.NewObject()
					o.PushKV("address", univalue.NewString(b.Address()))
					o.PushKV("ban_created", univalue.NewInt(b.Created.Unix()))
					o.PushKV("banned_until", univalue.NewInt(b.Until.Unix()))
					o.PushKV("ban_duration", univalue.NewInt(b.Until.Unix()-b.Created.Unix()))
					o.PushKV("time_remaining", univalue.NewInt(b.Until.Unix()-now))
					out.Push(o)
				}
				return out, nil
			}},
		{Name: "clearbanned", Category: "network",
			Help:     "Clear all banned IPs.",
			Examples: ex("clearbanned", ""),
			Handler:  func(*rs.Request) (any, error) { nw.P2P.ClearBans(); return nil, nil }},
		{Name: "getnettotals", Category: "network",
			Help: "Returns information about network traffic, including bytes in, bytes out,\nand current system time.",
			ResultDocs: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
				{Type: rs.ResNum, Key: "totalbytesrecv", Help: "Total bytes received"},
				{Type: rs.ResNum, Key: "totalbytessent", Help: "Total bytes sent"},
				{Type: rs.ResNumTime, Key: "timemillis", Help: "Current system UNIX epoch time in milliseconds"},
				{Type: rs.ResObj, Key: "uploadtarget", Inner: []rs.ResultDoc{
					{Type: rs.ResNum, Key: "timeframe", Help: "Length of the measuring timeframe in seconds"},
					{Type: rs.ResNum, Key: "target", Help: "Target in bytes"},
					{Type: rs.ResBool, Key: "target_reached", Help: "True if target is reached"},
					{Type: rs.ResBool, Key: "serve_historical_blocks", Help: "True if serving historical blocks"},
					{Type: rs.ResNum, Key: "bytes_left_in_cycle", Help: "Bytes left in current time cycle"},
					{Type: rs.ResNum, Key: "time_left_in_cycle", Help: "Seconds left in current time cycle"},
				}},
			}}},
			Examples: ex("getnettotals", ""),
			Handler: func(*rs.Request) (any, error) {
				recv, sent := nw.P2P.Totals()
				o := univalue.NewObject()
				o.PushKV("totalbytesrecv", univalue.NewInt(int64(recv)))
				o.PushKV("totalbytessent", univalue.NewInt(int64(sent)))
				o.PushKV("timemillis", univalue.NewInt(time.Now().UnixMilli()))
				// No -maxuploadtarget: Core's figures for an unlimited target.
				up := univalue.NewObject()
				up.PushKV("timeframe", univalue.NewInt(86400))
				up.PushKV("target", univalue.NewInt(0))
				up.PushKV("target_reached", univalue.NewBool(false))
				up.PushKV("serve_historical_blocks", univalue.NewBool(true))
				up.PushKV("bytes_left_in_cycle", univalue.NewInt(0))
				up.PushKV("time_left_in_cycle", univalue.NewInt(0))
				o.PushKV("uploadtarget", up)
				return o, nil
			}},
		{Name: "getaddednodeinfo", Category: "network",
			Help: "Returns information about the given added node, or all added nodes\n(note that onetry addnodes are not listed here)",
			Args: []rs.Arg{{Name: "node", Type: rs.ArgString, Default: "all nodes", Help: "If provided, return information about this specific node, otherwise all nodes are returned."}},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResArr, Inner: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
				{Type: rs.ResStr, Key: "addednode", Help: "The node IP address or name (as provided to addnode)"},
				{Type: rs.ResBool, Key: "connected", Help: "If connected"},
				{Type: rs.ResArr, Key: "addresses", Help: "Only when connected = true", Inner: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
					{Type: rs.ResStr, Key: "address", Help: "The bitcoin server IP and port we're connected to"},
					{Type: rs.ResStr, Key: "connected", Help: "connection, inbound or outbound"},
				}}}},
			}}}}},
			Examples: ex("getaddednodeinfo", "\"192.168.0.201\""),
			Handler:  n.getaddednodeinfo},
	}
}

func (n *Node) setban(r *rs.Request) (any, error) {
	nw := n.Net
	cmd := ""
	if raw := r.Arg(1); raw != nil {
		var err error
		if cmd, err = stringArg(raw); err != nil {
			return nil, err
		}
	}
	if cmd != "add" && cmd != "remove" {
		return nil, rs.NewError(rs.RPCMiscError, "%s", n.table.Help("setban"))
	}
	s, err := stringArg(r.Arg(0))
	if err != nil {
		return nil, err
	}
	subnet, err := p2p.ParseSubnet(s)
	if err != nil || (!strings.Contains(s, "/") && subnet.IP.IsUnspecified()) {
		return nil, rs.NewError(rs.ClientInvalidIPOrSubnet, "Error: Invalid IP/Subnet")
	}
	if cmd == "remove" {
		if err := nw.P2P.Unban(subnet); err != nil {
			return nil, rs.NewError(rs.ClientInvalidIPOrSubnet, "Error: Unban failed. Requested address/subnet was not previously manually banned.")
		}
		return nil, nil
	}
	if nw.P2P.Banned(subnet) {
		return nil, rs.NewError(rs.ClientNodeAlreadyAdded, "Error: IP/Subnet already banned")
	}
	banTime, err := intArg(r.Arg(2), 0)
	if err != nil {
		return nil, err
	}
	absolute, err := boolArg(r.Arg(3), false)
	if err != nil {
		return nil, err
	}
	now := nw.P2P.Now()
	if absolute && banTime < now.Unix() {
		return nil, rs.NewError(rs.InvalidParameter, "Error: Absolute timestamp is in the past")
	}
	until := now.Add(p2p.DefaultBanTime)
	switch {
	case absolute:
		until = time.Unix(banTime, 0)
	case banTime > 0:
		until = now.Add(time.Duration(banTime) * time.Second)
	}
	if err := nw.P2P.Ban(subnet, until); errors.Is(err, p2p.ErrAlreadyBanned) {
		return nil, rs.NewError(rs.ClientNodeAlreadyAdded, "Error: IP/Subnet already banned")
	} else if err != nil {
		return nil, err
	}
	return nil, nil
}

func (n *Node) getaddednodeinfo(r *rs.Request) (any, error) {
	nw := n.Net
	nw.mu.Lock()
	added := append([]string(nil), nw.added...)
	nw.mu.Unlock()
	if raw := r.Arg(0); raw != nil {
		s, err := stringArg(raw)
		if err != nil {
			return nil, err
		}
		found := false
		for _, a := range added {
			if a == s {
				added, found = []string{a}, true
				break
			}
		}
		if !found {
			return nil, rs.NewError(rs.ClientNodeNotAdded, "Error: Node has not been added.")
		}
	}
	peers := nw.P2P.Peers()
	out := univalue.NewArray()
	for _, a := range added {
		target := n.dialAddr(a)
		o := univalue.NewObject()
		o.PushKV("addednode", univalue.NewString(a))
		addrs := univalue.NewArray()
		for _, p := range peers {
			if p.Addr() == target {
				e := univalue.NewObject()
				e.PushKV("address", univalue.NewString(p.Addr()))
				e.PushKV("connected", univalue.NewString(map[bool]string{true: "inbound", false: "outbound"}[p.Inbound()]))
				addrs.Push(e)
				break
			}
		}
		o.PushKV("connected", univalue.NewBool(addrs.Len() > 0))
		o.PushKV("addresses", addrs)
		out.Push(o)
	}
	return out, nil
}
