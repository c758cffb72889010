package engine

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/chainhash/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/store"
)

// The mapping between the engine's state and the store's records.

func (w *Wallet) writeDescriptor(b *store.Batch, s *spkm) error {
	err := b.WriteDescriptor(s.id, store.WalletDescriptor{
		Descriptor: descriptor.AddChecksum(s.rec.Descriptor), CreationTime: uint64(s.rec.CreationTime),
		NextIndex: s.rec.NextIndex, RangeStart: s.rec.RangeStart, RangeEnd: s.rec.RangeEnd,
	})
	if err != nil {
		return fmt.Errorf("write descriptor: %w", err)
	}
	return nil
}

func (w *Wallet) writeKey(b *store.Batch, id [32]byte, pub []byte, priv *btcec.PrivateKey) error {
	if err := w.storeKey(b, id, pub, priv); err != nil {
		if errors.Is(err, store.ErrRecordExists) {
			return nil // the key is stored already
		}
		if errors.Is(err, ErrUnlockNeeded) {
			return err
		}
		return fmt.Errorf("write descriptor key: %w", err)
	}
	return nil
}

func (w *Wallet) writeBook(b *store.Batch, addr string) error {
	e := w.book[addr]
	if err := b.WriteName(addr, e.label); err != nil {
		return fmt.Errorf("write address book: %w", err)
	}
	if err := b.WritePurpose(addr, e.purpose); err != nil {
		return fmt.Errorf("write address book: %w", err)
	}
	return nil
}

func (w *Wallet) writeTx(b *store.Batch, t *walletTx) error {
	st := store.TxState{Kind: store.TxInactive}
	switch t.state {
	case stateConfirmed:
		st = store.TxState{Kind: store.TxConfirmed, BlockHash: t.blockHash, BlockHeight: t.blockHeight, Index: t.blockIndex}
	case stateConflicted:
		st = store.TxState{Kind: store.TxBlockConflicted, BlockHash: t.blockHash, BlockHeight: t.blockHeight}
	case stateAbandoned:
		st = store.TxState{Kind: store.TxAbandoned}
	}
	mv := map[string]string{}
	if t.comment != "" {
		mv["comment"] = t.comment
	}
	if t.commentTo != "" {
		mv["to"] = t.commentTo
	}
	if t.replacedBy != nil {
		mv["replaced_by_txid"] = t.replacedBy.String()
	}
	if t.replaces != nil {
		mv["replaces_txid"] = t.replaces.String()
	}
	if t.fromMe {
		mv["fromme"] = "1" // ours: Core recomputes it from the inputs
	}
	if err := b.WriteTx(store.WalletTx{Tx: t.tx, State: st, MapValue: mv, TimeReceived: uint32(t.timeReceived), OrderPos: t.orderPos}); err != nil {
		return fmt.Errorf("write transaction: %w", err)
	}
	if err := b.WriteOrderPosNext(w.orderPos); err != nil {
		return fmt.Errorf("write order position: %w", err)
	}
	return nil
}

func (w *Wallet) writeBestBlock(b *store.Batch) error {
	var loc []chainhash.Hash
	if w.synced.Height >= 0 {
		loc = []chainhash.Hash{w.synced.Hash}
	}
	if err := b.WriteBestBlock(loc); err != nil {
		return fmt.Errorf("write best block: %w", err)
	}
	return nil
}

// walletTxFromStore turns a loaded record into the engine's form; the
// block height is filled by the caller from the chain.
func walletTxFromStore(r store.WalletTx) *walletTx {
	t := &walletTx{tx: r.Tx, txid: r.Tx.TxHash(), timeReceived: int64(r.TimeReceived), orderPos: r.OrderPos}
	switch r.State.Kind {
	case store.TxConfirmed:
		t.state, t.blockHash, t.blockIndex = stateConfirmed, r.State.BlockHash, r.State.Index
	case store.TxBlockConflicted:
		t.state, t.blockHash = stateConflicted, r.State.BlockHash
	case store.TxAbandoned:
		t.state = stateAbandoned
	default:
		t.state = stateInactive
	}
	t.comment, t.commentTo = r.MapValue["comment"], r.MapValue["to"]
	if h, err := chainhash.NewHashFromStr(r.MapValue["replaced_by_txid"]); err == nil {
		t.replacedBy = h
	}
	if h, err := chainhash.NewHashFromStr(r.MapValue["replaces_txid"]); err == nil {
		t.replaces = h
	}
	t.fromMe, _ = strconv.ParseBool(r.MapValue["fromme"])
	return t
}
