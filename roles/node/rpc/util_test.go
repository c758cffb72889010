package rpc

import (
	"encoding/json"
	"testing"
)

// The key, message and signature are Core's rpc_signmessagewithprivkey
// vector.
func TestSignVerifyMessage(t *testing.T) {
	tab, _, _ := setup(t)
	const key = "cUeKHd5orzT3mz8P9pxyREHfsWtVfgsfDjiZZBcjUBAaGk1BTj7N"
	const msg = "This is just a test message"
	const want = "INbVnW4e6PeRmsv2Qgu8NuopvrVjkcxob+sX8OcZG0SALhWybUjzMLPdAsXI46YZGb0KQTRii+wWIQzRpG/U+S0="
	res, e := call(t, tab, "signmessagewithprivkey", key, msg)
	if e != nil || string(res) != `"`+want+`"` {
		t.Fatalf("signature %s %v", res, e)
	}
	res, _ = call(t, tab, "deriveaddresses", "pkh("+key+")#"+descChecksum("pkh("+key+")"))
	var addrs []string
	if json.Unmarshal(res, &addrs) != nil || len(addrs) != 1 || addrs[0] != "mpLQjfK79b7CCV4VMJWEWAj5Mpx8Up5zxB" {
		t.Fatalf("deriveaddresses %s", res)
	}
	if res, _ := call(t, tab, "verifymessage", addrs[0], want, msg); string(res) != "true" {
		t.Errorf("verify %s", res)
	}
	if res, _ := call(t, tab, "verifymessage", addrs[0], want, msg+"!"); string(res) != "false" {
		t.Errorf("verify other message %s", res)
	}
	cases := []struct {
		method string
		params []any
		code   float64
		msg    string
	}{
		{"signmessagewithprivkey", []any{"invalid_key", msg}, -5, "Invalid private key"},
		{"verifymessage", []any{"invalid_addr", want, msg}, -5, "Invalid address"},
		{"verifymessage", []any{addrs[0], "invalid_sig", msg}, -3, "Malformed base64 encoding"},
		{"deriveaddresses", []any{"pkh(" + key + ")"}, -5, "Missing checksum"},
	}
	for _, c := range cases {
		_, e := call(t, tab, c.method, c.params...)
		if e == nil || e["code"] != c.code || e["message"] != c.msg {
			t.Errorf("%s %v: %v", c.method, c.params, e)
		}
	}
}
