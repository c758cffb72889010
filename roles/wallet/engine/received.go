package engine

import (
	"errors"
	"math"
	"sort"

	"github.com/btcsuite/btcd/chainhash/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
)

// Errors of the received-amount queries, with Core's texts.
var (
	ErrLabelNotFound   = errors.New("Label not found in wallet")
	ErrAddressNotFound = errors.New("Address not found in wallet")
	ErrInvalidAddress  = errors.New("Invalid Bitcoin address")
)

// countsAsReceived is Core's filter of GetReceived and ListReceived: deep
// enough, not an orphaned coinbase, and not an immature coinbase unless
// asked. The caller holds w.mu.
func (w *Wallet) countsAsReceived(t *walletTx, minDepth int32, includeImmature bool) (int32, bool) {
	d := w.depth(t)
	if d < minDepth {
		return d, false
	}
	if isCoinbase(t.tx) && (d < 1 || !includeImmature && w.immatureBlocks(t) > 0) {
		return d, false
	}
	return d, true
}

// ReceivedByAddress is Core's getreceivedbyaddress: what addr received in
// transactions at least minDepth deep.
func (w *Wallet) ReceivedByAddress(addr string, minDepth int32, includeImmature bool) (int64, error) {
	script, err := descriptor.AddressScript(addr, w.opts.Params)
	if err != nil {
		return 0, ErrInvalidAddress
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.receivedBy([][]byte{script}, minDepth, includeImmature)
}

// ReceivedByLabel is Core's getreceivedbylabel: what the addresses with
// label received.
func (w *Wallet) ReceivedByLabel(label string, minDepth int32, includeImmature bool) (int64, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	var scripts [][]byte
	for a, e := range w.book {
		if e.label != label {
			continue
		}
		if s, err := descriptor.AddressScript(a, w.opts.Params); err == nil {
			scripts = append(scripts, s)
		}
	}
	if len(scripts) == 0 {
		return 0, ErrLabelNotFound
	}
	return w.receivedBy(scripts, minDepth, includeImmature)
}

// receivedBy tallies the outputs paying to those of scripts that are the
// wallet's. The caller holds w.mu.
func (w *Wallet) receivedBy(scripts [][]byte, minDepth int32, includeImmature bool) (int64, error) {
	own := map[string]bool{}
	for _, s := range scripts {
		if _, mine := w.isMine(s); mine {
			own[string(s)] = true
		}
	}
	if len(own) == 0 {
		return 0, ErrAddressNotFound
	}
	var sum int64
	for _, t := range w.txs {
		if _, ok := w.countsAsReceived(t, minDepth, includeImmature); !ok {
			continue
		}
		for _, o := range t.tx.TxOut {
			if own[string(o.PkScript)] {
				sum += o.Value
			}
		}
	}
	return sum, nil
}

// Received is one listreceivedbyaddress/listreceivedbylabel row.
type Received struct {
	Address       string // empty in label rows
	Label         string
	Amount        int64
	Confirmations int32 // of the shallowest transaction counted; 0 for none
	TxIDs         []chainhash.Hash
}

type tally struct {
	amount int64
	conf   int32
	txids  []chainhash.Hash
}

// ListReceived is Core's ListReceived: the address book's addresses with
// what each received (only those that received unless includeEmpty),
// or, byLabel, the sums per label. filter, when not empty, restricts the
// address rows to one address.
func (w *Wallet) ListReceived(minDepth int32, includeEmpty, includeImmature, byLabel bool, filter string) ([]Received, error) {
	var filterScript []byte
	if filter != "" {
		s, err := descriptor.AddressScript(filter, w.opts.Params)
		if err != nil {
			return nil, err
		}
		filterScript = s
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	byAddr := map[string]*tally{}
	ids := make([]chainhash.Hash, 0, len(w.txs))
	for id := range w.txs {
		ids = append(ids, id)
	}
	// Core walks its map by txid; the order shows in each row's txids.
	sort.Slice(ids, func(i, j int) bool { return w.txs[ids[i]].orderPos < w.txs[ids[j]].orderPos })
	for _, id := range ids {
		t := w.txs[id]
		d, ok := w.countsAsReceived(t, minDepth, includeImmature)
		if !ok {
			continue
		}
		for _, o := range t.tx.TxOut {
			if filterScript != nil && string(o.PkScript) != string(filterScript) {
				continue
			}
			if _, mine := w.isMine(o.PkScript); !mine {
				continue
			}
			a, ok := descriptor.ScriptAddress(o.PkScript, w.opts.Params)
			if !ok {
				continue
			}
			e := byAddr[a]
			if e == nil {
				e = &tally{conf: math.MaxInt32}
				byAddr[a] = e
			}
			e.amount += o.Value
			e.conf = min(e.conf, d)
			e.txids = append(e.txids, t.txid)
		}
	}
	var addrs []string
	if filter != "" {
		if _, ok := w.book[filter]; ok {
			addrs = []string{filter}
		}
	} else {
		for a := range w.book {
			addrs = append(addrs, a)
		}
		sort.Strings(addrs)
	}
	var out []Received
	labels := map[string]*tally{}
	for _, a := range addrs {
		e, received := byAddr[a]
		if !received && !includeEmpty {
			continue
		}
		if !received {
			e = &tally{conf: math.MaxInt32}
		}
		label := w.book[a].label
		if byLabel {
			l := labels[label]
			if l == nil {
				l = &tally{conf: math.MaxInt32}
				labels[label] = l
			}
			l.amount += e.amount
			l.conf = min(l.conf, e.conf)
			continue
		}
		out = append(out, Received{Address: a, Label: label, Amount: e.amount, Confirmations: confOrZero(e.conf), TxIDs: e.txids})
	}
	if byLabel {
		names := make([]string, 0, len(labels))
		for l := range labels {
			names = append(names, l)
		}
		sort.Strings(names)
		for _, l := range names {
			out = append(out, Received{Label: l, Amount: labels[l].amount, Confirmations: confOrZero(labels[l].conf)})
		}
	}
	return out, nil
}

func confOrZero(c int32) int32 {
	if c == math.MaxInt32 {
		return 0
	}
	return c
}

// AddressesByLabel is Core's getaddressesbylabel: the address book's
// addresses with label and their purposes.
func (w *Wallet) AddressesByLabel(label string) map[string]string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := map[string]string{}
	for a, e := range w.book {
		if e.label == label {
			p := e.purpose
			if p == "" {
				p = "unknown"
			}
			out[a] = p
		}
	}
	return out
}
