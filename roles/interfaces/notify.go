package interfaces

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/capnp/messages"
	"github.com/mpbitcoin/mpbitcoin/ipc"
)

// notifyClient is the node side of a registration: a Go ChainNotifications
// that forwards each event to the wallet's capability and waits for it to
// be processed before returning, so events keep their order. Failures are
// logged, never returned; after cancel or a disconnect calls return at
// once.
type notifyClient struct {
	k      *caller
	log    ipc.Logger
	remote messages.ChainNotifications
	ctx    context.Context
	cancel context.CancelFunc
	once   sync.Once
}

func newNotifyClient(conn Conn, remote messages.ChainNotifications) *notifyClient {
	ctx, cancel := context.WithCancel(context.Background())
	return &notifyClient{k: newCaller(conn), log: conn.logger(), remote: remote, ctx: ctx, cancel: cancel}
}

// close stops delivery and releases the wallet's capability.
func (n *notifyClient) close() {
	n.once.Do(func() {
		n.cancel()
		n.remote.Release()
	})
}

// send runs one notification call, logging what goes wrong.
func (n *notifyClient) send(method string, call func(ctx context.Context) error) {
	if n.ctx.Err() != nil {
		return
	}
	err := n.k.do(method, func() error { return call(n.ctx) })
	switch {
	case err == nil || n.ctx.Err() != nil:
	case errors.Is(err, ipc.ErrCalledAfterDisconnect):
		if n.log.Enabled(ipc.LevelDebug) {
			n.log.Log(ipc.LevelDebug, fmt.Sprintf("IPC client: dropped notification: %v", err))
		}
	default:
		n.log.Log(ipc.LevelWarning, fmt.Sprintf("IPC client: notification failed: %v", err))
	}
}

func (n *notifyClient) TransactionAddedToMempool(tx *wire.MsgTx, seq uint64) {
	const method = "ChainNotifications.transactionAddedToMempool"
	n.send(method, func(ctx context.Context) error {
		raw, err := txBytes(tx)
		if err != nil {
			return err
		}
		f, rel := n.remote.TransactionAddedToMempool(ctx, func(p messages.ChainNotifications_transactionAddedToMempool_Params) error {
			p.SetMempoolSequence(seq)
			return p.SetTx(raw)
		})
		defer rel()
		_, err = f.Struct()
		return err
	})
}

func (n *notifyClient) TransactionRemovedFromMempool(tx *wire.MsgTx, reason string, seq uint64) {
	const method = "ChainNotifications.transactionRemovedFromMempool"
	n.send(method, func(ctx context.Context) error {
		raw, err := txBytes(tx)
		if err != nil {
			return err
		}
		f, rel := n.remote.TransactionRemovedFromMempool(ctx, func(p messages.ChainNotifications_transactionRemovedFromMempool_Params) error {
			p.SetMempoolSequence(seq)
			if err := p.SetReason(reason); err != nil {
				return err
			}
			return p.SetTx(raw)
		})
		defer rel()
		_, err = f.Struct()
		return err
	})
}

func (n *notifyClient) BlockConnected(block *wire.MsgBlock, height int32) {
	n.send("ChainNotifications.blockConnected", func(ctx context.Context) error {
		raw, err := blockBytes(block)
		if err != nil {
			return err
		}
		f, rel := n.remote.BlockConnected(ctx, func(p messages.ChainNotifications_blockConnected_Params) error {
			p.SetHeight(height)
			return p.SetBlock(raw)
		})
		defer rel()
		_, err = f.Struct()
		return err
	})
}

func (n *notifyClient) BlockDisconnected(block *wire.MsgBlock, height int32) {
	n.send("ChainNotifications.blockDisconnected", func(ctx context.Context) error {
		raw, err := blockBytes(block)
		if err != nil {
			return err
		}
		f, rel := n.remote.BlockDisconnected(ctx, func(p messages.ChainNotifications_blockDisconnected_Params) error {
			p.SetHeight(height)
			return p.SetBlock(raw)
		})
		defer rel()
		_, err = f.Struct()
		return err
	})
}

func (n *notifyClient) UpdatedBlockTip() {
	n.send("ChainNotifications.updatedBlockTip", func(ctx context.Context) error {
		f, rel := n.remote.UpdatedBlockTip(ctx, nil)
		defer rel()
		_, err := f.Struct()
		return err
	})
}

// notifyServer is the wallet side of a registration: it serves the
// ChainNotifications capability the node calls, one call at a time in
// arrival order (its methods never call Go), until stopped.
type notifyServer struct {
	n       ChainNotifications
	stopped atomic.Bool
}

func (s *notifyServer) TransactionAddedToMempool(ctx context.Context, call messages.ChainNotifications_transactionAddedToMempool) error {
	if s.stopped.Load() {
		return nil
	}
	raw, err := call.Args().Tx()
	if err != nil {
		return fmt.Errorf("reading tx: %w", err)
	}
	tx, err := readTx(raw, "tx")
	if err != nil {
		return err
	}
	s.n.TransactionAddedToMempool(tx, call.Args().MempoolSequence())
	return nil
}

func (s *notifyServer) TransactionRemovedFromMempool(ctx context.Context, call messages.ChainNotifications_transactionRemovedFromMempool) error {
	if s.stopped.Load() {
		return nil
	}
	a := call.Args()
	raw, err := a.Tx()
	if err != nil {
		return fmt.Errorf("reading tx: %w", err)
	}
	tx, err := readTx(raw, "tx")
	if err != nil {
		return err
	}
	reason, err := a.Reason()
	if err != nil {
		return fmt.Errorf("reading reason: %w", err)
	}
	s.n.TransactionRemovedFromMempool(tx, reason, a.MempoolSequence())
	return nil
}

func (s *notifyServer) BlockConnected(ctx context.Context, call messages.ChainNotifications_blockConnected) error {
	if s.stopped.Load() {
		return nil
	}
	raw, err := call.Args().Block()
	if err != nil {
		return fmt.Errorf("reading block: %w", err)
	}
	blk, err := readBlock(raw, "block")
	if err != nil {
		return err
	}
	s.n.BlockConnected(blk, call.Args().Height())
	return nil
}

func (s *notifyServer) BlockDisconnected(ctx context.Context, call messages.ChainNotifications_blockDisconnected) error {
	if s.stopped.Load() {
		return nil
	}
	raw, err := call.Args().Block()
	if err != nil {
		return fmt.Errorf("reading block: %w", err)
	}
	blk, err := readBlock(raw, "block")
	if err != nil {
		return err
	}
	s.n.BlockDisconnected(blk, call.Args().Height())
	return nil
}

func (s *notifyServer) UpdatedBlockTip(ctx context.Context, call messages.ChainNotifications_updatedBlockTip) error {
	if !s.stopped.Load() {
		s.n.UpdatedBlockTip()
	}
	return nil
}

// handlerServer serves Handler for a registration: disconnect, or the
// release of the last reference (including the connection's end), runs
// stop once.
type handlerServer struct {
	once sync.Once
	stop func()
}

func (h *handlerServer) Disconnect(ctx context.Context, call messages.Handler_disconnect) error {
	h.once.Do(h.stop)
	return nil
}

// Shutdown is called when the last reference to the capability is gone.
func (h *handlerServer) Shutdown() { h.once.Do(h.stop) }

// handlerClient is the wallet side's Go Handler: Disconnect stops local
// delivery at once, then asks the node to stop and releases the
// capability.
type handlerClient struct {
	k      *caller
	log    ipc.Logger
	remote messages.Handler
	local  *notifyServer
	once   sync.Once
}

func (h *handlerClient) Disconnect() {
	h.once.Do(func() {
		h.local.stopped.Store(true)
		err := h.k.do("Handler.disconnect", func() error {
			f, rel := h.remote.Disconnect(context.Background(), nil)
			defer rel()
			_, err := f.Struct()
			return err
		})
		if err != nil && !errors.Is(err, ipc.ErrCalledAfterDisconnect) {
			h.log.Log(ipc.LevelWarning, fmt.Sprintf("IPC client: %v", err))
		}
		h.remote.Release()
	})
}
