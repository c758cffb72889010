package rpc

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

const defaultMaxTries = 1000000

func (n *Node) miningCommands() []rs.Command {
	return []rs.Command{
		{Name: "generatetoaddress", Category: "generating",
			Help: "Mine to a specified address and return the block hashes.",
			Args: []rs.Arg{
				{Name: "nblocks", Type: rs.ArgNumber, Help: "How many blocks are generated."},
				{Name: "address", Type: rs.ArgString, Help: "The address to send the newly generated bitcoin to."},
				{Name: "maxtries", Type: rs.ArgNumber, Default: "1000000", Help: "How many iterations to try."},
			},
			Result:   "[           (json array) hashes of blocks generated\n  \"hex\",    (string) blockhash\n  ...\n]",
			Examples: "\nGenerate 11 blocks to myaddress\n" + rs.HelpExampleCli("generatetoaddress", "11 \"myaddress\""),
			Handler:  n.generatetoaddress},
		{Name: "generateblock", Category: "generating",
			Help: "Mine a set of ordered transactions to a specified address or descriptor and return the block hash.",
			Args: []rs.Arg{
				{Name: "output", Type: rs.ArgString, Help: "The address or descriptor to send the newly generated bitcoin to."},
				{Name: "transactions", Type: rs.ArgArray, Help: "An array of hex strings which are either txids or raw transactions.\nTxids must reference transactions currently in the mempool.\nAll transactions must be valid and in valid order, otherwise the block will be rejected.",
					Inner: []rs.Arg{{Name: "rawtx/txid", Type: rs.ArgHex, Optional: true}}},
				{Name: "submit", Type: rs.ArgBool, Default: "true", Help: "Whether to submit the block before the RPC call returns or to return it as hex."},
			},
			Examples: "\nGenerate a block to myaddress, with txs rawtx and mempool_txid\n" + rs.HelpExampleCli("generateblock", "\"myaddress\" '[\"rawtx\", \"mempool_txid\"]'"),
			Handler:  n.generateblock},
		{Name: "submitblock", Category: "mining",
			Help: "Attempts to submit new block to network.\nSee https://en.bitcoin.it/wiki/BIP_0022 for full specification.",
			Args: []rs.Arg{
				{Name: "hexdata", Type: rs.ArgString, Help: "the hex-encoded block data to submit"},
				{Name: "dummy", Type: rs.ArgString, Default: "ignored", Help: "dummy value, for compatibility with BIP22. This value is ignored."},
			},
			Examples: ex("submitblock", "\"mydata\""),
			Handler:  n.submitblock},
		{Name: "submitheader", Category: "mining",
			Help:   "Decode the given hexdata as a header and submit it as a candidate chain tip if valid.\nThrows when the header is invalid.",
			Args:   []rs.Arg{{Name: "hexdata", Type: rs.ArgString, Help: "the hex-encoded block header data"}},
			Result: "null    (json null) None", Examples: ex("submitheader", "\"aabbcc\""),
			Handler: n.submitheader},
		// syncwithvalidationinterfacequeue is registered by the node with
		// the validation interface (roles/node/validation.go).
		{Name: "setmocktime", Category: "hidden", Hidden: true,
			Help: "Set the local time to given timestamp (-regtest only)",
			Args: []rs.Arg{{Name: "timestamp", Type: rs.ArgNumber, Help: "Unix seconds timestamp\nPass 0 to go back to using the system time."}},
			Handler: func(r *rs.Request) (any, error) {
				if n.ChainName != "regtest" {
					return nil, errors.New("setmocktime is for regression testing (-regtest mode) only")
				}
				t, err := intArg(r.Arg(0), 0)
				if err != nil {
					return nil, err
				}
				const maxTime = int64(9223372036) // nanoseconds::max() in seconds
				if t < 0 || t > maxTime {
					return nil, rs.NewError(rs.InvalidParameter, "Mocktime must be in the range [0, %d], not %d.", maxTime, t)
				}
				n.Chain.Clock.SetMock(t)
				return nil, nil
			}},
	}
}

// payToScript decodes an address of this chain into its output script.
func (n *Node) payToScript(raw json.RawMessage, msg string) ([]byte, error) {
	s, err := stringArg(raw)
	if err != nil {
		return nil, err
	}
	addr, err := address.DecodeAddress(s, n.Chain.Params)
	if err != nil || !addr.IsForNet(n.Chain.Params) {
		return nil, rs.NewError(rs.InvalidAddressOrKey, "%s", msg)
	}
	return txscript.PayToAddrScript(addr)
}

func (n *Node) generatetoaddress(r *rs.Request) (any, error) {
	nblocks, err := intArg(r.Arg(0), 0)
	if err != nil {
		return nil, err
	}
	script, err := n.payToScript(r.Arg(1), "Error: Invalid address")
	if err != nil {
		return nil, err
	}
	maxTries, err := intArg(r.Arg(2), defaultMaxTries)
	if err != nil {
		return nil, err
	}
	return n.generateBlocks(r, nblocks, maxTries, script)
}

func (n *Node) generateblock(r *rs.Request) (any, error) {
	script, err := n.addressOrDescriptorScript(r.Arg(0))
	if err != nil {
		return nil, err
	}
	var raws []string
	if err := json.Unmarshal(r.Arg(1), &raws); err != nil {
		return nil, rs.NewError(rs.TypeError, "JSON value is not an array of strings as expected")
	}
	var txs []*wire.MsgTx
	for _, s := range raws {
		if txid, err := chainhash.NewHashFromStr(s); err == nil && len(s) == 2*chainhash.HashSize {
			// A txid names a mempool transaction.
			var tx *btcutil.Tx
			if n.Pool != nil {
				tx, _ = n.Pool.Fetch(txid)
			}
			if tx == nil {
				return nil, rs.NewError(rs.InvalidAddressOrKey, "Transaction %s not in mempool.", s)
			}
			txs = append(txs, tx.MsgTx())
			continue
		}
		b, err := hex.DecodeString(s)
		tx := &wire.MsgTx{}
		if err != nil || tx.Deserialize(bytes.NewReader(b)) != nil {
			return nil, rs.NewError(rs.DeserializationError, "Transaction decode failed for %s. Make sure the tx has at least one input.", s)
		}
		txs = append(txs, tx)
	}
	submit, err := boolArg(r.Arg(2), true)
	if err != nil {
		return nil, err
	}
	blk, err := n.Chain.GenerateBlock(script, txs, submit)
	if err != nil {
		return nil, rs.NewError(rs.VerifyError, "%s", err.Error())
	}
	o := univalue.NewObject()
	o.PushKV("hash", univalue.NewString(blk.Hash().String()))
	if !submit {
		b, err := blk.Bytes()
		if err != nil {
			return nil, err
		}
		o.PushKV("hex", univalue.NewString(hex.EncodeToString(b)))
	}
	return o, nil
}

func (n *Node) submitheader(r *rs.Request) (any, error) {
	s, err := stringArg(r.Arg(0))
	if err != nil {
		return nil, err
	}
	b, err := hex.DecodeString(s)
	var hdr wire.BlockHeader
	// Like Core, trailing bytes after the 80-byte header are ignored.
	if err != nil || len(b) < wire.MaxBlockHeaderPayload || hdr.Deserialize(bytes.NewReader(b)) != nil {
		return nil, rs.NewError(rs.DeserializationError, "Block header decode failed")
	}
	if _, err := n.Chain.HeaderByHash(&hdr.PrevBlock); err != nil {
		return nil, rs.NewError(rs.VerifyError, "Must submit previous header (%s) first", hdr.PrevBlock)
	}
	if _, err := n.Chain.BlockChain().ProcessBlockHeader(&hdr, blockchain.BFNone, false); err != nil {
		return nil, rs.NewError(rs.VerifyError, "%s", chain.RejectReason(err))
	}
	return nil, nil
}

func (n *Node) submitblock(r *rs.Request) (any, error) {
	s, err := stringArg(r.Arg(0))
	if err != nil {
		return nil, err
	}
	b, err := hex.DecodeString(s)
	msg := &wire.MsgBlock{}
	if err != nil || msg.Deserialize(bytes.NewReader(b)) != nil {
		return nil, rs.NewError(rs.DeserializationError, "Block decode failed")
	}
	// As in Core v30, a block without a coinbase is left to validation
	// (which checks proof of work first).
	reason, err := n.Chain.Submit(btcutil.NewBlock(msg))
	if err != nil {
		return nil, err
	}
	if reason == "" {
		return nil, nil
	}
	return reason, nil
}

// generateBlocks mines nblocks paying to script (generatetoaddress,
// generatetodescriptor) and returns their hashes.
func (n *Node) generateBlocks(r *rs.Request, nblocks, maxTries int64, script []byte) (any, error) {
	if nblocks < 0 || maxTries < 0 {
		return nil, rs.NewError(rs.InvalidParameter, "Invalid nblocks or maxtries")
	}
	hashes, err := n.Chain.Generate(r.Context, int(nblocks), script, uint64(maxTries))
	if err != nil && !errors.Is(err, chain.ErrMaxTries) {
		return nil, rs.NewError(rs.InternalError, "%s", err.Error())
	}
	out := univalue.NewArray()
	for _, h := range hashes {
		out.Push(univalue.NewString(h.String()))
	}
	return out, nil
}
