package interfaces

import (
	"context"
	"errors"
	"fmt"
	"sync"

	capnp "capnproto.org/go/capnp/v3"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/capnp/messages"
	"github.com/mpbitcoin/mpbitcoin/ipc"
)

// exportTemplate serves t on s; the template is destroyed with the
// capability's last reference (or by destroy).
func exportTemplate(s *ipc.Session, t BlockTemplate) messages.BlockTemplate {
	impl := &templateServer{s: s, t: t}
	return messages.BlockTemplate(s.Export(messages.BlockTemplate_Methods(nil, impl), impl))
}

// templateServer adapts a BlockTemplate to messages.BlockTemplate_Server.
type templateServer struct {
	s    *ipc.Session
	t    BlockTemplate
	once sync.Once
}

func (ts *templateServer) destroy() { ts.once.Do(ts.t.Destroy) }

// Shutdown is called by go-capnp when the client released the template
// (or the connection ended).
func (ts *templateServer) Shutdown() { ts.destroy() }

func (ts *templateServer) Destroy(ctx context.Context, call messages.BlockTemplate_destroy) error {
	cx, _ := call.Args().Context()
	return ts.s.Run(ctx, call, cx, func(context.Context) error {
		ts.destroy()
		return nil
	})
}

func (ts *templateServer) GetBlockHeader(ctx context.Context, call messages.BlockTemplate_getBlockHeader) error {
	cx, _ := call.Args().Context()
	return ts.s.Run(ctx, call, cx, func(context.Context) error {
		h := ts.t.Block().Header
		var buf byteBuf
		if err := h.Serialize(&buf); err != nil {
			return fmt.Errorf("serializing header: %w", err)
		}
		res, err := call.AllocResults()
		if err != nil {
			return err
		}
		return res.SetResult(buf.b)
	})
}

// byteBuf collects serialized bytes.
type byteBuf struct{ b []byte }

func (h *byteBuf) Write(p []byte) (int, error) {
	h.b = append(h.b, p...)
	return len(p), nil
}

func (ts *templateServer) GetBlock(ctx context.Context, call messages.BlockTemplate_getBlock) error {
	cx, _ := call.Args().Context()
	return ts.s.Run(ctx, call, cx, func(context.Context) error {
		b, err := blockBytes(ts.t.Block())
		if err != nil {
			return err
		}
		res, err := call.AllocResults()
		if err != nil {
			return err
		}
		return res.SetResult(b)
	})
}

func (ts *templateServer) GetTxFees(ctx context.Context, call messages.BlockTemplate_getTxFees) error {
	cx, _ := call.Args().Context()
	return ts.s.Run(ctx, call, cx, func(context.Context) error {
		return setInt64s(call.AllocResults, ts.t.TxFees())
	})
}

func (ts *templateServer) GetTxSigops(ctx context.Context, call messages.BlockTemplate_getTxSigops) error {
	cx, _ := call.Args().Context()
	return ts.s.Run(ctx, call, cx, func(context.Context) error {
		return setInt64s(call.AllocResults, ts.t.TxSigops())
	})
}

func setInt64s[R interface {
	NewResult(int32) (capnp.Int64List, error)
}](alloc func() (R, error), v []int64) error {
	res, err := alloc()
	if err != nil {
		return err
	}
	l, err := res.NewResult(int32(len(v)))
	if err != nil {
		return err
	}
	for i, x := range v {
		l.Set(i, x)
	}
	return nil
}

func (ts *templateServer) GetCoinbaseTx(ctx context.Context, call messages.BlockTemplate_getCoinbaseTx) error {
	cx, _ := call.Args().Context()
	return ts.s.Run(ctx, call, cx, func(context.Context) error {
		res, err := call.AllocResults()
		if err != nil {
			return err
		}
		m, err := res.NewResult()
		if err != nil {
			return err
		}
		return writeCoinbaseTx(m, ts.t.CoinbaseTx())
	})
}

func writeCoinbaseTx(m messages.CoinbaseTx, cb CoinbaseTx) error {
	m.SetVersion(cb.Version)
	m.SetSequence(cb.Sequence)
	m.SetBlockRewardRemaining(cb.BlockRewardRemaining)
	m.SetLockTime(cb.LockTime)
	if err := m.SetScriptSigPrefix(cb.ScriptSigPrefix); err != nil {
		return err
	}
	if cb.Witness != nil {
		if err := m.SetWitness(cb.Witness); err != nil {
			return err
		}
	}
	l, err := m.NewRequiredOutputs(int32(len(cb.RequiredOutputs)))
	if err != nil {
		return err
	}
	for i, out := range cb.RequiredOutputs {
		b, err := txOutBytes(out)
		if err != nil {
			return err
		}
		if err := l.Set(i, b); err != nil {
			return err
		}
	}
	return nil
}

func (ts *templateServer) GetCoinbaseMerklePath(ctx context.Context, call messages.BlockTemplate_getCoinbaseMerklePath) error {
	cx, _ := call.Args().Context()
	return ts.s.Run(ctx, call, cx, func(context.Context) error {
		path := ts.t.CoinbaseMerklePath()
		res, err := call.AllocResults()
		if err != nil {
			return err
		}
		l, err := res.NewResult(int32(len(path)))
		if err != nil {
			return err
		}
		for i, h := range path {
			if err := l.Set(i, h[:]); err != nil {
				return err
			}
		}
		return nil
	})
}

// solution reads submitSolution's arguments (both ordinals).
type solutionArgs interface {
	Version() uint32
	Timestamp() uint32
	Nonce() uint32
	Coinbase() ([]byte, error)
}

func (ts *templateServer) submit(ctx context.Context, a solutionArgs) (BlockResult, error) {
	raw, err := a.Coinbase()
	if err != nil {
		return BlockResult{}, fmt.Errorf("reading coinbase: %w", err)
	}
	cb, err := readTx(raw, "coinbase")
	if err != nil {
		return BlockResult{}, err
	}
	return ts.t.SubmitSolution(ctx, a.Version(), a.Timestamp(), a.Nonce(), cb)
}

// SubmitSolutionOld7 is v31's submitSolution: the result only.
func (ts *templateServer) SubmitSolutionOld7(ctx context.Context, call messages.BlockTemplate_submitSolutionOld7) error {
	cx, _ := call.Args().Context()
	return ts.s.Run(ctx, call, cx, func(ctx context.Context) error {
		r, err := ts.submit(ctx, call.Args())
		if err != nil {
			return err
		}
		res, err := call.AllocResults()
		if err != nil {
			return err
		}
		res.SetResult(r.OK)
		return nil
	})
}

// SubmitSolution is master's submitSolution (@10) with reason and debug.
func (ts *templateServer) SubmitSolution(ctx context.Context, call messages.BlockTemplate_submitSolution) error {
	cx, _ := call.Args().Context()
	return ts.s.Run(ctx, call, cx, func(ctx context.Context) error {
		r, err := ts.submit(ctx, call.Args())
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

func (ts *templateServer) WaitNext(ctx context.Context, call messages.BlockTemplate_waitNext) error {
	cx, _ := call.Args().Context()
	return ts.s.Run(ctx, call, cx, func(ctx context.Context) error {
		o, _ := call.Args().Options()
		next, err := ts.t.WaitNext(ctx, BlockWaitOptions{Timeout: msToDuration(o.Timeout()), FeeThreshold: o.FeeThreshold()})
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			// The client went away while waiting: nobody takes the result.
			if next != nil {
				next.Destroy()
			}
			return fmt.Errorf("waitNext: %w", err)
		}
		res, err := call.AllocResults()
		if err != nil || next == nil {
			return err
		}
		return res.SetResult(exportTemplate(ts.s, next))
	})
}

// InterruptWait has no context: it runs at once, while a thread of the
// client is blocked in waitNext.
func (ts *templateServer) InterruptWait(ctx context.Context, call messages.BlockTemplate_interruptWait) error {
	ts.t.InterruptWait()
	return nil
}

func txOutBytes(out *wire.TxOut) ([]byte, error) {
	if out == nil {
		return nil, errors.New("nil output")
	}
	var b byteBuf
	if err := wire.WriteTxOut(&b, 0, 0, out); err != nil {
		return nil, fmt.Errorf("serializing output: %w", err)
	}
	return b.b, nil
}
