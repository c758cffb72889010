package engine

import (
	"context"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"sort"

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
	ChangeScript  []byte // coin control's change address
	ChangePos     int    // -1: random
	MaxConf       *int   // coin control's maximum depth
	// ExplicitFeeRate marks FeeRate as the user's even when 0 (which then
	// fails the minimum fee rate check instead of estimating).
	ExplicitFeeRate bool
	MaxTxWeight     int // 0: the standard maximum
	// OverrideMinFee takes an explicit FeeRate as is, below the minimum
	// too (Core's fOverrideFeeRate).
	OverrideMinFee bool
	// External are preselected inputs the wallet does not own: what they
	// spend and their signed weight (Core's PreselectedInput SetTxOut and
	// SetInputWeight).
	External map[wire.OutPoint]ExternalInput
	// InputWeights are the user's maximum signed weights of preselected
	// inputs (Core's input_weights / inputs[].weight).
	InputWeights map[wire.OutPoint]int64
	// Solving sizes preselected inputs of others (Core's solving_data).
	Solving *SolvingData
}

// Errors with Core's texts; the RPC layer gives them Core's codes.
var (
	ErrInsufficientFunds = errors.New("Insufficient funds")
	ErrFeeEstimation     = errors.New("Fee estimation failed. Fallbackfee is disabled. Wait a few blocks or enable -fallbackfee.")
	ErrPrivateKeysOff    = errors.New("Error: Private keys are disabled for this wallet")
	ErrPreselectedShort  = errors.New("The preselected coins total amount does not cover the transaction target. Please allow other inputs to be automatically selected or include more coins manually")
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
	if o.FeeRate > 0 || o.ExplicitFeeRate {
		if o.OverrideMinFee {
			return o.FeeRate, nil
		}
		if o.FeeRate < floor {
			return 0, &FeeError{Msg: fmt.Sprintf("Fee rate (%s) is lower than the minimum fee rate setting (%s)", fmtFeeRate(o.FeeRate), fmtFeeRate(floor))}
		}
		return o.FeeRate, nil
	}
	if pay := w.PayTxFee(); pay > 0 {
		return max(pay, floor), nil
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
		safe := w.safeTx(t)
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
	if w.opts.ChangeType != "" { // -changetype
		return w.opts.ChangeType
	}
	if w.opts.AddressType == typeLegacy { // Core: a legacy default keeps legacy change
		return typeLegacy
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

// CreatedTx is a transaction the wallet built.
type CreatedTx struct {
	Tx        *wire.MsgTx
	Fee       int64
	ChangePos int
	Complete  bool
}

// funded is the outcome of fund: the transaction with inputs and change,
// what its inputs spend, and the change descriptor position it used.
type funded struct {
	fee       int64
	changePos int
	prevouts  map[wire.OutPoint]sign.Prevout
	scripts   [][]byte
	change    *spkm // advance its NextIndex when the tx is kept
	inputs    []wire.OutPoint
}

// walletCoin finds an output of the wallet by outpoint, locked or spent or
// not (coin control's manual selection checks neither, as Core's
// FetchSelectedInputs).
func (w *Wallet) walletCoin(op wire.OutPoint) (coinselect.Coin, bool) {
	t, ok := w.txs[op.Hash]
	if !ok || int(op.Index) >= len(t.tx.TxOut) {
		return coinselect.Coin{}, false
	}
	o := t.tx.TxOut[op.Index]
	r, mine := w.isMine(o.PkScript)
	if !mine {
		return coinselect.Coin{}, false
	}
	f := &sign.Flat{}
	addOutput(f, r.out)
	size, ok := sign.InputVSize(o.PkScript, f)
	if !ok {
		size = -1
	}
	return coinselect.Coin{OutPoint: op, Value: o.Value, InputVSize: size, Depth: int(w.depth(t)), FromMe: t.fromMe, Script: o.PkScript}, true
}

// fund adds inputs and change to tx (whose outputs are the payments and
// whose inputs, if any, are preselected) at fee rate; sffo lists the output
// indexes that pay the fee. The caller holds w.mu.
func (w *Wallet) fund(ctx context.Context, tx *wire.MsgTx, sffo map[int]bool, o SendOptions, rate int64) (*funded, error) {
	var total int64
	for _, out := range tx.TxOut {
		if out.Value < 0 {
			return nil, errors.New("Transaction amounts must not be negative")
		}
		total += out.Value
	}
	recipients := make([]Recipient, len(tx.TxOut))
	for i, out := range tx.TxOut {
		recipients[i] = Recipient{Script: out.PkScript, Amount: out.Value, SubtractFeeFromAmt: sffo[i]}
	}
	ct := w.changeType(o, recipients)
	var changeScript []byte
	var cs *spkm
	if o.ChangeScript != nil {
		changeScript = o.ChangeScript
	} else {
		changeID, ok := w.active[activeKey{ct, true}]
		if !ok {
			return nil, fmt.Errorf("Transaction needs a change address, but we can't generate it. Error: No %s addresses available.", ct)
		}
		cs = w.spkms[changeID]
		changeOuts, err := cs.at(cs.rec.NextIndex)
		if err != nil || len(changeOuts) == 0 {
			return nil, fmt.Errorf("Transaction needs a change address, but we can't generate it. %w", ErrKeypoolRanOut)
		}
		changeScript = changeOuts[0].Script
	}
	changeSpend := -1
	if r, ok := w.isMine(changeScript); ok {
		cf := &sign.Flat{}
		addOutput(cf, r.out)
		if n, ok := sign.InputVSize(changeScript, cf); ok {
			changeSpend = n
		}
	} else if cs != nil {
		outs, _ := cs.at(cs.rec.NextIndex)
		if len(outs) > 0 {
			cf := &sign.Flat{}
			addOutput(cf, outs[0])
			if n, ok := sign.InputVSize(changeScript, cf); ok {
				changeSpend = n
			}
		}
	}
	bare := wire.NewMsgTx(tx.Version)
	bare.TxOut = tx.TxOut
	bare.LockTime = tx.LockTime
	p := coinselect.Params{
		FeeRate: rate, LongTermFeeRate: 10_000, DiscardFeeRate: w.opts.DiscardFee,
		TxNoInputsVSize:   bare.SerializeSizeStripped() + 1,
		ChangeOutputVSize: wire.NewTxOut(0, changeScript).SerializeSize(), ChangeSpendVSize: changeSpend,
		SubtractFeeOutputs: len(sffo) > 0, ChangeScript: changeScript, NumRecipients: max(len(recipients), 1),
		IncludeUnsafe: o.IncludeUnsafe, NoSpendZeroConfChange: !w.opts.SpendZeroConfChange,
		AvoidPartialSpends: w.opts.AvoidPartialSpends, MaxWeight: o.MaxTxWeight, Rand: mrand.New(mrand.NewPCG(mrand.Uint64(), mrand.Uint64())),
	}
	preselected := append([]wire.OutPoint(nil), o.Inputs...)
	for _, in := range tx.TxIn {
		preselected = append(preselected, in.PreviousOutPoint)
	}
	var err error
	if p.Preselected, err = w.preselectedCoins(ctx, preselected, o); err != nil {
		return nil, err
	}
	coins := w.availableCoins(ctx, o.MinConf, o.IncludeUnsafe)
	if o.MaxConf != nil {
		coins = maxDepth(coins, *o.MaxConf)
	}
	if len(preselected) > 0 && !o.AddInputs {
		coins, p.OnlyPreselected = nil, true
	}
	res, err := coinselect.SelectWithFilters(coins, total, p)
	if err != nil {
		if errors.Is(err, coinselect.ErrInsufficientFunds) {
			if len(preselected) > 0 && !o.AddInputs {
				return nil, ErrPreselectedShort
			}
			return nil, ErrInsufficientFunds
		}
		return nil, err
	}
	seq := uint32(wire.MaxTxInSequenceNum - 2) // BIP125 signalling, Core's default
	if o.Replaceable != nil && !*o.Replaceable || o.Replaceable == nil && !w.opts.WalletRBF {
		seq = wire.MaxTxInSequenceNum - 1
	}
	existing := map[wire.OutPoint]*wire.TxIn{}
	for _, in := range tx.TxIn {
		existing[in.PreviousOutPoint] = in
	}
	f := &funded{prevouts: map[wire.OutPoint]sign.Prevout{}, changePos: -1}
	var ins []*wire.TxIn
	for _, in := range tx.TxIn { // keep the caller's inputs first, in order
		ins = append(ins, in)
	}
	for _, c := range res.Inputs {
		f.prevouts[c.OutPoint] = sign.Prevout{Script: c.Script, Value: c.Value}
		f.scripts = append(f.scripts, c.Script)
		f.inputs = append(f.inputs, c.OutPoint)
		if _, ok := existing[c.OutPoint]; !ok {
			ins = append(ins, &wire.TxIn{PreviousOutPoint: c.OutPoint, Sequence: seq})
		}
	}
	tx.TxIn = ins
	fee := res.Fee
	if res.Change > 0 {
		fee += res.ChangeFee
		change := res.Change
		if len(sffo) == 0 {
			change = res.SelectedValue - total - fee
		}
		if change > 0 {
			pos := o.ChangePos
			if pos < 0 || pos > len(tx.TxOut) {
				pos = int(p.Rand.IntN(len(tx.TxOut) + 1))
			}
			out := wire.NewTxOut(change, changeScript)
			tx.TxOut = append(tx.TxOut[:pos], append([]*wire.TxOut{out}, tx.TxOut[pos:]...)...)
			f.changePos, f.change = pos, cs
		}
	} else if len(sffo) == 0 {
		fee = res.SelectedValue - total
	}
	if f.changePos >= 0 && len(sffo) == 0 {
		fee = w.trimChangeFee(tx, f, o, rate, fee)
	}
	if len(sffo) > 0 {
		// What the inputs leave over the outputs already pays part of the
		// fee; the paying outputs give the rest (Core's to_reduce).
		var outSum int64
		for _, out := range tx.TxOut {
			outSum += out.Value
		}
		if err := subtractFee(tx, sffo, f.changePos, fee-(res.SelectedValue-outSum)); err != nil {
			return nil, err
		}
	}
	if err := w.checkSignedWeight(tx, f, o); err != nil {
		return nil, err
	}
	if w.opts.MaxTxFee > 0 && fee > w.opts.MaxTxFee {
		return nil, &FeeError{Msg: "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)"}
	}
	f.fee = fee
	return f, nil
}

// useChange hands out the change position fund used. The caller holds w.mu.
func (w *Wallet) useChange(f *funded) error {
	if f.change == nil || f.changePos < 0 {
		return nil
	}
	f.change.rec.NextIndex++
	_ = w.topUp(f.change)
	return w.update(func(b *store.Batch) error { return w.writeDescriptor(b, f.change) })
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
	if w.keysLocked() {
		return nil, ErrUnlockNeeded
	}
	tx := wire.NewMsgTx(2)
	if o.Version != 0 {
		tx.Version = o.Version
	}
	sffo := map[int]bool{}
	for i, r := range recipients {
		if r.Amount <= 0 {
			return nil, errors.New("Transaction amounts must not be negative")
		}
		if r.SubtractFeeFromAmt {
			sffo[i] = true
		}
		tx.AddTxOut(wire.NewTxOut(r.Amount, r.Script))
	}
	// Anti fee sniping: lock time at the tip, as Core (without its random
	// back-dating).
	tx.LockTime = uint32(max(tip.Height, 0))
	if o.Locktime != nil {
		tx.LockTime = *o.Locktime
	}
	f, err := w.fund(ctx, tx, sffo, o, rate)
	if err != nil {
		return nil, err
	}
	complete, _, err := sign.SignTx(tx, f.prevouts, w.provider(f.scripts), "DEFAULT")
	if err != nil {
		return nil, fmt.Errorf("Signing transaction failed: %w", err)
	}
	if !complete {
		return nil, errors.New("Signing transaction failed")
	}
	if err := w.useChange(f); err != nil {
		return nil, err
	}
	return &CreatedTx{Tx: tx, Fee: f.fee, ChangePos: f.changePos, Complete: complete}, nil
}

// FundTransaction adds inputs and change to a raw transaction without
// signing it (Core's fundrawtransaction); lockUnspents locks what it spends.
func (w *Wallet) FundTransaction(ctx context.Context, tx *wire.MsgTx, sffo map[int]bool, o SendOptions, lockUnspents bool) (*CreatedTx, error) {
	rate, err := w.feeRate(ctx, o)
	if err != nil {
		return nil, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	f, err := w.fund(ctx, tx, sffo, o, rate)
	if err != nil {
		return nil, err
	}
	if err := w.useChange(f); err != nil {
		return nil, err
	}
	if lockUnspents {
		for _, op := range f.inputs {
			w.locked[op] = true
		}
	}
	return &CreatedTx{Tx: tx, Fee: f.fee, ChangePos: f.changePos}, nil
}

// SignTransaction signs what it can of tx with the wallet's keys (Core's
// signrawtransactionwithwallet); extra describes outputs the wallet does
// not know.
func (w *Wallet) SignTransaction(ctx context.Context, tx *wire.MsgTx, extra map[wire.OutPoint]sign.Prevout, hashType string) (bool, []sign.InputError, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.keysLocked() {
		return false, nil, ErrUnlockNeeded
	}
	prevouts := map[wire.OutPoint]sign.Prevout{}
	var scripts [][]byte
	var missing []wire.OutPoint
	for _, in := range tx.TxIn {
		op := in.PreviousOutPoint
		if p, ok := extra[op]; ok {
			prevouts[op] = p
			scripts = append(scripts, p.Script)
			continue
		}
		if o, ok := w.prevOut(op); ok {
			prevouts[op] = sign.Prevout{Script: o.PkScript, Value: o.Value}
			scripts = append(scripts, o.PkScript)
			continue
		}
		missing = append(missing, op)
	}
	if len(missing) > 0 {
		coins, err := w.chain.FindCoins(ctx, missing)
		if err != nil {
			return false, nil, err
		}
		for i, c := range coins {
			if c.Found {
				prevouts[missing[i]] = sign.Prevout{Script: c.Script, Value: c.Value}
				scripts = append(scripts, c.Script)
			}
		}
	}
	return sign.SignTx(tx, prevouts, w.provider(scripts), hashType)
}

// subtractFee takes fee from the outputs at the sffo indexes (positions
// before change was inserted), evenly, the first one paying the remainder
// (Core's rule).
func subtractFee(tx *wire.MsgTx, sffo map[int]bool, changePos int, fee int64) error {
	n := int64(len(sffo))
	first := true
	ri := 0
	for i, out := range tx.TxOut {
		if i == changePos {
			continue
		}
		idx := ri
		ri++
		if !sffo[idx] {
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
