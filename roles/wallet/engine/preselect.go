package engine

import (
	"context"
	"fmt"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/chaincfg/v2"
	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
	"github.com/mpbitcoin/mpbitcoin/roles/sign"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/coinselect"
)

// preselectedCoins is Core's FundTransaction input lookup with
// FetchSelectedInputs: each preselected outpoint is the wallet's output
// (spent or not), an external input the caller described, or an output of
// others the node knows; its size comes from a given weight or from what
// the wallet can solve. The caller holds w.mu.
func (w *Wallet) preselectedCoins(ctx context.Context, ops []wire.OutPoint, o SendOptions) ([]coinselect.Coin, error) {
	coins := make([]coinselect.Coin, len(ops))
	var missing []int
	for i, op := range ops {
		if c, ok := w.walletCoin(op); ok {
			coins[i] = c
			continue
		}
		if e, ok := o.External[op]; ok {
			coins[i] = coinselect.Coin{OutPoint: op, Value: e.Out.Value, Script: e.Out.PkScript, InputVSize: -1}
			continue
		}
		missing = append(missing, i)
	}
	if len(missing) > 0 {
		look := make([]wire.OutPoint, len(missing))
		for j, i := range missing {
			look[j] = ops[i]
		}
		found, err := w.chain.FindCoins(ctx, look)
		if err != nil {
			return nil, err
		}
		for j, i := range missing {
			if !found[j].Found {
				return nil, fmt.Errorf("Unable to find UTXO for external input")
			}
			coins[i] = coinselect.Coin{OutPoint: ops[i], Value: found[j].Value, Script: found[j].Script, InputVSize: -1}
		}
	}
	for i, op := range ops {
		weight := o.InputWeights[op]
		if e, ok := o.External[op]; ok && weight == 0 {
			weight = e.Weight
		}
		if weight > 0 {
			coins[i].InputVSize = int((weight + 3) / 4)
		}
		if coins[i].InputVSize < 0 && o.Solving != nil {
			prov, err := o.Solving.provider(w.opts.Params)
			if err != nil {
				return nil, err
			}
			if wt, ok := sign.InputWeight(coins[i].Script, prov, true); ok {
				coins[i].InputVSize = int((wt + 3) / 4)
			}
		}
		if coins[i].InputVSize < 0 {
			return nil, fmt.Errorf("Not solvable pre-selected input COutPoint(%s, %d)", op.Hash.String()[:10], op.Index)
		}
	}
	return coins, nil
}

// SolvingData is coin control's external provider (Core's solving_data):
// what makes inputs of others solvable, to size them.
type SolvingData struct {
	PubKeys     [][]byte
	Scripts     [][]byte
	Descriptors []string
}

// provider is the signing provider of the solving data: the public keys
// (each with its P2WPKH script, as Core adds), the scripts, and the
// descriptors' scripts and keys at position 0.
func (d *SolvingData) provider(params *chaincfg.Params) (*sign.Flat, error) {
	f := &sign.Flat{}
	for _, pub := range d.PubKeys {
		f.AddPubKey(pub)
		wpkh, err := txscript.NewScriptBuilder().AddOp(txscript.OP_0).AddData(address.Hash160(pub)).Script()
		if err != nil {
			return nil, fmt.Errorf("solving data: %w", err)
		}
		f.AddScript(wpkh)
	}
	for _, s := range d.Scripts {
		f.AddScript(s)
	}
	for _, text := range d.Descriptors {
		desc, err := descriptor.Parse(text, params, false)
		if err != nil {
			return nil, fmt.Errorf("Unable to parse descriptor '%s': %w", text, err)
		}
		outs, err := desc.Expand(0)
		if err != nil {
			return nil, fmt.Errorf("Unable to parse descriptor '%s': %w", text, err)
		}
		for _, o := range outs {
			addOutput(f, o)
		}
	}
	return f, nil
}
