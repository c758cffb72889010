package interfaces

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	capnp "capnproto.org/go/capnp/v3"
	"capnproto.org/go/capnp/v3/exc"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/capnp/messages"
	"github.com/mpbitcoin/mpbitcoin/capnp/mp"
	"github.com/mpbitcoin/mpbitcoin/ipc"
)

// ErrOldMiningSchema is returned by OpenMining for a node that serves the
// v29/v30 mining interface (Init.makeMining at @2), whose ordinals and
// defaults this client does not speak.
var ErrOldMiningSchema = errors.New("the node serves the v29/v30 mining interface (Init @2); this client speaks v31+ (Init @3)")

// MiningClient calls a node's Mining interface over IPC (as a Stratum v2
// template provider does). Its calls run on one server thread; WithThread
// gives a view whose calls run on another, so that a blocking wait on one
// thread does not hold up the calls on another.
type MiningClient struct {
	conn   *ipc.Client
	k      *caller
	tm     mp.ThreadMap
	thread mp.Thread
	m      messages.Mining
	// old7 is set once submitSolution @10 was found unimplemented (a v31
	// node): later solutions go to @7.
	old7 *atomic.Bool
}

// OpenMining does the handshake on c (Init.construct, ThreadMap.makeThread
// named threadName) and asks for Mining with Init method 3, the way
// Stratum v2 clients probe the schema: a node that does not implement it
// (v30) gives ErrOldMiningSchema. makeMining blocks until the node's chain
// state is loaded.
func OpenMining(ctx context.Context, c *ipc.Client, threadName string) (*MiningClient, error) {
	mc := &MiningClient{conn: c, k: newCaller(Conn{Client: c}), old7: new(atomic.Bool)}
	err := mc.k.do("Init.makeMining", func() error {
		cf, rel := c.Init.Construct(ctx, nil)
		defer rel()
		mc.tm = cf.ThreadMap().AddRef()
		th, err := mc.makeThread(ctx, threadName)
		if err != nil {
			return err
		}
		mc.thread = th
		f, rel2 := c.Init.MakeMining(ctx, func(p messages.Init_makeMining_Params) error { return mc.setContext(p.NewContext) })
		defer rel2()
		res, err := f.Struct()
		if err != nil {
			if isUnimplemented(err) {
				return fmt.Errorf("%w: %v", ErrOldMiningSchema, err)
			}
			return err
		}
		if !res.HasResult() {
			return errors.New("the process serves no mining interface")
		}
		mc.m = res.Result().AddRef()
		return nil
	})
	if err != nil {
		mc.tm.Release()
		mc.thread.Release()
		return nil, err
	}
	return mc, nil
}

func (mc *MiningClient) makeThread(ctx context.Context, name string) (mp.Thread, error) {
	f, rel := mc.tm.MakeThread(ctx, func(p mp.ThreadMap_makeThread_Params) error { return p.SetName(name) })
	defer rel()
	res, err := f.Struct()
	if err != nil {
		return mp.Thread{}, fmt.Errorf("makeThread: %w", err)
	}
	return res.Result().AddRef(), nil
}

// WithThread returns a view of mc whose calls run on a new server thread
// named name. Close the view to release the thread.
func (mc *MiningClient) WithThread(ctx context.Context, name string) (*MiningClient, error) {
	th, err := mc.makeThread(ctx, name)
	if err != nil {
		return nil, err
	}
	v := *mc
	v.thread = th
	v.m = mc.m.AddRef()
	v.tm = mc.tm.AddRef()
	return &v, nil
}

// Close releases the capabilities this view holds.
func (mc *MiningClient) Close() {
	mc.m.Release()
	mc.thread.Release()
	mc.tm.Release()
}

func (mc *MiningClient) setContext(newContext func() (mp.Context, error)) error {
	cx, err := newContext()
	if err != nil {
		return err
	}
	return cx.SetThread(mc.thread.AddRef())
}

// IsTestChain calls Mining.isTestChain.
func (mc *MiningClient) IsTestChain(ctx context.Context) (bool, error) {
	var v bool
	err := mc.k.do("Mining.isTestChain", func() error {
		f, rel := mc.m.IsTestChain(ctx, func(p messages.Mining_isTestChain_Params) error { return mc.setContext(p.NewContext) })
		defer rel()
		res, err := f.Struct()
		v = res.Result()
		return err
	})
	return v, err
}

// IsInitialBlockDownload calls Mining.isInitialBlockDownload.
func (mc *MiningClient) IsInitialBlockDownload(ctx context.Context) (bool, error) {
	var v bool
	err := mc.k.do("Mining.isInitialBlockDownload", func() error {
		f, rel := mc.m.IsInitialBlockDownload(ctx, func(p messages.Mining_isInitialBlockDownload_Params) error { return mc.setContext(p.NewContext) })
		defer rel()
		res, err := f.Struct()
		v = res.Result()
		return err
	})
	return v, err
}

func readBlockRef(r messages.BlockRef) (BlockRef, bool, error) {
	if !r.HasHash() {
		return BlockRef{}, false, nil
	}
	raw, err := r.Hash()
	if err != nil {
		return BlockRef{}, false, err
	}
	h, err := readHash(raw, "hash")
	if err != nil {
		return BlockRef{}, false, err
	}
	return BlockRef{Hash: h, Height: r.Height()}, true, nil
}

// Tip calls Mining.getTip; ok is false when the node has no tip.
func (mc *MiningClient) Tip(ctx context.Context) (ref BlockRef, ok bool, err error) {
	err = mc.k.do("Mining.getTip", func() error {
		f, rel := mc.m.GetTip(ctx, func(p messages.Mining_getTip_Params) error { return mc.setContext(p.NewContext) })
		defer rel()
		res, err := f.Struct()
		if err != nil || !res.HasResultValue() {
			return err
		}
		r, err := res.Result()
		if err != nil {
			return err
		}
		ref, ok, err = readBlockRef(r)
		return err
	})
	return ref, ok, err
}

// WaitTipChanged calls Mining.waitTipChanged; ok is false for the empty
// BlockRef of an interrupt or shutdown.
func (mc *MiningClient) WaitTipChanged(ctx context.Context, current chainhash.Hash, timeout float64) (ref BlockRef, ok bool, err error) {
	err = mc.k.do("Mining.waitTipChanged", func() error {
		f, rel := mc.m.WaitTipChanged(ctx, func(p messages.Mining_waitTipChanged_Params) error {
			if err := p.SetCurrentTip(current[:]); err != nil {
				return err
			}
			p.SetTimeout(timeout)
			return mc.setContext(p.NewContext)
		})
		defer rel()
		res, err := f.Struct()
		if err != nil {
			return err
		}
		r, err := res.Result()
		if err != nil {
			return err
		}
		ref, ok, err = readBlockRef(r)
		return err
	})
	return ref, ok, err
}

// CreateNewBlock calls Mining.createNewBlock; nil (and no error) when the
// node returned no template (interrupt).
func (mc *MiningClient) CreateNewBlock(ctx context.Context, opts BlockCreateOptions, cooldown bool) (*TemplateClient, error) {
	var t *TemplateClient
	err := mc.k.do("Mining.createNewBlock", func() error {
		f, rel := mc.m.CreateNewBlock(ctx, func(p messages.Mining_createNewBlock_Params) error {
			o, err := p.NewOptions()
			if err != nil {
				return err
			}
			o.SetUseMempool(opts.UseMempool)
			o.SetBlockReservedWeight(opts.BlockReservedWeight)
			o.SetCoinbaseOutputMaxAdditionalSigops(opts.CoinbaseOutputMaxAdditionalSigops)
			p.SetCooldown(cooldown)
			return mc.setContext(p.NewContext)
		})
		defer rel()
		res, err := f.Struct()
		if err != nil || !res.HasResult() {
			return err
		}
		t = &TemplateClient{mc: mc, t: res.Result().AddRef()}
		return nil
	})
	return t, err
}

// CheckBlock calls Mining.checkBlock.
func (mc *MiningClient) CheckBlock(ctx context.Context, blk *wire.MsgBlock, opts BlockCheckOptions) (BlockResult, error) {
	raw, err := blockBytes(blk)
	if err != nil {
		return BlockResult{}, err
	}
	var r BlockResult
	err = mc.k.do("Mining.checkBlock", func() error {
		f, rel := mc.m.CheckBlock(ctx, func(p messages.Mining_checkBlock_Params) error {
			if err := p.SetBlock(raw); err != nil {
				return err
			}
			o, err := p.NewOptions()
			if err != nil {
				return err
			}
			o.SetCheckMerkleRoot(opts.CheckMerkleRoot)
			o.SetCheckPow(opts.CheckPow)
			return mc.setContext(p.NewContext)
		})
		defer rel()
		res, err := f.Struct()
		if err != nil {
			return err
		}
		r, err = readBlockResult(res)
		return err
	})
	return r, err
}

// resultReader is what checkBlock, submitBlock and submitSolution return.
type resultReader interface {
	Result() bool
	Reason() (string, error)
	Debug() (string, error)
}

func readBlockResult(res resultReader) (BlockResult, error) {
	reason, err := res.Reason()
	if err != nil {
		return BlockResult{}, err
	}
	debug, err := res.Debug()
	if err != nil {
		return BlockResult{}, err
	}
	return BlockResult{OK: res.Result(), Reason: reason, Debug: debug}, nil
}

// Interrupt calls Mining.interrupt (no thread needed).
func (mc *MiningClient) Interrupt(ctx context.Context) error {
	return mc.k.do("Mining.interrupt", func() error {
		f, rel := mc.m.Interrupt(ctx, nil)
		defer rel()
		_, err := f.Struct()
		return err
	})
}

// SubmitBlock calls Mining.submitBlock (master).
func (mc *MiningClient) SubmitBlock(ctx context.Context, blk *wire.MsgBlock) (BlockResult, error) {
	raw, err := blockBytes(blk)
	if err != nil {
		return BlockResult{}, err
	}
	var r BlockResult
	err = mc.k.do("Mining.submitBlock", func() error {
		f, rel := mc.m.SubmitBlock(ctx, func(p messages.Mining_submitBlock_Params) error {
			if err := p.SetBlock(raw); err != nil {
				return err
			}
			return mc.setContext(p.NewContext)
		})
		defer rel()
		res, err := f.Struct()
		if err != nil {
			return err
		}
		r, err = readBlockResult(res)
		return err
	})
	return r, err
}

// TransactionsByTxID calls Mining.getTransactionsByTxID; transactions
// not in the mempool are nil.
func (mc *MiningClient) TransactionsByTxID(ctx context.Context, ids []chainhash.Hash) ([]*wire.MsgTx, error) {
	var out []*wire.MsgTx
	err := mc.k.do("Mining.getTransactionsByTxID", func() error {
		f, rel := mc.m.GetTransactionsByTxID(ctx, func(p messages.Mining_getTransactionsByTxID_Params) error {
			l, err := p.NewTxids(int32(len(ids)))
			if err != nil {
				return err
			}
			if err := fillHashList(l, ids); err != nil {
				return err
			}
			return mc.setContext(p.NewContext)
		})
		defer rel()
		res, err := f.Struct()
		if err != nil {
			return err
		}
		l, err := res.Result()
		if err != nil {
			return err
		}
		out, err = readTxList(l)
		return err
	})
	return out, err
}

// TransactionsByWitnessID calls Mining.getTransactionsByWitnessID.
func (mc *MiningClient) TransactionsByWitnessID(ctx context.Context, ids []chainhash.Hash) ([]*wire.MsgTx, error) {
	var out []*wire.MsgTx
	err := mc.k.do("Mining.getTransactionsByWitnessID", func() error {
		f, rel := mc.m.GetTransactionsByWitnessID(ctx, func(p messages.Mining_getTransactionsByWitnessID_Params) error {
			l, err := p.NewWtxids(int32(len(ids)))
			if err != nil {
				return err
			}
			if err := fillHashList(l, ids); err != nil {
				return err
			}
			return mc.setContext(p.NewContext)
		})
		defer rel()
		res, err := f.Struct()
		if err != nil {
			return err
		}
		l, err := res.Result()
		if err != nil {
			return err
		}
		out, err = readTxList(l)
		return err
	})
	return out, err
}

func fillHashList(l capnp.DataList, ids []chainhash.Hash) error {
	for i := range ids {
		if err := l.Set(i, ids[i][:]); err != nil {
			return err
		}
	}
	return nil
}

// readTxList decodes a list of transactions; empty elements are nil.
func readTxList(l capnp.DataList) ([]*wire.MsgTx, error) {
	out := make([]*wire.MsgTx, l.Len())
	for i := range out {
		b, err := l.At(i)
		if err != nil {
			return nil, err
		}
		if len(b) == 0 {
			continue
		}
		if out[i], err = readTx(b, fmt.Sprintf("result[%d]", i)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// isUnimplemented reports whether err says the method is not implemented.
func isUnimplemented(err error) bool {
	return exc.IsType(err, exc.Unimplemented) || strings.Contains(err.Error(), "not implemented")
}
