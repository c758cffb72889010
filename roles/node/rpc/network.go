package rpc

import (
	"fmt"
	"net"
	"sort"
	"strings"
	"sync"

	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/node/p2p"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// Network is what the network commands need.
type Network struct {
	P2P        *p2p.Server
	SubVersion string // e.g. "/mpbitcoin:0.1.0(comment)/"
	Version    int64  // CLIENT_VERSION-style number

	mu    sync.Mutex
	added []string // addnode "add" list
}

func seconds(d interface{ Seconds() float64 }) univalue.Value {
	return univalue.NewNumber(fmt.Sprintf("%.6f", d.Seconds()))
}

func (n *Node) networkCommands() []rs.Command {
	nw := n.Net
	return []rs.Command{
		{Name: "getconnectioncount", Category: "network",
			Help: "Returns the number of connections to other nodes.", Result: "n    (numeric) The connection count",
			Examples: ex("getconnectioncount", ""),
			Handler:  func(*rs.Request) (any, error) { return len(nw.P2P.Peers()), nil }},
		{Name: "ping", Category: "network",
			Help:     "Requests that a ping be sent to all other nodes, to measure ping time.\nResults are provided in getpeerinfo, pingtime and pingwait fields are decimal seconds.\nPing command is handled in queue with all other commands, so it measures processing backlog, not just network ping.",
			Examples: ex("ping", ""),
			Handler:  func(*rs.Request) (any, error) { nw.P2P.PingAll(); return nil, nil }},
		{Name: "getpeerinfo", Category: "network",
			Help:     "Returns data about each connected network peer as a json array of objects.",
			Examples: ex("getpeerinfo", ""),
			Handler:  n.getpeerinfo},
		{Name: "getnetworkinfo", Category: "network",
			Help:     "Returns an object containing various state info regarding P2P networking.",
			Examples: ex("getnetworkinfo", ""),
			Handler:  n.getnetworkinfo},
		{Name: "addnode", Category: "network",
			Help: "Attempts to add or remove a node from the addnode list.\nOr try a connection to a node once.\nNodes added using addnode (or -connect) are protected from DoS disconnection and are not required to be\nfull nodes/support SegWit as other outbound peers are (though such peers will not be synced from).\nAddnode connections are limited to 8 at a time and are counted separately from the -maxconnections limit.",
			Args: []rs.Arg{
				{Name: "node", Type: rs.ArgString, Help: "The address of the peer to connect to"},
				{Name: "command", Type: rs.ArgString, Help: "'add' to add a node to the list, 'remove' to remove a node from the list, 'onetry' to try a connection to the node once"},
				{Name: "v2transport", Type: rs.ArgBool, Default: "set by -v2transport", Help: "Attempt to connect using BIP324 v2 transport protocol (ignored for 'remove' command)"},
			},
			Examples: ex("addnode", "\"192.168.0.6:8333\" \"onetry\" true"),
			Handler:  n.addnode},
		{Name: "disconnectnode", Category: "network",
			Help: "Immediately disconnects from the specified peer node.\n\nStrictly one out of 'address' and 'nodeid' can be provided to identify the node.\n\nTo disconnect by nodeid, either set 'address' to the empty string, or call using the named 'nodeid' argument only.",
			Args: []rs.Arg{
				{Name: "address", Type: rs.ArgString, Default: "fallback to nodeid", Help: "The IP address/port of the node"},
				{Name: "nodeid", Type: rs.ArgNumber, Default: "fallback to address", Help: "The node ID (see getpeerinfo for node IDs)"},
			},
			Examples: ex("disconnectnode", "\"192.168.0.6:8333\""),
			Handler: func(r *rs.Request) (any, error) {
				addrRaw, idRaw := r.Arg(0), r.Arg(1)
				addr := ""
				if addrRaw != nil {
					var err error
					if addr, err = stringArg(addrRaw); err != nil {
						return nil, err
					}
				}
				// Core: an address alone, or a node id with no (or an
				// empty) address.
				var found bool
				switch {
				case addrRaw != nil && idRaw == nil:
					found = addr != "" && nw.P2P.Disconnect(addr, -1)
				case idRaw != nil && addr == "":
					id, err := intArg(idRaw, -1)
					if err != nil {
						return nil, err
					}
					found = nw.P2P.Disconnect("", int32(id))
				default:
					return nil, rs.NewError(rs.InvalidParams, "Only one of address and nodeid should be provided.")
				}
				if !found {
					return nil, rs.NewError(-29, "Node not found in connected nodes")
				}
				return nil, nil
			}},
		{Name: "setnetworkactive", Category: "network",
			Help: "Disable/enable all p2p network activity.",
			Args: []rs.Arg{{Name: "state", Type: rs.ArgBool, Help: "true to enable networking, false to disable"}},
			Handler: func(r *rs.Request) (any, error) {
				on, err := boolArg(r.Arg(0), true)
				if err != nil {
					return nil, err
				}
				nw.P2P.SetNetworkActive(on)
				return on, nil
			}},
	}
}

func (n *Node) addnode(r *rs.Request) (any, error) {
	nw := n.Net
	node, err := stringArg(r.Arg(0))
	if err != nil {
		return nil, err
	}
	cmd, err := stringArg(r.Arg(1))
	if err != nil {
		return nil, err
	}
	// The list keeps the string as given (getaddednodeinfo shows it);
	// connections use the default port when it has none.
	target := n.dialAddr(node)
	nw.mu.Lock()
	defer nw.mu.Unlock()
	switch cmd {
	case "onetry":
		nw.P2P.ConnectAsync(target)
	case "add":
		for _, a := range nw.added {
			if a == node {
				return nil, rs.NewError(-23, "Error: Node already added")
			}
		}
		nw.added = append(nw.added, node)
		nw.P2P.ConnectAsync(target)
	case "remove":
		for i, a := range nw.added {
			if a == node {
				nw.added = append(nw.added[:i], nw.added[i+1:]...)
				return nil, nil
			}
		}
		return nil, rs.NewError(-24, "Error: Node could not be removed. It has not been added previously.")
	default:
		// Core answers an unknown command with the method's help (-1).
		return nil, rs.NewError(rs.RPCMiscError, "%s", n.table.Help("addnode"))
	}
	return nil, nil
}

func servicesNames(f wire.ServiceFlag) univalue.Value {
	names := []struct {
		flag wire.ServiceFlag
		name string
	}{{wire.SFNodeNetwork, "NETWORK"}, {wire.SFNodeBloom, "BLOOM"}, {wire.SFNodeWitness, "WITNESS"},
		{wire.SFNodeCF, "COMPACT_FILTERS"}, {wire.SFNodeNetworkLimited, "NETWORK_LIMITED"}, {wire.SFNodeP2PV2, "P2P_V2"}}
	out := univalue.NewArray()
	for _, n := range names {
		if f&n.flag != 0 {
			out.Push(univalue.NewString(n.name))
		}
	}
	return out
}

func perMsg(m map[string]uint64) univalue.Value {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	o := univalue.NewObject()
	for _, k := range keys {
		o.PushKV(k, univalue.NewNumber(fmt.Sprint(m[k])))
	}
	return o
}

func unix(t interface {
	Unix() int64
	IsZero() bool
}) univalue.Value {
	if t.IsZero() {
		return univalue.NewInt(0)
	}
	return univalue.NewInt(t.Unix())
}

func (n *Node) getpeerinfo(*rs.Request) (any, error) {
	out := univalue.NewArray()
	for _, p := range n.Net.P2P.Peers() {
		st := p.Stats(n.Net.P2P.Now())
		o := univalue.NewObject()
		o.PushKV("id", univalue.NewInt(int64(p.NodeID())))
		o.PushKV("addr", univalue.NewString(p.Addr()))
		if la := p.LocalAddr(); la != nil {
			o.PushKV("addrbind", univalue.NewString(la.String()))
		}
		o.PushKV("network", univalue.NewString(networkOf(p.Addr())))
		o.PushKV("services", univalue.NewString(fmt.Sprintf("%016x", uint64(p.Services()))))
		o.PushKV("servicesnames", servicesNames(p.Services()))
		o.PushKV("relaytxes", univalue.NewBool(false))
		o.PushKV("lastsend", unix(st.LastSend))
		o.PushKV("lastrecv", unix(st.LastRecv))
		o.PushKV("last_transaction", univalue.NewInt(0))
		o.PushKV("last_block", univalue.NewInt(0))
		o.PushKV("bytessent", univalue.NewNumber(fmt.Sprint(st.BytesSent)))
		o.PushKV("bytesrecv", univalue.NewNumber(fmt.Sprint(st.BytesRecv)))
		o.PushKV("conntime", univalue.NewInt(p.ConnTime.Unix()))
		o.PushKV("timeoffset", univalue.NewInt(0))
		if st.PingTime > 0 {
			o.PushKV("pingtime", seconds(st.PingTime))
		}
		if st.MinPing > 0 {
			o.PushKV("minping", seconds(st.MinPing))
		}
		if st.PingWait > 0 {
			o.PushKV("pingwait", seconds(st.PingWait))
		}
		o.PushKV("version", univalue.NewInt(int64(p.ProtocolVersion())))
		o.PushKV("subver", univalue.NewString(p.UserAgent()))
		o.PushKV("inbound", univalue.NewBool(p.Inbound()))
		o.PushKV("bip152_hb_to", univalue.NewBool(false))
		o.PushKV("bip152_hb_from", univalue.NewBool(false))
		o.PushKV("startingheight", univalue.NewInt(int64(p.StartingHeight())))
		o.PushKV("presynced_headers", univalue.NewInt(-1))
		o.PushKV("synced_headers", univalue.NewInt(int64(st.SyncedBlocks)))
		o.PushKV("synced_blocks", univalue.NewInt(int64(st.SyncedBlocks)))
		o.PushKV("inflight", univalue.NewArray())
		o.PushKV("addr_relay_enabled", univalue.NewBool(false))
		o.PushKV("addr_processed", univalue.NewInt(0))
		o.PushKV("addr_rate_limited", univalue.NewInt(0))
		o.PushKV("permissions", univalue.NewArray())
		o.PushKV("minfeefilter", univalue.NewNumber("0.00000000"))
		o.PushKV("bytessent_per_msg", perMsg(st.SentPerMsg))
		o.PushKV("bytesrecv_per_msg", perMsg(st.RecvPerMsg))
		ct := "outbound-full-relay"
		if p.Inbound() {
			ct = "inbound"
		}
		o.PushKV("connection_type", univalue.NewString(ct))
		o.PushKV("transport_protocol_type", univalue.NewString("v1"))
		o.PushKV("session_id", univalue.NewString(""))
		out.Push(o)
	}
	return out, nil
}

func networkOf(addr string) string {
	host, _, _ := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); ip != nil && ip.To4() == nil {
		return "ipv6"
	}
	if strings.HasSuffix(host, ".onion") {
		return "onion"
	}
	return "ipv4"
}

func (n *Node) getnetworkinfo(*rs.Request) (any, error) {
	nw := n.Net
	in, outb := 0, 0
	for _, p := range nw.P2P.Peers() {
		if p.Inbound() {
			in++
		} else {
			outb++
		}
	}
	services := wire.SFNodeNetwork | wire.SFNodeWitness | wire.SFNodeNetworkLimited
	o := univalue.NewObject()
	o.PushKV("version", univalue.NewInt(nw.Version))
	o.PushKV("subversion", univalue.NewString(nw.SubVersion))
	o.PushKV("protocolversion", univalue.NewInt(int64(wire.ProtocolVersion)))
	o.PushKV("localservices", univalue.NewString(fmt.Sprintf("%016x", uint64(services))))
	o.PushKV("localservicesnames", servicesNames(services))
	o.PushKV("localrelay", univalue.NewBool(true))
	o.PushKV("timeoffset", univalue.NewInt(0))
	o.PushKV("networkactive", univalue.NewBool(nw.P2P.NetworkActive()))
	o.PushKV("connections", univalue.NewInt(int64(in+outb)))
	o.PushKV("connections_in", univalue.NewInt(int64(in)))
	o.PushKV("connections_out", univalue.NewInt(int64(outb)))
	nets := univalue.NewArray()
	for _, name := range []string{"ipv4", "ipv6", "onion", "i2p", "cjdns"} {
		e := univalue.NewObject()
		e.PushKV("name", univalue.NewString(name))
		e.PushKV("limited", univalue.NewBool(name != "ipv4" && name != "ipv6"))
		e.PushKV("reachable", univalue.NewBool(name == "ipv4" || name == "ipv6"))
		e.PushKV("proxy", univalue.NewString(""))
		e.PushKV("proxy_randomize_credentials", univalue.NewBool(false))
		nets.Push(e)
	}
	o.PushKV("networks", nets)
	o.PushKV("relayfee", univalue.NewNumber(defaultMinRelayFeeBTC))
	o.PushKV("incrementalfee", univalue.NewNumber(defaultIncrementalFeeBT))
	o.PushKV("localaddresses", univalue.NewArray())
	o.PushKV("warnings", univalue.NewArray())
	return o, nil
}
