package engine

import (
	"context"

	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/wallet/coinselect"
)

// maxStandardTxWeight is Core's MAX_STANDARD_TX_WEIGHT.
const maxStandardTxWeight = 400_000

// maxDepth keeps the coins with at most maxConf confirmations (coin
// control's m_max_depth).
func maxDepth(coins []coinselect.Coin, maxConf int) []coinselect.Coin {
	var out []coinselect.Coin
	for _, c := range coins {
		if c.Depth <= maxConf {
			out = append(out, c)
		}
	}
	return out
}

// isDust is policy's IsDust at the node's dust relay fee rate (sat/kvB).
func isDust(o *wire.TxOut, dustRate int64) bool {
	if len(o.PkScript) > 0 && o.PkScript[0] == txscript.OP_RETURN {
		return false
	}
	size := int64(o.SerializeSize())
	if txscript.IsWitnessProgram(o.PkScript) {
		size += 32 + 4 + 1 + 107/4 + 4
	} else {
		size += 32 + 4 + 1 + 107 + 4
	}
	return o.Value < feeFor(dustRate, size)
}

// SendAllRequest is sendall after its argument parsing.
type SendAllRequest struct {
	// Outputs are the recipients in order; Share marks those without an
	// amount, which split what remains after the fee.
	Outputs []*wire.TxOut
	Share   []bool
	// Inputs, when not nil, are exactly the inputs to spend (with their
	// sequences); otherwise every available coin is.
	Inputs          []*wire.TxIn
	SendMax         bool
	MinConf         int
	MaxConf         *int
	FeeRate         int64 // sat/kvB; 0: estimate unless ExplicitFeeRate
	ExplicitFeeRate bool
	ConfTarget      int
	Replaceable     bool
	Locktime        uint32
	Version         int32
	LockUnspents    bool
}

// SendAll is Core's sendall up to FinishTransaction: it gathers the
// inputs, sizes the transaction at the fee rate and gives the rest to the
// outputs without an amount. The returned transaction is unsigned.
func (w *Wallet) SendAll(ctx context.Context, req SendAllRequest) (*wire.MsgTx, error) {
	fees, err := w.chain.RelayFees(ctx)
	if err != nil {
		return nil, err
	}
	rate := req.FeeRate
	if rate == 0 && !req.ExplicitFeeRate {
		if rate, err = w.feeRate(ctx, SendOptions{ConfTarget: req.ConfTarget}); err != nil {
			return nil, err
		}
	} else if least := max(w.opts.MinTxFee, fees.MinRelay); rate < least {
		return nil, spendErr(SpendInvalidParameter, "Fee rate (%s) is lower than the minimum fee rate setting (%s)", fmtFeeRate(rate), fmtFeeRate(least))
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if req.Version == 0 {
		req.Version = 2
	}
	tx := wire.NewMsgTx(req.Version)
	tx.LockTime = req.Locktime
	for _, o := range req.Outputs {
		tx.AddTxOut(wire.NewTxOut(o.Value, o.PkScript))
	}
	var total int64
	var prevScripts [][]byte
	if req.Inputs != nil {
		for _, in := range req.Inputs {
			op := in.PreviousOutPoint
			if w.isSpent(op) {
				return nil, spendErr(SpendInvalidParameter, "Input not available. UTXO (%s:%d) was already spent.", op.Hash, op.Index)
			}
			o, ok := w.prevOut(op)
			if ok {
				_, ok = w.isMine(o.PkScript)
			}
			if !ok {
				return nil, spendErr(SpendInvalidParameter, "Input not found. UTXO (%s:%d) is not part of wallet.", op.Hash, op.Index)
			}
			tx.AddTxIn(&wire.TxIn{PreviousOutPoint: op, Sequence: in.Sequence})
			total += o.Value
			prevScripts = append(prevScripts, o.PkScript)
		}
	} else {
		seq := uint32(wire.MaxTxInSequenceNum)
		if req.Replaceable {
			seq = wire.MaxTxInSequenceNum - 2
		}
		coins := w.availableCoins(ctx, req.MinConf, false)
		if req.MaxConf != nil {
			coins = maxDepth(coins, *req.MaxConf)
		}
		for _, c := range coins {
			if req.SendMax && c.InputVSize >= 0 && feeFor(rate, int64(c.InputVSize)) > c.Value {
				continue
			}
			tx.AddTxIn(&wire.TxIn{PreviousOutPoint: c.OutPoint, Sequence: seq})
			total += c.Value
			prevScripts = append(prevScripts, c.Script)
		}
	}
	vsize, weight, ok := signedSize(tx, prevScripts, w.provider(prevScripts))
	if !ok {
		return nil, spendErr(SpendWalletError, "Unable to determine the size of the transaction, the wallet contains unsolvable descriptors")
	}
	fee := feeFor(rate, vsize)
	if w.opts.MaxTxFee > 0 && fee > w.opts.MaxTxFee {
		return nil, spendErr(SpendWalletError, "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)")
	}
	spent := make([]wire.OutPoint, len(tx.TxIn))
	for i, in := range tx.TxIn {
		spent[i] = in.PreviousOutPoint
	}
	effective := total - fee - w.ancestorBumpFee(ctx, spent, rate)
	if effective <= 0 {
		if req.SendMax {
			return nil, spendErr(SpendInsufficientFunds, "Total value of UTXO pool too low to pay for transaction, try using lower feerate.")
		}
		return nil, spendErr(SpendInsufficientFunds, "Total value of UTXO pool too low to pay for transaction. Try using lower feerate or excluding uneconomic UTXOs with 'send_max' option.")
	}
	if weight > maxStandardTxWeight {
		return nil, spendErr(SpendWalletError, "Transaction too large.")
	}
	var claimed int64
	shares := 0
	for i, o := range tx.TxOut {
		claimed += o.Value
		if req.Share[i] {
			shares++
		}
	}
	if claimed > total {
		return nil, spendErr(SpendInsufficientFunds, "Assigned more value to outputs than available funds.")
	}
	remainder := effective - claimed
	if remainder < 0 {
		return nil, spendErr(SpendInsufficientFunds, "Insufficient funds for fees after creating specified outputs.")
	}
	first := true
	for i, o := range tx.TxOut {
		if !req.Share[i] {
			if isDust(o, fees.Dust) {
				addr, _ := scriptAddress(o.PkScript, w.opts.Params)
				return nil, spendErr(SpendInvalidParameter, "Specified output amount to %s is below dust threshold.", addr)
			}
			continue
		}
		o.Value = remainder / int64(shares)
		if first {
			o.Value += remainder % int64(shares)
			first = false
		}
		if isDust(o, fees.Dust) {
			return nil, spendErr(SpendInsufficientFunds, "Dynamically assigned remainder results in dust output.")
		}
	}
	if req.LockUnspents {
		for _, in := range tx.TxIn {
			w.locked[in.PreviousOutPoint] = true
		}
	}
	return tx, nil
}
