package rpc

import (
	"math"

	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

func (n *Node) chainStatsCommands() []rs.Command {
	return []rs.Command{
		{Name: "getchaintxstats", Category: "blockchain",
			Help: "Compute statistics about the total number and rate of transactions in the chain.\n",
			Args: []rs.Arg{
				{Name: "nblocks", Type: rs.ArgNumber, Default: "one month", Help: "Size of the window in number of blocks"},
				{Name: "blockhash", Type: rs.ArgHex, Default: "chain tip", Help: "The hash of the block that ends the window."},
			},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
				{Type: rs.ResNumTime, Key: "time", Help: "The timestamp for the final block in the window, expressed in UNIX epoch time"},
				{Type: rs.ResNum, Key: "txcount", Optional: true, Help: "The total number of transactions in the chain up to that point, if known. It may be unknown when using assumeutxo."},
				{Type: rs.ResHex, Key: "window_final_block_hash", Help: "The hash of the final block in the window"},
				{Type: rs.ResNum, Key: "window_final_block_height", Help: "The height of the final block in the window."},
				{Type: rs.ResNum, Key: "window_block_count", Help: "Size of the window in number of blocks"},
				{Type: rs.ResNum, Key: "window_interval", Optional: true, Help: "The elapsed time in the window in seconds. Only returned if \"window_block_count\" is > 0"},
				{Type: rs.ResNum, Key: "window_tx_count", Optional: true, Help: "The number of transactions in the window. Only returned if \"window_block_count\" is > 0 and if txcount exists for the start and end of the window."},
				{Type: rs.ResNum, Key: "txrate", Optional: true, Help: "The average rate of transactions per second in the window. Only returned if \"window_interval\" is > 0 and if window_tx_count exists."},
			}}},
			Examples: rs.HelpExampleCli("getchaintxstats", "") + rs.HelpExampleRPC("getchaintxstats", "2016"),
			Handler:  n.getchaintxstats},
		{Name: "gettxout", Category: "blockchain",
			Help: "Returns details about an unspent transaction output.\n",
			Args: []rs.Arg{
				{Name: "txid", Type: rs.ArgString, Help: "The transaction id"},
				{Name: "n", Type: rs.ArgNumber, Help: "vout number"},
				{Name: "include_mempool", Type: rs.ArgBool, Default: "true", Help: "Whether to include the mempool. Note that an unspent output that is spent in the mempool won't appear."},
			},
			ResultDocs: []rs.ResultDoc{
				{Cond: "If the UTXO was not found", Type: rs.ResNone},
				{Cond: "Otherwise", Type: rs.ResObj, Inner: []rs.ResultDoc{
					{Type: rs.ResHex, Key: "bestblock", Help: "The hash of the block at the tip of the chain"},
					{Type: rs.ResNum, Key: "confirmations", Help: "The number of confirmations"},
					{Type: rs.ResStrAmount, Key: "value", Help: "The transaction value in BTC"},
					{Type: rs.ResObj, Key: "scriptPubKey", Inner: []rs.ResultDoc{
						{Type: rs.ResStr, Key: "asm", Help: "Disassembly of the output script"},
						{Type: rs.ResStr, Key: "desc", Help: "Inferred descriptor for the output"},
						{Type: rs.ResHex, Key: "hex", Help: "The raw output script bytes, hex-encoded"},
						{Type: rs.ResStr, Key: "type", Help: "The type, eg pubkeyhash"},
						{Type: rs.ResStr, Key: "address", Optional: true, Help: "The Bitcoin address (only if a well-defined address exists)"},
					}},
					{Type: rs.ResBool, Key: "coinbase", Help: "Coinbase or not"},
				}},
			},
			Examples: "\nGet unspent transactions\n" + rs.HelpExampleCli("listunspent", "") +
				"\nView the details\n" + rs.HelpExampleCli("gettxout", "\"txid\" 1") +
				"\nAs a JSON-RPC call\n" + rs.HelpExampleRPC("gettxout", "\"txid\", 1"),
			Handler: n.gettxout},
		{Name: "verifychain", Category: "blockchain",
			Help: "Verifies blockchain database.\n",
			Args: []rs.Arg{
				{Name: "checklevel", Type: rs.ArgNumber, Default: "3, range=0-4", Help: "How thorough the block verification is:\n- level 0 reads the blocks from disk\n- level 1 verifies block validity\n- level 2 verifies undo data\n- level 3 checks disconnection of tip blocks\n- level 4 tries to reconnect the blocks\n- each level includes the checks of the previous levels"},
				{Name: "nblocks", Type: rs.ArgNumber, Default: "6, 0=all", Help: "The number of blocks to check."},
			},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResBool, Help: "Verification finished successfully. If false, check debug.log for reason."}},
			Examples:   ex("verifychain", ""),
			Handler: func(r *rs.Request) (any, error) {
				level, err := intArg(r.Arg(0), 3)
				if err != nil {
					return nil, err
				}
				depth, err := intArg(r.Arg(1), 6)
				if err != nil {
					return nil, err
				}
				return n.Chain.Verify(int(level), int(depth))
			}},
	}
}

func (n *Node) getchaintxstats(r *rs.Request) (any, error) {
	c := n.Chain
	hash := c.Tip().Hash
	if r.Arg(1) != nil {
		h, err := hashArg(r.Arg(1), "blockhash")
		if err != nil {
			return nil, err
		}
		if _, err := c.HeaderByHash(&h); err != nil {
			return nil, errBlockNotFound()
		}
		if !c.OnMainChain(&h) {
			return nil, rs.NewError(rs.InvalidParameter, "Block is not in main chain")
		}
		hash = h
	}
	height, err := c.Height(hash)
	if err != nil {
		return nil, err
	}
	spacing := int64(c.Params.TargetTimePerBlock.Seconds())
	blockcount := int64(30 * 24 * 60 * 60 / spacing)
	if r.Arg(0) == nil {
		blockcount = max(0, min(blockcount, int64(height)-1))
	} else {
		if blockcount, err = intArg(r.Arg(0), 0); err != nil {
			return nil, err
		}
		if blockcount < 0 || (blockcount > 0 && blockcount >= int64(height)) {
			return nil, rs.NewError(rs.InvalidParameter, "Invalid block count: should be between 0 and the block's height - 1")
		}
	}
	hdr, err := c.HeaderByHash(&hash)
	if err != nil {
		return nil, err
	}
	pastHash, err := c.BlockChain().BlockHashByHeight(height - int32(blockcount))
	if err != nil {
		return nil, err
	}
	pastHdr, err := c.HeaderByHash(pastHash)
	if err != nil {
		return nil, err
	}
	mtp, err := c.MedianTime(&hdr)
	if err != nil {
		return nil, err
	}
	pastMTP, err := c.MedianTime(&pastHdr)
	if err != nil {
		return nil, err
	}
	txCount, err := c.ChainTxCount(height)
	if err != nil {
		return nil, err
	}
	o := univalue.NewObject()
	o.PushKV("time", univalue.NewInt(hdr.Timestamp.Unix()))
	o.PushKV("txcount", univalue.NewInt(int64(txCount)))
	o.PushKV("window_final_block_hash", univalue.NewString(hash.String()))
	o.PushKV("window_final_block_height", univalue.NewInt(int64(height)))
	o.PushKV("window_block_count", univalue.NewInt(blockcount))
	if blockcount > 0 {
		interval := mtp.Unix() - pastMTP.Unix()
		o.PushKV("window_interval", univalue.NewInt(interval))
		pastCount, err := c.ChainTxCount(height - int32(blockcount))
		if err != nil {
			return nil, err
		}
		window := int64(txCount - pastCount)
		o.PushKV("window_tx_count", univalue.NewInt(window))
		if interval > 0 {
			o.PushKV("txrate", num(float64(window)/float64(interval)))
		}
	}
	return o, nil
}

func (n *Node) gettxout(r *rs.Request) (any, error) {
	c := n.Chain
	txid, err := hashArg(r.Arg(0), "txid")
	if err != nil {
		return nil, err
	}
	idx, err := intArg(r.Arg(1), 0)
	if err != nil {
		return nil, err
	}
	if idx < 0 || idx > math.MaxUint32 {
		return nil, rs.NewError(rs.TypeError, "JSON integer out of range")
	}
	withPool, err := boolArg(r.Arg(2), true)
	if err != nil {
		return nil, err
	}
	tip := c.Tip()
	op := wire.OutPoint{Hash: txid, Index: uint32(idx)}
	if withPool && n.Pool != nil && n.Pool.Spender(op) != nil {
		return nil, nil // spent by a mempool transaction
	}
	coin, err := c.UTXO(op)
	if err != nil {
		return nil, err
	}
	if coin == nil && withPool && n.Pool != nil {
		if out, ok := n.Pool.Output(op); ok {
			coin = &chain.Coin{Amount: out.Value, PkScript: out.PkScript, Height: tip.Height + 1}
		}
	}
	if coin == nil {
		return nil, nil
	}
	o := univalue.NewObject()
	o.PushKV("bestblock", univalue.NewString(tip.Hash.String()))
	o.PushKV("confirmations", univalue.NewInt(int64(tip.Height-coin.Height)+1))
	o.PushKV("value", rs.ValueFromAmount(coin.Amount))
	o.PushKV("scriptPubKey", scriptPubKeyJSON(coin.PkScript, c.Params))
	o.PushKV("coinbase", univalue.NewBool(coin.Coinbase))
	return o, nil
}
