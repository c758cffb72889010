package rpc

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// parseVerbosity is Core's ParseVerbosity with booleans allowed.
func parseVerbosity(raw json.RawMessage, def int64) (int64, error) {
	if raw == nil {
		return def, nil
	}
	if b, err := boolArg(raw, false); err == nil {
		if b {
			return 1, nil
		}
		return 0, nil
	}
	v, err := intArg(raw, def)
	if err != nil {
		return 0, err
	}
	if v != int64(int32(v)) {
		return 0, rs.NewError(rs.RPCMiscError, "JSON integer out of range")
	}
	return v, nil
}

func (n *Node) getrawtransactionCommand() rs.Command {
	return rs.Command{Name: "getrawtransaction", Category: "rawtransactions",
		Help: "By default, this call only returns a transaction if it is in the mempool. If -txindex is enabled\n" +
			"and no blockhash argument is passed, it will return the transaction if it is in the mempool or any block.\n" +
			"If a blockhash argument is passed, it will return the transaction if\n" +
			"the specified block is available and the transaction is in that block.\n\n" +
			"Hint: Use gettransaction for wallet transactions.\n\n" +
			"If verbosity is 0 or omitted, returns the serialized transaction as a hex-encoded string.\n" +
			"If verbosity is 1, returns a JSON Object with information about the transaction.\n" +
			"If verbosity is 2, returns a JSON Object with information about the transaction, including fee and prevout information.",
		Args: []rs.Arg{
			{Name: "txid", Type: rs.ArgHex, Help: "The transaction id"},
			{Name: "verbosity|verbose", Type: rs.ArgNumber, Default: "0", SkipTypeCheck: true, Help: "0 for hex-encoded data, 1 for a JSON object, and 2 for JSON object with fee and prevout"},
			{Name: "blockhash", Type: rs.ArgHex, Optional: true, Help: "The block in which to look for the transaction"},
		},
		Examples: rs.HelpExampleCli("getrawtransaction", "\"mytxid\"") +
			rs.HelpExampleCli("getrawtransaction", "\"mytxid\" 1") +
			rs.HelpExampleRPC("getrawtransaction", "\"mytxid\", 1") +
			rs.HelpExampleCli("getrawtransaction", "\"mytxid\" 0 \"myblockhash\"") +
			rs.HelpExampleCli("getrawtransaction", "\"mytxid\" 1 \"myblockhash\"") +
			rs.HelpExampleCli("getrawtransaction", "\"mytxid\" 2 \"myblockhash\""),
		Handler: n.getrawtransaction}
}

func (n *Node) getrawtransaction(r *rs.Request) (any, error) {
	c := n.Chain
	txid, err := hashArg(r.Arg(0), "parameter 1")
	if err != nil {
		return nil, err
	}
	if txid == c.Params.GenesisBlock.Header.MerkleRoot {
		return nil, rs.NewError(rs.InvalidAddressOrKey, "The genesis block coinbase is not considered an ordinary transaction and cannot be retrieved")
	}
	verbosity, err := parseVerbosity(r.Arg(1), 0)
	if err != nil {
		return nil, err
	}
	var blk *btcutil.Block
	var blockHash *chainhash.Hash
	if raw := r.Arg(2); raw != nil {
		h, err := hashArg(raw, "parameter 3")
		if err != nil {
			return nil, err
		}
		if _, err := c.HeaderByHash(&h); err != nil {
			return nil, rs.NewError(rs.InvalidAddressOrKey, "Block hash not found")
		}
		if blk, err = c.BlockByHash(&h); err != nil {
			return nil, rs.NewError(rs.RPCMiscError, "Block not available")
		}
		blockHash = &h
	}
	var tx *wire.MsgTx
	index := -1
	if blk != nil {
		for i, t := range blk.Transactions() {
			if *t.Hash() == txid {
				tx, index = t.MsgTx(), i
				break
			}
		}
		if tx == nil {
			return nil, rs.NewError(rs.InvalidAddressOrKey, "No such transaction found in the provided block. Use gettransaction for wallet transactions.")
		}
	} else if n.Pool != nil {
		if t, err := n.Pool.Fetch(&txid); err == nil {
			tx = t.MsgTx()
		}
	}
	if tx == nil {
		return nil, rs.NewError(rs.InvalidAddressOrKey, "No such mempool transaction. Use -txindex or provide a block hash to enable blockchain transaction queries. Use gettransaction for wallet transactions.")
	}
	if verbosity <= 0 {
		var b bytes.Buffer
		if err := tx.Serialize(&b); err != nil {
			return nil, err
		}
		return hex.EncodeToString(b.Bytes()), nil
	}
	o := univalue.NewObject()
	opt := txOpts{verbosity: txDetails, hex: true}
	if blk != nil {
		inChain := c.OnMainChain(blockHash)
		o.PushKV("in_active_chain", univalue.NewBool(inChain))
		if verbosity >= 2 && index > 0 && inChain {
			prevouts, err := txPrevouts(blk, index, c.BlockChain())
			if err != nil {
				return nil, rs.NewError(rs.InternalError, "Undo data expected but can't be read. This could be due to disk corruption or a conflict with a pruning event.")
			}
			opt.prevouts, opt.verbosity = prevouts, txDetailsAndPrevouts
		}
	}
	txo := txJSON(tx, c.Params, opt)
	for i, k := range txo.Keys {
		o.PushKV(k, txo.Elems[i])
	}
	if blockHash != nil {
		o.PushKV("blockhash", univalue.NewString(blockHash.String()))
		if c.OnMainChain(blockHash) {
			height, err := c.Height(*blockHash)
			if err != nil {
				return nil, err
			}
			o.PushKV("confirmations", univalue.NewInt(int64(c.Tip().Height-height+1)))
			t := univalue.NewInt(blk.MsgBlock().Header.Timestamp.Unix())
			o.PushKV("time", t)
			o.PushKV("blocktime", t)
		} else {
			o.PushKV("confirmations", univalue.NewInt(0))
		}
	}
	return o, nil
}

// txPrevouts returns the outputs spent by the block's transaction at index
// (not the coinbase), from btcd's spend journal.
func txPrevouts(blk *btcutil.Block, index int, bc *blockchain.BlockChain) ([]blockchain.SpentTxOut, error) {
	spent, err := bc.FetchSpendJournal(blk)
	if err != nil {
		return nil, err
	}
	txs := blk.MsgBlock().Transactions
	off := 0
	for _, t := range txs[1:index] {
		off += len(t.TxIn)
	}
	nIn := len(txs[index].TxIn)
	if off+nIn > len(spent) {
		return nil, fmt.Errorf("spend journal of block %s: %d entries, need %d", blk.Hash(), len(spent), off+nIn)
	}
	return spent[off : off+nIn], nil
}
