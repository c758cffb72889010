package rpc

import (
	"bytes"
	"encoding/hex"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/chaincfg/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// Transaction verbosities of Core's TxVerbosity used by getblock.
const (
	txDetails            = 2 // SHOW_DETAILS
	txDetailsAndPrevouts = 3 // SHOW_DETAILS_AND_PREVOUT
)

// txOpts are the optional parts of Core's TxToUniv.
type txOpts struct {
	// prevouts are the spent outputs in input order (Core's CTxUndo); nil
	// when the undo data is unknown (and for coinbases). With them "fee"
	// is shown, and "prevout" at verbosity 3.
	prevouts  []blockchain.SpentTxOut
	verbosity int
	blockHash *chainhash.Hash // adds "blockhash" when set
	hex       bool            // adds "hex"
}

// txJSON is Core's TxToUniv: txid, hash, version, size, vsize, weight,
// locktime, vin, vout, [fee], [blockhash], [hex].
func txJSON(tx *wire.MsgTx, params *chaincfg.Params, opt txOpts) univalue.Value {
	size := tx.SerializeSize()
	weight := tx.SerializeSizeStripped()*(blockchain.WitnessScaleFactor-1) + size
	o := univalue.NewObject()
	o.PushKV("txid", univalue.NewString(tx.TxHash().String()))
	o.PushKV("hash", univalue.NewString(tx.WitnessHash().String()))
	o.PushKV("version", univalue.NewInt(int64(uint32(tx.Version))))
	o.PushKV("size", univalue.NewInt(int64(size)))
	o.PushKV("vsize", univalue.NewInt(int64((weight+blockchain.WitnessScaleFactor-1)/blockchain.WitnessScaleFactor)))
	o.PushKV("weight", univalue.NewInt(int64(weight)))
	o.PushKV("locktime", univalue.NewInt(int64(tx.LockTime)))

	coinbase := blockchain.IsCoinBaseTx(tx)
	haveUndo := !coinbase && opt.prevouts != nil && len(opt.prevouts) == len(tx.TxIn)
	var in, out int64
	vin := univalue.NewArray()
	for i, txin := range tx.TxIn {
		e := univalue.NewObject()
		if coinbase {
			e.PushKV("coinbase", univalue.NewString(hex.EncodeToString(txin.SignatureScript)))
		} else {
			e.PushKV("txid", univalue.NewString(txin.PreviousOutPoint.Hash.String()))
			e.PushKV("vout", univalue.NewInt(int64(txin.PreviousOutPoint.Index)))
			sig := univalue.NewObject()
			sig.PushKV("asm", univalue.NewString(scriptAsm(txin.SignatureScript, true)))
			sig.PushKV("hex", univalue.NewString(hex.EncodeToString(txin.SignatureScript)))
			e.PushKV("scriptSig", sig)
		}
		if len(txin.Witness) > 0 {
			w := univalue.NewArray()
			for _, item := range txin.Witness {
				w.Push(univalue.NewString(hex.EncodeToString(item)))
			}
			e.PushKV("txinwitness", w)
		}
		if haveUndo {
			prev := opt.prevouts[i]
			in += prev.Amount
			if opt.verbosity >= txDetailsAndPrevouts {
				p := univalue.NewObject()
				p.PushKV("generated", univalue.NewBool(prev.IsCoinBase))
				p.PushKV("height", univalue.NewInt(int64(prev.Height)))
				p.PushKV("value", rs.ValueFromAmount(prev.Amount))
				p.PushKV("scriptPubKey", scriptPubKeyJSON(prev.PkScript, params))
				e.PushKV("prevout", p)
			}
		}
		e.PushKV("sequence", univalue.NewInt(int64(txin.Sequence)))
		vin.Push(e)
	}
	o.PushKV("vin", vin)

	vout := univalue.NewArray()
	for i, txout := range tx.TxOut {
		e := univalue.NewObject()
		e.PushKV("value", rs.ValueFromAmount(txout.Value))
		e.PushKV("n", univalue.NewInt(int64(i)))
		e.PushKV("scriptPubKey", scriptPubKeyJSON(txout.PkScript, params))
		vout.Push(e)
		out += txout.Value
	}
	o.PushKV("vout", vout)
	if haveUndo {
		o.PushKV("fee", rs.ValueFromAmount(in-out))
	}
	if opt.blockHash != nil {
		o.PushKV("blockhash", univalue.NewString(opt.blockHash.String()))
	}
	if opt.hex {
		var b bytes.Buffer
		_ = tx.Serialize(&b)
		o.PushKV("hex", univalue.NewString(hex.EncodeToString(b.Bytes())))
	}
	return o
}

// blockDetailsJSON is Core's blockToJSON at verbosity 2 and 3: the header
// fields, sizes, then each transaction as TxToUniv with its hex, with fee
// (and prevouts at 3) when the block's undo data (btcd's spend journal,
// kept for blocks on the main chain) is available.
func blockDetailsJSON(c *chain.Chain, blk *btcutil.Block, verbosity int) (univalue.Value, error) {
	o, err := blockJSON(c, blk)
	if err != nil {
		return o, err
	}
	var spent []blockchain.SpentTxOut
	haveUndo := false
	if c.BlockChain().MainChainHasBlock(blk.Hash()) {
		if s, err := c.BlockChain().FetchSpendJournal(blk); err == nil {
			spent, haveUndo = s, true
		}
	}
	txs := univalue.NewArray()
	for i, tx := range blk.MsgBlock().Transactions {
		opt := txOpts{verbosity: verbosity, hex: true}
		if haveUndo && i > 0 {
			n := len(tx.TxIn)
			if n <= len(spent) {
				opt.prevouts, spent = spent[:n], spent[n:]
			}
		}
		txs.Push(txJSON(tx, c.Params, opt))
	}
	// Replace the txid list blockJSON ends with.
	if last := len(o.Keys) - 1; last >= 0 && o.Keys[last] == "tx" {
		o.Elems[last] = txs
	} else {
		o.PushKV("tx", txs)
	}
	return o, nil
}
