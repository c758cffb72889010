// Package p2p owns the node's peer-to-peer side on btcd's peer package:
// listening, outbound connections (-connect, addnode), per-peer statistics
// for getpeerinfo, ping, and block relay (inv/getdata/getblocks/headers)
// into the chain. Transactions and address relay arrive with the mempool.
package p2p

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"sort"
	"sync"
	"time"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/peer"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	"github.com/mpbitcoin/mpbitcoin/roles/node/mempool"
)

// Config describes the P2P server.
type Config struct {
	Chain      *chain.Chain
	Pool       *mempool.Pool // nil: no transaction relay
	Listen     []string      // host:port to listen on; empty = no listening
	UserAgent  string        // name, e.g. "mpbitcoin"
	Version    string        // e.g. "0.1.0"
	Comments   []string      // -uacomment
	MaxPeers   int
	Log        func(cat, format string, args ...any)
	DialTimout time.Duration
	Now        func() time.Time // mockable clock for ping times (Core's)
	// AllowSelfConns turns off btcd's self-connection check, which keys
	// on process-wide nonces: two servers in one process (tests) need it.
	AllowSelfConns bool
}

// Server runs the node's peers.
type Server struct {
	cfg   Config
	chain *chain.Chain

	mu        sync.Mutex
	peers     map[*peer.Peer]*Peer
	listeners []net.Listener
	active    bool
	wg        sync.WaitGroup
	ctx       context.Context
	cancel    context.CancelFunc
	bans      banList   // setban (bans.go)
	totals    netTotals // getnettotals (bans.go)
}

// Peer is one connected peer and the statistics getpeerinfo reports.
type Peer struct {
	*peer.Peer
	ConnTime time.Time

	mu          sync.Mutex
	sentPerMsg  map[string]uint64
	recvPerMsg  map[string]uint64
	pingNonce   uint64
	pingStart   time.Time
	pingTime    time.Duration
	minPing     time.Duration
	lastSend    time.Time
	lastRecv    time.Time
	bytesSent   uint64
	bytesRecv   uint64
	syncedBlock int32
}

// New returns a stopped server.
func New(cfg Config) *Server {
	if cfg.MaxPeers == 0 {
		cfg.MaxPeers = 125
	}
	if cfg.DialTimout == 0 {
		cfg.DialTimout = 10 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = func(string, string, ...any) {}
	}
	return &Server{cfg: cfg, chain: cfg.Chain, peers: map[*peer.Peer]*Peer{}, active: true}
}

// Start listens and starts relaying new tips.
func (s *Server) Start(ctx context.Context) error {
	s.ctx, s.cancel = context.WithCancel(ctx)
	s.loadBans()
	for _, addr := range s.cfg.Listen {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			s.Stop()
			return fmt.Errorf("Unable to bind to %s on this computer. %w", addr, err)
		}
		s.cfg.Log("", "Bound to %s", ln.Addr())
		s.listeners = append(s.listeners, ln)
		s.wg.Add(1)
		go s.accept(ln)
	}
	if s.cfg.Pool != nil {
		s.cfg.Pool.OnAccept = s.announceTx
	}
	s.chain.BlockChain().Subscribe(func(n *blockchain.Notification) {
		if n.Type != blockchain.NTBlockConnected {
			return
		}
		if blk, ok := n.Data.(*btcutil.Block); ok && blk.Hash().IsEqual(&s.chain.Tip().Hash) {
			s.announce(blk)
		}
	})
	return nil
}

// Stop disconnects every peer and closes the listeners.
func (s *Server) Stop() {
	if s.cancel != nil {
		s.cancel()
	}
	s.mu.Lock()
	for _, ln := range s.listeners {
		ln.Close()
	}
	peers := make([]*Peer, 0, len(s.peers))
	for _, p := range s.peers {
		peers = append(peers, p)
	}
	s.mu.Unlock()
	for _, p := range peers {
		p.Disconnect()
	}
	s.wg.Wait()
	s.saveBans()
}

func (s *Server) accept(ln net.Listener) {
	defer s.wg.Done()
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		if !s.NetworkActive() || s.count() >= s.cfg.MaxPeers || s.bannedAddr(conn.RemoteAddr()) {
			conn.Close()
			continue
		}
		p := peer.NewInboundPeer(s.peerConfig())
		s.attach(p, conn)
	}
}

// Connect opens an outbound connection to addr (host:port).
func (s *Server) Connect(addr string) error {
	if !s.NetworkActive() {
		return errors.New("network disabled")
	}
	p, err := peer.NewOutboundPeer(s.peerConfig(), addr)
	if err != nil {
		return err
	}
	d := net.Dialer{Timeout: s.cfg.DialTimout}
	conn, err := d.DialContext(s.ctx, "tcp", addr)
	if err != nil {
		return err
	}
	s.attach(p, conn)
	return nil
}

func (s *Server) attach(p *peer.Peer, conn net.Conn) {
	sp := &Peer{Peer: p, ConnTime: time.Now(), sentPerMsg: map[string]uint64{}, recvPerMsg: map[string]uint64{}, syncedBlock: -1}
	s.mu.Lock()
	s.peers[p] = sp // keyed by pointer: btcd assigns the id during the handshake
	s.mu.Unlock()
	p.AssociateConnection(conn)
	s.cfg.Log("net", "new %s connection %s", map[bool]string{true: "inbound", false: "outbound"}[p.Inbound()], p.Addr())
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		p.WaitForDisconnect()
		s.mu.Lock()
		delete(s.peers, p)
		s.mu.Unlock()
		s.cfg.Log("net", "disconnecting peer=%d", sp.NodeID())
	}()
}

func (s *Server) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.peers)
}

// Now is the server's clock.
func (s *Server) Now() time.Time { return s.cfg.Now() }

// NodeID is the peer's id as Core numbers them (from 0); btcd's peer ids,
// assigned at the handshake, start at 1.
func (p *Peer) NodeID() int32 { return p.ID() - 1 }

// Peers returns the connected peers ordered by id.
func (s *Server) Peers() []*Peer {
	s.mu.Lock()
	out := make([]*Peer, 0, len(s.peers))
	for _, p := range s.peers {
		out = append(out, p)
	}
	s.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].ID() < out[j].ID() })
	return out
}

func (s *Server) lookup(p *peer.Peer) *Peer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peers[p]
}

// Disconnect drops the peer with this address or id; false if none.
func (s *Server) Disconnect(addr string, id int32) bool {
	for _, p := range s.Peers() {
		if (addr != "" && p.Addr() == addr) || (addr == "" && p.NodeID() == id) {
			p.Disconnect()
			p.WaitForDisconnect()
			return true
		}
	}
	return false
}

// PingAll sends a ping to every peer (the ping RPC).
func (s *Server) PingAll() {
	for _, p := range s.Peers() {
		p.sendPing(s.cfg.Now())
	}
}

func (p *Peer) sendPing(now time.Time) {
	nonce := rand.Uint64()
	p.mu.Lock()
	p.pingNonce, p.pingStart = nonce, now
	p.mu.Unlock()
	p.QueueMessage(wire.NewMsgPing(nonce), nil)
}

// SetNetworkActive turns P2P on or off (setnetworkactive).
func (s *Server) SetNetworkActive(on bool) {
	s.mu.Lock()
	s.active = on
	s.mu.Unlock()
	if !on {
		for _, p := range s.Peers() {
			p.Disconnect()
		}
	}
}

// NetworkActive reports whether P2P is on.
func (s *Server) NetworkActive() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.active
}

// ConnectAsync opens an outbound connection in the background (addnode
// onetry); failures are logged.
func (s *Server) ConnectAsync(addr string) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if err := s.Connect(addr); err != nil {
			s.cfg.Log("net", "connection to %s failed: %v", addr, err)
		}
	}()
}
