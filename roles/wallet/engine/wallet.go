package engine

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcutil/v2/hdkeychain"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
	"github.com/mpbitcoin/mpbitcoin/roles/interfaces"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/store"
)

// Wallet flags (Core's WalletFlags).
const (
	FlagAvoidReuse         = 1 << 0
	FlagKeyOriginMetadata  = 1 << 1
	FlagLastHardenedCached = 1 << 2
	FlagDisablePrivateKeys = 1 << 32
	FlagBlankWallet        = 1 << 33
	FlagDescriptors        = 1 << 34
	FlagExternalSigner     = 1 << 35
)

// FlagNames are the names of the set flags in Core's order
// (WALLET_FLAG_TO_STRING, by bit).
func FlagNames(flags uint64) []string {
	var out []string
	for _, f := range []struct {
		bit  uint64
		name string
	}{{FlagAvoidReuse, "avoid_reuse"}, {FlagKeyOriginMetadata, "key_origin_metadata"}, {FlagLastHardenedCached, "last_hardened_xpub_cached"},
		{FlagDisablePrivateKeys, "disable_private_keys"}, {FlagBlankWallet, "blank_wallet"}, {FlagDescriptors, "descriptor_wallet"}, {FlagExternalSigner, "external_signer"}} {
		if flags&f.bit != 0 {
			out = append(out, f.name)
		}
	}
	return out
}

// scriptRef says which descriptor and position produced a script.
type scriptRef struct {
	id    [32]byte
	index int32
	out   descriptor.Output
}

type activeKey struct {
	outputType string
	internal   bool
}

// Wallet is one loaded wallet.
type Wallet struct {
	name  string
	db    *store.DB
	chain interfaces.Chain
	opts  *Options

	mu       sync.Mutex
	flags    uint64
	spkms    map[[32]byte]*spkm
	order    [][32]byte // descriptors in load order
	active   map[activeKey][32]byte
	scripts  map[string]scriptRef // by string(scriptPubKey)
	txs      map[chainhash.Hash]*walletTx
	spentBy  map[wire.OutPoint][]chainhash.Hash
	book     map[string]bookEntry // by address
	locked   map[wire.OutPoint]bool
	synced   interfaces.Tip // the last block the wallet processed
	orderPos int64
	birth    int64 // earliest key time, for rescans
	handler  interfaces.Handler
	crypt    *crypter                         // nil for an unencrypted wallet
	log      func(format string, args ...any) // the process log; nil: silent
	// ctl is runtime-only state: settxfee, the rescan reservation (control.go).
	ctl walletCtl
}

type bookEntry struct {
	label   string
	purpose string
}

// Name is the wallet's name ("" for the default wallet).
func (w *Wallet) Name() string { return w.name }

// Flags are the wallet's flags.
func (w *Wallet) Flags() uint64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.flags
}

// PrivateKeysDisabled reports Core's WALLET_FLAG_DISABLE_PRIVATE_KEYS.
func (w *Wallet) PrivateKeysDisabled() bool { return w.Flags()&FlagDisablePrivateKeys != 0 }

// newWallet returns an empty in-memory wallet on db.
func newWallet(name string, db *store.DB, chain interfaces.Chain, opts *Options) *Wallet {
	return &Wallet{
		name: name, db: db, chain: chain, opts: opts,
		spkms: map[[32]byte]*spkm{}, active: map[activeKey][32]byte{},
		scripts: map[string]scriptRef{}, txs: map[chainhash.Hash]*walletTx{},
		spentBy: map[wire.OutPoint][]chainhash.Hash{}, book: map[string]bookEntry{},
		locked: map[wire.OutPoint]bool{}, synced: interfaces.Tip{Height: -1},
	}
}

// setupDescriptors creates Core's default descriptors from a new random
// seed: pkh/44h, sh(wpkh)/49h, wpkh/84h, tr/86h, each external (/0/*) and
// internal (/1/*), all active.
func (w *Wallet) setupDescriptors(now int64, b *store.Batch) error {
	seed := make([]byte, 32)
	if _, err := rand.Read(seed); err != nil {
		return fmt.Errorf("random seed: %w", err)
	}
	master, err := hdkeychain.NewMaster(seed, w.opts.Params)
	if err != nil {
		return fmt.Errorf("master key: %w", err)
	}
	coin := uint32(1)
	if w.opts.Chain == "main" {
		coin = 0
	}
	mpub, err := master.ECPubKey()
	if err != nil {
		return err
	}
	fp := address.Hash160(mpub.SerializeCompressed())[:4]
	for _, t := range outputTypes {
		purpose, wrap := map[string]uint32{typeLegacy: 44, typeP2SHSegwit: 49, typeBech32: 84, typeBech32m: 86}[t],
			map[string]string{typeLegacy: "pkh(%s)", typeP2SHSegwit: "sh(wpkh(%s))", typeBech32: "wpkh(%s)", typeBech32m: "tr(%s)"}[t]
		// The account key (m/purpose'/coin'/0') with its origin, as Core's
		// normalized descriptors show it: derivable without private keys.
		account := master
		for _, step := range []uint32{purpose, coin, 0} {
			if account, err = account.Derive(hdkeychain.HardenedKeyStart + step); err != nil {
				return fmt.Errorf("derive account key: %w", err)
			}
		}
		for _, internal := range []bool{false, true} {
			change := 0
			if internal {
				change = 1
			}
			key := fmt.Sprintf("[%x/%dh/%dh/0h]%s/%d/*", fp, purpose, coin, account.String(), change)
			if err := w.addDescriptor(b, fmt.Sprintf(wrap, key), now, 0, 0, t, internal, true); err != nil {
				return err
			}
		}
	}
	return nil
}

// addDescriptor parses a descriptor (with private keys when it has
// them), stores it and its keys, expands it up to the keypool and, when
// makeActive, makes it the active one for (outputType, internal).
func (w *Wallet) addDescriptor(b *store.Batch, text string, created int64, rangeStart, rangeEnd int32, outputType string, internal, makeActive bool) error {
	d, err := descriptor.Parse(text, w.opts.Params, false)
	if err != nil {
		return err
	}
	keys := map[string]*btcec.PrivateKey{}
	if d.HasPrivateKeys() {
		priv, err := d.PrivateString()
		if err != nil {
			return err
		}
		if keys, err = rootPrivateKeys(priv, w.opts.Params); err != nil {
			return err
		}
	}
	public := d.String()
	id := store.DescriptorID(publicBody(public))
	s, exists := w.spkms[id]
	if !exists {
		s = &spkm{id: id, desc: d, keys: keys, rec: descRecord{Descriptor: publicBody(public), CreationTime: created, RangeStart: rangeStart, RangeEnd: rangeStart}}
		w.spkms[id] = s
		w.order = append(w.order, id)
	} else {
		for k, v := range keys {
			s.keys[k] = v
		}
		s.desc = d
		if created < s.rec.CreationTime {
			s.rec.CreationTime = created
		}
	}
	if d.IsRange() {
		if rangeEnd > s.rec.RangeEnd {
			if err := w.expand(s, rangeEnd); err != nil {
				return err
			}
		}
		if err := w.topUp(s); err != nil {
			return err
		}
	} else if err := w.expand(s, 1); err != nil {
		return err
	}
	if w.birth == 0 || created < w.birth {
		w.birth = created
	}
	if err := w.writeDescriptor(b, s); err != nil {
		return err
	}
	for pub, priv := range keys {
		pk, _ := hex.DecodeString(pub)
		if err := w.writeKey(b, s.id, pk, priv); err != nil {
			return err
		}
	}
	if makeActive {
		w.active[activeKey{outputType, internal}] = id
		if err := b.WriteActiveSPK(outputTypeByte(outputType), internal, id); err != nil {
			return fmt.Errorf("write active descriptor: %w", err)
		}
	}
	return nil
}

// publicBody drops a checksum.
func publicBody(desc string) string {
	for i := len(desc) - 1; i >= 0; i-- {
		if desc[i] == '#' {
			return desc[:i]
		}
	}
	return desc
}

// expand makes sure the scripts of positions below end are known.
func (w *Wallet) expand(s *spkm, end int32) error {
	for i := s.rec.RangeEnd; i < end; i++ {
		outs, err := s.desc.Expand(uint32(i))
		if err != nil {
			return fmt.Errorf("expand %s at %d: %w", s.rec.Descriptor, i, err)
		}
		if s.outs == nil {
			s.outs = map[int32][]descriptor.Output{}
		}
		s.outs[i] = outs
		for _, o := range outs {
			w.scripts[string(o.Script)] = scriptRef{id: s.id, index: i, out: o}
		}
	}
	if end > s.rec.RangeEnd {
		s.rec.RangeEnd = end
	}
	return nil
}

// topUp keeps keypool unused positions ahead of NextIndex (Core's
// TopUp); non-ranged descriptors have their one position.
func (w *Wallet) topUp(s *spkm) error {
	if !s.desc.IsRange() {
		return w.expand(s, 1)
	}
	pool := int32(w.opts.Keypool)
	if pool < 1 {
		pool = 1
	}
	return w.expand(s, s.rec.NextIndex+pool)
}

// markUsed advances NextIndex past a position seen on the chain or in the
// mempool and tops the keypool up again; the caller persists s.
func (w *Wallet) markUsed(s *spkm, index int32) (bool, error) {
	if !s.desc.IsRange() || index < s.rec.NextIndex {
		return false, nil
	}
	s.rec.NextIndex = index + 1
	return true, w.topUp(s)
}

// Errors of handing out addresses, with Core's texts.
var (
	ErrNoKeys        = errors.New("Error: This wallet has no available keys")
	ErrKeypoolRanOut = errors.New("Error: Keypool ran out, please call keypoolrefill first")
)

// newDestination hands out the next unused script of the active
// descriptor for (outputType, internal), persisting the new position
// (and label) before returning.
func (w *Wallet) newDestination(outputType string, internal bool, label string) (string, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	canGet := false
	for k := range w.active {
		if k.internal == internal {
			canGet = true
		}
	}
	if !canGet {
		return "", ErrNoKeys // Core's CanGetAddresses
	}
	id, ok := w.active[activeKey{outputType, internal}]
	if !ok {
		if internal {
			return "", fmt.Errorf("Error: No %s addresses available.", outputType)
		}
		return "", fmt.Errorf("Error: No %s addresses available.", outputType)
	}
	s := w.spkms[id]
	if s.desc.IsRange() && s.rec.NextIndex >= s.rec.RangeEnd {
		_ = w.topUp(s) // fails for hardened steps while locked, as Core's TopUp
		if s.rec.NextIndex >= s.rec.RangeEnd {
			return "", ErrKeypoolRanOut
		}
	}
	outs, err := s.at(s.rec.NextIndex)
	if err != nil || len(outs) == 0 {
		return "", ErrKeypoolRanOut
	}
	addr, err := scriptAddress(outs[0].Script, w.opts.Params)
	if err != nil {
		return "", err
	}
	s.rec.NextIndex++
	_ = w.topUp(s) // a locked wallet with hardened steps tops up on unlock
	err = w.update(func(b *store.Batch) error {
		if err := w.writeDescriptor(b, s); err != nil {
			return err
		}
		if internal {
			return nil
		}
		w.book[addr] = bookEntry{label: label, purpose: "receive"}
		return w.writeBook(b, addr)
	})
	if err != nil {
		return "", err
	}
	return addr, nil
}

// update runs fn in one durable database transaction.
func (w *Wallet) update(fn func(*store.Batch) error) error {
	b, err := w.db.Begin()
	if err != nil {
		return fmt.Errorf("wallet database: %w", err)
	}
	if err := fn(b); err != nil {
		_ = b.Rollback()
		return err
	}
	if err := b.Commit(); err != nil {
		return fmt.Errorf("wallet database commit: %w", err)
	}
	return nil
}

// Close stops notifications and closes the database.
func (w *Wallet) Close() error {
	w.mu.Lock()
	h := w.handler
	w.handler = nil
	w.mu.Unlock()
	if h != nil {
		h.Disconnect()
	}
	w.mu.Lock()
	if w.crypt != nil && w.crypt.timer != nil {
		w.crypt.timer.Stop()
	}
	w.mu.Unlock()
	return w.db.Close()
}
