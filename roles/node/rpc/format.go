package rpc

import (
	"fmt"
	"math"
	"math/big"
	"strconv"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// difficulty is Core's GetDifficulty: the powLimit-of-mainnet target
// divided by the block's target.
func difficulty(bits uint32) float64 {
	shift := int((bits >> 24) & 0xff)
	diff := float64(0x0000ffff) / float64(bits&0x00ffffff)
	for ; shift < 29; shift++ {
		diff *= 256.0
	}
	for ; shift > 29; shift-- {
		diff /= 256.0
	}
	return diff
}

func hex256(n *big.Int) string { return fmt.Sprintf("%064x", n) }

func num(f float64) univalue.Value {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return univalue.NewNumber(strconv.FormatFloat(f, 'f', -1, 64))
	}
	return univalue.NewNumber(strconv.FormatFloat(f, 'g', 16, 64))
}

// headerJSON is Core's blockheaderToJSON, fields in Core's order.
func headerJSON(c *chain.Chain, hash chainhash.Hash, hdr wire.BlockHeader, nTx int) (univalue.Value, error) {
	bc := c.BlockChain()
	tip := c.Tip()
	height, err := c.Height(hash)
	if err != nil {
		return univalue.Value{}, err
	}
	confirmations := int64(-1)
	onMain := bc.MainChainHasBlock(&hash)
	if onMain {
		confirmations = int64(tip.Height-height) + 1
	}
	mtp, err := c.MedianTime(&hdr)
	if err != nil {
		return univalue.Value{}, err
	}
	work, err := c.ChainWork(hash)
	if err != nil {
		return univalue.Value{}, err
	}
	o := univalue.NewObject()
	o.PushKV("hash", univalue.NewString(hash.String()))
	o.PushKV("confirmations", univalue.NewInt(confirmations))
	o.PushKV("height", univalue.NewInt(int64(height)))
	o.PushKV("version", univalue.NewInt(int64(hdr.Version)))
	o.PushKV("versionHex", univalue.NewString(fmt.Sprintf("%08x", uint32(hdr.Version))))
	o.PushKV("merkleroot", univalue.NewString(hdr.MerkleRoot.String()))
	o.PushKV("time", univalue.NewInt(hdr.Timestamp.Unix()))
	o.PushKV("mediantime", univalue.NewInt(mtp.Unix()))
	o.PushKV("nonce", univalue.NewInt(int64(hdr.Nonce)))
	o.PushKV("bits", univalue.NewString(fmt.Sprintf("%08x", hdr.Bits)))
	o.PushKV("target", univalue.NewString(hex256(blockchain.CompactToBig(hdr.Bits))))
	o.PushKV("difficulty", num(difficulty(hdr.Bits)))
	o.PushKV("chainwork", univalue.NewString(hex256(work)))
	o.PushKV("nTx", univalue.NewInt(int64(nTx)))
	if hdr.PrevBlock != (chainhash.Hash{}) {
		o.PushKV("previousblockhash", univalue.NewString(hdr.PrevBlock.String()))
	}
	if onMain && height < tip.Height {
		if next, err := bc.BlockHashByHeight(height + 1); err == nil {
			o.PushKV("nextblockhash", univalue.NewString(next.String()))
		}
	}
	return o, nil
}

// blockJSON is Core's blockToJSON at verbosity 1 (transaction ids).
func blockJSON(c *chain.Chain, blk *btcutil.Block) (univalue.Value, error) {
	msg := blk.MsgBlock()
	o, err := headerJSON(c, *blk.Hash(), msg.Header, len(msg.Transactions))
	if err != nil {
		return o, err
	}
	stripped := msg.SerializeSizeStripped()
	size := msg.SerializeSize()
	txs := univalue.NewArray()
	for _, tx := range blk.Transactions() {
		txs.Push(univalue.NewString(tx.Hash().String()))
	}
	// Core appends these after the header's fields.
	o.PushKV("strippedsize", univalue.NewInt(int64(stripped)))
	o.PushKV("size", univalue.NewInt(int64(size)))
	o.PushKV("weight", univalue.NewInt(int64(stripped*3+size)))
	o.PushKV("tx", txs)
	return o, nil
}
