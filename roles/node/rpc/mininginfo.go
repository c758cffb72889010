package rpc

import (
	"fmt"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/chaincfg/v2"

	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// defaultBlockMinTxFee is Core's DEFAULT_BLOCK_MIN_TX_FEE (1 sat/kvB) in
// BTC/kvB.
const defaultBlockMinTxFee = "0.00000001"

func (n *Node) miningInfoCommands() []rs.Command {
	return []rs.Command{
		{Name: "getmininginfo", Category: "mining",
			Help: "Returns a json object containing mining-related information.",
			ResultDocs: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
				{Type: rs.ResNum, Key: "blocks", Help: "The current block"},
				{Type: rs.ResNum, Key: "currentblockweight", Optional: true, Help: "The block weight (including reserved weight for block header, txs count and coinbase tx) of the last assembled block (only present if a block was ever assembled)"},
				{Type: rs.ResNum, Key: "currentblocktx", Optional: true, Help: "The number of block transactions (excluding coinbase) of the last assembled block (only present if a block was ever assembled)"},
				{Type: rs.ResHex, Key: "bits", Help: "The current nBits, compact representation of the block difficulty target"},
				{Type: rs.ResNum, Key: "difficulty", Help: "The current difficulty"},
				{Type: rs.ResHex, Key: "target", Help: "The current target"},
				{Type: rs.ResNum, Key: "networkhashps", Help: "The network hashes per second"},
				{Type: rs.ResNum, Key: "pooledtx", Help: "The size of the mempool"},
				{Type: rs.ResStrAmount, Key: "blockmintxfee", Help: "Minimum feerate of packages selected for block inclusion in BTC/kvB"},
				{Type: rs.ResStr, Key: "chain", Help: "current network name (main, test, testnet4, signet, regtest)"},
				{Type: rs.ResHex, Key: "signet_challenge", Optional: true, Help: "The block challenge (aka. block script), in hexadecimal (only present if the current network is a signet)"},
				{Type: rs.ResObj, Key: "next", Help: "The next block", Inner: []rs.ResultDoc{
					{Type: rs.ResNum, Key: "height", Help: "The next height"},
					{Type: rs.ResHex, Key: "bits", Help: "The next target nBits"},
					{Type: rs.ResNum, Key: "difficulty", Help: "The next difficulty"},
					{Type: rs.ResHex, Key: "target", Help: "The next target"},
				}},
				{Type: rs.ResArr, Key: "warnings", Help: "any network and blockchain warnings (run with `-deprecatedrpc=warnings` to return the latest warning as a single string)", Inner: []rs.ResultDoc{
					{Type: rs.ResStr, Help: "warning"},
				}},
			}}},
			Examples: ex("getmininginfo", ""),
			Handler:  n.getmininginfo},
		{Name: "getnetworkhashps", Category: "mining",
			Help: "Returns the estimated network hashes per second based on the last n blocks.\nPass in [blocks] to override # of blocks, -1 specifies since last difficulty change.\nPass in [height] to estimate the network speed at the time when a certain block was found.\n",
			Args: []rs.Arg{
				{Name: "nblocks", Type: rs.ArgNumber, Default: "120", Help: "The number of previous blocks to calculate estimate from, or -1 for blocks since last difficulty change."},
				{Name: "height", Type: rs.ArgNumber, Default: "-1", Help: "To estimate at the time of the given height."},
			},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResNum, Help: "Hashes per second estimated"}},
			Examples:   ex("getnetworkhashps", ""),
			Handler: func(r *rs.Request) (any, error) {
				lookup, err := intArg(r.Arg(0), 120)
				if err != nil {
					return nil, err
				}
				height, err := intArg(r.Arg(1), -1)
				if err != nil {
					return nil, err
				}
				return n.networkHashPS(lookup, height)
			}},
		{Name: "preciousblock", Category: "blockchain",
			Help:       "Treats a block as if it were received before others with the same work.\n\nA later preciousblock call can override the effect of an earlier one.\n\nThe effects of preciousblock are not retained across restarts.\n",
			Args:       []rs.Arg{{Name: "blockhash", Type: rs.ArgHex, Help: "the hash of the block to mark as precious"}},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResNone}},
			Examples:   ex("preciousblock", "\"blockhash\""),
			Handler: func(r *rs.Request) (any, error) {
				h, err := hashArg(r.Arg(0), "blockhash")
				if err != nil {
					return nil, err
				}
				if _, err := n.Chain.HeaderByHash(&h); err != nil {
					return nil, errBlockNotFound()
				}
				if err := n.Chain.Precious(&h); err != nil {
					return nil, rs.NewError(rs.DatabaseError, "%s", err.Error())
				}
				return nil, nil
			}},
	}
}

// networkHashPS is Core's GetNetworkHashPS with its argument checks.
func (n *Node) networkHashPS(lookup, height int64) (univalue.Value, error) {
	if lookup < -1 || lookup == 0 {
		return univalue.Value{}, rs.NewError(rs.InvalidParameter, "Invalid nblocks. Must be a positive number or -1.")
	}
	if height < -1 || height > int64(n.Chain.Tip().Height) {
		return univalue.Value{}, rs.NewError(rs.InvalidParameter, "Block does not exist at specified height")
	}
	lookup = min(lookup, 1<<30)
	v, err := n.Chain.NetworkHashPS(int32(lookup), int32(height))
	if err != nil {
		return univalue.Value{}, err
	}
	return num(v), nil
}

func (n *Node) getmininginfo(*rs.Request) (any, error) {
	c := n.Chain
	tip := c.Tip()
	o := univalue.NewObject()
	o.PushKV("blocks", univalue.NewInt(int64(tip.Height)))
	if weight, txs, ok := n.Chain.LastAssembled(); ok {
		o.PushKV("currentblockweight", univalue.NewInt(weight))
		o.PushKV("currentblocktx", univalue.NewInt(txs))
	}
	o.PushKV("bits", univalue.NewString(fmt.Sprintf("%08x", tip.Bits)))
	o.PushKV("difficulty", num(difficulty(tip.Bits)))
	o.PushKV("target", univalue.NewString(hex256(blockchain.CompactToBig(tip.Bits))))
	hps, err := n.networkHashPS(120, -1)
	if err != nil {
		return nil, err
	}
	o.PushKV("networkhashps", hps)
	o.PushKV("pooledtx", univalue.NewInt(0)) // no mempool yet
	o.PushKV("blockmintxfee", univalue.NewNumber(defaultBlockMinTxFee))
	o.PushKV("chain", univalue.NewString(n.ChainName))
	height, bits, err := c.NextBlock()
	if err != nil {
		return nil, err
	}
	next := univalue.NewObject()
	next.PushKV("height", univalue.NewInt(int64(height)))
	next.PushKV("bits", univalue.NewString(fmt.Sprintf("%08x", bits)))
	next.PushKV("difficulty", num(difficulty(bits)))
	next.PushKV("target", univalue.NewString(hex256(blockchain.CompactToBig(bits))))
	o.PushKV("next", next)
	if n.ChainName == "signet" {
		o.PushKV("signet_challenge", univalue.NewString(fmt.Sprintf("%x", chaincfg.DefaultSignetChallenge)))
	}
	o.PushKV("warnings", univalue.NewArray())
	return o, nil
}
