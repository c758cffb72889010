package engine

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/btcsuite/btcd/chaincfg/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/config"
)

// Core v30's wallet defaults (sat/kvB for fee rates, sat for amounts).
const (
	defaultKeypool       = 1000
	defaultMinTxFee      = 1000       // DEFAULT_TRANSACTION_MINFEE (unchanged in v30)
	defaultMaxTxFee      = 10_000_000 // 0.1 BTC
	defaultDiscardFee    = 10_000
	defaultConfirmTarget = 6
	// timestampWindow is Core's TIMESTAMP_WINDOW: rescans start this many
	// seconds before a key's birth time.
	timestampWindow  = 2 * 60 * 60
	coinbaseMaturity = 100
)

// Options are the node settings the wallet obeys.
type Options struct {
	Params              *chaincfg.Params
	Chain               string // "main", "test", "testnet4", "signet", "regtest"
	WalletDir           string
	Keypool             int
	FallbackFee         int64 // 0: disabled (Core's default)
	PayTxFee            int64
	MinTxFee            int64
	MaxTxFee            int64
	DiscardFee          int64
	ConfirmTarget       int
	SpendZeroConfChange bool
	WalletRBF           bool
	UnsafeSync          bool
	AvoidPartialSpends  bool
	DeprecatedRPC       []string // -deprecatedrpc: deprecated wallet RPCs kept on
	AddressType         string   // -addresstype (default bech32)
	ChangeType          string   // -changetype ("": chosen per transaction)
}

// OptionsFromArgs reads the wallet's options as Core's wallet init does.
func OptionsFromArgs(a *config.Args, params *chaincfg.Params) (*Options, error) {
	o := &Options{
		Params: params, Chain: a.Chain(), WalletDir: a.WalletDir(),
		Keypool: int(a.GetInt("keypool", defaultKeypool)), MinTxFee: defaultMinTxFee,
		MaxTxFee: defaultMaxTxFee, DiscardFee: defaultDiscardFee,
		ConfirmTarget:       int(a.GetInt("txconfirmtarget", defaultConfirmTarget)),
		SpendZeroConfChange: a.GetBool("spendzeroconfchange", true),
		WalletRBF:           a.GetBool("walletrbf", true),
		UnsafeSync:          a.GetBool("unsafesqlitesync", false),
		AvoidPartialSpends:  a.GetBool("avoidpartialspends", false),
	}
	o.DeprecatedRPC = a.GetAll("deprecatedrpc")
	o.AddressType = a.Get("addresstype", "bech32")
	o.ChangeType = a.Get("changetype", "")
	for _, t := range []string{o.AddressType, o.ChangeType} {
		if t != "" && t != "legacy" && t != "p2sh-segwit" && t != "bech32" && t != "bech32m" {
			return nil, fmt.Errorf("Unknown address type '%s'", t)
		}
	}
	if o.Keypool < 0 {
		o.Keypool = 0
	}
	for _, f := range []struct {
		name string
		dst  *int64
	}{{"fallbackfee", &o.FallbackFee}, {"paytxfee", &o.PayTxFee}, {"mintxfee", &o.MinTxFee}, {"maxtxfee", &o.MaxTxFee}, {"discardfee", &o.DiscardFee}} {
		if !a.IsSet(f.name) {
			continue
		}
		v, err := ParseAmount(a.Get(f.name, ""))
		if err != nil {
			return nil, fmt.Errorf("Invalid amount for -%s=<amount>: '%s'", f.name, a.Get(f.name, ""))
		}
		*f.dst = v
	}
	return o, nil
}

// ParseAmount parses a decimal BTC amount ("0.0002") into satoshis with
// Core's rules (at most 8 decimals, non-negative, at most 21e6 BTC).
func ParseAmount(s string) (int64, error) {
	s = strings.TrimSpace(s)
	whole, frac, _ := strings.Cut(s, ".")
	if s == "" || len(frac) > 8 || len(whole) > 10 || !allDigits(whole) || !allDigits(frac) {
		return 0, fmt.Errorf("invalid amount %q", s)
	}
	w, _ := strconv.ParseInt("0"+whole, 10, 64)
	f, _ := strconv.ParseInt("0"+frac+strings.Repeat("0", 8-len(frac)), 10, 64)
	if v := w*100_000_000 + f; v <= 21_000_000*100_000_000 {
		return v, nil
	}
	return 0, fmt.Errorf("invalid amount %q", s)
}

// allDigits reports whether s is only ASCII digits (Core's ParseMoney
// takes no sign).
func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// DefaultAddressType is -addresstype, bech32 when unset.
func (o *Options) DefaultAddressType() string {
	if o.AddressType == "" {
		return typeBech32
	}
	return o.AddressType
}

// DefaultChangeType is -changetype, else the default address type.
func (o *Options) DefaultChangeType() string {
	if o.ChangeType == "" {
		return o.DefaultAddressType()
	}
	return o.ChangeType
}
