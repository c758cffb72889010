package walletrpc

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
)

// rpcCode is the code of an *rs.Error (0 for nil, -1000 for other errors).
func rpcCode(err error) int {
	if err == nil {
		return 0
	}
	var e *rs.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return -1000
}

// Core's rpc_tests rpc_parse_monetary_values, as JSON numbers.
func TestAmountArgCoreValues(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		want int64
	}{
		{"0", 0},
		{"0.00000000", 0},
		{"0.00000001", 1},
		{"0.17622195", 17622195},
		{"0.5", 50000000},
		{"0.50000000", 50000000},
		{"0.89898989", 89898989},
		{"1.00000000", 100000000},
		{"20999999.9999999", 2099999999999990},
		{"20999999.99999999", 2099999999999999},
		{"21000000", 2100000000000000},
		{"1e-8", 1},
		{"0.1e-7", 1},
		{"0.01e-6", 1},
		{"0.0000000000000000000000000000000000000000000000000000000000000000000000000001e+68", 1},
		{"10000000000000000000000000000000000000000000000000000000000000000e-64", 100000000},
		{"0.000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000000000000000000000000e64", 100000000},
		{"0.00000001000000", 1},
		{"0.19e-6", 19},
		{"-0", 0},
		{`"0.00000001"`, 1},
		{`"1e-8"`, 1},
		{`"50"`, 5000000000},
		{" 2 ", 200000000},
	} {
		got, err := amountArg(json.RawMessage(tc.raw))
		if err != nil || got != tc.want {
			t.Errorf("amountArg(%s) = %d, %v; want %d", tc.raw, got, err, tc.want)
		}
	}
	for _, tc := range []struct {
		raw, msg string
	}{
		{"-0.00000001", "Amount out of range"},
		{"-1", "Amount out of range"},
		{"21000000.00000001", "Amount out of range"},
		{"1e-9", "Invalid amount"},
		{`"1e-9"`, "Invalid amount"},
		{"0.000000019", "Invalid amount"},
		{"19e-9", "Invalid amount"},
		{"92233720368.54775808", "Invalid amount"},
		{"1e+11", "Invalid amount"}, // overflows ParseFixedPoint
		{"1e11", "Invalid amount"},  // overflows ParseFixedPoint
		{"93e+9", "Invalid amount"}, // overflows ParseFixedPoint
		{"1e-400", "Invalid amount"},
		{"1e400", "Invalid amount"},
		{`"abc"`, "Invalid amount"},
		{`""`, "Invalid amount"},
		{`"NaN"`, "Invalid amount"},
		{`"Infinity"`, "Invalid amount"},
		{`"0x10"`, "Invalid amount"},
		// Core's ParseFixedPoint grammar (JSON's number) for strings too.
		{`".5"`, "Invalid amount"},
		{`"1."`, "Invalid amount"},
		{`"+1"`, "Invalid amount"},
		{`"01"`, "Invalid amount"},
		{`" 1"`, "Invalid amount"},
		{`"1e"`, "Invalid amount"},
		{"null", "Amount is not a number or string"},
		{"true", "Amount is not a number or string"},
		{"[1]", "Amount is not a number or string"},
		{`{"a":1}`, "Amount is not a number or string"},
	} {
		got, err := amountArg(json.RawMessage(tc.raw))
		var e *rs.Error
		if !errors.As(err, &e) || e.Code != rs.TypeError || e.Message != tc.msg {
			t.Errorf("amountArg(%s) = %d, %v; want -3 %q", tc.raw, got, err, tc.msg)
		}
	}
}

func TestParseFixed8(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"1", 100000000, true},
		{"-1.5", -150000000, true},
		{"123456789.12345678", 12345678912345678, true},
		{"1E2", 10000000000, true},
		{"5e-1", 50000000, true},
		{"999999999999999999e-8", 999999999999999999, true},
		{"9999999999999999999e-8", 0, false}, // 19 digits
		{"1.000000001", 0, false},
		{"1e", 0, false},
		{"e1", 0, false},
		{"--1", 0, false},
		{"1-", 0, false},
	} {
		got, err := parseFixed8(tc.in)
		if tc.ok && (err != nil || got != tc.want) {
			t.Errorf("parseFixed8(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
		if !tc.ok && err == nil {
			t.Errorf("parseFixed8(%q) = %d, want an error", tc.in, got)
		}
	}
}

func TestFeeRateArg(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		want int64
	}{
		{"1", 1000},
		{"1.5", 1500},
		{`"25"`, 25000},
		{"0.001", 1},
		{"0", 0},
		{"1.234", 1234},
		{"1e2", 100000},
	} {
		got, err := feeRateArg(json.RawMessage(tc.raw))
		if err != nil || got != tc.want {
			t.Errorf("feeRateArg(%s) = %d, %v; want %d", tc.raw, got, err, tc.want)
		}
	}
	// Core's AmountFromValue(fee_rate, 3): at most three decimals of
	// sat/vB, non-negative, a number.
	for _, raw := range []string{"-1", `"abc"`, `"inf"`, `"NaN"`, "1.2345", "0.0001", `"1e-4"`, "true"} {
		if got, err := feeRateArg(json.RawMessage(raw)); rpcCode(err) != rs.TypeError {
			t.Errorf("feeRateArg(%s) = %d, %v; want a type error", raw, got, err)
		}
	}
}

func TestHashParam(t *testing.T) {
	const txid = "0e3e2357e806b6cdb1f70b54c3a3a17b6714ee1f0e68bebb44a74b1efd512098"
	h, err := hashParam(txid, "txid")
	if err != nil {
		t.Fatal(err)
	}
	if h.String() != txid || h[0] != 0x98 || h[31] != 0x0e {
		t.Errorf("hash %s (bytes %x...%x): not in Core's reversed order", h, h[0], h[31])
	}
	upper, err := hashParam(strings.ToUpper(txid), "txid")
	if err != nil || upper != h {
		t.Errorf("upper case: %v", err)
	}
	for _, tc := range []struct{ in, msg string }{
		{"abc", "txid must be of length 64 (not 3, for 'abc')"},
		{"", "txid must be of length 64 (not 0, for '')"},
		{txid + "00", "txid must be of length 64 (not 66, for '" + txid + "00')"},
		{strings.Repeat("g", 64), "txid must be hexadecimal string (not '" + strings.Repeat("g", 64) + "')"},
	} {
		_, err := hashParam(tc.in, "txid")
		var e *rs.Error
		if !errors.As(err, &e) || e.Code != rs.InvalidParameter || e.Message != tc.msg {
			t.Errorf("hashParam(%q) = %v, want -8 %q", tc.in, err, tc.msg)
		}
	}
}

// FuzzAmountArg checks amountArg never panics, accepts only what it can
// print back exactly, and agrees with itself on the string form.
func FuzzAmountArg(f *testing.F) {
	for _, s := range []string{"0", "1e-8", "0.00000001", `"0.5"`, "-1", "21000000", "1e400", `"1e-9"`, "null", "1e-9223372036854775808", "0e99999999999", "10e-9223372036854775807"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := amountArg(json.RawMessage(raw))
		if err != nil {
			if rpcCode(err) != rs.TypeError {
				t.Fatalf("amountArg(%q): %v is not a type error", raw, err)
			}
			return
		}
		if v < 0 || v > 21_000_000*100_000_000 {
			t.Fatalf("amountArg(%q) = %d out of range", raw, v)
		}
		// The printed amount parses back to the same value, as a number
		// and as a string.
		s := rs.ValueFromAmount(v).Append(nil, 0, 0)
		for _, again := range []string{string(s), `"` + string(s) + `"`} {
			if w, err := amountArg(json.RawMessage(again)); err != nil || w != v {
				t.Fatalf("amountArg(%q) = %d, but %s gives %d, %v", raw, v, again, w, err)
			}
		}
	})
}
