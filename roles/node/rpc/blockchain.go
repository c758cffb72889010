package rpc

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"sort"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/chainhash/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	"github.com/mpbitcoin/mpbitcoin/roles/node/mempool"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// Node is what the commands need of the node.
type Node struct {
	Chain     *chain.Chain
	ChainName string // Core's chain name: main, test, testnet4, signet, regtest
	// Shutdown ends with the node; waiting calls return when it does.
	Shutdown context.Context
	// Net serves the network commands; nil leaves them out.
	Net *Network
	// Pool is the mempool; nil leaves the raw transaction commands out
	// and reports an empty mempool.
	Pool *mempool.Pool

	table *rs.Table
	scans scanState // the one scantxoutset that may run
}

// Register adds the blockchain, mining, mempool and control-test commands.
func Register(t *rs.Table, n *Node) error {
	n.table = t
	var cmds []rs.Command
	groups := [][]rs.Command{n.blockchainCommands(), n.waitCommands(), n.miningCommands(), n.mempoolCommands(), n.scanCommands(), n.miningInfoCommands(), n.chainStatsCommands(), {n.decodescriptCommand(), n.decoderawtransactionCommand()}, n.utilCommands()}
	if n.Net != nil {
		groups = append(groups, n.networkCommands())
	}
	if n.Pool != nil {
		groups = append(groups, n.rawTxCommands())
	}
	groups = append(groups, n.signRawCommands())
	groups = append(groups, n.psbtCommands())
	groups = append(groups, []rs.Command{n.getblocktemplateCommand()})
	groups = append(groups, n.extraCommands()...)
	for _, group := range groups {
		cmds = append(cmds, group...)
	}
	for _, c := range cmds {
		if err := t.Register(c); err != nil {
			return err
		}
	}
	return nil
}

func ex(method, args string) string {
	return rs.HelpExampleCli(method, args) + rs.HelpExampleRPC(method, args)
}

func (n *Node) blockchainCommands() []rs.Command {
	c := n.Chain
	blockhash := rs.Arg{Name: "blockhash", Type: rs.ArgHex, Help: "The block hash"}
	return []rs.Command{
		{Name: "getblockcount", Category: "blockchain",
			Help:     "Returns the height of the most-work fully-validated chain.\nThe genesis block has height 0.",
			Result:   "n    (numeric) The current block count",
			Examples: ex("getblockcount", ""),
			Handler:  func(*rs.Request) (any, error) { return c.Tip().Height, nil }},
		{Name: "getbestblockhash", Category: "blockchain",
			Help:     "Returns the hash of the best (tip) block in the most-work fully-validated chain.",
			Result:   "\"hex\"    (string) the block hash, hex-encoded",
			Examples: ex("getbestblockhash", ""),
			Handler:  func(*rs.Request) (any, error) { return c.Tip().Hash.String(), nil }},
		{Name: "getblockhash", Category: "blockchain",
			Help:     "Returns hash of block in best-block-chain at height provided.",
			Args:     []rs.Arg{{Name: "height", Type: rs.ArgNumber, Help: "The height index"}},
			Result:   "\"hex\"    (string) The block hash",
			Examples: ex("getblockhash", "1000"),
			Handler: func(r *rs.Request) (any, error) {
				h, err := intArg(r.Arg(0), 0)
				if err != nil {
					return nil, err
				}
				if h < 0 || h > int64(c.Tip().Height) {
					return nil, rs.NewError(rs.InvalidParameter, "Block height out of range")
				}
				hash, err := c.BlockChain().BlockHashByHeight(int32(h))
				if err != nil {
					return nil, rs.NewError(rs.InvalidParameter, "Block height out of range")
				}
				return hash.String(), nil
			}},
		{Name: "getblockheader", Category: "blockchain",
			Help:     "If verbose is false, returns a string that is serialized, hex-encoded data for blockheader 'hash'.\nIf verbose is true, returns an Object with information about blockheader <hash>.",
			Args:     []rs.Arg{blockhash, {Name: "verbose", Type: rs.ArgBool, Default: "true", Help: "true for a json object, false for the hex-encoded data"}},
			Examples: ex("getblockheader", "\"00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09\""),
			Handler: func(r *rs.Request) (any, error) {
				h, err := hashArg(r.Arg(0), "hash")
				if err != nil {
					return nil, err
				}
				verbose, err := boolArg(r.Arg(1), true)
				if err != nil {
					return nil, err
				}
				hdr, err := c.HeaderByHash(&h)
				if err != nil {
					return nil, errBlockNotFound()
				}
				if !verbose {
					var b bytes.Buffer
					if err := hdr.Serialize(&b); err != nil {
						return nil, err
					}
					return hex.EncodeToString(b.Bytes()), nil
				}
				ntx := 0
				if blk, err := c.BlockByHash(&h); err == nil {
					ntx = len(blk.Transactions())
				}
				return headerJSON(c, h, hdr, ntx)
			}},
		{Name: "getblock", Category: "blockchain",
			Help: "If verbosity is 0, returns a string that is serialized, hex-encoded data for block 'hash'.\nIf verbosity is 1, returns an Object with information about block <hash>.\nIf verbosity is 2, returns an Object with information about block <hash> and information about each transaction.\nIf verbosity is 3, returns an Object with information about block <hash> and information about each transaction, including prevout information for inputs (only for unpruned blocks in the current best chain).",
			Args: []rs.Arg{blockhash, {Name: "verbosity|verbose", Type: rs.ArgNumber, Default: "1", SkipTypeCheck: true,
				Help: "0 for hex-encoded data, 1 for a JSON object, 2 for JSON object with transaction data, and 3 for JSON object with transaction data including prevout information for inputs"}},
			Examples: ex("getblock", "\"00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09\""),
			Handler:  n.getblock},
		{Name: "getblockchaininfo", Category: "blockchain",
			Help:     "Returns an object containing various state info regarding blockchain processing.",
			Examples: ex("getblockchaininfo", ""),
			Handler:  n.getblockchaininfo},
		{Name: "getdifficulty", Category: "blockchain",
			Help:     "Returns the proof-of-work difficulty as a multiple of the minimum difficulty.",
			Result:   "n    (numeric) the proof-of-work difficulty as a multiple of the minimum difficulty.",
			Examples: ex("getdifficulty", ""),
			Handler:  func(*rs.Request) (any, error) { return num(difficulty(c.Tip().Bits)), nil }},
		{Name: "getchaintips", Category: "blockchain",
			Help:     "Return information about all known tips in the block tree, including the main chain as well as orphaned branches.",
			Examples: ex("getchaintips", ""),
			Handler:  n.getchaintips},
		{Name: "invalidateblock", Category: "blockchain",
			Help:     "Permanently marks a block as invalid, as if it violated a consensus rule.",
			Args:     []rs.Arg{{Name: "blockhash", Type: rs.ArgHex, Help: "the hash of the block to mark as invalid"}},
			Examples: ex("invalidateblock", "\"blockhash\""),
			Handler:  n.onBlockHash(c.Invalidate)},
		{Name: "reconsiderblock", Category: "blockchain",
			Help:     "Removes invalidity status of a block, its ancestors and its descendants, reconsider them for activation.\nThis can be used to undo the effects of invalidateblock.",
			Args:     []rs.Arg{{Name: "blockhash", Type: rs.ArgHex, Help: "the hash of the block to reconsider"}},
			Examples: ex("reconsiderblock", "\"blockhash\""),
			Handler:  n.onBlockHash(c.Reconsider)},
	}
}

// onBlockHash makes a handler that applies f to the known block named by
// the "blockhash" argument (invalidateblock, reconsiderblock).
func (n *Node) onBlockHash(f func(*chainhash.Hash) error) rs.Handler {
	return func(r *rs.Request) (any, error) {
		h, err := hashArg(r.Arg(0), "blockhash")
		if err != nil {
			return nil, err
		}
		if _, err := n.Chain.HeaderByHash(&h); err != nil {
			return nil, errBlockNotFound()
		}
		if err := f(&h); err != nil {
			return nil, rs.NewError(rs.DatabaseError, "%s", err.Error())
		}
		return nil, nil
	}
}

func (n *Node) getblock(r *rs.Request) (any, error) {
	c := n.Chain
	h, err := hashArg(r.Arg(0), "blockhash")
	if err != nil {
		return nil, err
	}
	verbosity := int64(1)
	if raw := r.Arg(1); raw != nil {
		if b, err := boolArg(raw, true); err == nil {
			verbosity = map[bool]int64{true: 1, false: 0}[b]
		} else if verbosity, err = intArg(raw, 1); err != nil {
			return nil, err
		}
	}
	blk, err := c.BlockByHash(&h)
	if err != nil {
		if _, herr := c.HeaderByHash(&h); herr == nil {
			return nil, rs.NewError(rs.RPCMiscError, "Block not available (not fully downloaded)")
		}
		return nil, errBlockNotFound()
	}
	switch {
	case verbosity <= 0:
		b, err := blk.Bytes()
		if err != nil {
			return nil, err
		}
		return hex.EncodeToString(b), nil
	case verbosity == 1:
		return blockJSON(c, blk)
	default:
		return blockDetailsJSON(c, blk, int(min(verbosity, txDetailsAndPrevouts)))
	}
}

func (n *Node) getblockchaininfo(*rs.Request) (any, error) {
	c := n.Chain
	tip := c.Tip()
	hdr, err := c.HeaderByHash(&tip.Hash)
	if err != nil {
		return nil, err
	}
	work, err := c.ChainWork(tip.Hash)
	if err != nil {
		return nil, err
	}
	headers := c.BestHeaderHeight()
	if headers < tip.Height {
		headers = tip.Height
	}
	progress := c.VerificationProgress()
	o := univalue.NewObject()
	o.PushKV("chain", univalue.NewString(n.ChainName))
	o.PushKV("blocks", univalue.NewInt(int64(tip.Height)))
	o.PushKV("headers", univalue.NewInt(int64(headers)))
	o.PushKV("bestblockhash", univalue.NewString(tip.Hash.String()))
	o.PushKV("bits", univalue.NewString(sprintf08x(tip.Bits)))
	o.PushKV("target", univalue.NewString(hex256(blockchain.CompactToBig(tip.Bits))))
	o.PushKV("difficulty", num(difficulty(tip.Bits)))
	o.PushKV("time", univalue.NewInt(hdr.Timestamp.Unix()))
	o.PushKV("mediantime", univalue.NewInt(tip.MedianTime.Unix()))
	o.PushKV("verificationprogress", num(progress))
	o.PushKV("initialblockdownload", univalue.NewBool(c.IsInitialBlockDownload()))
	o.PushKV("chainwork", univalue.NewString(hex256(work)))
	o.PushKV("size_on_disk", univalue.NewInt(dirSize(c.Dir())))
	o.PushKV("pruned", univalue.NewBool(false))
	o.PushKV("warnings", univalue.NewArray())
	return o, nil
}

func (n *Node) getchaintips(*rs.Request) (any, error) {
	tips := n.Chain.BlockChain().ChainTips()
	// Core lists tips by height, highest first.
	sort.SliceStable(tips, func(i, j int) bool { return tips[i].Height > tips[j].Height })
	out := univalue.NewArray()
	for _, tip := range tips {
		o := univalue.NewObject()
		o.PushKV("height", univalue.NewInt(int64(tip.Height)))
		o.PushKV("hash", univalue.NewString(tip.BlockHash.String()))
		o.PushKV("branchlen", univalue.NewInt(int64(tip.BranchLen)))
		o.PushKV("status", univalue.NewString(tipStatus(tip.Status)))
		out.Push(o)
	}
	return out, nil
}

// tipStatus maps btcd's tip status to Core's getchaintips words.
func tipStatus(s blockchain.TipStatus) string {
	switch s {
	case blockchain.StatusActive:
		return "active"
	case blockchain.StatusInvalid:
		return "invalid"
	case blockchain.StatusValidFork:
		return "valid-fork"
	}
	// btcd has no status for a branch whose blocks it never received.
	return "headers-only"
}

func sprintf08x(v uint32) string {
	const digits = "0123456789abcdef"
	b := make([]byte, 8)
	for i := 7; i >= 0; i-- {
		b[i] = digits[v&0xf]
		v >>= 4
	}
	return string(b)
}

// dirSize is the bytes used by files under dir (Core: block and undo files).
func dirSize(dir string) int64 {
	var total int64
	_ = filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err != nil {
			return errors.Unwrap(err)
		}
		if info, err := d.Info(); err == nil && !d.IsDir() {
			total += info.Size()
		}
		return nil
	})
	return total
}
