package rest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	"github.com/mpbitcoin/mpbitcoin/roles/node/mempool"
	"github.com/mpbitcoin/mpbitcoin/roles/node/rpc"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
)

// fixture is a regtest chain of 101 blocks paying an OP_TRUE P2WSH, a
// mempool spending the first coinbase, the RPC table and the REST server.
type fixture struct {
	chain  *chain.Chain
	table  *rs.Table
	srv    *Server
	hashes []chainhash.Hash
	spend  *btcutil.Tx
}

func opTrue() []byte {
	h := sha256.Sum256([]byte{0x51})
	return append([]byte{0x00, 0x20}, h[:]...)
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	p, _ := chain.Params("regtest")
	c, err := chain.Open(t.TempDir(), p, &chain.Clock{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() { cancel(); c.Close() })
	pool := mempool.New(c)
	hashes, err := c.Generate(ctx, 101, opTrue(), 1e6)
	if err != nil {
		t.Fatal(err)
	}
	blk, _ := c.BlockByHash(&hashes[0])
	tx := wire.NewMsgTx(2)
	tx.AddTxIn(wire.NewTxIn(wire.NewOutPoint(blk.Transactions()[0].Hash(), 0), nil, wire.TxWitness{{0x51}}))
	tx.AddTxOut(wire.NewTxOut(50e8-1000, opTrue()))
	spend := btcutil.NewTx(tx)
	if _, err := pool.Submit(spend); err != nil {
		t.Fatal(err)
	}
	tab := rs.NewTable()
	if err := rpc.Register(tab, &rpc.Node{Chain: c, ChainName: "regtest", Shutdown: ctx, Pool: pool}); err != nil {
		t.Fatal(err)
	}
	return &fixture{chain: c, table: tab, srv: New(Config{Chain: c, Pool: pool, Table: tab}), hashes: hashes, spend: spend}
}

func (f *fixture) get(t *testing.T, method, target string, body []byte) (int, string, []byte) {
	t.Helper()
	req := httptest.NewRequest(method, "/", bytes.NewReader(body))
	req.RequestURI = target
	w := httptest.NewRecorder()
	f.srv.ServeHTTP(w, req)
	res := w.Result()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Content-Type"), b
}

func TestServerRoutes(t *testing.T) {
	f := newFixture(t)
	tip := f.chain.Tip()

	// chaininfo is getblockchaininfo.
	status, ctype, body := f.get(t, "GET", "/rest/chaininfo.json", nil)
	want, _ := f.srv.rpc(context.Background(), "getblockchaininfo")
	if status != 200 || ctype != "application/json" || string(body) != want.String()+"\n" {
		t.Fatalf("chaininfo: %d %s %s", status, ctype, body)
	}

	// Binary getutxos request (Core's stream quirk: outpoints from the
	// first body byte, checkmempool set): the coinbase output is spent in
	// the mempool, so it is not a hit.
	cb := f.spend.MsgTx().TxIn[0].PreviousOutPoint
	req := []byte{1}
	req = append(req, cb.Hash[:]...)
	req = binary.LittleEndian.AppendUint32(req, cb.Index)
	status, ctype, body = f.get(t, "POST", "/rest/getutxos.bin", req)
	if status != 200 || ctype != "application/octet-stream" || len(body) != 4+32+2+1 {
		t.Fatalf("getutxos.bin: %d %s %x", status, ctype, body)
	}
	if int32(binary.LittleEndian.Uint32(body)) != tip.Height || !bytes.Equal(body[4:36], tip.Hash[:]) || body[36] != 1 || body[37] != 0 || body[38] != 0 {
		t.Fatalf("getutxos.bin answer %x", body)
	}
	// The same outpoint by URI without checkmempool is a hit.
	_, _, body = f.get(t, "GET", "/rest/getutxos/"+cb.Hash.String()+"-0.json", nil)
	var u struct {
		Bitmap string
		Utxos  []struct {
			Height int64
			Value  json.Number
		}
	}
	if err := json.Unmarshal(body, &u); err != nil || u.Bitmap != "1" || len(u.Utxos) != 1 || u.Utxos[0].Height != 1 || u.Utxos[0].Value != "50.00000000" {
		t.Fatalf("getutxos.json %s", body)
	}
	status, _, body = f.get(t, "POST", "/rest/getutxos/"+cb.Hash.String()+"-0.bin", req)
	if status != 400 || string(body) != "Combination of URI scheme inputs and raw post data is not allowed\r\n" {
		t.Fatalf("URI and body: %d %q", status, body)
	}

	// The mempool transaction in the three formats.
	var raw bytes.Buffer
	_ = f.spend.MsgTx().Serialize(&raw)
	if _, _, b := f.get(t, "GET", "/rest/tx/"+f.spend.Hash().String()+".bin", nil); !bytes.Equal(b, raw.Bytes()) {
		t.Fatalf("tx.bin %x", b)
	}

	// Headers walk the active chain from the given block.
	_, _, body = f.get(t, "GET", "/rest/headers/"+f.hashes[98].String()+".bin?count=5", nil)
	if len(body) != 3*80 {
		t.Fatalf("%d header bytes, want 3 headers", len(body))
	}

	// Unknown paths are a bare 404; warm-up is 503 with the status.
	if status, _, body := f.get(t, "GET", "/rest/nothing", nil); status != 404 || len(body) != 0 {
		t.Fatalf("unknown path: %d %q", status, body)
	}
	f.table.SetWarmup("Loading block index…")
	if status, _, body := f.get(t, "GET", "/rest/chaininfo.json", nil); status != 503 || !strings.HasPrefix(string(body), "Service temporarily unavailable: Loading block index") {
		t.Fatalf("warm-up: %d %q", status, body)
	}
	f.table.SetWarmup("")
}

func TestServerNoMempool(t *testing.T) {
	f := newFixture(t)
	srv := New(Config{Chain: f.chain, Table: f.table})
	for _, target := range []string{"/rest/mempool/info.json", "/rest/getutxos/checkmempool/" + f.spend.Hash().String() + "-0.json"} {
		w := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/", nil)
		req.RequestURI = target
		srv.ServeHTTP(w, req)
		if w.Code != http.StatusNotFound || w.Body.String() != "Mempool disabled or instance not found\r\n" {
			t.Fatalf("%s: %d %q", target, w.Code, w.Body.String())
		}
	}
}
