package engine

import (
	"context"
	"errors"
	"fmt"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
	"github.com/mpbitcoin/mpbitcoin/roles/psbt"
	"github.com/mpbitcoin/mpbitcoin/roles/sign"
)

// psbtProvider is what the wallet knows of scripts for a PSBT (Core's
// HidingSigningProvider over the descriptors' providers): private keys only
// when withKeys, BIP32 origins only when withOrigins. The caller holds w.mu.
func (w *Wallet) psbtProvider(scripts [][]byte, withKeys, withOrigins bool) *sign.Flat {
	f := &sign.Flat{}
	for _, s := range scripts {
		r, ok := w.isMine(s)
		if !ok {
			continue
		}
		o := r.out
		if withKeys {
			o = w.signingOutput(r, s)
		} else {
			o.Keys = make([]descriptor.Key, len(r.out.Keys))
			for i, k := range r.out.Keys {
				k.Priv = nil
				o.Keys[i] = k
			}
		}
		addOutput(f, o)
		if !withOrigins {
			continue
		}
		for _, k := range o.Keys {
			origin := sign.KeyOrigin{Fingerprint: k.Fingerprint, Path: append([]uint32(nil), k.Path...)}
			f.AddOrigin(k.Pub, origin)
			if k.XOnly && len(k.Pub) == 33 {
				f.AddOrigin(k.Pub[1:], origin)
			}
		}
	}
	return f
}

// inputFinal is Core's PSBTInputSigned.
func inputFinal(in *psbt.Input) bool {
	return len(in.FinalScriptSig) != 0 || len(in.FinalScriptWitness) != 0
}

// inputVerified is Core's PSBTInputSignedAndVerified: input i is final and
// its final scripts pass against its UTXO (prevouts: every input's).
func inputVerified(p *psbt.Packet, i int, prevouts map[wire.OutPoint]sign.Prevout) bool {
	in := &p.Inputs[i]
	if !inputFinal(in) {
		return false
	}
	if _, ok := prevouts[p.UnsignedTx.TxIn[i].PreviousOutPoint]; !ok {
		return false
	}
	tx := p.UnsignedTx.Copy()
	tx.TxIn[i].SignatureScript, tx.TxIn[i].Witness = in.FinalScriptSig, in.FinalScriptWitness
	return sign.VerifyInput(tx, i, prevouts) == nil
}

// psbtPrevouts are the outputs the inputs of p spend, as far as known.
func psbtPrevouts(p *psbt.Packet) map[wire.OutPoint]sign.Prevout {
	prevouts := map[wire.OutPoint]sign.Prevout{}
	for j, txin := range p.UnsignedTx.TxIn {
		if u, ok := p.InputUTXO(j); ok {
			prevouts[txin.PreviousOutPoint] = sign.Prevout{Script: u.PkScript, Value: u.Value}
		}
	}
	return prevouts
}

// KeysLocked reports an encrypted wallet whose keys are locked (Core's
// IsLocked).
func (w *Wallet) KeysLocked() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.keysLocked()
}

// FillPSBT is Core's CWallet::FillPSBT: it adds the wallet's previous
// transactions, scripts and (with bip32derivs) key origins to p, signs
// what it can when signInputs, finalizes complete inputs when finalize, and
// reports whether every input is signed. A nil sighash is Core's default
// (DEFAULT for taproot, ALL otherwise). Signing a locked wallet fails with
// ErrUnlockNeeded (Core's EnsureWalletIsUnlocked in walletprocesspsbt).
func (w *Wallet) FillPSBT(p *psbt.Packet, sighash *txscript.SigHashType, signInputs, bip32derivs, finalize bool) (bool, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if signInputs && w.keysLocked() {
		return false, ErrUnlockNeeded
	}
	return w.fillPSBT(p, sighash, signInputs, bip32derivs, finalize)
}

// fillPSBT is FillPSBT with w.mu held.
func (w *Wallet) fillPSBT(p *psbt.Packet, sighash *txscript.SigHashType, signInputs, bip32derivs, finalize bool) (bool, error) {
	tx := p.UnsignedTx
	copies := map[chainhash.Hash]*wire.MsgTx{} // one copy per previous tx, shared by its inputs
	for i, txin := range tx.TxIn {
		in := &p.Inputs[i]
		if inputFinal(in) || in.NonWitnessUtxo != nil {
			continue
		}
		if t, ok := w.txs[txin.PreviousOutPoint.Hash]; ok {
			c, ok := copies[t.txid]
			if !ok {
				c = t.tx.Copy()
				copies[t.txid] = c
			}
			in.NonWitnessUtxo = c
		}
	}
	var scripts [][]byte
	for i := range p.Inputs {
		if u, ok := p.InputUTXO(i); ok {
			scripts = append(scripts, u.PkScript)
		}
	}
	for _, o := range tx.TxOut {
		scripts = append(scripts, o.PkScript)
	}
	scripts = append(scripts, w.scriptsWithKeys(listedKeys(p))...)
	prov := w.psbtProvider(scripts, signInputs, bip32derivs)
	for i := range p.Inputs {
		if inputFinal(&p.Inputs[i]) {
			continue
		}
		if err := p.SignInput(prov, i, sighash, finalize); errors.Is(err, psbt.ErrSighashMismatch) {
			return false, err
		}
	}
	for i := range tx.TxOut {
		p.UpdateOutput(prov, i)
	}
	p.RemoveUnnecessaryTransactions()
	complete := true
	prevouts := psbtPrevouts(p)
	for i := range p.Inputs {
		complete = inputVerified(p, i, prevouts) && complete
	}
	return complete, nil
}

// Finished is a transaction the wallet filled and signed as a PSBT
// (Core's FinishTransaction): Tx is the network transaction when Complete.
type Finished struct {
	Packet   *psbt.Packet
	Tx       *wire.MsgTx
	Complete bool
}

// FinishTransaction discourages fee sniping (when antiSnipe and every
// input's sequence allows it, the lock time becomes the wallet's tip
// height), then fills the transaction's PSBT with the wallet's data and
// signs and finalizes what it can, as Core's FinishTransaction before it
// commits. It neither records nor broadcasts the result.
func (w *Wallet) FinishTransaction(ctx context.Context, tx *wire.MsgTx, antiSnipe bool) (*Finished, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, in := range tx.TxIn {
		if in.Sequence != wire.MaxTxInSequenceNum-1 && in.Sequence != wire.MaxTxInSequenceNum-2 {
			antiSnipe = false
		}
	}
	if antiSnipe && w.synced.Height > 0 {
		tx.LockTime = uint32(w.synced.Height)
	}
	p, err := psbt.New(psbt.Strip(tx))
	if err != nil {
		return nil, fmt.Errorf("make PSBT: %w", err)
	}
	if _, err := w.fillPSBT(p, nil, false, true, true); err != nil {
		return nil, err
	}
	if _, err := w.fillPSBT(p, nil, true, false, true); err != nil {
		return nil, err
	}
	out := &Finished{Packet: p}
	if final, err := p.Extract(); err == nil {
		out.Tx, out.Complete = final, true
	}
	return out, nil
}

// CommitFinished records a finished transaction in the wallet and
// broadcasts it, as Core's CommitTransaction for send and sendall: a
// transaction the mempool refuses stays in the wallet (inactive) and the
// refusal is only returned as reject.
func (w *Wallet) CommitFinished(ctx context.Context, tx *wire.MsgTx) (reject string, err error) {
	if err := w.CommitTransaction(ctx, tx, "", "", false); err != nil {
		return "", err
	}
	return w.broadcastCommitted(ctx, tx)
}

// broadcastCommitted submits a committed transaction to the node and
// marks it in the mempool when accepted.
func (w *Wallet) broadcastCommitted(ctx context.Context, tx *wire.MsgTx) (string, error) {
	reject, err := w.chain.BroadcastTransaction(ctx, tx, w.opts.MaxTxFee, true)
	if err != nil || reject != "" {
		return reject, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if t := w.txs[tx.TxHash()]; t != nil && t.state == stateInactive {
		t.state = stateMempool
	}
	return "", nil
}

// CreateFundedPSBT is Core's walletcreatefundedpsbt after the argument
// parsing: tx (its outputs the payments, its inputs preselected) is funded
// as FundTransaction does, then made a PSBT with the wallet's data but no
// signatures.
func (w *Wallet) CreateFundedPSBT(ctx context.Context, tx *wire.MsgTx, sffo map[int]bool, o SendOptions, lockUnspents, bip32derivs bool) (*psbt.Packet, *CreatedTx, error) {
	created, err := w.FundTransaction(ctx, tx, sffo, o, lockUnspents)
	if err != nil {
		return nil, nil, err
	}
	p, err := psbt.New(psbt.Strip(created.Tx))
	if err != nil {
		return nil, nil, fmt.Errorf("make PSBT: %w", err)
	}
	if _, err := w.FillPSBT(p, nil, false, bip32derivs, true); err != nil {
		return nil, nil, err
	}
	return p, created, nil
}
