package interfaces

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/capnp/messages"
)

// ExportChain serves c as a Chain capability on conn (a null capability
// when c is nil). Calls run concurrently: a slow one (a rescan's findBlock)
// does not hold up the others.
func ExportChain(conn Conn, c Chain) messages.Chain {
	if c == nil {
		return messages.Chain{}
	}
	impl := &chainServer{conn: conn, chain: c}
	return messages.Chain(conn.export(messages.Chain_Methods(nil, impl), impl))
}

// chainServer adapts a Go Chain to messages.Chain_Server.
type chainServer struct {
	conn  Conn
	chain Chain
}

func (s *chainServer) GetTip(ctx context.Context, call messages.Chain_getTip) error {
	call.Go()
	tip, err := s.chain.Tip(ctx)
	if err != nil {
		return err
	}
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	res.SetHeight(tip.Height)
	return res.SetHash(tip.Hash[:])
}

func (s *chainServer) GetBlockHash(ctx context.Context, call messages.Chain_getBlockHash) error {
	call.Go()
	h, found, err := s.chain.BlockHash(ctx, call.Args().Height())
	if err != nil {
		return err
	}
	res, err := call.AllocResults()
	if err != nil || !found {
		return err
	}
	res.SetFound(true)
	return res.SetHash(h[:])
}

// foundResults is what findBlock and findFirstBlockWithTimeAndHeight
// return.
type foundResults interface {
	SetFound(bool)
	NewBlock() (messages.FoundBlock, error)
}

func setFound(res foundResults, fb FoundBlock, withData bool) error {
	res.SetFound(true)
	m, err := res.NewBlock()
	if err != nil {
		return err
	}
	if err := m.SetHash(fb.Hash[:]); err != nil {
		return err
	}
	m.SetHeight(fb.Height)
	m.SetInActiveChain(fb.InActiveChain)
	m.SetTime(fb.Time)
	m.SetMaxTime(fb.MaxTime)
	m.SetMedianTimePast(fb.MedianTimePast)
	if !withData || fb.Block == nil {
		return nil
	}
	b, err := blockBytes(fb.Block)
	if err != nil {
		return err
	}
	return m.SetData(b)
}

func (s *chainServer) FindBlock(ctx context.Context, call messages.Chain_findBlock) error {
	call.Go()
	raw, err := call.Args().Hash()
	if err != nil {
		return fmt.Errorf("reading hash: %w", err)
	}
	h, err := readHash(raw, "hash")
	if err != nil {
		return err
	}
	want := call.Args().WantData()
	fb, found, err := s.chain.FindBlock(ctx, h, want)
	if err != nil {
		return err
	}
	res, err := call.AllocResults()
	if err != nil || !found {
		return err
	}
	return setFound(res, fb, want)
}

func (s *chainServer) FindFirstBlockWithTimeAndHeight(ctx context.Context, call messages.Chain_findFirstBlockWithTimeAndHeight) error {
	call.Go()
	a := call.Args()
	fb, found, err := s.chain.FindFirstBlockWithTimeAndHeight(ctx, a.MinTime(), a.MinHeight())
	if err != nil {
		return err
	}
	res, err := call.AllocResults()
	if err != nil || !found {
		return err
	}
	return setFound(res, fb, false)
}

func (s *chainServer) IsInitialBlockDownload(ctx context.Context, call messages.Chain_isInitialBlockDownload) error {
	call.Go()
	ibd, err := s.chain.IsInitialBlockDownload(ctx)
	if err != nil {
		return err
	}
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	res.SetResult(ibd)
	return nil
}

func (s *chainServer) BroadcastTransaction(ctx context.Context, call messages.Chain_broadcastTransaction) error {
	call.Go()
	a := call.Args()
	raw, err := a.Tx()
	if err != nil {
		return fmt.Errorf("reading tx: %w", err)
	}
	tx, err := readTx(raw, "tx")
	if err != nil {
		return err
	}
	reject, err := s.chain.BroadcastTransaction(ctx, tx, a.MaxTxFee(), a.Relay())
	if err != nil {
		return err
	}
	res, err := call.AllocResults()
	if err != nil || reject == "" {
		return err
	}
	return res.SetError(reject)
}

func (s *chainServer) IsInMempool(ctx context.Context, call messages.Chain_isInMempool) error {
	call.Go()
	raw, err := call.Args().Txid()
	if err != nil {
		return fmt.Errorf("reading txid: %w", err)
	}
	txid, err := readHash(raw, "txid")
	if err != nil {
		return err
	}
	in, err := s.chain.IsInMempool(ctx, txid)
	if err != nil {
		return err
	}
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	res.SetResult(in)
	return nil
}

func (s *chainServer) GetTransactionAncestry(ctx context.Context, call messages.Chain_getTransactionAncestry) error {
	call.Go()
	raw, err := call.Args().Txid()
	if err != nil {
		return fmt.Errorf("reading txid: %w", err)
	}
	txid, err := readHash(raw, "txid")
	if err != nil {
		return err
	}
	anc, desc, err := s.chain.TransactionAncestry(ctx, txid)
	if err != nil {
		return err
	}
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	res.SetAncestors(anc)
	res.SetDescendants(desc)
	return nil
}

func (s *chainServer) EstimateSmartFee(ctx context.Context, call messages.Chain_estimateSmartFee) error {
	call.Go()
	a := call.Args()
	rate, target, err := s.chain.EstimateSmartFee(ctx, a.Target(), a.Conservative())
	if err != nil {
		return err
	}
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	res.SetFeeRate(rate)
	res.SetReturnedTarget(target)
	return nil
}

// relayFee answers one of relayMinFee, relayIncrementalFee, relayDustFee.
func (s *chainServer) relayFee(ctx context.Context, pick func(RelayFees) int64, set func(int64)) error {
	fees, err := s.chain.RelayFees(ctx)
	if err != nil {
		return err
	}
	set(pick(fees))
	return nil
}

func (s *chainServer) RelayMinFee(ctx context.Context, call messages.Chain_relayMinFee) error {
	call.Go()
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	return s.relayFee(ctx, func(f RelayFees) int64 { return f.MinRelay }, res.SetFeeRate)
}

func (s *chainServer) RelayIncrementalFee(ctx context.Context, call messages.Chain_relayIncrementalFee) error {
	call.Go()
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	return s.relayFee(ctx, func(f RelayFees) int64 { return f.Incremental }, res.SetFeeRate)
}

func (s *chainServer) RelayDustFee(ctx context.Context, call messages.Chain_relayDustFee) error {
	call.Go()
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	return s.relayFee(ctx, func(f RelayFees) int64 { return f.Dust }, res.SetFeeRate)
}

func (s *chainServer) Now(ctx context.Context, call messages.Chain_now) error {
	call.Go()
	t, err := s.chain.Now(ctx)
	if err != nil {
		return err
	}
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	res.SetSeconds(t.Unix())
	return nil
}

func (s *chainServer) WaitForNotificationsIfTipChanged(ctx context.Context, call messages.Chain_waitForNotificationsIfTipChanged) error {
	call.Go()
	raw, err := call.Args().OldTip()
	if err != nil {
		return fmt.Errorf("reading oldTip: %w", err)
	}
	old, err := readHash(raw, "oldTip")
	if err != nil {
		return err
	}
	return s.chain.WaitForNotificationsIfTipChanged(ctx, old)
}

func (s *chainServer) GetRwSetting(ctx context.Context, call messages.Chain_getRwSetting) error {
	call.Go()
	name, err := call.Args().Name()
	if err != nil {
		return fmt.Errorf("reading name: %w", err)
	}
	v, err := s.chain.RwSetting(ctx, name)
	if err != nil {
		return err
	}
	res, err := call.AllocResults()
	if err != nil || v == nil {
		return err
	}
	return res.SetValue(string(v))
}

func (s *chainServer) UpdateRwSetting(ctx context.Context, call messages.Chain_updateRwSetting) error {
	call.Go()
	a := call.Args()
	name, err := a.Name()
	if err != nil {
		return fmt.Errorf("reading name: %w", err)
	}
	var value json.RawMessage
	if a.HasValue() {
		text, err := a.Value()
		if err != nil {
			return fmt.Errorf("reading value: %w", err)
		}
		if value, err = settingValue(text); err != nil {
			return err
		}
	}
	if err := s.chain.UpdateRwSetting(ctx, name, value); err != nil {
		return err
	}
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	res.SetOk(true)
	return nil
}

// settingValue checks a settings value's JSON text; JSON null is no value.
func settingValue(text string) (json.RawMessage, error) {
	if !json.Valid([]byte(text)) {
		return nil, errors.New("setting value is not JSON")
	}
	if text == "null" {
		return nil, nil
	}
	return json.RawMessage(text), nil
}

func (s *chainServer) FindCoins(ctx context.Context, call messages.Chain_findCoins) error {
	call.Go()
	list, err := call.Args().Outpoints()
	if err != nil {
		return fmt.Errorf("reading outpoints: %w", err)
	}
	ops := make([]wire.OutPoint, list.Len())
	for i := range ops {
		raw, err := list.At(i)
		if err != nil {
			return fmt.Errorf("reading outpoint %d: %w", i, err)
		}
		if ops[i], err = readOutpoint(raw, fmt.Sprintf("outpoint %d", i)); err != nil {
			return err
		}
	}
	coins, err := s.chain.FindCoins(ctx, ops)
	if err != nil {
		return err
	}
	if len(coins) != len(ops) {
		return fmt.Errorf("chain returned %d coins for %d outpoints", len(coins), len(ops))
	}
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	out, err := res.NewCoins(int32(len(coins)))
	if err != nil {
		return err
	}
	for i, c := range coins {
		m := out.At(i)
		if !c.Found {
			continue
		}
		m.SetFound(true)
		m.SetValue(c.Value)
		m.SetHeight(c.Height)
		m.SetCoinbase(c.Coinbase)
		if err := m.SetScript(c.Script); err != nil {
			return err
		}
	}
	return nil
}

func (s *chainServer) HandleNotifications(ctx context.Context, call messages.Chain_handleNotifications) error {
	call.Go()
	n := call.Args().Notifications()
	if !n.IsValid() {
		return errors.New("notifications: null capability")
	}
	nc := newNotifyClient(s.conn, n.AddRef())
	h, err := s.chain.HandleNotifications(ctx, nc)
	if err != nil {
		nc.close()
		return err
	}
	hs := &handlerServer{stop: func() {
		nc.cancel()
		h.Disconnect()
		nc.close()
	}}
	handler := messages.Handler(s.conn.export(messages.Handler_Methods(nil, hs), hs))
	res, err := call.AllocResults()
	if err == nil {
		err = res.SetHandler(handler)
	} else {
		handler.Release()
	}
	return err
}
