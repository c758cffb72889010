package engine

import (
	"context"
	"fmt"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/interfaces"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/store"
)

// walletIncrementalRelayFee is Core's WALLET_INCREMENTAL_RELAY_FEE in
// sat/kvB: the least a bump raises the fee rate by.
const walletIncrementalRelayFee = 5000

// ExternalInput is a preselected input of others: the output it spends
// and its weight once signed.
type ExternalInput struct {
	Out    *wire.TxOut
	Weight int64
}

// signedInputWeight is Core's GetTransactionInputWeight of a signed input.
func signedInputWeight(in *wire.TxIn) int64 {
	base := int64(32 + 4 + wire.VarIntSerializeSize(uint64(len(in.SignatureScript))) + len(in.SignatureScript) + 4)
	wit := int64(wire.VarIntSerializeSize(uint64(len(in.Witness))))
	for _, item := range in.Witness {
		wit += int64(wire.VarIntSerializeSize(uint64(len(item))) + len(item))
	}
	return base*4 + wit
}

// BumpOptions are bumpfee's choices.
type BumpOptions struct {
	FeeRate         int64 // sat/kvB; 0: estimate unless ExplicitFeeRate
	ExplicitFeeRate bool
	ConfTarget      int
	Replaceable     bool
	// Outputs replace the original outputs when not nil.
	Outputs []*wire.TxOut
	// ChangeIndex designates the original's change output.
	ChangeIndex *int
	// RequireMine refuses transactions with inputs of others (bumpfee; not
	// psbtbumpfee).
	RequireMine bool
}

// Bumped is an unsigned replacement with the fees of both transactions.
type Bumped struct {
	Tx     *wire.MsgTx
	OldFee int64
	NewFee int64
}

// safeTx is Core's AvailableCoins notion of a safe transaction: trusted,
// and, while unconfirmed, neither a fee bump's replacement nor replaced
// (so nothing spends an output a one-block reorg could drop). The caller
// holds w.mu.
func (w *Wallet) safeTx(t *walletTx) bool {
	if w.depth(t) == 0 && (t.replaces != nil || t.replacedBy != nil) {
		return false
	}
	return w.trusted(t, nil)
}

// bumpPreconditions is Core's feebumper PreconditionChecks. The caller
// holds w.mu.
func (w *Wallet) bumpPreconditions(ctx context.Context, t *walletTx, requireMine bool) error {
	for i := range t.tx.TxOut {
		if w.isSpent(wire.OutPoint{Hash: t.txid, Index: uint32(i)}) { // Core's HasWalletSpend
			return spendErr(SpendInvalidParameter, "Transaction has descendants in the wallet")
		}
	}
	if _, desc, err := w.chain.TransactionAncestry(ctx, t.txid); err == nil && desc > 1 {
		return spendErr(SpendInvalidParameter, "Transaction has descendants in the mempool")
	}
	if w.depth(t) != 0 {
		return spendErr(SpendWalletError, "Transaction has been mined, or is conflicted with a mined transaction")
	}
	if t.replacedBy != nil {
		return spendErr(SpendWalletError, "Cannot bump transaction %s which was already bumped by transaction %s", t.txid, t.replacedBy)
	}
	if requireMine {
		for _, in := range t.tx.TxIn {
			o, ok := w.prevOut(in.PreviousOutPoint)
			if !ok {
				return spendErr(SpendWalletError, "Transaction contains inputs that don't belong to this wallet")
			}
			if _, mine := w.isMine(o.PkScript); !mine {
				return spendErr(SpendWalletError, "Transaction contains inputs that don't belong to this wallet")
			}
		}
	}
	return nil
}

// isChange is Core's OutputIsChange: the wallet's script without an
// address book entry.
func (w *Wallet) isChange(script []byte) bool {
	if _, mine := w.isMine(script); !mine {
		return false
	}
	if a, ok := scriptAddressOK(script, w); ok {
		if _, labelled := w.book[a]; labelled {
			return false
		}
	}
	return true
}

func scriptAddressOK(script []byte, w *Wallet) (string, bool) {
	a, err := scriptAddress(script, w.opts.Params)
	return a, err == nil
}

// CreateBumpTransaction is Core's feebumper::CreateRateBumpTransaction:
// an unsigned replacement of wallet transaction txid paying a higher fee
// rate, taking the fee from the change output or from new confirmed
// inputs.
func (w *Wallet) CreateBumpTransaction(ctx context.Context, txid chainhash.Hash, bo BumpOptions) (*Bumped, error) {
	if bo.Outputs != nil && bo.ChangeIndex != nil {
		return nil, spendErr(SpendInvalidParameter, "The options 'outputs' and 'original_change_index' are incompatible. You can only either specify a new set of outputs, or designate a change output to be recycled.")
	}
	fees, err := w.chain.RelayFees(ctx)
	if err != nil {
		return nil, err
	}
	// The wallet's own minimum (Core's GetMinimumFeeRate), for both paths.
	minRate, err := w.feeRate(ctx, SendOptions{ConfTarget: bo.ConfTarget})
	if err != nil && bo.FeeRate == 0 && !bo.ExplicitFeeRate {
		return nil, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	t, ok := w.txs[txid]
	if !ok {
		return nil, spendErr(SpendInvalidAddressOrKey, "Invalid or non-wallet transaction id")
	}
	if bo.ChangeIndex != nil && (*bo.ChangeIndex < 0 || *bo.ChangeIndex >= len(t.tx.TxOut)) {
		return nil, spendErr(SpendInvalidParameter, "Change position is out of range")
	}
	ops := make([]wire.OutPoint, len(t.tx.TxIn))
	for i, in := range t.tx.TxIn {
		ops[i] = in.PreviousOutPoint
	}
	coins, err := w.chain.FindCoins(ctx, ops)
	if err != nil {
		return nil, err
	}
	var inputValue int64
	var prevScripts [][]byte
	external := map[wire.OutPoint]ExternalInput{}
	known := map[int]knownInput{}
	for i, c := range coins {
		if !c.Found {
			return nil, spendErr(SpendMiscError, "%s:%d is already spent", ops[i].Hash, ops[i].Index)
		}
		inputValue += c.Value
		prevScripts = append(prevScripts, c.Script)
		if _, mine := w.isMine(c.Script); !mine {
			// Core sizes an input of others by its signature, grown to
			// the largest one; 1 WU per ECDSA signature stands for that.
			weight := signedInputWeight(t.tx.TxIn[i]) + int64(len(t.tx.TxIn[i].Witness))
			external[ops[i]] = ExternalInput{Out: wire.NewTxOut(c.Value, c.Script), Weight: weight}
			known[i] = knownInput{weight: weight, witness: len(t.tx.TxIn[i].Witness) > 0}
		}
	}
	if err := w.bumpPreconditions(ctx, t, bo.RequireMine); err != nil {
		return nil, err
	}
	var outputValue int64
	for _, o := range t.tx.TxOut {
		outputValue += o.Value
	}
	oldFee := inputValue - outputValue

	outs := t.tx.TxOut
	if bo.Outputs != nil {
		outs = bo.Outputs
	}
	var changeScript []byte
	var payments []*wire.TxOut
	var newOutputsValue int64
	for i, o := range outs {
		isChange := w.isChange(o.PkScript)
		if bo.ChangeIndex != nil {
			isChange = *bo.ChangeIndex == i
		}
		if isChange {
			changeScript = o.PkScript
		} else {
			payments = append(payments, wire.NewTxOut(o.Value, o.PkScript))
		}
		newOutputsValue += o.Value
	}
	sffo := map[int]bool{}
	if len(payments) == 0 {
		if changeScript == nil {
			return nil, spendErr(SpendInvalidParameter, "Unable to create transaction. Transaction must have at least one recipient")
		}
		// Everything goes to the change script, which pays the fee.
		payments = []*wire.TxOut{wire.NewTxOut(newOutputsValue, changeScript)}
		sffo[0] = true
		changeScript = nil
	}

	rate := bo.FeeRate
	if rate > 0 || bo.ExplicitFeeRate {
		temp := wire.NewMsgTx(t.tx.Version)
		for _, in := range t.tx.TxIn {
			temp.AddTxIn(&wire.TxIn{PreviousOutPoint: in.PreviousOutPoint, Sequence: in.Sequence})
		}
		temp.TxOut, temp.LockTime = outs, t.tx.LockTime
		size, _, ok := signedSizeWith(temp, prevScripts, w.provider(prevScripts), known)
		if !ok {
			size = txVSize(t.tx) // unsolvable: what the original weighs
		}
		if err := w.checkBumpRate(rate, size, oldFee, w.ancestorBumpFee(ctx, ops, rate), fees); err != nil {
			return nil, err
		}
	} else {
		vsize := txVSize(t.tx)
		rate = oldFee*1000/vsize + 1 + max(fees.Incremental, walletIncrementalRelayFee)
		rate = max(rate, minRate)
	}

	rbf := bo.Replaceable
	seq := uint32(wire.MaxTxInSequenceNum - 2)
	if !rbf {
		seq = wire.MaxTxInSequenceNum - 1
	}
	tx := wire.NewMsgTx(2)
	for _, in := range t.tx.TxIn {
		tx.AddTxIn(&wire.TxIn{PreviousOutPoint: in.PreviousOutPoint, Sequence: seq})
	}
	tx.TxOut = payments
	tx.LockTime = uint32(max(w.synced.Height, 0))
	o := SendOptions{FeeRate: rate, Replaceable: &rbf, ChangeScript: changeScript, ChangePos: -1,
		AddInputs: true, MinConf: 1, External: external}
	f, err := w.fund(ctx, tx, sffo, o, rate)
	if err != nil {
		return nil, spendErr(SpendWalletError, "Unable to create transaction. %s", err.Error())
	}
	if err := w.useChange(f); err != nil {
		return nil, err
	}
	return &Bumped{Tx: tx, OldFee: oldFee, NewFee: f.fee}, nil
}

// txVSize is the virtual size of a signed transaction.
func txVSize(tx *wire.MsgTx) int64 {
	base, total := int64(tx.SerializeSizeStripped()), int64(tx.SerializeSize())
	return (base*3 + total + 3) / 4
}

// checkBumpRate is Core's feebumper CheckFeeRate for a user's fee rate on
// a replacement of about size vbytes. The caller holds w.mu.
func (w *Wallet) checkBumpRate(rate, size, oldFee, ancestorBump int64, fees interfaces.RelayFees) error {
	// Core first compares rate with the mempool's dynamic minimum, which
	// is zero until the mempool fills up; the Chain interface does not
	// report it, so that check is left to the mempool's own refusal.
	newTotal := feeFor(rate, size) + ancestorBump
	incremental := feeFor(fees.Incremental, size)
	if newTotal < oldFee+incremental {
		return spendErr(SpendInvalidParameter, "Insufficient total fee %s, must be at least %s (oldFee %s + incrementalFee %s)",
			formatMoney(newTotal), formatMoney(oldFee+incremental), formatMoney(oldFee), formatMoney(incremental))
	}
	if required := feeFor(max(w.opts.MinTxFee, fees.MinRelay), size); newTotal < required {
		return spendErr(SpendInvalidParameter, "Insufficient total fee (cannot be less than required fee %s)", formatMoney(required))
	}
	if w.opts.MaxTxFee > 0 && newTotal > w.opts.MaxTxFee {
		return spendErr(SpendWalletError, "Specified or calculated fee %s is too high (cannot be higher than -maxtxfee %s)", formatMoney(newTotal), formatMoney(w.opts.MaxTxFee))
	}
	return nil
}

// CommitBumpTransaction is Core's feebumper::CommitTransaction: it checks
// the original can still be replaced, records and broadcasts the signed
// replacement with "replaces_txid" and marks the original
// "replaced_by_txid".
func (w *Wallet) CommitBumpTransaction(ctx context.Context, oldTxid chainhash.Hash, tx *wire.MsgTx) (chainhash.Hash, error) {
	w.mu.Lock()
	t, ok := w.txs[oldTxid]
	if !ok {
		w.mu.Unlock()
		return chainhash.Hash{}, spendErr(SpendMiscError, "Invalid or non-wallet transaction id")
	}
	if err := w.bumpPreconditions(ctx, t, false); err != nil {
		w.mu.Unlock()
		return chainhash.Hash{}, err
	}
	comment, commentTo := t.comment, t.commentTo
	w.mu.Unlock()

	newID := tx.TxHash()
	if err := w.CommitTransaction(ctx, tx, comment, commentTo, false); err != nil {
		return chainhash.Hash{}, err
	}
	w.mu.Lock()
	err := w.update(func(b *store.Batch) error {
		nt, old := w.txs[newID], w.txs[oldTxid]
		if nt == nil || old == nil {
			return fmt.Errorf("Created new bumpfee transaction but could not mark the original transaction as replaced")
		}
		replaces, replacedBy := oldTxid, newID
		nt.replaces, old.replacedBy = &replaces, &replacedBy
		if err := w.writeTx(b, nt); err != nil {
			return err
		}
		return w.writeTx(b, old)
	})
	w.mu.Unlock()
	if err != nil {
		return chainhash.Hash{}, err
	}
	if _, err := w.broadcastCommitted(ctx, tx); err != nil {
		return chainhash.Hash{}, err
	}
	return newID, nil
}
