package walletrpc

import (
	"errors"
	"testing"

	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/engine"
)

func mustParse(t *testing.T, s string) univalue.Value {
	t.Helper()
	v, err := univalue.Parse([]byte(s))
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return v
}

func rpcErr(t *testing.T, err error) (int, string) {
	t.Helper()
	var re *rs.Error
	if !errors.As(err, &re) {
		t.Fatalf("not an RPC error: %v", err)
	}
	return re.Code, re.Message
}

// The fee_rate cases of Core's wallet_send.py and wallet_bumpfee.py.
func TestFeeRate3(t *testing.T) {
	for in, want := range map[string]int64{`1`: 1000, `"0.999"`: 999, `0.1`: 100, `7`: 7000, `"0"`: 0, `0.000`: 0, `25.5`: 25500} {
		got, err := feeRate3(mustParse(t, in))
		if err != nil || got != want {
			t.Errorf("feeRate3(%s) = %d, %v; want %d", in, got, err, want)
		}
	}
	for in, msg := range map[string]string{
		`""`: "Invalid amount", `0.000000001`: "Invalid amount", `1.111111111`: "Invalid amount",
		`1111111111111111`: "Invalid amount", `0.0001`: "Invalid amount", `31.99999999`: "Invalid amount",
		`-1`: "Amount out of range", `true`: "Amount is not a number or string", `{"foo":"bar"}`: "Amount is not a number or string",
	} {
		_, err := feeRate3(mustParse(t, in))
		if code, got := rpcErr(t, err); code != rs.TypeError || got != msg {
			t.Errorf("feeRate3(%s): %d %q, want -3 %q", in, code, got, msg)
		}
	}
}

func TestSFFOArg(t *testing.T) {
	outs := []output{{key: "addrA"}, {key: "addrB"}, {key: "data"}}
	got, err := sffoArg(mustParse(t, `[1, "addrA"]`), outs)
	if err != nil || !got[0] || !got[1] || got[2] || len(got) != 2 {
		t.Fatalf("sffoArg: %v %v", got, err)
	}
	for in, msg := range map[string]string{
		`[0, 0]`:    "Invalid parameter 'subtract fee from output', duplicated position: 0",
		`[-1]`:      "Invalid parameter 'subtract fee from output', negative position: -1",
		`[3]`:       "Invalid parameter 'subtract fee from output', position too large: 3",
		`["addrC"]`: "Invalid parameter 'subtract fee from output', destination addrC not found in tx outputs",
		`[true]`:    "Invalid parameter 'subtract fee from output', invalid value type: bool",
	} {
		_, err := sffoArg(mustParse(t, in), outs)
		if code, got := rpcErr(t, err); code != rs.InvalidParameter || got != msg {
			t.Errorf("sffoArg(%s): %d %q, want %q", in, code, got, msg)
		}
	}
}

func TestCheckObject(t *testing.T) {
	if err := checkObject(mustParse(t, `{"add_inputs":true,"fee_rate":"1","minconf":null}`), fundOptionKinds); err != nil {
		t.Fatal(err)
	}
	_, msg := rpcErr(t, checkObject(mustParse(t, `{"totalFee":1}`), bumpOptionKinds))
	if msg != "Unexpected key totalFee" {
		t.Errorf("unknown key: %q", msg)
	}
	_, msg = rpcErr(t, checkObject(mustParse(t, `{"conf_target":"true"}`), fundOptionKinds))
	if msg != "JSON value of type string for field conf_target is not of expected type number" {
		t.Errorf("wrong type: %q", msg)
	}
}

func TestFeeEstimateConflicts(t *testing.T) {
	null := univalue.Value{}
	cases := []struct {
		ct, mode, rate univalue.Value
		code           int
		msg            string
	}{
		{univalue.NewInt(6), null, univalue.NewInt(1), rs.InvalidParameter, "Cannot specify both conf_target and fee_rate. Please provide either a confirmation target in blocks for automatic fee estimation, or an explicit fee rate."},
		{null, univalue.NewString("economical"), univalue.NewInt(1), rs.InvalidParameter, "Cannot specify both estimate_mode and fee_rate"},
		{null, univalue.NewString("sat/B"), null, rs.InvalidParameter, "Invalid estimate_mode parameter, must be one of: \"unset\", \"economical\", \"conservative\""},
		{univalue.NewInt(1009), univalue.NewString("economical"), null, rs.InvalidParameter, "Invalid conf_target, must be between 1 and 1008"},
	}
	for _, c := range cases {
		var o engine.SendOptions
		code, msg := rpcErr(t, feeEstimate(&o, c.ct, c.mode, c.rate))
		if code != c.code || msg != c.msg {
			t.Errorf("feeEstimate: %d %q, want %d %q", code, msg, c.code, c.msg)
		}
	}
}
