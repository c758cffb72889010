package rpcserver

import (
	"fmt"

	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// ValueFromAmount is Core's ValueFromAmount: satoshis as a JSON number in
// BTC with exactly 8 decimals (e.g. 0.00010000, -1.50000000).
func ValueFromAmount(sat int64) univalue.Value {
	sign := ""
	u := uint64(sat)
	if sat < 0 {
		sign = "-"
		u = -u
	}
	return univalue.NewNumber(fmt.Sprintf("%s%d.%08d", sign, u/100000000, u%100000000))
}
