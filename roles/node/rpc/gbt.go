package rpc

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

func (n *Node) getblocktemplateCommand() rs.Command {
	return rs.Command{Name: "getblocktemplate", Category: "mining",
		Help: "If the request parameters include a 'mode' key, that is used to explicitly select between the default 'template' request or a 'proposal'.\nIt returns data needed to construct a block to work on.\nFor full specification, see BIPs 22, 23, 9, and 145:\n    https://github.com/bitcoin/bips/blob/master/bip-0022.mediawiki\n    https://github.com/bitcoin/bips/blob/master/bip-0023.mediawiki\n    https://github.com/bitcoin/bips/blob/master/bip-0009.mediawiki#getblocktemplate_changes\n    https://github.com/bitcoin/bips/blob/master/bip-0145.mediawiki\n",
		Args: []rs.Arg{{Name: "template_request", Type: rs.ArgObject, Optional: true, SkipTypeCheck: true,
			Help: "Format of the template",
			Inner: []rs.Arg{
				{Name: "mode", Type: rs.ArgString, Optional: true, Help: "This must be set to \"template\", \"proposal\" (see BIP 23), or omitted"},
				{Name: "capabilities", Type: rs.ArgArray, Optional: true, Help: "A list of strings", Inner: []rs.Arg{{Name: "str", Type: rs.ArgString, Optional: true, Help: "client side supported feature, 'longpoll', 'coinbasevalue', 'proposal', 'serverlist', 'workid'"}}},
				{Name: "rules", Type: rs.ArgArray, Help: "A list of strings", Inner: []rs.Arg{{Name: "segwit", Type: rs.ArgString, Help: "(literal) indicates client side segwit support"}}},
				{Name: "longpollid", Type: rs.ArgString, Optional: true, Help: "delay processing request until the result would vary significantly from the \"longpollid\" of a prior template"},
				{Name: "data", Type: rs.ArgHex, Optional: true, Help: "proposed block data to check, encoded in hexadecimal; valid only for mode=\"proposal\""},
			}}},
		Examples: ex("getblocktemplate", "'{\"rules\": [\"segwit\"]}'"),
		Handler:  n.getblocktemplate}
}

type templateRequest struct {
	Mode  string   `json:"mode"`
	Rules []string `json:"rules"`
	Data  string   `json:"data"`
}

func (n *Node) getblocktemplate(r *rs.Request) (any, error) {
	var req templateRequest
	if raw := r.Arg(0); raw != nil {
		if err := json.Unmarshal(raw, &req); err != nil {
			return nil, rs.NewError(rs.TypeError, "JSON value is not an object as expected")
		}
	}
	c := n.Chain
	switch req.Mode {
	case "proposal":
		b, err := hex.DecodeString(req.Data)
		msg := &wire.MsgBlock{}
		if err != nil || msg.Deserialize(bytes.NewReader(b)) != nil {
			return nil, rs.NewError(rs.DeserializationError, "Block decode failed")
		}
		blk := btcutil.NewBlock(msg)
		if have, _ := c.BlockChain().HaveBlock(blk.Hash()); have {
			return "duplicate", nil
		}
		if msg.Header.PrevBlock != c.Tip().Hash {
			return "inconclusive-not-best-prevblk", nil
		}
		if err := c.BlockChain().CheckConnectBlockTemplate(blk); err != nil {
			return chain.RejectReason(err), nil
		}
		return nil, nil
	case "", "template":
	default:
		return nil, rs.NewError(rs.InvalidParameter, "Invalid mode")
	}
	if !hasRule(req.Rules, "segwit") {
		return nil, rs.NewError(rs.InvalidParameter, "getblocktemplate must be called with the segwit rule set (call with {\"rules\": [\"segwit\"]})")
	}
	// Core skips these checks on test chains (all but main).
	if n.ChainName == "main" {
		if n.Net != nil && len(n.Net.P2P.Peers()) == 0 {
			return nil, rs.NewError(-9, "Bitcoin Core is not connected!")
		}
		if c.IsInitialBlockDownload() {
			return nil, rs.NewError(-10, "Bitcoin Core is in initial sync and waiting for blocks...")
		}
	}
	return n.blockTemplate()
}

func hasRule(rules []string, name string) bool {
	for _, r := range rules {
		if r == name {
			return true
		}
	}
	return false
}

// blockTemplate is Core's template: the mempool's selection with fees,
// sigop costs and dependencies, the coinbase value and the witness
// commitment for a coinbase the miner builds.
func (n *Node) blockTemplate() (any, error) {
	c := n.Chain
	bc := c.BlockChain()
	tip := c.Tip()
	height := tip.Height + 1
	var txs []*wire.MsgTx
	fees := map[chainhash.Hash]int64{}
	var total int64
	if n.Pool != nil {
		txs, total = n.Pool.Select(4000000 - 8000)
		for _, d := range n.Pool.Descs() {
			fees[*d.Tx.Hash()] = d.Fee
		}
	}
	index := map[chainhash.Hash]int{}
	entries := univalue.NewArray()
	all := []*btcutil.Tx{btcutil.NewTx(wire.NewMsgTx(2))} // coinbase placeholder: its wtxid is zero
	for i, msg := range txs {
		tx := btcutil.NewTx(msg)
		all = append(all, tx)
		index[*tx.Hash()] = i + 1
		var b bytes.Buffer
		if err := msg.Serialize(&b); err != nil {
			return nil, err
		}
		deps := univalue.NewArray()
		for _, in := range msg.TxIn {
			if j, ok := index[in.PreviousOutPoint.Hash]; ok {
				deps.Push(univalue.NewInt(int64(j)))
			}
		}
		sigops := int64(0)
		if view, err := bc.FetchUtxoView(tx); err == nil {
			if cost, err := blockchain.GetSigOpCost(tx, false, view, true, true); err == nil {
				sigops = int64(cost)
			}
		}
		e := univalue.NewObject()
		e.PushKV("data", univalue.NewString(hex.EncodeToString(b.Bytes())))
		e.PushKV("txid", univalue.NewString(tx.Hash().String()))
		e.PushKV("hash", univalue.NewString(tx.WitnessHash().String()))
		e.PushKV("depends", deps)
		e.PushKV("fee", univalue.NewInt(fees[*tx.Hash()]))
		e.PushKV("sigops", univalue.NewInt(sigops))
		e.PushKV("weight", univalue.NewInt(blockchain.GetTransactionWeight(tx)))
		entries.Push(e)
	}
	// Witness commitment: double SHA-256 of the witness merkle root and
	// the all-zero witness reserved value, behind OP_RETURN aa21a9ed.
	root := blockchain.CalcMerkleRoot(all, true)
	commitment := chainhash.DoubleHashB(append(root[:], make([]byte, 32)...))
	commitScript := append([]byte{0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed}, commitment...)

	mintime := tip.MedianTime.Add(time.Second)
	curtime := c.Clock.Now().Truncate(time.Second)
	if curtime.Before(mintime) {
		curtime = mintime
	}
	version, err := c.NextBlockVersion()
	if err != nil {
		return nil, err
	}
	bits, err := bc.CalcNextRequiredDifficulty(curtime)
	if err != nil {
		return nil, err
	}
	o := univalue.NewObject()
	o.PushKV("capabilities", univalue.NewArray(univalue.NewString("proposal")))
	o.PushKV("version", univalue.NewInt(int64(version)))
	o.PushKV("rules", univalue.NewArray(univalue.NewString("csv"), univalue.NewString("!segwit"), univalue.NewString("taproot")))
	o.PushKV("vbavailable", univalue.NewObject())
	o.PushKV("vbrequired", univalue.NewInt(0))
	o.PushKV("previousblockhash", univalue.NewString(tip.Hash.String()))
	o.PushKV("transactions", entries)
	o.PushKV("coinbaseaux", univalue.NewObject())
	o.PushKV("coinbasevalue", univalue.NewInt(blockchain.CalcBlockSubsidy(height, c.Params)+total))
	o.PushKV("longpollid", univalue.NewString(tip.Hash.String()+strconv.Itoa(len(txs))))
	o.PushKV("target", univalue.NewString(fmt.Sprintf("%064x", blockchain.CompactToBig(bits))))
	o.PushKV("mintime", univalue.NewInt(mintime.Unix()))
	o.PushKV("mutable", univalue.NewArray(univalue.NewString("time"), univalue.NewString("transactions"), univalue.NewString("prevblock")))
	o.PushKV("noncerange", univalue.NewString("00000000ffffffff"))
	o.PushKV("sigoplimit", univalue.NewInt(80000))
	o.PushKV("sizelimit", univalue.NewInt(4000000))
	o.PushKV("weightlimit", univalue.NewInt(4000000))
	o.PushKV("curtime", univalue.NewInt(curtime.Unix()))
	o.PushKV("bits", univalue.NewString(fmt.Sprintf("%08x", bits)))
	o.PushKV("height", univalue.NewInt(int64(height)))
	o.PushKV("default_witness_commitment", univalue.NewString(hex.EncodeToString(commitScript)))
	return o, nil
}
