package interfaces

import (
	"context"
	"fmt"

	capnp "capnproto.org/go/capnp/v3"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/capnp/messages"
	"github.com/mpbitcoin/mpbitcoin/ipc"
)

// WithMining makes Init.makeMining serve the Mining src gives (waiting
// for the node's chain state to load).
func WithMining(src MiningSource) InitOption { return func(i *Init) { i.MiningSrc = src } }

// exportMining serves m on s.
func exportMining(s *ipc.Session, m Mining) messages.Mining {
	impl := &miningServer{s: s, m: m}
	return messages.Mining(s.Export(messages.Mining_Methods(nil, impl), impl))
}

// miningServer adapts a Mining to messages.Mining_Server. Methods with a
// context run on the client's thread; interrupt runs at once.
type miningServer struct {
	s *ipc.Session
	m Mining
}

func setBlockRef(r messages.BlockRef, ref BlockRef) error {
	r.SetHeight(ref.Height)
	return r.SetHash(ref.Hash[:])
}

func (ms *miningServer) IsTestChain(ctx context.Context, call messages.Mining_isTestChain) error {
	cx, _ := call.Args().Context()
	return ms.s.Run(ctx, call, cx, func(ctx context.Context) error {
		v, err := ms.m.IsTestChain(ctx)
		if err != nil {
			return err
		}
		res, err := call.AllocResults()
		if err != nil {
			return err
		}
		res.SetResult(v)
		return nil
	})
}

func (ms *miningServer) IsInitialBlockDownload(ctx context.Context, call messages.Mining_isInitialBlockDownload) error {
	cx, _ := call.Args().Context()
	return ms.s.Run(ctx, call, cx, func(ctx context.Context) error {
		v, err := ms.m.IsInitialBlockDownload(ctx)
		if err != nil {
			return err
		}
		res, err := call.AllocResults()
		if err != nil {
			return err
		}
		res.SetResult(v)
		return nil
	})
}

func (ms *miningServer) GetTip(ctx context.Context, call messages.Mining_getTip) error {
	cx, _ := call.Args().Context()
	return ms.s.Run(ctx, call, cx, func(ctx context.Context) error {
		ref, ok, err := ms.m.Tip(ctx)
		if err != nil {
			return err
		}
		res, err := call.AllocResults()
		if err != nil || !ok {
			return err
		}
		res.SetHasResultValue(true)
		r, err := res.NewResult()
		if err != nil {
			return err
		}
		return setBlockRef(r, ref)
	})
}

func (ms *miningServer) WaitTipChanged(ctx context.Context, call messages.Mining_waitTipChanged) error {
	cx, _ := call.Args().Context()
	return ms.s.Run(ctx, call, cx, func(ctx context.Context) error {
		a := call.Args()
		raw, err := a.CurrentTip()
		if err != nil {
			return fmt.Errorf("reading currentTip: %w", err)
		}
		cur, err := readOptHash(raw, "currentTip")
		if err != nil {
			return err
		}
		ref, ok, err := ms.m.WaitTipChanged(ctx, cur, msToDuration(a.Timeout()))
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("waitTipChanged: %w", err)
		}
		res, err := call.AllocResults()
		if err != nil || !ok {
			// An empty BlockRef on interrupt or shutdown, as Core.
			return err
		}
		r, err := res.NewResult()
		if err != nil {
			return err
		}
		return setBlockRef(r, ref)
	})
}

func (ms *miningServer) CreateNewBlock(ctx context.Context, call messages.Mining_createNewBlock) error {
	cx, _ := call.Args().Context()
	return ms.s.Run(ctx, call, cx, func(ctx context.Context) error {
		a := call.Args()
		o, _ := a.Options()
		opts := BlockCreateOptions{
			UseMempool:                        o.UseMempool(),
			BlockReservedWeight:               o.BlockReservedWeight(),
			CoinbaseOutputMaxAdditionalSigops: o.CoinbaseOutputMaxAdditionalSigops(),
		}
		t, err := ms.m.CreateNewBlock(ctx, opts, a.Cooldown())
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			if t != nil {
				t.Destroy()
			}
			return fmt.Errorf("createNewBlock: %w", err)
		}
		res, err := call.AllocResults()
		if err != nil || t == nil {
			return err
		}
		return res.SetResult(exportTemplate(ms.s, t))
	})
}

func (ms *miningServer) CheckBlock(ctx context.Context, call messages.Mining_checkBlock) error {
	cx, _ := call.Args().Context()
	return ms.s.Run(ctx, call, cx, func(ctx context.Context) error {
		a := call.Args()
		raw, err := a.Block()
		if err != nil {
			return fmt.Errorf("reading block: %w", err)
		}
		blk, err := readBlock(raw, "block")
		if err != nil {
			return err
		}
		o, _ := a.Options()
		r, err := ms.m.CheckBlock(ctx, blk, BlockCheckOptions{CheckMerkleRoot: o.CheckMerkleRoot(), CheckPow: o.CheckPow()})
		if err != nil {
			return err
		}
		res, err := call.AllocResults()
		if err != nil {
			return err
		}
		return setBlockResult(res, r)
	})
}

// blockResults is what checkBlock, submitBlock and submitSolution return.
type blockResults interface {
	SetResult(bool)
	SetReason(string) error
	SetDebug(string) error
}

func setBlockResult(res blockResults, r BlockResult) error {
	res.SetResult(r.OK)
	if err := res.SetReason(r.Reason); err != nil {
		return err
	}
	return res.SetDebug(r.Debug)
}

// Interrupt has no context: it runs at once, even while this client's
// threads are blocked in waits.
func (ms *miningServer) Interrupt(ctx context.Context, call messages.Mining_interrupt) error {
	ms.m.Interrupt()
	return nil
}

func (ms *miningServer) SubmitBlock(ctx context.Context, call messages.Mining_submitBlock) error {
	cx, _ := call.Args().Context()
	return ms.s.Run(ctx, call, cx, func(ctx context.Context) error {
		raw, err := call.Args().Block()
		if err != nil {
			return fmt.Errorf("reading block: %w", err)
		}
		blk, err := readBlock(raw, "block")
		if err != nil {
			return err
		}
		r, err := ms.m.SubmitBlock(ctx, blk)
		if err != nil {
			return err
		}
		res, err := call.AllocResults()
		if err != nil {
			return err
		}
		return setBlockResult(res, r)
	})
}

func (ms *miningServer) GetTransactionsByTxID(ctx context.Context, call messages.Mining_getTransactionsByTxID) error {
	cx, _ := call.Args().Context()
	return ms.s.Run(ctx, call, cx, func(ctx context.Context) error {
		l, err := call.Args().Txids()
		if err != nil {
			return fmt.Errorf("reading txids: %w", err)
		}
		ids, err := readHashList(l, "txids")
		if err != nil {
			return err
		}
		txs, err := ms.m.TransactionsByTxID(ctx, ids)
		if err != nil {
			return err
		}
		res, err := call.AllocResults()
		if err != nil {
			return err
		}
		dl, err := res.NewResult(int32(len(txs)))
		if err != nil {
			return err
		}
		return fillTxList(dl, txs)
	})
}

func (ms *miningServer) GetTransactionsByWitnessID(ctx context.Context, call messages.Mining_getTransactionsByWitnessID) error {
	cx, _ := call.Args().Context()
	return ms.s.Run(ctx, call, cx, func(ctx context.Context) error {
		l, err := call.Args().Wtxids()
		if err != nil {
			return fmt.Errorf("reading wtxids: %w", err)
		}
		ids, err := readHashList(l, "wtxids")
		if err != nil {
			return err
		}
		txs, err := ms.m.TransactionsByWitnessID(ctx, ids)
		if err != nil {
			return err
		}
		res, err := call.AllocResults()
		if err != nil {
			return err
		}
		dl, err := res.NewResult(int32(len(txs)))
		if err != nil {
			return err
		}
		return fillTxList(dl, txs)
	})
}

func readHashList(l capnp.DataList, field string) ([]chainhash.Hash, error) {
	out := make([]chainhash.Hash, l.Len())
	for i := range out {
		b, err := l.At(i)
		if err != nil {
			return nil, fmt.Errorf("reading %s[%d]: %w", field, i, err)
		}
		if out[i], err = readHash(b, fmt.Sprintf("%s[%d]", field, i)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// fillTxList serializes txs into dl; a nil transaction (not found) is an
// empty element, since Cap'n Proto lists cannot hold nulls.
func fillTxList(dl capnp.DataList, txs []*wire.MsgTx) error {
	for i, tx := range txs {
		if tx == nil {
			continue
		}
		b, err := txBytes(tx)
		if err != nil {
			return err
		}
		if err := dl.Set(i, b); err != nil {
			return err
		}
	}
	return nil
}
