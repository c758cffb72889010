package interfaces

import (
	"bytes"
	"context"
	"fmt"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/capnp/messages"
)

// TemplateClient is a BlockTemplate held by a MiningClient. Its calls run
// on the thread of the MiningClient view it came from; On moves them.
type TemplateClient struct {
	mc *MiningClient
	t  messages.BlockTemplate
}

// On returns the template with its calls on view's thread (the template
// stays owned by t: release it once, with Destroy or Release).
func (t *TemplateClient) On(view *MiningClient) *TemplateClient {
	return &TemplateClient{mc: view, t: t.t}
}

// Release drops the capability without calling destroy.
func (t *TemplateClient) Release() { t.t.Release() }

// Destroy calls BlockTemplate.destroy and releases the capability.
func (t *TemplateClient) Destroy(ctx context.Context) error {
	mc := t.mc
	err := mc.k.do("BlockTemplate.destroy", func() error {
		f, rel := t.t.Destroy(ctx, func(p messages.BlockTemplate_destroy_Params) error { return mc.setContext(p.NewContext) })
		defer rel()
		_, err := f.Struct()
		return err
	})
	t.t.Release()
	return err
}

// dataResult is a result whose value is Data.
type dataResult interface{ Result() ([]byte, error) }

// Header calls BlockTemplate.getBlockHeader.
func (t *TemplateClient) Header(ctx context.Context) (wire.BlockHeader, error) {
	var h wire.BlockHeader
	err := t.mc.k.do("BlockTemplate.getBlockHeader", func() error {
		f, rel := t.t.GetBlockHeader(ctx, func(p messages.BlockTemplate_getBlockHeader_Params) error { return t.mc.setContext(p.NewContext) })
		defer rel()
		res, err := f.Struct()
		if err != nil {
			return err
		}
		raw, err := dataResult(res).Result()
		if err != nil {
			return err
		}
		if len(raw) != wire.MaxBlockHeaderPayload {
			return fmt.Errorf("header of %d bytes", len(raw))
		}
		return h.Deserialize(bytes.NewReader(raw))
	})
	return h, err
}

// Block calls BlockTemplate.getBlock.
func (t *TemplateClient) Block(ctx context.Context) (*wire.MsgBlock, error) {
	var blk *wire.MsgBlock
	err := t.mc.k.do("BlockTemplate.getBlock", func() error {
		f, rel := t.t.GetBlock(ctx, func(p messages.BlockTemplate_getBlock_Params) error { return t.mc.setContext(p.NewContext) })
		defer rel()
		res, err := f.Struct()
		if err != nil {
			return err
		}
		raw, err := res.Result()
		if err != nil {
			return err
		}
		blk, err = readBlock(raw, "block")
		return err
	})
	return blk, err
}

// TxFees calls BlockTemplate.getTxFees.
func (t *TemplateClient) TxFees(ctx context.Context) ([]int64, error) {
	var out []int64
	err := t.mc.k.do("BlockTemplate.getTxFees", func() error {
		f, rel := t.t.GetTxFees(ctx, func(p messages.BlockTemplate_getTxFees_Params) error { return t.mc.setContext(p.NewContext) })
		defer rel()
		res, err := f.Struct()
		if err != nil {
			return err
		}
		l, err := res.Result()
		if err != nil {
			return err
		}
		out = make([]int64, l.Len())
		for i := range out {
			out[i] = l.At(i)
		}
		return nil
	})
	return out, err
}

// TxSigops calls BlockTemplate.getTxSigops.
func (t *TemplateClient) TxSigops(ctx context.Context) ([]int64, error) {
	var out []int64
	err := t.mc.k.do("BlockTemplate.getTxSigops", func() error {
		f, rel := t.t.GetTxSigops(ctx, func(p messages.BlockTemplate_getTxSigops_Params) error { return t.mc.setContext(p.NewContext) })
		defer rel()
		res, err := f.Struct()
		if err != nil {
			return err
		}
		l, err := res.Result()
		if err != nil {
			return err
		}
		out = make([]int64, l.Len())
		for i := range out {
			out[i] = l.At(i)
		}
		return nil
	})
	return out, err
}

// CoinbaseTx calls BlockTemplate.getCoinbaseTx.
func (t *TemplateClient) CoinbaseTx(ctx context.Context) (CoinbaseTx, error) {
	var cb CoinbaseTx
	err := t.mc.k.do("BlockTemplate.getCoinbaseTx", func() error {
		f, rel := t.t.GetCoinbaseTx(ctx, func(p messages.BlockTemplate_getCoinbaseTx_Params) error { return t.mc.setContext(p.NewContext) })
		defer rel()
		res, err := f.Struct()
		if err != nil {
			return err
		}
		m, err := res.Result()
		if err != nil {
			return err
		}
		cb, err = readCoinbaseTx(m)
		return err
	})
	return cb, err
}

// readCoinbaseTx decodes the CoinbaseTx struct.
func readCoinbaseTx(m messages.CoinbaseTx) (CoinbaseTx, error) {
	cb := CoinbaseTx{
		Version:              m.Version(),
		Sequence:             m.Sequence(),
		BlockRewardRemaining: m.BlockRewardRemaining(),
		LockTime:             m.LockTime(),
	}
	var err error
	if cb.ScriptSigPrefix, err = m.ScriptSigPrefix(); err != nil {
		return cb, fmt.Errorf("scriptSigPrefix: %w", err)
	}
	cb.ScriptSigPrefix = append([]byte{}, cb.ScriptSigPrefix...)
	if m.HasWitness() {
		w, err := m.Witness()
		if err != nil {
			return cb, fmt.Errorf("witness: %w", err)
		}
		cb.Witness = append([]byte{}, w...)
	}
	l, err := m.RequiredOutputs()
	if err != nil {
		return cb, fmt.Errorf("requiredOutputs: %w", err)
	}
	for i := 0; i < l.Len(); i++ {
		b, err := l.At(i)
		if err != nil {
			return cb, fmt.Errorf("requiredOutputs[%d]: %w", i, err)
		}
		out, err := readTxOut(b)
		if err != nil {
			return cb, fmt.Errorf("requiredOutputs[%d]: %w", i, err)
		}
		cb.RequiredOutputs = append(cb.RequiredOutputs, out)
	}
	return cb, nil
}

// readTxOut decodes one consensus-serialized output, nothing after it.
func readTxOut(b []byte) (*wire.TxOut, error) {
	out := new(wire.TxOut)
	r := bytes.NewReader(b)
	if err := wire.ReadTxOut(r, 0, 0, out); err != nil {
		return nil, err
	}
	if r.Len() != 0 {
		return nil, fmt.Errorf("%d bytes after the output", r.Len())
	}
	return out, nil
}

// CoinbaseMerklePath calls BlockTemplate.getCoinbaseMerklePath.
func (t *TemplateClient) CoinbaseMerklePath(ctx context.Context) ([]chainhash.Hash, error) {
	var out []chainhash.Hash
	err := t.mc.k.do("BlockTemplate.getCoinbaseMerklePath", func() error {
		f, rel := t.t.GetCoinbaseMerklePath(ctx, func(p messages.BlockTemplate_getCoinbaseMerklePath_Params) error {
			return t.mc.setContext(p.NewContext)
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
		out, err = readHashList(l, "result")
		return err
	})
	return out, err
}

// SubmitSolution calls BlockTemplate.submitSolution at @10, falling back
// to v31's @7 (result only) when the node does not implement @10.
func (t *TemplateClient) SubmitSolution(ctx context.Context, version, timestamp, nonce uint32, coinbase *wire.MsgTx) (BlockResult, error) {
	raw, err := txBytes(coinbase)
	if err != nil {
		return BlockResult{}, err
	}
	var r BlockResult
	if !t.mc.old7.Load() {
		err = t.mc.k.do("BlockTemplate.submitSolution", func() error {
			f, rel := t.t.SubmitSolution(ctx, func(p messages.BlockTemplate_submitSolution_Params) error {
				p.SetVersion(version)
				p.SetTimestamp(timestamp)
				p.SetNonce(nonce)
				if err := p.SetCoinbase(raw); err != nil {
					return err
				}
				return t.mc.setContext(p.NewContext)
			})
			defer rel()
			res, err := f.Struct()
			if err != nil {
				return err
			}
			r, err = readBlockResult(res)
			return err
		})
		if err == nil || !isUnimplemented(err) {
			return r, err
		}
		t.mc.old7.Store(true)
	}
	err = t.mc.k.do("BlockTemplate.submitSolutionOld7", func() error {
		f, rel := t.t.SubmitSolutionOld7(ctx, func(p messages.BlockTemplate_submitSolutionOld7_Params) error {
			p.SetVersion(version)
			p.SetTimestamp(timestamp)
			p.SetNonce(nonce)
			if err := p.SetCoinbase(raw); err != nil {
				return err
			}
			return t.mc.setContext(p.NewContext)
		})
		defer rel()
		res, err := f.Struct()
		if err != nil {
			return err
		}
		r = BlockResult{OK: res.Result()}
		return nil
	})
	return r, err
}

// WaitNext calls BlockTemplate.waitNext; nil (no error) on timeout or
// interrupt. timeout is in milliseconds.
func (t *TemplateClient) WaitNext(ctx context.Context, opts BlockWaitOptions) (*TemplateClient, error) {
	var next *TemplateClient
	err := t.mc.k.do("BlockTemplate.waitNext", func() error {
		f, rel := t.t.WaitNext(ctx, func(p messages.BlockTemplate_waitNext_Params) error {
			o, err := p.NewOptions()
			if err != nil {
				return err
			}
			o.SetTimeout(durationToMs(opts.Timeout))
			o.SetFeeThreshold(opts.FeeThreshold)
			return t.mc.setContext(p.NewContext)
		})
		defer rel()
		res, err := f.Struct()
		if err != nil || !res.HasResult() {
			return err
		}
		next = &TemplateClient{mc: t.mc, t: res.Result().AddRef()}
		return nil
	})
	return next, err
}

// InterruptWait calls BlockTemplate.interruptWait (no thread needed).
func (t *TemplateClient) InterruptWait(ctx context.Context) error {
	return t.mc.k.do("BlockTemplate.interruptWait", func() error {
		f, rel := t.t.InterruptWait(ctx, nil)
		defer rel()
		_, err := f.Struct()
		return err
	})
}
