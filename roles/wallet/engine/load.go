package engine

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/chainhash/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/wallet/store"
)

// load reads the wallet's records into memory and returns the stored best
// block (nil when none).
func (w *Wallet) load(ctx context.Context) (*chainhash.Hash, error) {
	c, err := w.db.Load()
	if err != nil {
		return nil, err
	}
	if c.HasFlags && c.Flags&FlagDescriptors == 0 {
		return nil, errors.New("legacy (non-descriptor) wallets are not supported")
	}
	if c.HasVersion && w.log != nil {
		w.log("[%s] Last client version = %d", w.name, c.Version)
	}
	if !c.HasVersion || c.Version != clientVersion {
		if err := w.update(func(b *store.Batch) error { return b.WriteVersion(clientVersion) }); err != nil {
			return nil, err
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.flags, w.orderPos = c.Flags, c.OrderPosNext
	if c.IsEncrypted() {
		w.crypt = &crypter{crypted: map[[32]byte]map[string][]byte{}}
		for _, m := range c.MasterKeys {
			w.crypt.master = m
			break
		}
		for id, d := range c.Descriptors {
			for _, k := range d.CryptedKeys {
				if w.crypt.crypted[id] == nil {
					w.crypt.crypted[id] = map[string][]byte{}
				}
				w.crypt.crypted[id][hex.EncodeToString(k.Pub)] = k.Secret
			}
		}
	}
	for id, d := range c.Descriptors {
		keys := map[string]*btcec.PrivateKey{}
		for _, k := range d.Keys {
			keys[hex.EncodeToString(k.Pub)] = k.Priv
		}
		parsed, err := attachPrivate(d.Descriptor, keys, w.opts.Params)
		if err != nil {
			return nil, err
		}
		s := &spkm{id: id, desc: parsed, keys: keys, rec: descRecord{
			Descriptor: publicBody(d.Descriptor), CreationTime: int64(d.CreationTime),
			NextIndex: d.NextIndex, RangeStart: d.RangeStart, RangeEnd: d.RangeStart,
		}}
		w.spkms[id] = s
		w.order = append(w.order, id)
		end := d.RangeEnd
		if !parsed.IsRange() {
			end = 1
		}
		if err := w.expand(s, end); err != nil {
			return nil, err
		}
		if err := w.topUp(s); err != nil {
			return nil, err
		}
		if w.birth == 0 || s.rec.CreationTime < w.birth {
			w.birth = s.rec.CreationTime
		}
	}
	for t, id := range c.ActiveExternal {
		if _, ok := w.spkms[id]; ok {
			w.active[activeKey{outputTypeName(t), false}] = id
		}
	}
	for t, id := range c.ActiveInternal {
		if _, ok := w.spkms[id]; ok {
			w.active[activeKey{outputTypeName(t), true}] = id
		}
	}
	for addr, e := range c.AddressBook {
		w.book[addr] = bookEntry{label: e.Label, purpose: e.Purpose}
	}
	for op := range c.LockedUTXOs {
		w.locked[op] = true
	}
	for _, r := range c.Txs {
		t := walletTxFromStore(*r)
		if t.state == stateConfirmed || t.state == stateConflicted {
			fb, ok, err := w.chain.FindBlock(ctx, t.blockHash, false)
			if err != nil {
				return nil, fmt.Errorf("look up block of %s: %w", t.txid, err)
			}
			if ok && fb.InActiveChain {
				t.blockHeight, t.blockTime = fb.Height, fb.Time
			} else {
				t.state = stateInactive // reorganised away while unloaded
			}
		}
		w.txs[t.txid] = t
		if !isCoinbase(t.tx) {
			for _, in := range t.tx.TxIn {
				w.spentBy[in.PreviousOutPoint] = append(w.spentBy[in.PreviousOutPoint], t.txid)
			}
		}
	}
	// fromMe is recomputed now that every transaction is known.
	for _, t := range w.txs {
		if !t.fromMe {
			t.fromMe = w.debit(t.tx) > 0
		}
	}
	// Statuses Core only warns about (critical ones came back as errors
	// from db.Load): bad transaction records are rescanned from the
	// wallet's birth rather than trusted from the stored best block.
	if c.Status != store.LoadOK {
		if msg, warn := loadErrorText(&store.LoadError{Status: c.Status}, w.db.Path()); warn && w.log != nil {
			w.log("Warning: %s", msg)
		}
		if c.Status == store.NeedRescan {
			return nil, nil
		}
	}
	if c.HasBestBlock && len(c.BestBlock) > 0 {
		best := c.BestBlock[0]
		if fb, ok, err := w.chain.FindBlock(ctx, best, false); err == nil && ok && fb.InActiveChain {
			w.synced.Hash, w.synced.Height = best, fb.Height
		}
		return &best, nil
	}
	return nil, nil
}
