package e2e

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

// restGet requests path on the node's RPC port (no credentials: REST is
// public) and returns the status, content type and body.
func restGet(t *testing.T, n *node, method, path string, body []byte) (int, string, []byte) {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second}
	req, err := http.NewRequest(method, fmt.Sprintf("http://127.0.0.1:%d/", n.rpcPort), bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.URL.Opaque = path // sent as is, invalid escapes included
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get("Content-Type"), b
}

// jsonValue decodes JSON keeping numbers as written.
func jsonValue(t *testing.T, b []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("not JSON (%v): %s", err, b)
	}
	return v
}

// sameAsRPC checks that a REST JSON answer equals an RPC result.
func sameAsRPC(t *testing.T, n *node, path string, rpc ...string) {
	t.Helper()
	status, ctype, body := restGet(t, n, "GET", path, nil)
	if status != 200 || ctype != "application/json" || !bytes.HasSuffix(body, []byte("\n")) {
		t.Fatalf("%s: %d %s %q", path, status, ctype, body)
	}
	want := n.cli(rpc...)
	if !reflect.DeepEqual(jsonValue(t, body), jsonValue(t, []byte(want))) {
		t.Fatalf("%s differs from %v:\nREST %s\nRPC  %s", path, rpc, body, want)
	}
}

// restError checks a Core REST error: status, text/plain, message + CRLF.
func restError(t *testing.T, n *node, method, path string, body []byte, status int, msg string) {
	t.Helper()
	got, ctype, b := restGet(t, n, method, path, body)
	if got != status || (msg != "" && (ctype != "text/plain" || string(b) != msg+"\r\n")) {
		t.Fatalf("%s %s: %d %s %q, want %d %q", method, path, got, ctype, b, status, msg)
	}
}

func TestRESTMatchesRPC(t *testing.T) {
	t.Parallel()
	n := startNode(t, "bitcoin-node", "-disablewallet", "-rest")
	addr, script := opTrueP2WSH(t)
	var hashes []string
	_ = json.Unmarshal([]byte(n.cli("generatetoaddress", "110", addr)), &hashes)
	var blk struct {
		Tx []string `json:"tx"`
	}
	_ = json.Unmarshal([]byte(n.cli("getblock", hashes[0])), &blk)
	coinbase := blk.Tx[0]
	txid := n.cli("sendrawtransaction", spend(t, coinbase, 50_0000_0000, 10000, script))
	child := n.cli("sendrawtransaction", spend(t, txid, 50_0000_0000-10000, 10000, script))
	tip := hashes[len(hashes)-1]

	// JSON bodies are the RPC results.
	sameAsRPC(t, n, "/rest/chaininfo.json", "getblockchaininfo")
	sameAsRPC(t, n, "/rest/block/"+tip+".json", "getblock", tip, "3")
	sameAsRPC(t, n, "/rest/block/notxdetails/"+tip+".json", "getblock", tip, "1")
	if _, _, b := restGet(t, n, "GET", "/rest/blockhashbyheight/5.json", nil); string(b) != `{"blockhash":"`+n.cli("getblockhash", "5")+"\"}\n" {
		t.Fatalf("blockhashbyheight.json %s", b)
	}
	sameAsRPC(t, n, "/rest/tx/"+txid+".json", "getrawtransaction", txid, "1")
	sameAsRPC(t, n, "/rest/mempool/info.json", "getmempoolinfo")
	sameAsRPC(t, n, "/rest/mempool/contents.json", "getrawmempool", "true")
	sameAsRPC(t, n, "/rest/mempool/contents.json?verbose=false", "getrawmempool", "false")
	sameAsRPC(t, n, "/rest/mempool/contents.json?verbose=false&mempool_sequence=true", "getrawmempool", "false", "true")
	sameAsRPC(t, n, "/rest/deploymentinfo.json", "getdeploymentinfo")
	sameAsRPC(t, n, "/rest/deploymentinfo/"+hashes[3]+".json", "getdeploymentinfo", hashes[3])

	// Headers: both URI forms, JSON as getblockheader, binary as the
	// block's first 80 bytes.
	var headers []any
	for _, h := range hashes[100:103] {
		headers = append(headers, jsonValue(t, []byte(n.cli("getblockheader", h))))
	}
	for _, path := range []string{"/rest/headers/" + hashes[100] + ".json?count=3", "/rest/headers/3/" + hashes[100] + ".json"} {
		_, _, body := restGet(t, n, "GET", path, nil)
		if got := jsonValue(t, body); !reflect.DeepEqual(got, any(headers)) {
			t.Fatalf("%s: %s", path, body)
		}
	}
	_, _, body := restGet(t, n, "GET", "/rest/headers/"+tip+".json?count=5", nil)
	if got := jsonValue(t, body).([]any); len(got) != 1 {
		t.Fatalf("headers from the tip: %d", len(got))
	}
	rawTip, _ := hex.DecodeString(n.cli("getblock", tip, "0"))
	status, ctype, bin := restGet(t, n, "GET", "/rest/block/"+tip+".bin", nil)
	if status != 200 || ctype != "application/octet-stream" || !bytes.Equal(bin, rawTip) {
		t.Fatalf("block.bin: %d %s %d bytes", status, ctype, len(bin))
	}
	if _, _, hx := restGet(t, n, "GET", "/rest/block/"+tip+".hex", nil); string(hx) != hex.EncodeToString(rawTip)+"\n" {
		t.Fatal("block.hex differs from getblock 0")
	}
	if _, _, hb := restGet(t, n, "GET", "/rest/headers/"+tip+".bin?count=1", nil); !bytes.Equal(hb, rawTip[:80]) {
		t.Fatalf("headers.bin: %x", hb)
	}
	if _, _, h := restGet(t, n, "GET", "/rest/blockhashbyheight/5.hex", nil); string(h) != hashes[4]+"\n" {
		t.Fatalf("blockhashbyheight.hex %q", h)
	}
	if _, _, h := restGet(t, n, "GET", "/rest/blockhashbyheight/5.bin", nil); len(h) != 32 || reverseHex(h) != hashes[4] {
		t.Fatalf("blockhashbyheight.bin %x", h)
	}
	rawTx := n.cli("getrawtransaction", txid)
	if _, _, h := restGet(t, n, "GET", "/rest/tx/"+txid+".hex", nil); string(h) != rawTx+"\n" {
		t.Fatalf("tx.hex %q", h)
	}

	// getutxos: the spent coinbase output is in the UTXO set but spent in
	// the mempool; the mempool transaction's output only with checkmempool.
	utxos := func(path string) map[string]any {
		t.Helper()
		status, _, body := restGet(t, n, "GET", path, nil)
		if status != 200 {
			t.Fatalf("%s: %d %s", path, status, body)
		}
		return jsonValue(t, body).(map[string]any)
	}
	u := utxos("/rest/getutxos/" + coinbase + "-0/" + child + "-0.json")
	if u["bitmap"] != "10" || u["chaintipHash"] != tip || u["chainHeight"] != json.Number("110") {
		t.Fatalf("getutxos: %v", u)
	}
	coin := u["utxos"].([]any)[0].(map[string]any)
	// Spent in the mempool: gettxout shows it only without the mempool (Core).
	txout := jsonValue(t, []byte(n.cli("gettxout", coinbase, "0", "false"))).(map[string]any)
	if coin["height"] != json.Number("1") || coin["value"] != json.Number("50.00000000") || !reflect.DeepEqual(coin["scriptPubKey"], txout["scriptPubKey"]) {
		t.Fatalf("coin %v, gettxout %v", coin, txout)
	}
	u = utxos("/rest/getutxos/checkmempool/" + coinbase + "-0/" + child + "-0.json")
	if u["bitmap"] != "01" || len(u["utxos"].([]any)) != 1 {
		t.Fatalf("checkmempool: %v", u)
	}
	if c := u["utxos"].([]any)[0].(map[string]any); c["height"] != json.Number("2147483647") || c["value"] != json.Number("49.99980000") {
		t.Fatalf("mempool coin %v", c)
	}
	// BIP64 binary answer to a URI request.
	_, _, b := restGet(t, n, "GET", "/rest/getutxos/"+coinbase+"-0.bin", nil)
	if len(b) < 4+32+2 || b[0] != 110 || reverseHex(b[4:36]) != tip || b[36] != 1 || b[37] != 1 {
		t.Fatalf("getutxos.bin %x", b)
	}

	// spenttxouts of a block spending a coinbase and a mempool parent:
	// the JSON holds getblock 3's prevouts, the binary the same outputs.
	mined := strings.Trim(n.cli("generatetoaddress", "1", addr), "[]\n \"")
	var full struct {
		Tx []struct {
			Vin []struct {
				Prevout map[string]any `json:"prevout"`
			} `json:"vin"`
		} `json:"tx"`
	}
	_ = json.Unmarshal([]byte(n.cli("getblock", mined, "3")), &full)
	_, _, sj := restGet(t, n, "GET", "/rest/spenttxouts/"+mined+".json", nil)
	var spent [][]map[string]any
	if err := json.Unmarshal(sj, &spent); err != nil || len(spent) != 3 || len(spent[0]) != 0 || len(spent[1]) != 1 || len(spent[2]) != 1 {
		t.Fatalf("spenttxouts %s (%v)", sj, err)
	}
	for i := 1; i < 3; i++ {
		p := full.Tx[i].Vin[0].Prevout
		if !reflect.DeepEqual(spent[i][0]["scriptPubKey"], p["scriptPubKey"]) || spent[i][0]["value"] != p["value"] {
			t.Fatalf("spenttxouts tx %d: %v, getblock prevout %v", i, spent[i][0], p)
		}
	}
	_, _, sb := restGet(t, n, "GET", "/rest/spenttxouts/"+mined+".bin", nil)
	_, _, sh := restGet(t, n, "GET", "/rest/spenttxouts/"+mined+".hex", nil)
	// 3 txs, none for the coinbase, then one 50 BTC output, one 49.9999.
	if string(sh) != hex.EncodeToString(sb)+"\n" || !bytes.HasPrefix(sb, []byte{3, 0, 1, 0x00, 0xf2, 0x05, 0x2a, 0x01, 0, 0, 0}) {
		t.Fatalf("spenttxouts.bin %x", sb)
	}
	if _, _, g := restGet(t, n, "GET", "/rest/spenttxouts/"+n.cli("getblockhash", "0")+".hex", nil); string(g) != "0100\n" {
		t.Fatalf("genesis spenttxouts %q", g)
	}

	// Core's errors.
	unknown := strings.Repeat("0", 64)
	restError(t, n, "GET", "/rest/tx/abc.json", nil, 400, "Invalid hash: abc")
	restError(t, n, "GET", "/rest/tx/"+unknown+".json", nil, 404, unknown+" not found")
	restError(t, n, "GET", "/rest/block/"+unknown+".json", nil, 404, unknown+" not found")
	restError(t, n, "GET", "/rest/block/"+tip, nil, 404, "output format not found (available: .bin, .hex, .json)")
	restError(t, n, "GET", "/rest/chaininfo.bin", nil, 404, "output format not found (available: json)")
	restError(t, n, "GET", "/rest/blockhashbyheight/1000000.json", nil, 404, "Block height out of range")
	restError(t, n, "GET", "/rest/blockhashbyheight/+1.json", nil, 400, "Invalid height: +1")
	restError(t, n, "GET", "/rest/headers/"+tip+".json?count=0", nil, 400, "Header count is invalid or out of acceptable range (1-2000): 0")
	restError(t, n, "GET", "/rest/mempool/contents.json?%", nil, 400, "URI parsing failed, it likely contained RFC 3986 invalid characters")
	// A bad escape in the path is refused by Go's HTTP server before
	// routing: 400 as Core, but with Go's body.
	restError(t, n, "GET", "/rest/headers/"+tip+"%.json", nil, 400, "")
	restError(t, n, "GET", "/rest/mempool/foo.json", nil, 400, "Invalid URI format. Expected /rest/mempool/<info|contents>.json")
	restError(t, n, "GET", "/rest/mempool/contents.json?verbose=TRUE", nil, 400, `The "verbose" query parameter must be either "true" or "false".`)
	restError(t, n, "GET", "/rest/mempool/contents.json?verbose=true&mempool_sequence=true", nil, 400, `Verbose results cannot contain mempool sequence values. (hint: set "verbose=false")`)
	restError(t, n, "GET", "/rest/getutxos/"+txid+"--1.json", nil, 400, "Parse error")
	restError(t, n, "POST", "/rest/getutxos.json", []byte(`{"checkmempool`), 400, "Error: empty request")
	restError(t, n, "POST", "/rest/getutxos.bin", []byte(`{"checkmempool`), 400, "Parse error")
	restError(t, n, "GET", "/rest/deploymentinfo/"+unknown+".json", nil, 400, "Block not found")
	var many []string
	for i := 0; i < 16; i++ {
		many = append(many, fmt.Sprintf("%s-%d", txid, i))
	}
	restError(t, n, "GET", "/rest/getutxos/"+strings.Join(many, "/")+".json", nil, 400, "Error: max outpoints exceeded (max: 15, tried: 16)")
	restError(t, n, "GET", "/rest/nosuchthing.json", nil, 404, "")

	// Without -rest nothing is served under /rest/.
	plain := startNode(t, "bitcoin-node", "-disablewallet")
	restError(t, plain, "GET", "/rest/chaininfo.json", nil, 404, "")
}

func reverseHex(b []byte) string {
	r := make([]byte, len(b))
	for i := range b {
		r[len(b)-1-i] = b[i]
	}
	return hex.EncodeToString(r)
}
