package walletrpc

import (
	"encoding/hex"

	"github.com/btcsuite/btcd/chainhash/v2"

	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
)

// hashParam is Core's ParseHashV: 64 hex digits, with Core's two errors.
func hashParam(s, name string) (chainhash.Hash, error) {
	if len(s) != 64 {
		return chainhash.Hash{}, rs.NewError(rs.InvalidParameter, "%s must be of length 64 (not %d, for '%s')", name, len(s), s)
	}
	if _, err := hex.DecodeString(s); err != nil {
		return chainhash.Hash{}, rs.NewError(rs.InvalidParameter, "%s must be hexadecimal string (not '%s')", name, s)
	}
	h, err := chainhash.NewHashFromStr(s)
	if err != nil {
		return chainhash.Hash{}, rs.NewError(rs.InvalidParameter, "%s must be hexadecimal string (not '%s')", name, s)
	}
	return *h, nil
}
