package rpc

import (
	"encoding/hex"
	"encoding/json"
	"strconv"

	"github.com/btcsuite/btcd/chainhash/v2"

	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
)

// Core's argument parsing helpers (ParseHashV, number and bool parsing).

func hashArg(raw json.RawMessage, name string) (chainhash.Hash, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return chainhash.Hash{}, rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type string", jsonType(raw))
	}
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

func intArg(raw json.RawMessage, def int64) (int64, error) {
	if raw == nil {
		return def, nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil {
		return 0, rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type number", jsonType(raw))
	}
	v, err := strconv.ParseInt(n.String(), 10, 64)
	if err != nil {
		return 0, rs.NewError(rs.TypeError, "JSON integer out of range")
	}
	return v, nil
}

func boolArg(raw json.RawMessage, def bool) (bool, error) {
	if raw == nil {
		return def, nil
	}
	var b bool
	if err := json.Unmarshal(raw, &b); err != nil {
		return false, rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type bool", jsonType(raw))
	}
	return b, nil
}

func stringArg(raw json.RawMessage) (string, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type string", jsonType(raw))
	}
	return s, nil
}

// jsonType names a JSON value's type the way UniValue does.
func jsonType(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "null"
	}
	switch raw[0] {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}

func errBlockNotFound() error { return rs.NewError(rs.InvalidAddressOrKey, "Block not found") }
