package walletrpc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
)

func isNull(raw json.RawMessage) bool {
	return len(raw) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
}

func strArg(raw json.RawMessage, def string) (string, error) {
	if isNull(raw) {
		return def, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type string", jsonKind(raw))
	}
	return s, nil
}

func boolArg(raw json.RawMessage, def bool) (bool, error) {
	if isNull(raw) {
		return def, nil
	}
	var b bool
	if err := json.Unmarshal(raw, &b); err != nil {
		return false, rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type bool", jsonKind(raw))
	}
	return b, nil
}

// optBool is nil for null.
func optBool(raw json.RawMessage) (*bool, error) {
	if isNull(raw) {
		return nil, nil
	}
	b, err := boolArg(raw, false)
	return &b, err
}

func intArg(raw json.RawMessage, def int64) (int64, error) {
	if isNull(raw) {
		return def, nil
	}
	var f json.Number
	if err := json.Unmarshal(raw, &f); err != nil {
		return 0, rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type number", jsonKind(raw))
	}
	n, err := f.Int64()
	if err != nil {
		return 0, rs.NewError(rs.TypeError, "JSON integer out of range")
	}
	return n, nil
}

func jsonKind(raw json.RawMessage) string {
	s := strings.TrimSpace(string(raw))
	switch {
	case s == "" || s == "null":
		return "null"
	case s[0] == '"':
		return "string"
	case s[0] == '{':
		return "object"
	case s[0] == '[':
		return "array"
	case s == "true" || s == "false":
		return "bool"
	}
	return "number"
}

// amountArg is Core's AmountFromValue: a number or numeric string in BTC
// with at most 8 decimals, in range.
func amountArg(raw json.RawMessage) (int64, error) {
	s := strings.TrimSpace(string(raw))
	if strings.HasPrefix(s, `"`) {
		if err := json.Unmarshal(raw, &s); err != nil {
			return 0, rs.NewError(rs.TypeError, "Amount is not a number or string")
		}
	} else if s == "" || s == "null" || s[0] == '{' || s[0] == '[' || s == "true" || s == "false" {
		return 0, rs.NewError(rs.TypeError, "Amount is not a number or string")
	}
	v, err := parseFixed8(s)
	if err != nil {
		return 0, rs.NewError(rs.TypeError, "Invalid amount")
	}
	if v < 0 || v > 21_000_000*100_000_000 {
		return 0, rs.NewError(rs.TypeError, "Amount out of range")
	}
	return v, nil
}

// parseFixed8 parses a decimal (with optional exponent) into units of
// 1e-8, failing on more precision.
func parseFixed8(s string) (int64, error) {
	if !fixedPointRe.MatchString(s) {
		return 0, fmt.Errorf("bad number %q", s)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("bad number %q", s)
	}
	mant, exp := s, 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mant = s[:i]
		if exp, err = strconv.Atoi(s[i+1:]); err != nil {
			return 0, err
		}
	}
	neg := strings.HasPrefix(mant, "-")
	mant = strings.TrimLeft(mant, "+-")
	whole, frac, _ := strings.Cut(mant, ".")
	digits := whole + frac
	scale := len(frac) - exp - 8 // digits × 10^-scale
	digits = strings.TrimLeft(digits, "0")
	if digits == "" {
		return 0, nil
	}
	for scale > 0 {
		if !strings.HasSuffix(digits, "0") {
			return 0, fmt.Errorf("too precise")
		}
		digits = digits[:len(digits)-1]
		scale--
	}
	if len(digits)-scale > 18 {
		return 0, fmt.Errorf("too large")
	}
	digits += strings.Repeat("0", -scale)
	v, err := strconv.ParseInt(digits, 10, 64)
	if neg {
		v = -v
	}
	return v, err
}

// fixedPointRe is the grammar of Core's ParseFixedPoint (JSON's number).
var fixedPointRe = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)

// feeRateArg parses a sat/vB fee rate into sat/kvB (Core's
// AmountFromValue(fee_rate, 3): at most three decimals).
func feeRateArg(raw json.RawMessage) (int64, error) {
	switch jsonKind(raw) {
	case "number", "string":
	default:
		return 0, rs.NewError(rs.TypeError, "Amount is not a number or string")
	}
	s := strings.Trim(strings.TrimSpace(string(raw)), `"`)
	units, err := parseFixed8(s)
	if err != nil || units%100_000 != 0 {
		return 0, rs.NewError(rs.TypeError, "Invalid amount")
	}
	if units < 0 {
		return 0, rs.NewError(rs.TypeError, "Amount out of range")
	}
	return units / 100_000, nil
}
