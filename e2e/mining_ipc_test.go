package e2e

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/ipc"
	"github.com/mpbitcoin/mpbitcoin/roles/interfaces"
)

// poolCoinbase builds the coinbase a pool would from getCoinbaseTx: the
// height prefix plus its extranonce, the reward to payTo, the required
// outputs, the witness reserved value.
func poolCoinbase(cb interfaces.CoinbaseTx, extranonce, payTo []byte) *wire.MsgTx {
	tx := wire.NewMsgTx(int32(cb.Version))
	in := &wire.TxIn{
		PreviousOutPoint: wire.OutPoint{Index: wire.MaxPrevOutIndex},
		SignatureScript:  append(append([]byte{}, cb.ScriptSigPrefix...), extranonce...),
		Sequence:         cb.Sequence,
	}
	if cb.Witness != nil {
		in.Witness = wire.TxWitness{cb.Witness}
	}
	tx.AddTxIn(in)
	tx.AddTxOut(wire.NewTxOut(cb.BlockRewardRemaining, payTo))
	for _, o := range cb.RequiredOutputs {
		tx.AddTxOut(o)
	}
	tx.LockTime = cb.LockTime
	return tx
}

// grind puts coinbase into blk, recomputes the merkle root from the
// coinbase's merkle path and searches the nonce (regtest difficulty).
func grind(t *testing.T, blk *wire.MsgBlock, coinbase *wire.MsgTx, path []chainhash.Hash) {
	t.Helper()
	blk.Transactions[0] = coinbase
	root := coinbase.TxHash()
	for i := range path {
		root = blockchain.HashMerkleBranches(&root, &path[i])
	}
	txs := make([]*btcutil.Tx, len(blk.Transactions))
	for i, tx := range blk.Transactions {
		txs[i] = btcutil.NewTx(tx)
	}
	if root != blockchain.CalcMerkleRoot(txs, false) {
		t.Fatal("the coinbase merkle path does not lead to the block's merkle root")
	}
	blk.Header.MerkleRoot = root
	target := blockchain.CompactToBig(blk.Header.Bits)
	for n := uint32(0); ; n++ {
		blk.Header.Nonce = n
		h := blk.Header.BlockHash()
		if blockchain.HashToBig(&h).Cmp(target) <= 0 {
			return
		}
		if n == ^uint32(0) {
			t.Fatal("no nonce solves the block")
		}
	}
}

func dialMining(t *testing.T, ctx context.Context, sock, thread string) (*ipc.Client, *interfaces.MiningClient) {
	t.Helper()
	c, err := ipc.Dial(ctx, &ipc.Process{Exe: "e2e-pool", Pid: os.Getpid()}, sock)
	if err != nil {
		t.Fatal(err)
	}
	mc, err := interfaces.OpenMining(ctx, c, thread)
	if err != nil {
		c.Close()
		t.Fatalf("makeMining: %v", err)
	}
	return c, mc
}

func TestMiningIPC(t *testing.T) {
	t.Parallel()
	a := startNode(t, "bitcoin-node", "-disablewallet", "-ipcbind=unix", "-debug=ipc")
	b := startNode(t, "bitcoin-node", "-disablewallet")
	addr, script := opTrueP2WSH(t)
	var hashes []string
	_ = json.Unmarshal([]byte(a.cli("generatetoaddress", "101", addr)), &hashes)
	var blk1 map[string]any
	_ = json.Unmarshal([]byte(a.cli("getblock", hashes[0])), &blk1)
	cbTxid := blk1["tx"].([]any)[0].(string)
	connect(t, b, a)
	eventually(t, 20*time.Second, "sync", func() bool { return a.cli("getbestblockhash") == b.cli("getbestblockhash") })

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	sock := filepath.Join(a.netDir(), "node.sock")
	c, mc := dialMining(t, ctx, sock, "worker")
	defer c.Close()
	waiter, err := mc.WithThread(ctx, "waiter")
	if err != nil {
		t.Fatal(err)
	}

	// The schema probe: @3 answers, @2 fails with Core's message.
	err = c.Do(func() error {
		f, rel := c.Init.MakeMiningOld2(ctx, nil)
		defer rel()
		_, err := f.Struct()
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "Old mining interface (@2) not supported. Please update your client!") {
		t.Fatalf("makeMiningOld2: %v", err)
	}
	if v, err := mc.IsTestChain(ctx); err != nil || !v {
		t.Fatalf("isTestChain: %v %v", v, err)
	}
	tip, ok, err := mc.Tip(ctx)
	if err != nil || !ok || tip.Hash.String() != a.cli("getbestblockhash") || tip.Height != 101 {
		t.Fatalf("getTip: %+v %v %v", tip, ok, err)
	}

	// A pool's flow: template → coinbase from getCoinbaseTx → grind →
	// submitSolution → the second node sees the block.
	tmpl, err := mc.CreateNewBlock(ctx, interfaces.DefaultBlockCreateOptions(), true)
	if err != nil || tmpl == nil {
		t.Fatalf("createNewBlock: %v", err)
	}
	cb, err := tmpl.CoinbaseTx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	blk, err := tmpl.Block(ctx)
	if err != nil {
		t.Fatal(err)
	}
	path, err := tmpl.CoinbaseMerklePath(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if blk.Header.PrevBlock != tip.Hash || len(cb.Witness) != 32 || len(cb.RequiredOutputs) != 1 || cb.LockTime != 101 {
		t.Fatalf("template: prev %s, coinbase %+v", blk.Header.PrevBlock, cb)
	}
	coinbase := poolCoinbase(cb, []byte{0x08, 0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 1}, script)
	grind(t, blk, coinbase, path)
	if r, err := mc.CheckBlock(ctx, blk, interfaces.BlockCheckOptions{CheckMerkleRoot: true, CheckPow: true}); err != nil || !r.OK {
		t.Fatalf("checkBlock: %+v %v", r, err)
	}
	h := blk.Header
	r, err := tmpl.SubmitSolution(ctx, uint32(h.Version), uint32(h.Timestamp.Unix()), h.Nonce, coinbase)
	if err != nil || !r.OK {
		t.Fatalf("submitSolution: %+v %v", r, err)
	}
	mined := blk.BlockHash().String()
	eventually(t, 20*time.Second, "the second node has the pool's block", func() bool { return b.cli("getbestblockhash") == mined })
	if r, err := tmpl.SubmitSolution(ctx, uint32(h.Version), uint32(h.Timestamp.Unix()), h.Nonce, coinbase); err != nil || !r.OK || r.Reason != "duplicate" {
		t.Fatalf("resubmitted solution: %+v %v", r, err)
	}

	// waitNext: the new tip gives a template at once.
	t2, err := tmpl.WaitNext(ctx, interfaces.BlockWaitOptions{Timeout: 10 * time.Second, FeeThreshold: interfaces.MaxMoney})
	if err != nil || t2 == nil {
		t.Fatalf("waitNext after the new tip: %v", err)
	}
	if b2, _ := t2.Block(ctx); b2 == nil || b2.Header.PrevBlock.String() != mined {
		t.Fatal("the next template is not on the pool's block")
	}
	// waitNext on a fee rise, on the waiter thread while the worker thread
	// sends the transaction.
	got := make(chan *interfaces.TemplateClient, 1)
	errs := make(chan error, 1)
	go func() {
		n, err := t2.On(waiter).WaitNext(ctx, interfaces.BlockWaitOptions{Timeout: 30 * time.Second, FeeThreshold: 10000})
		errs <- err
		got <- n
	}()
	time.Sleep(300 * time.Millisecond)
	txid := a.cli("sendrawtransaction", spend(t, cbTxid, 5000000000, 20000, script))
	if err := <-errs; err != nil {
		t.Fatalf("waitNext on a fee rise: %v", err)
	}
	t3 := <-got
	if t3 == nil {
		t.Fatal("waitNext returned no template after the fee rise")
	}
	if fees, err := t3.TxFees(ctx); err != nil || len(fees) != 1 || fees[0] != 20000 {
		t.Fatalf("fees of the new template: %v %v", fees, err)
	}
	id, _ := chainhash.NewHashFromStr(txid)
	if txs, err := mc.TransactionsByTxID(ctx, []chainhash.Hash{*id, {1}}); err != nil || len(txs) != 2 || txs[0] == nil || txs[1] != nil {
		t.Fatalf("getTransactionsByTxID: %v %v", txs, err)
	}

	// waitNext times out: null.
	if n, err := t3.WaitNext(ctx, interfaces.BlockWaitOptions{Timeout: 500 * time.Millisecond, FeeThreshold: interfaces.MaxMoney}); err != nil || n != nil {
		t.Fatalf("waitNext timeout: %v %v", n, err)
	}
	// interruptWait wakes a waitNext; interrupt wakes a waitTipChanged.
	go func() {
		n, err := t3.On(waiter).WaitNext(ctx, interfaces.DefaultBlockWaitOptions())
		errs <- err
		got <- n
	}()
	time.Sleep(300 * time.Millisecond)
	if err := t3.InterruptWait(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-errs; err != nil || <-got != nil {
		t.Fatalf("interrupted waitNext: %v", err)
	}
	tipNow, _, _ := mc.Tip(ctx)
	wt := make(chan bool, 1)
	go func() {
		_, ok, _ := waiter.WaitTipChanged(ctx, tipNow.Hash, 60000)
		wt <- ok
	}()
	time.Sleep(300 * time.Millisecond)
	if err := mc.Interrupt(ctx); err != nil {
		t.Fatal(err)
	}
	if <-wt {
		t.Fatal("interrupted waitTipChanged returned a tip")
	}

	// A second client disconnects in the middle of waitNext: Core's lines,
	// the node stays healthy and the first client keeps working.
	c2, mc2 := dialMining(t, ctx, sock, "leaver")
	t4, err := mc2.CreateNewBlock(ctx, interfaces.DefaultBlockCreateOptions(), false)
	if err != nil || t4 == nil {
		t.Fatalf("second client's template: %v", err)
	}
	go func() { _, _ = t4.WaitNext(ctx, interfaces.DefaultBlockWaitOptions()) }()
	time.Sleep(500 * time.Millisecond)
	c2.Close()
	for _, want := range []string{"IPC server: socket disconnected.", "canceled while executing", "interrupted (canceled)", "BlockTemplate.waitNext"} {
		eventually(t, 10*time.Second, "log line "+want, func() bool { return strings.Contains(a.debugLog(), want) })
	}
	if _, ok, err := mc.Tip(ctx); err != nil || !ok {
		t.Fatalf("first client after the other left: %v", err)
	}
	a.cli("getblockcount")

	// Shutdown wakes a waiter.
	go func() {
		n, err := t3.On(waiter).WaitNext(ctx, interfaces.DefaultBlockWaitOptions())
		errs <- err
		got <- n
	}()
	time.Sleep(300 * time.Millisecond)
	// Over HTTP: with the socket there, bitcoin-cli would send stop over
	// IPC, and the reply can lose the race with the node dropping its IPC
	// connections at shutdown.
	a.cli("-noipcconnect", "stop")
	select {
	case <-errs:
		<-got
	case <-time.After(20 * time.Second):
		t.Fatal("waitNext still blocked after stop")
	}
	if code := a.waitExit(30 * time.Second); code != 0 {
		t.Fatalf("node exit code %d; stderr %s", code, a.stderr.String())
	}
	for _, bad := range []string{"panic", "goroutine "} {
		if strings.Contains(a.debugLog(), bad) || strings.Contains(a.stderr.String(), bad) {
			t.Errorf("%q in debug.log or stderr", bad)
		}
	}
}
