package engine

import (
	"context"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"sort"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/sign"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/coinselect"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/store"
)

// Recipient is one payment.
type Recipient struct {
	Script             []byte
	Amount             int64
	SubtractFeeFromAmt bool
}

// SendOptions are the coin control and fee choices of one send.
type SendOptions struct {
	FeeRate       int64 // sat/kvB; 0: estimate
	ConfTarget    int
	Replaceable   *bool
	Comment       string
	CommentTo     string
	ChangeType    string // "" : the wallet's default
	LockUnspents  bool
	MinConf       int
	IncludeUnsafe bool
	Inputs        []wire.OutPoint // preselected
	AddInputs     bool            // with Inputs: select more if needed
	NoBroadcast   bool
	Version       int32
	Locktime      *uint32
}

// Errors with Core's texts; the RPC layer gives them Core's codes.
var (
	ErrInsufficientFunds = errors.New("Insufficient funds")
	ErrFeeEstimation     = errors.New("Fee estimation failed. Fallbackfee is disabled. Wait a few blocks or enable -fallbackfee.")
	ErrPrivateKeysOff    = errors.New("Error: Private keys are disabled for this wallet")
)

// FeeError is a fee problem with Core's wording, reported as RPC_WALLET_ERROR.
type FeeError struct{ Msg string }

func (e *FeeError) Error() string { return e.Msg }

// feeRate picks the fee rate as Core's GetMinimumFeeRate: the explicit
// rate, -paytxfee, the estimate, -fallbackfee; never below -mintxfee and
// the node's relay minimum.
func (w *Wallet) feeRate(ctx context.Context, o SendOptions) (int64, error) {
	fees, err := w.chain.RelayFees(ctx)
	if err != nil {
		return 0, err
	}
	floor := max(w.opts.MinTxFee, fees.MinRelay)
	if o.FeeRate > 0 {
		if o.FeeRate < floor {
			return 0, &FeeError{Msg: fmt.Sprintf("Fee rate (%s) is lower than the minimum fee rate setting (%s)", fmtFeeRate(o.FeeRate), fmtFeeRate(floor))}
		}
		return o.FeeRate, nil
	}
	if w.opts.PayTxFee > 0 {
		return max(w.opts.PayTxFee, floor), nil
	}
	target := o.ConfTarget
	if target <= 0 {
		target = w.opts.ConfirmTarget
	}
	rate, _, err := w.chain.EstimateSmartFee(ctx, int32(target), false)
	if err != nil {
		return 0, err
	}
	if rate == 0 {
		if w.opts.FallbackFee == 0 {
			return 0, ErrFeeEstimation
		}
		rate = w.opts.FallbackFee
	}
	return max(rate, floor), nil
}

// fmtFeeRate is Core's CFeeRate::ToString(SAT_VB).
func fmtFeeRate(satPerKvB int64) string {
	return fmt.Sprintf("%d.%03d sat/vB", satPerKvB/1000, satPerKvB%1000)
}

// availableCoins lists the wallet's spendable outputs (Core's
// AvailableCoins). The caller holds w.mu.
func (w *Wallet) availableCoins(ctx context.Context, minConf int, includeUnsafe bool) []coinselect.Coin {
	var out []coinselect.Coin
	for _, t := range w.txs {
		d := w.depth(t)
		if d < 0 || t.state == stateAbandoned || w.immatureBlocks(t) > 0 {
			continue
		}
		if d == 0 && t.state != stateMempool {
			continue
		}
		safe := w.trusted(t, nil)
		if !safe && !includeUnsafe {
			continue
		}
		if int(d) < minConf {
			continue
		}
		var anc, desc uint64
		if d == 0 {
			anc, desc, _ = w.chain.TransactionAncestry(ctx, t.txid)
		}
		for i, o := range t.tx.TxOut {
			op := wire.OutPoint{Hash: t.txid, Index: uint32(i)}
			r, mine := w.isMine(o.PkScript)
			if !mine || w.isSpent(op) || w.locked[op] {
				continue
			}
			f := &sign.Flat{}
			addOutput(f, r.out)
			size, ok := sign.InputVSize(o.PkScript, f)
			if !ok {
				size = -1
			}
			out = append(out, coinselect.Coin{
				OutPoint: op, Value: o.Value, InputVSize: size, Depth: int(d), FromMe: t.fromMe,
				Ancestors: int(anc), Descendants: int(desc), Script: o.PkScript,
			})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].OutPoint.Hash != out[j].OutPoint.Hash {
			return string(out[i].OutPoint.Hash[:]) < string(out[j].OutPoint.Hash[:])
		}
		return out[i].OutPoint.Index < out[j].OutPoint.Index
	})
	return out
}

// changeType is Core's TransactionChangeType: the explicit type, or
// bech32m when any recipient is taproot... Core v30 uses the wallet's
// default (bech32) unless -changetype says otherwise, except that it
// matches an all-taproot payment.
func (w *Wallet) changeType(o SendOptions, recipients []Recipient) string {
	if o.ChangeType != "" {
		return o.ChangeType
	}
	allTaproot := len(recipients) > 0
	for _, r := range recipients {
		if len(r.Script) != 34 || r.Script[0] != txscript.OP_1 {
			allTaproot = false
		}
	}
	if allTaproot {
		if _, ok := w.active[activeKey{typeBech32m, true}]; ok {
			return typeBech32m
		}
	}
	return typeBech32
}

// CreatedTx is a signed transaction the wallet built.
type CreatedTx struct {
	Tx        *wire.MsgTx
	Fee       int64
	ChangePos int
	Complete  bool
}

// CreateTransaction funds, orders and signs a payment (Core's
// CreateTransaction); it does not commit or broadcast it.
func (w *Wallet) CreateTransaction(ctx context.Context, recipients []Recipient, o SendOptions) (*CreatedTx, error) {
	if len(recipients) == 0 {
		return nil, errors.New("Transaction must have at least one recipient")
	}
	rate, err := w.feeRate(ctx, o)
	if err != nil {
		return nil, err
	}
	tip, err := w.chain.Tip(ctx)
	if err != nil {
		return nil, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.flags&FlagDisablePrivateKeys != 0 {
		return nil, ErrPrivateKeysOff
	}
	tx := wire.NewMsgTx(2)
	if o.Version != 0 {
		tx.Version = o.Version
	}
	var total int64
	sffo := false
	for _, r := range recipients {
		if r.Amount <= 0 {
			return nil, errors.New("Transaction amounts must not be negative")
		}
		total += r.Amount
		sffo = sffo || r.SubtractFeeFromAmt
		tx.AddTxOut(wire.NewTxOut(r.Amount, r.Script))
	}
	// The change script: the next internal position, handed out only if
	// the transaction keeps its change.
	ct := w.changeType(o, recipients)
	changeID, ok := w.active[activeKey{ct, true}]
	if !ok {
		return nil, fmt.Errorf("Error: No %s addresses available.", ct)
	}
	cs := w.spkms[changeID]
	changeOuts, err := cs.desc.Expand(uint32(cs.rec.NextIndex))
	if err != nil || len(changeOuts) == 0 {
		return nil, fmt.Errorf("derive change address: %w", err)
	}
	changeScript := changeOuts[0].Script
	cf := &sign.Flat{}
	addOutput(cf, changeOuts[0])
	changeSpend, ok := sign.InputVSize(changeScript, cf)
	if !ok {
		changeSpend = -1
	}
	noInputs := tx.SerializeSizeStripped() // version, counts, outputs, locktime
	longTerm := int64(10_000)
	coins := w.availableCoins(ctx, o.MinConf, o.IncludeUnsafe)
	p := coinselect.Params{
		FeeRate: rate, LongTermFeeRate: longTerm, DiscardFeeRate: w.opts.DiscardFee,
		TxNoInputsVSize:   noInputs + 2, // segwit marker and flag, counted in weight/4 rounding as Core's estimate
		ChangeOutputVSize: wire.NewTxOut(0, changeScript).SerializeSize(), ChangeSpendVSize: changeSpend,
		SubtractFeeOutputs: sffo, ChangeScript: changeScript, NumRecipients: len(recipients),
		IncludeUnsafe: o.IncludeUnsafe, NoSpendZeroConfChange: !w.opts.SpendZeroConfChange,
		AvoidPartialSpends: w.opts.AvoidPartialSpends, Rand: mrand.New(mrand.NewPCG(mrand.Uint64(), mrand.Uint64())),
	}
	if len(o.Inputs) > 0 {
		byOp := map[wire.OutPoint]coinselect.Coin{}
		for _, c := range w.availableCoins(ctx, 0, true) {
			byOp[c.OutPoint] = c
		}
		for _, op := range o.Inputs {
			c, ok := byOp[op]
			if !ok {
				return nil, fmt.Errorf("Not found pre-selected input %s:%d", op.Hash, op.Index)
			}
			p.Preselected = append(p.Preselected, c)
		}
		if !o.AddInputs {
			coins = nil
		}
	}
	res, err := coinselect.SelectWithFilters(coins, total, p)
	if err != nil {
		if errors.Is(err, coinselect.ErrInsufficientFunds) {
			return nil, ErrInsufficientFunds
		}
		return nil, err
	}
	seq := uint32(wire.MaxTxInSequenceNum - 2) // BIP125 signalling, Core's default
	if o.Replaceable != nil && !*o.Replaceable || o.Replaceable == nil && !w.opts.WalletRBF {
		seq = wire.MaxTxInSequenceNum - 1
	}
	prevouts := map[wire.OutPoint]sign.Prevout{}
	var scripts [][]byte
	for _, c := range res.Inputs {
		tx.AddTxIn(&wire.TxIn{PreviousOutPoint: c.OutPoint, Sequence: seq})
		prevouts[c.OutPoint] = sign.Prevout{Script: c.Script, Value: c.Value}
		scripts = append(scripts, c.Script)
	}
	// Fees: what selection computed, plus the change output's cost.
	fee := res.Fee
	changePos := -1
	if res.Change > 0 {
		fee += res.ChangeFee
		change := res.Change
		if !sffo {
			change = res.SelectedValue - total - fee
		}
		if change > 0 {
			changePos = int(p.Rand.IntN(len(tx.TxOut) + 1))
			out := wire.NewTxOut(change, changeScript)
			tx.TxOut = append(tx.TxOut[:changePos], append([]*wire.TxOut{out}, tx.TxOut[changePos:]...)...)
		}
	} else if !sffo {
		fee = res.SelectedValue - total
	}
	if sffo {
		fee = res.Fee
		if changePos >= 0 {
			fee += res.ChangeFee
			tx.TxOut[changePos].Value = res.SelectedValue - total
		}
		if err := subtractFee(tx, recipients, changePos, fee); err != nil {
			return nil, err
		}
	}
	if w.opts.MaxTxFee > 0 && fee > w.opts.MaxTxFee {
		return nil, &FeeError{Msg: "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)"}
	}
	// Anti fee sniping: lock time at the tip, as Core (without its random
	// back-dating).
	tx.LockTime = uint32(max(tip.Height, 0))
	if o.Locktime != nil {
		tx.LockTime = *o.Locktime
	}
	complete, _, err := sign.SignTx(tx, prevouts, w.provider(scripts), "DEFAULT")
	if err != nil {
		return nil, fmt.Errorf("Signing transaction failed: %w", err)
	}
	if !complete {
		return nil, errors.New("Signing transaction failed")
	}
	if changePos >= 0 {
		cs.rec.NextIndex++
		if err := w.topUp(cs); err != nil {
			return nil, err
		}
		if err := w.update(func(b *store.Batch) error { return w.writeDescriptor(b, cs) }); err != nil {
			return nil, err
		}
	}
	return &CreatedTx{Tx: tx, Fee: fee, ChangePos: changePos, Complete: complete}, nil
}

// subtractFee takes fee from the outputs of the recipients that asked,
// evenly, the first one paying the remainder (Core's rule).
func subtractFee(tx *wire.MsgTx, recipients []Recipient, changePos int, fee int64) error {
	var n int64
	for _, r := range recipients {
		if r.SubtractFeeFromAmt {
			n++
		}
	}
	first := true
	ri := 0
	for i, out := range tx.TxOut {
		if i == changePos {
			continue
		}
		r := recipients[ri]
		ri++
		if !r.SubtractFeeFromAmt {
			continue
		}
		out.Value -= fee / n
		if first {
			out.Value -= fee % n
			first = false
		}
		if out.Value <= 0 {
			return errors.New("The transaction amount is too small to pay the fee")
		}
	}
	return nil
}

// CommitTransaction records a created transaction in the wallet (durably)
// and broadcasts it (Core's CommitTransaction).
func (w *Wallet) CommitTransaction(ctx context.Context, tx *wire.MsgTx, comment, commentTo string, broadcast bool) error {
	now := w.now()
	w.mu.Lock()
	err := w.update(func(b *store.Batch) error {
		if _, err := w.addTx(b, tx, stateInactive, nil, now); err != nil {
			return err
		}
		t := w.txs[tx.TxHash()]
		if t == nil {
			return errors.New("transaction does not involve the wallet")
		}
		t.fromMe, t.comment, t.commentTo = true, comment, commentTo
		return w.writeTx(b, t)
	})
	w.mu.Unlock()
	if err != nil {
		return err
	}
	if !broadcast {
		return nil
	}
	reject, err := w.chain.BroadcastTransaction(ctx, tx, w.opts.MaxTxFee, true)
	if err != nil {
		return err
	}
	if reject != "" {
		return fmt.Errorf("%s", reject)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if t := w.txs[tx.TxHash()]; t != nil && t.state == stateInactive {
		t.state = stateMempool
	}
	return nil
}

// TxID is a convenience for callers.
func TxID(tx *wire.MsgTx) chainhash.Hash { return tx.TxHash() }
