package e2e

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/chaincfg/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

// opTrueP2WSH is the P2WSH address of the script OP_TRUE: anyone can spend
// its outputs with the witness [OP_TRUE] (Core's tests use the same).
func opTrueP2WSH(t *testing.T) (string, []byte) {
	t.Helper()
	h := sha256.Sum256([]byte{0x51})
	a, err := address.NewAddressWitnessScriptHash(h[:], &chaincfg.RegressionNetParams)
	if err != nil {
		t.Fatal(err)
	}
	return a.EncodeAddress(), append([]byte{0x00, 0x20}, h[:]...)
}

// spend builds a transaction spending output 0 of txid (value sat) back
// to the OP_TRUE P2WSH, paying fee.
func spend(t *testing.T, txid string, value, fee int64, script []byte) string {
	t.Helper()
	h, err := chainhash.NewHashFromStr(txid)
	if err != nil {
		t.Fatal(err)
	}
	tx := wire.NewMsgTx(2)
	in := wire.NewTxIn(wire.NewOutPoint(h, 0), nil, wire.TxWitness{{0x51}})
	tx.AddTxIn(in)
	tx.AddTxOut(wire.NewTxOut(value-fee, script))
	var b bytes.Buffer
	if err := tx.Serialize(&b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b.Bytes())
}

func TestMempoolRelayAndMining(t *testing.T) {
	t.Parallel()
	a := startNode(t, "bitcoin-node", "-disablewallet")
	b := startNode(t, "bitcoin-node", "-disablewallet")
	addr, script := opTrueP2WSH(t)
	var hashes []string
	_ = json.Unmarshal([]byte(a.cli("generatetoaddress", "101", addr)), &hashes)
	var blk map[string]any
	_ = json.Unmarshal([]byte(a.cli("getblock", hashes[0])), &blk)
	cbTxid := blk["tx"].([]any)[0].(string)
	connect(t, b, a)
	eventually(t, 20*time.Second, "sync", func() bool { return a.cli("getbestblockhash") == b.cli("getbestblockhash") })

	raw := spend(t, cbTxid, 50_0000_0000, 10000, script)
	var tma []map[string]any
	_ = json.Unmarshal([]byte(a.cli("testmempoolaccept", `["`+raw+`"]`)), &tma)
	if len(tma) != 1 || tma[0]["allowed"] != true {
		t.Fatalf("testmempoolaccept: %v", tma)
	}
	txid := a.cli("sendrawtransaction", raw)
	if a.cli("getrawmempool") == "[\n]" || !strings.Contains(a.cli("getrawmempool"), txid) {
		t.Fatalf("tx not in a's mempool")
	}
	eventually(t, 20*time.Second, "tx relayed to b", func() bool { return strings.Contains(b.cli("getrawmempool"), txid) })
	// A double spend of the same coin is refused.
	if out, err := a.cliErr("sendrawtransaction", spend(t, cbTxid, 50_0000_0000, 20000, script)); err == nil {
		t.Errorf("double spend accepted: %s", out)
	}
	// Spending a coin that does not exist.
	if out, err := a.cliErr("sendrawtransaction", spend(t, strings.Repeat("ab", 32), 1000, 100, script)); err == nil || !strings.Contains(out, "error code: -25") {
		t.Errorf("missing inputs: %v %s", err, out)
	}
	// Mining takes it out of both mempools and pays its fee.
	var mined []string
	_ = json.Unmarshal([]byte(a.cli("generatetoaddress", "1", addr)), &mined)
	_ = json.Unmarshal([]byte(a.cli("getblock", mined[0])), &blk)
	if txs := blk["tx"].([]any); len(txs) != 2 || txs[1] != txid {
		t.Fatalf("mined block txs %v", txs)
	}
	eventually(t, 20*time.Second, "both mempools empty", func() bool {
		return a.cli("getrawmempool") == "[\n]" && b.cli("getrawmempool") == "[\n]"
	})
	var info map[string]any
	_ = json.Unmarshal([]byte(a.cli("getmempoolinfo")), &info)
	if info["size"] != float64(0) {
		t.Errorf("getmempoolinfo after mining: %v", info)
	}
}
