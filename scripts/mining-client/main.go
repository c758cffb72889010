// Command mining-client talks to a node's Mining IPC interface (ours or
// Bitcoin Core's `bitcoin-node -ipcbind=unix`, v31 or later) the way a
// Stratum v2 template provider does: handshake, makeMining (Init @3),
// templates, waitNext, and on test chains mining blocks with a coinbase
// built from getCoinbaseTx and submitSolution.
//
//	go run -modfile=build/go.mod ./scripts/mining-client -regtest -datadir=DIR tip
//	go run -modfile=build/go.mod ./scripts/mining-client -ipcconnect=unix:/path/node.sock template
//	… mine -n 3 -payto 0014…      (test chains only)
//	… waitnext -timeout 10000 -fee 1000
package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/ipc"
	"github.com/mpbitcoin/mpbitcoin/roles/interfaces"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

// netDir is Core's network datadir for chain.
func netDir(datadir, chain string) string {
	switch chain {
	case "main", "":
		return datadir
	case "test":
		return filepath.Join(datadir, "testnet3")
	}
	return filepath.Join(datadir, chain)
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("mining-client", flag.ContinueOnError)
	home, _ := os.UserHomeDir()
	datadir := fs.String("datadir", filepath.Join(home, ".bitcoin"), "data directory")
	chain := fs.String("chain", "main", "chain: main, test, testnet4, signet, regtest")
	regtest := fs.Bool("regtest", false, "same as -chain=regtest")
	connect := fs.String("ipcconnect", "unix", "unix or unix:<path> (relative to the network datadir)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *regtest {
		*chain = "regtest"
	}
	if fs.NArg() == 0 {
		return errors.New("command missing: tip, template, mine or waitnext")
	}
	path, err := ipc.ParseAddress(*connect, netDir(*datadir, *chain), "bitcoin-node")
	if err != nil {
		return err
	}
	c, err := ipc.Dial(ctx, &ipc.Process{Exe: "mining-client", Pid: os.Getpid()}, path)
	if err != nil {
		return fmt.Errorf("%w\n\nProbably bitcoin-node is not running or not listening on a unix socket. Can be started with:\n\n    bitcoin-node -chain=%s -ipcbind=unix", err, *chain)
	}
	defer c.Close()
	mc, err := interfaces.OpenMining(ctx, c, "mining-client")
	if err != nil {
		return err
	}
	defer mc.Close()
	cmd, rest := fs.Arg(0), fs.Args()[1:]
	switch cmd {
	case "tip":
		ref, ok, err := mc.Tip(ctx)
		if err != nil {
			return err
		}
		if !ok {
			return errors.New("the node has no tip")
		}
		return printJSON(out, map[string]any{"hash": ref.Hash.String(), "height": ref.Height})
	case "template":
		sub := flag.NewFlagSet("template", flag.ContinueOnError)
		noMempool := sub.Bool("nomempool", false, "an empty template")
		if err := sub.Parse(rest); err != nil {
			return err
		}
		opts := interfaces.DefaultBlockCreateOptions()
		opts.UseMempool = !*noMempool
		t, err := mc.CreateNewBlock(ctx, opts, true)
		if err != nil || t == nil {
			return orNull(err)
		}
		defer t.Destroy(ctx)
		return describe(ctx, out, t)
	case "waitnext":
		sub := flag.NewFlagSet("waitnext", flag.ContinueOnError)
		timeout := sub.Float64("timeout", 10000, "milliseconds")
		fee := sub.Int64("fee", interfaces.MaxMoney, "fee rise threshold (sat)")
		if err := sub.Parse(rest); err != nil {
			return err
		}
		t, err := mc.CreateNewBlock(ctx, interfaces.DefaultBlockCreateOptions(), true)
		if err != nil || t == nil {
			return orNull(err)
		}
		defer t.Destroy(ctx)
		next, err := t.WaitNext(ctx, interfaces.BlockWaitOptions{Timeout: time.Duration(*timeout * float64(time.Millisecond)), FeeThreshold: *fee})
		if err != nil {
			return err
		}
		if next == nil {
			_, err := fmt.Fprintln(out, "null")
			return err
		}
		defer next.Destroy(ctx)
		return describe(ctx, out, next)
	case "mine":
		sub := flag.NewFlagSet("mine", flag.ContinueOnError)
		n := sub.Int("n", 1, "blocks to mine")
		payTo := sub.String("payto", "51", "output script (hex) the reward goes to")
		if err := sub.Parse(rest); err != nil {
			return err
		}
		script, err := hex.DecodeString(*payTo)
		if err != nil {
			return fmt.Errorf("-payto: %w", err)
		}
		if test, err := mc.IsTestChain(ctx); err != nil || !test {
			return orNull(errors.Join(err, errors.New("mine is for test chains only")))
		}
		var hashes []string
		for i := 0; i < *n; i++ {
			h, err := mineOne(ctx, mc, script, uint64(i))
			if err != nil {
				return err
			}
			hashes = append(hashes, h)
		}
		return printJSON(out, hashes)
	}
	return fmt.Errorf("unknown command %q", cmd)
}

func orNull(err error) error {
	if err != nil {
		return err
	}
	return errors.New("no template (interrupted)")
}

// mineOne makes a template, builds the coinbase a pool would from
// getCoinbaseTx, grinds the nonce and submits the solution.
func mineOne(ctx context.Context, mc *interfaces.MiningClient, payTo []byte, extranonce uint64) (string, error) {
	t, err := mc.CreateNewBlock(ctx, interfaces.DefaultBlockCreateOptions(), false)
	if err != nil || t == nil {
		return "", orNull(err)
	}
	defer t.Destroy(ctx)
	cb, err := t.CoinbaseTx(ctx)
	if err != nil {
		return "", err
	}
	blk, err := t.Block(ctx)
	if err != nil {
		return "", err
	}
	tx := wire.NewMsgTx(int32(cb.Version))
	en := []byte{8, byte(extranonce), byte(extranonce >> 8), byte(extranonce >> 16), byte(extranonce >> 24), 0, 0, 0, 0}
	in := &wire.TxIn{PreviousOutPoint: wire.OutPoint{Index: wire.MaxPrevOutIndex},
		SignatureScript: append(append([]byte{}, cb.ScriptSigPrefix...), en...), Sequence: cb.Sequence}
	if cb.Witness != nil {
		in.Witness = wire.TxWitness{cb.Witness}
	}
	tx.AddTxIn(in)
	tx.AddTxOut(wire.NewTxOut(cb.BlockRewardRemaining, payTo))
	for _, o := range cb.RequiredOutputs {
		tx.AddTxOut(o)
	}
	tx.LockTime = cb.LockTime
	blk.Transactions[0] = tx
	txs := make([]*btcutil.Tx, len(blk.Transactions))
	for i, x := range blk.Transactions {
		txs[i] = btcutil.NewTx(x)
	}
	blk.Header.MerkleRoot = blockchain.CalcMerkleRoot(txs, false)
	target := blockchain.CompactToBig(blk.Header.Bits)
	for nonce := uint32(0); ; nonce++ {
		if nonce&0xfffff == 0 && ctx.Err() != nil {
			return "", ctx.Err()
		}
		blk.Header.Nonce = nonce
		h := blk.Header.BlockHash()
		if blockchain.HashToBig(&h).Cmp(target) <= 0 {
			break
		}
		if nonce == ^uint32(0) {
			return "", errors.New("no nonce solves the block; try again")
		}
	}
	hd := blk.Header
	r, err := t.SubmitSolution(ctx, uint32(hd.Version), uint32(hd.Timestamp.Unix()), hd.Nonce, tx)
	if err != nil {
		return "", err
	}
	if !r.OK {
		return "", fmt.Errorf("block rejected: %s %s", r.Reason, r.Debug)
	}
	return blk.BlockHash().String(), nil
}

// describe prints a template's summary.
func describe(ctx context.Context, out io.Writer, t *interfaces.TemplateClient) error {
	blk, err := t.Block(ctx)
	if err != nil {
		return err
	}
	fees, err := t.TxFees(ctx)
	if err != nil {
		return err
	}
	cb, err := t.CoinbaseTx(ctx)
	if err != nil {
		return err
	}
	path, err := t.CoinbaseMerklePath(ctx)
	if err != nil {
		return err
	}
	var outs, branch []string
	for _, o := range cb.RequiredOutputs {
		outs = append(outs, fmt.Sprintf("%d:%x", o.Value, o.PkScript))
	}
	for _, h := range path {
		branch = append(branch, h.String())
	}
	var total int64
	for _, f := range fees {
		total += f
	}
	return printJSON(out, map[string]any{
		"previousblockhash": blk.Header.PrevBlock.String(),
		"version":           blk.Header.Version,
		"bits":              fmt.Sprintf("%08x", blk.Header.Bits),
		"time":              blk.Header.Timestamp.Unix(),
		"transactions":      len(blk.Transactions) - 1,
		"fees":              total,
		"coinbase": map[string]any{
			"version": cb.Version, "sequence": cb.Sequence, "script_sig_prefix": hex.EncodeToString(cb.ScriptSigPrefix),
			"witness": hex.EncodeToString(cb.Witness), "block_reward_remaining": cb.BlockRewardRemaining,
			"required_outputs": outs, "lock_time": cb.LockTime,
		},
		"coinbase_merkle_path": branch,
	})
}

func printJSON(out io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(out, "%s\n", b)
	return err
}
