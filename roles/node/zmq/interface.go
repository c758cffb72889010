package zmq

import (
	"bytes"
	"context"
	"fmt"
	"sync"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"
	"github.com/go-zeromq/zmq4"

	"github.com/mpbitcoin/mpbitcoin/roles/node/notify"
)

// Config is what the interface needs from the node.
type Config struct {
	Endpoints []Endpoint
	// Block returns a block of the active chain, for rawblock when the
	// tip is not the last block connected (it normally is).
	Block func(chainhash.Hash) (*wire.MsgBlock, error)
	// Debugf logs under Core's "zmq" debug category.
	Debugf func(format string, args ...any)
}

// Interface is the running ZMQ notification interface. It is a
// notify.Subscriber; its callbacks run on the hub's goroutine for it.
type Interface struct {
	notify.Nop // UpdatedBlockTip and the rest are overridden below

	cfg    Config
	cancel context.CancelFunc
	socks  map[string]zmq4.Socket

	mu   sync.Mutex // guards pubs (getzmqnotifications reads it)
	pubs []*publisher

	// Delivery state, touched only by the hub's goroutine.
	connected bool           // a block was connected since the last tip update
	last      *wire.MsgBlock // the last block connected
}

// Start binds the configured publishers and subscribes them to hub. With
// no endpoints it returns nil, nil (no ZMQ, as Core). If a publisher
// cannot be set up Core runs without ZMQ, logging why under the zmq
// category; Start does the same and returns the error for the node to log.
// Close stops it.
func Start(hub *notify.Hub, cfg Config) (*Interface, error) {
	if len(cfg.Endpoints) == 0 {
		return nil, nil
	}
	if cfg.Debugf == nil {
		cfg.Debugf = func(string, ...any) {}
	}
	cfg.Debugf("version %s", libraryVersion)
	cfg.Debugf("Initialize notification interface")
	ctx, cancel := context.WithCancel(context.Background())
	pubs, socks, err := openPublishers(ctx, cfg.Endpoints, cfg.Debugf)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("ZMQ notifications disabled: %w", err)
	}
	z := &Interface{cfg: cfg, cancel: cancel, socks: socks, pubs: pubs}
	unsubscribe := hub.Subscribe(z)
	z.cancel = func() { unsubscribe(); cancel() }
	return z, nil
}

// libraryVersion is the ZeroMQ implementation's version, logged as Core
// logs libzmq's.
const libraryVersion = "0.17.0 (go-zeromq/zmq4)"

// Close unsubscribes and closes the sockets. It is safe on nil.
func (z *Interface) Close() {
	if z == nil {
		return
	}
	z.cfg.Debugf("Shutdown notification interface")
	z.cancel()
	for addr, s := range z.socks {
		z.cfg.Debugf("Close socket at address %s", addr)
		_ = s.Close()
	}
}

// Active lists the running publishers (getzmqnotifications).
func (z *Interface) Active() []Endpoint {
	if z == nil {
		return nil
	}
	z.mu.Lock()
	defer z.mu.Unlock()
	out := make([]Endpoint, len(z.pubs))
	for i, p := range z.pubs {
		out[i] = p.Endpoint
	}
	return out
}

// each runs f on every publisher and drops those for which it fails, as
// Core's TryForEachAndRemoveFailed.
func (z *Interface) each(f func(p *publisher) error) {
	z.mu.Lock()
	defer z.mu.Unlock()
	kept := z.pubs[:0]
	for _, p := range z.pubs {
		if err := f(p); err != nil {
			z.cfg.Debugf("Error: %v", err)
			continue
		}
		kept = append(kept, p)
	}
	for i := len(kept); i < len(z.pubs); i++ {
		z.pubs[i] = nil
	}
	z.pubs = kept
}

// tx sends a transaction to the hashtx and rawtx publishers.
func (z *Interface) tx(tx *wire.MsgTx) {
	hash := tx.TxHash()
	var raw []byte
	z.each(func(p *publisher) error {
		switch p.topic {
		case TopicHashTx:
			z.cfg.Debugf("Publish hashtx %s to %s", hash, p.Address)
			return p.send(hashBody(hash))
		case TopicRawTx:
			z.cfg.Debugf("Publish rawtx %s to %s", hash, p.Address)
			if raw == nil {
				var buf bytes.Buffer
				if err := tx.Serialize(&buf); err != nil {
					return fmt.Errorf("serializing transaction %s: %w", hash, err)
				}
				raw = buf.Bytes()
			}
			return p.send(bytes.Clone(raw))
		}
		return nil
	})
}

// sequence sends a "sequence" message.
func (z *Interface) sequence(hash chainhash.Hash, label byte, mempoolSeq uint64, what string) {
	z.each(func(p *publisher) error {
		if p.topic != TopicSequence {
			return nil
		}
		z.cfg.Debugf("Publish %s %s to %s", what, hash, p.Address)
		return p.send(sequenceBody(hash, label, mempoolSeq))
	})
}

// BlockConnected sends the block's transactions, then its connection.
func (z *Interface) BlockConnected(block *wire.MsgBlock, _ int32) {
	for _, tx := range block.Transactions {
		z.tx(tx)
	}
	z.sequence(block.BlockHash(), LabelConnect, 0, "sequence block connect")
	z.connected, z.last = true, block
}

// BlockDisconnected sends the block's transactions, then its
// disconnection.
func (z *Interface) BlockDisconnected(block *wire.MsgBlock, _ int32) {
	for _, tx := range block.Transactions {
		z.tx(tx)
	}
	z.sequence(block.BlockHash(), LabelDisconnect, 0, "sequence block disconnect")
}

// TransactionAddedToMempool sends the transaction and its acceptance.
func (z *Interface) TransactionAddedToMempool(tx *wire.MsgTx, mempoolSeq uint64) {
	z.tx(tx)
	z.sequence(tx.TxHash(), LabelAdded, mempoolSeq, "hashtx mempool acceptance")
}

// TransactionRemovedFromMempool sends the removal, except for block
// inclusion (Core reports that through the block only).
func (z *Interface) TransactionRemovedFromMempool(tx *wire.MsgTx, reason string, mempoolSeq uint64) {
	if reason == notify.ReasonBlock {
		return
	}
	z.sequence(tx.TxHash(), LabelRemoved, mempoolSeq, "hashtx mempool removal")
}

// UpdatedBlockTip sends the new tip to the hashblock and rawblock
// publishers, unless in initial block download or when blocks were only
// disconnected (Core: pindexNew == pindexFork).
func (z *Interface) UpdatedBlockTip(hash chainhash.Hash, _ int32, initialDownload bool) {
	connected := z.connected
	z.connected = false
	if initialDownload || !connected {
		return
	}
	var raw []byte
	z.each(func(p *publisher) error {
		switch p.topic {
		case TopicHashBlock:
			z.cfg.Debugf("Publish hashblock %s to %s", hash, p.Address)
			return p.send(hashBody(hash))
		case TopicRawBlock:
			z.cfg.Debugf("Publish rawblock %s to %s", hash, p.Address)
			if raw == nil {
				var err error
				if raw, err = z.rawBlock(hash); err != nil {
					z.cfg.Debugf("Error: Can't read block from disk, msg: %v", err)
					return err
				}
			}
			return p.send(bytes.Clone(raw))
		}
		return nil
	})
}

func (z *Interface) rawBlock(hash chainhash.Hash) ([]byte, error) {
	blk := z.last
	if blk == nil || blk.BlockHash() != hash {
		if z.cfg.Block == nil {
			return nil, fmt.Errorf("block %s not available", hash)
		}
		var err error
		if blk, err = z.cfg.Block(hash); err != nil {
			return nil, fmt.Errorf("reading block %s: %w", hash, err)
		}
	}
	var buf bytes.Buffer
	if err := blk.Serialize(&buf); err != nil {
		return nil, fmt.Errorf("serializing block %s: %w", hash, err)
	}
	return buf.Bytes(), nil
}
