package p2p

import (
	"time"

	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/peer"
	"github.com/btcsuite/btcd/wire/v2"
)

// maxBlocksPerInv is the most block hashes one getblocks answer carries.
const maxBlocksPerInv = 500

func (s *Server) peerConfig() *peer.Config {
	return &peer.Config{
		NewestBlock: func() (*chainhash.Hash, int32, error) {
			tip := s.chain.Tip()
			return &tip.Hash, tip.Height, nil
		},
		UserAgentName:     s.cfg.UserAgent,
		UserAgentVersion:  s.cfg.Version,
		UserAgentComments: s.cfg.Comments,
		ChainParams:       s.chain.Params,
		Services:          wire.SFNodeNetwork | wire.SFNodeWitness | wire.SFNodeNetworkLimited,
		ProtocolVersion:   peer.MaxProtocolVersion,
		DisableRelayTx:    s.cfg.Pool == nil,
		TrickleInterval:   100 * time.Millisecond,
		AllowSelfConns:    s.cfg.AllowSelfConns,
		// Core does not drop a peer for leaving a getblocks or getdata
		// unanswered (test peers often do); btcd's stall handler would.
		DisableStallHandler: true,
		Listeners: peer.MessageListeners{
			OnVerAck:     s.onVerAck,
			OnInv:        s.onInv,
			OnBlock:      s.onBlock,
			OnTx:         s.onTx,
			OnGetData:    s.onGetData,
			OnGetBlocks:  s.onGetBlocks,
			OnGetHeaders: s.onGetHeaders,
			OnPong:       s.onPong,
			OnRead:       s.onRead,
			OnWrite:      s.onWrite,
		},
	}
}

// onVerAck starts block sync: ask for the blocks after our tip.
func (s *Server) onVerAck(p *peer.Peer, _ *wire.MsgVerAck) {
	s.requestBlocks(p, &chainhash.Hash{})
	if sp := s.lookup(p); sp != nil {
		sp.sendPing(s.cfg.Now()) // Core pings right after the handshake
	}
}

func (s *Server) requestBlocks(p *peer.Peer, stop *chainhash.Hash) {
	loc, err := s.chain.BlockChain().LatestBlockLocator()
	if err != nil {
		return
	}
	_ = p.PushGetBlocksMsg(loc, stop)
}

func (s *Server) onInv(p *peer.Peer, msg *wire.MsgInv) {
	gd := wire.NewMsgGetData()
	for _, iv := range msg.InvList {
		if (iv.Type == wire.InvTypeTx || iv.Type == wire.InvTypeWitnessTx) && s.cfg.Pool != nil {
			if !s.cfg.Pool.Have(&iv.Hash) {
				_ = gd.AddInvVect(wire.NewInvVect(wire.InvTypeWitnessTx, &iv.Hash))
			}
			continue
		}
		if iv.Type != wire.InvTypeBlock && iv.Type != wire.InvTypeWitnessBlock {
			continue
		}
		if have, err := s.chain.BlockChain().HaveBlock(&iv.Hash); err == nil && !have {
			_ = gd.AddInvVect(wire.NewInvVect(wire.InvTypeWitnessBlock, &iv.Hash))
		}
	}
	if len(gd.InvList) > 0 {
		p.QueueMessage(gd, nil)
	}
}

func (s *Server) onBlock(p *peer.Peer, msg *wire.MsgBlock, _ []byte) {
	blk := btcutil.NewBlock(msg)
	reason, err := s.chain.Submit(blk)
	if err != nil {
		s.cfg.Log("net", "block %s from peer=%d: %v", blk.Hash(), p.ID()-1, err)
		return
	}
	switch reason {
	case "", "duplicate", "inconclusive":
		if sp := s.lookup(p); sp != nil {
			if h, err := s.chain.Height(*blk.Hash()); err == nil {
				sp.setSynced(h)
			}
		}
	case "prev-blk-not-found":
		// An orphan: fetch what lies between our tip and its root.
		s.requestBlocks(p, s.chain.BlockChain().GetOrphanRoot(blk.Hash()))
	default:
		s.cfg.Log("net", "block %s from peer=%d rejected: %s", blk.Hash(), p.ID()-1, reason)
	}
}

func (s *Server) onGetData(p *peer.Peer, msg *wire.MsgGetData) {
	nf := wire.NewMsgNotFound()
	for _, iv := range msg.InvList {
		if (iv.Type == wire.InvTypeTx || iv.Type == wire.InvTypeWitnessTx) && s.cfg.Pool != nil {
			tx, err := s.cfg.Pool.Fetch(&iv.Hash)
			if err != nil {
				_ = nf.AddInvVect(iv)
				continue
			}
			enc := wire.WitnessEncoding
			if iv.Type == wire.InvTypeTx {
				enc = wire.BaseEncoding
			}
			p.QueueMessageWithEncoding(tx.MsgTx(), nil, enc)
			continue
		}
		if iv.Type != wire.InvTypeBlock && iv.Type != wire.InvTypeWitnessBlock {
			_ = nf.AddInvVect(iv)
			continue
		}
		blk, err := s.chain.BlockByHash(&iv.Hash)
		if err != nil {
			_ = nf.AddInvVect(iv)
			continue
		}
		enc := wire.WitnessEncoding
		if iv.Type == wire.InvTypeBlock {
			enc = wire.BaseEncoding
		}
		done := make(chan struct{}, 1)
		p.QueueMessageWithEncoding(blk.MsgBlock(), done, enc)
		<-done
	}
	if len(nf.InvList) > 0 {
		p.QueueMessage(nf, nil)
	}
}

func (s *Server) onGetBlocks(p *peer.Peer, msg *wire.MsgGetBlocks) {
	hashes := s.chain.BlockChain().LocateBlocks(msg.BlockLocatorHashes, &msg.HashStop, maxBlocksPerInv)
	inv := wire.NewMsgInv()
	for i := range hashes {
		_ = inv.AddInvVect(wire.NewInvVect(wire.InvTypeBlock, &hashes[i]))
	}
	if len(inv.InvList) > 0 {
		p.QueueMessage(inv, nil)
	}
}

func (s *Server) onGetHeaders(p *peer.Peer, msg *wire.MsgGetHeaders) {
	hdrs := s.chain.BlockChain().LocateHeaders(msg.BlockLocatorHashes, &msg.HashStop)
	out := wire.NewMsgHeaders()
	for i := range hdrs {
		_ = out.AddBlockHeader(&hdrs[i])
	}
	p.QueueMessage(out, nil)
}

// announce sends a new tip to every peer that does not have it.
func (s *Server) announce(blk *btcutil.Block) {
	for _, sp := range s.Peers() {
		if !sp.VerAckReceived() {
			continue
		}
		inv := wire.NewMsgInv()
		_ = inv.AddInvVect(wire.NewInvVect(wire.InvTypeBlock, blk.Hash()))
		sp.QueueMessage(inv, nil)
	}
}

func (s *Server) onPong(p *peer.Peer, msg *wire.MsgPong) {
	sp := s.lookup(p)
	if sp == nil {
		return
	}
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if sp.pingNonce != 0 && msg.Nonce == sp.pingNonce {
		sp.pingTime = s.cfg.Now().Sub(sp.pingStart)
		if sp.minPing == 0 || sp.pingTime < sp.minPing {
			sp.minPing = sp.pingTime
		}
		sp.pingNonce = 0
	}
}

func (s *Server) onRead(p *peer.Peer, n int, msg wire.Message, err error) {
	s.totals.recv.Add(uint64(n))
	if sp := s.lookup(p); sp != nil && msg != nil {
		sp.mu.Lock()
		sp.recvPerMsg[msg.Command()] += uint64(n)
		sp.bytesRecv += uint64(n)
		sp.lastRecv = time.Now()
		sp.mu.Unlock()
	}
}

func (s *Server) onWrite(p *peer.Peer, n int, msg wire.Message, err error) {
	s.totals.sent.Add(uint64(n))
	if sp := s.lookup(p); sp != nil && msg != nil {
		sp.mu.Lock()
		sp.sentPerMsg[msg.Command()] += uint64(n)
		sp.bytesSent += uint64(n)
		sp.lastSend = time.Now()
		sp.mu.Unlock()
	}
}

func (p *Peer) setSynced(h int32) {
	p.mu.Lock()
	if h > p.syncedBlock {
		p.syncedBlock = h
	}
	p.mu.Unlock()
}

// Stats is a copy of a peer's counters for getpeerinfo.
type Stats struct {
	SentPerMsg, RecvPerMsg map[string]uint64
	BytesSent, BytesRecv   uint64
	LastSend, LastRecv     time.Time
	PingTime, MinPing      time.Duration
	PingWait               time.Duration // time since an unanswered ping
	SyncedBlocks           int32
}

// Stats returns the peer's counters; now is the (mockable) current time.
func (p *Peer) Stats(now time.Time) Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	st := Stats{SentPerMsg: map[string]uint64{}, RecvPerMsg: map[string]uint64{},
		BytesSent: p.bytesSent, BytesRecv: p.bytesRecv, LastSend: p.lastSend, LastRecv: p.lastRecv,
		PingTime: p.pingTime, MinPing: p.minPing, SyncedBlocks: p.syncedBlock}
	for k, v := range p.sentPerMsg {
		st.SentPerMsg[k] = v
	}
	for k, v := range p.recvPerMsg {
		st.RecvPerMsg[k] = v
	}
	if p.pingNonce != 0 {
		st.PingWait = now.Sub(p.pingStart)
	}
	return st
}

// onTx offers a relayed transaction to the pool; accepted ones are
// announced on by the pool's OnAccept hook.
func (s *Server) onTx(p *peer.Peer, msg *wire.MsgTx) {
	if s.cfg.Pool == nil {
		return
	}
	tx := btcutil.NewTx(msg)
	if _, err := s.cfg.Pool.Submit(tx); err != nil {
		s.cfg.Log("mempoolrej", "%s from peer=%d was not accepted: %v", tx.Hash(), p.ID()-1, err)
	}
}

// announceTx sends an accepted transaction's inv to every peer.
func (s *Server) announceTx(tx *btcutil.Tx) {
	for _, sp := range s.Peers() {
		if !sp.VerAckReceived() {
			continue
		}
		inv := wire.NewMsgInv()
		_ = inv.AddInvVect(wire.NewInvVect(wire.InvTypeTx, tx.Hash()))
		sp.QueueMessage(inv, nil)
	}
}
