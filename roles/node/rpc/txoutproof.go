package rpc

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// Limits of Core's CPartialMerkleTree and AccessByTxid.
const (
	maxProofTransactions = 4000000 / 240     // MAX_BLOCK_WEIGHT / MIN_TRANSACTION_WEIGHT
	maxOutputsPerBlock   = 4000000 / (4 * 9) // MAX_BLOCK_WEIGHT / (WITNESS_SCALE_FACTOR * size of an empty output)
)

// partialTree is BIP 37's partial merkle tree (Core's CPartialMerkleTree).
type partialTree struct {
	ntx    int
	bits   []bool
	hashes []chainhash.Hash
}

func (t *partialTree) width(height int) int { return (t.ntx + (1 << height) - 1) >> height }

func (t *partialTree) height() int {
	h := 0
	for t.width(h) > 1 {
		h++
	}
	return h
}

func hashPair(l, r chainhash.Hash) chainhash.Hash {
	var b [64]byte
	copy(b[:32], l[:])
	copy(b[32:], r[:])
	return chainhash.DoubleHashH(b[:])
}

// buildPartialTree keeps the branches leading to matched transactions.
func buildPartialTree(txids []chainhash.Hash, match []bool) *partialTree {
	t := &partialTree{ntx: len(txids)}
	var calc func(h, pos int) chainhash.Hash
	calc = func(h, pos int) chainhash.Hash {
		if h == 0 {
			return txids[pos]
		}
		left := calc(h-1, pos*2)
		right := left
		if pos*2+1 < t.width(h-1) {
			right = calc(h-1, pos*2+1)
		}
		return hashPair(left, right)
	}
	var build func(h, pos int)
	build = func(h, pos int) {
		parent := false
		for p := pos << h; p < (pos+1)<<h && p < t.ntx; p++ {
			parent = parent || match[p]
		}
		t.bits = append(t.bits, parent)
		if h == 0 || !parent {
			t.hashes = append(t.hashes, calc(h, pos))
			return
		}
		build(h-1, pos*2)
		if pos*2+1 < t.width(h-1) {
			build(h-1, pos*2+1)
		}
	}
	build(t.height(), 0)
	return t
}

// extract is Core's ExtractMatches: the merkle root the tree commits to
// and the matched txids, ok false for a malformed tree.
func (t *partialTree) extract() (root chainhash.Hash, matches []chainhash.Hash, ok bool) {
	if t.ntx == 0 || t.ntx > maxProofTransactions || len(t.hashes) > t.ntx || len(t.bits) < len(t.hashes) {
		return root, nil, false
	}
	bitsUsed, hashUsed, bad := 0, 0, false
	var walk func(h, pos int) chainhash.Hash
	walk = func(h, pos int) chainhash.Hash {
		if bitsUsed >= len(t.bits) {
			bad = true
			return chainhash.Hash{}
		}
		parent := t.bits[bitsUsed]
		bitsUsed++
		if h == 0 || !parent {
			if hashUsed >= len(t.hashes) {
				bad = true
				return chainhash.Hash{}
			}
			hh := t.hashes[hashUsed]
			hashUsed++
			if h == 0 && parent {
				matches = append(matches, hh)
			}
			return hh
		}
		left := walk(h-1, pos*2)
		right := left
		if pos*2+1 < t.width(h-1) {
			right = walk(h-1, pos*2+1)
			if right == left {
				bad = true // two identical branches (CVE-2012-2459)
			}
		}
		return hashPair(left, right)
	}
	root = walk(t.height(), 0)
	if bad || (bitsUsed+7)/8 != (len(t.bits)+7)/8 || hashUsed != len(t.hashes) {
		return chainhash.Hash{}, nil, false
	}
	return root, matches, true
}

// merkleBlock serializes the header and tree as Core's CMerkleBlock.
func merkleBlock(hdr wire.BlockHeader, t *partialTree) ([]byte, error) {
	msg := wire.MsgMerkleBlock{Header: hdr, Transactions: uint32(t.ntx), Flags: make([]byte, (len(t.bits)+7)/8)}
	for i, b := range t.bits {
		if b {
			msg.Flags[i/8] |= 1 << (i % 8)
		}
	}
	for i := range t.hashes {
		msg.Hashes = append(msg.Hashes, &t.hashes[i])
	}
	var buf bytes.Buffer
	if err := msg.BtcEncode(&buf, wire.ProtocolVersion, wire.BaseEncoding); err != nil {
		return nil, fmt.Errorf("encode merkle block: %w", err)
	}
	return buf.Bytes(), nil
}

// parseMerkleBlock reads a CMerkleBlock; trailing bytes are ignored as
// Core's stream extraction does.
func parseMerkleBlock(b []byte) (wire.BlockHeader, *partialTree, error) {
	var msg wire.MsgMerkleBlock
	if err := msg.BtcDecode(bytes.NewReader(b), wire.ProtocolVersion, wire.BaseEncoding); err != nil {
		return wire.BlockHeader{}, nil, fmt.Errorf("decode merkle block: %w", err)
	}
	t := &partialTree{ntx: int(msg.Transactions)}
	for _, h := range msg.Hashes {
		t.hashes = append(t.hashes, *h)
	}
	for i := 0; i < len(msg.Flags)*8; i++ {
		t.bits = append(t.bits, msg.Flags[i/8]>>(i%8)&1 != 0)
	}
	return msg.Header, t, nil
}

func (n *Node) txoutproofCommands() []rs.Command {
	return []rs.Command{
		{Name: "gettxoutproof", Category: "blockchain",
			Help: "Returns a hex-encoded proof that \"txid\" was included in a block.\n\n" +
				"NOTE: By default this function only works sometimes. This is when there is an\n" +
				"unspent output in the utxo for this transaction. To make it always work,\n" +
				"you need to maintain a transaction index, using the -txindex command line option or\n" +
				"specify the block in which the transaction is included manually (by blockhash).",
			Args: []rs.Arg{
				{Name: "txids", Type: rs.ArgArray, Help: "The txids to filter", Inner: []rs.Arg{{Name: "txid", Type: rs.ArgHex, Optional: true, Help: "A transaction hash"}}},
				{Name: "blockhash", Type: rs.ArgHex, Optional: true, Help: "If specified, looks for txid in the block with this hash"},
			},
			Result:  "\"str\"    (string) A string that is a serialized, hex-encoded data for the proof.",
			Handler: n.gettxoutproof},
		{Name: "verifytxoutproof", Category: "blockchain",
			Help: "Verifies that a proof points to a transaction in a block, returning the transaction it commits to\nand throwing an RPC error if the block is not in our best chain",
			Args: []rs.Arg{{Name: "proof", Type: rs.ArgHex, Help: "The hex-encoded proof generated by gettxoutproof"}},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResArr, Inner: []rs.ResultDoc{
				{Type: rs.ResHex, Key: "txid", Help: "The txid(s) which the proof commits to, or empty array if the proof cannot be validated."}}}},
			Handler: n.verifytxoutproof},
	}
}

func (n *Node) gettxoutproof(r *rs.Request) (any, error) {
	c := n.Chain
	var items []json.RawMessage
	if err := json.Unmarshal(r.Arg(0), &items); err != nil {
		return nil, rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type array", jsonType(r.Arg(0)))
	}
	if len(items) == 0 {
		return nil, rs.NewError(rs.InvalidParameter, "Parameter 'txids' cannot be empty")
	}
	want := map[chainhash.Hash]bool{}
	var order []chainhash.Hash
	for _, it := range items {
		h, err := hashArg(it, "txid")
		if err != nil {
			return nil, err
		}
		if want[h] {
			s, _ := stringArg(it)
			return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter, duplicated txid: %s", s)
		}
		want[h] = true
		order = append(order, h)
	}
	var blockHash *chainhash.Hash
	if raw := r.Arg(1); raw != nil {
		h, err := hashArg(raw, "blockhash")
		if err != nil {
			return nil, err
		}
		if _, err := c.HeaderByHash(&h); err != nil {
			return nil, errBlockNotFound()
		}
		blockHash = &h
	} else {
		// Core's AccessByTxid: any unspent output locates the block.
		bc := c.BlockChain()
	search:
		for _, txid := range order {
			for i := uint32(0); i < maxOutputsPerBlock; i++ {
				entry, err := bc.FetchUtxoEntry(wire.OutPoint{Hash: txid, Index: i})
				if err != nil {
					return nil, err
				}
				if entry != nil && !entry.IsSpent() {
					if blockHash, err = bc.BlockHashByHeight(entry.BlockHeight()); err != nil {
						return nil, err
					}
					break search
				}
			}
		}
		if blockHash == nil {
			return nil, rs.NewError(rs.InvalidAddressOrKey, "Transaction not yet in block")
		}
	}
	blk, err := c.BlockByHash(blockHash)
	if err != nil {
		return nil, rs.NewError(rs.RPCMiscError, "Block not available (not fully downloaded)")
	}
	txids := make([]chainhash.Hash, 0, len(blk.Transactions()))
	match := make([]bool, 0, len(blk.Transactions()))
	found := 0
	for _, tx := range blk.Transactions() {
		txids = append(txids, *tx.Hash())
		match = append(match, want[*tx.Hash()])
		if want[*tx.Hash()] {
			found++
		}
	}
	if found != len(want) {
		return nil, rs.NewError(rs.InvalidAddressOrKey, "Not all transactions found in specified or retrieved block")
	}
	b, err := merkleBlock(blk.MsgBlock().Header, buildPartialTree(txids, match))
	if err != nil {
		return nil, err
	}
	return hex.EncodeToString(b), nil
}

func (n *Node) verifytxoutproof(r *rs.Request) (any, error) {
	s, err := stringArg(r.Arg(0))
	if err != nil {
		return nil, err
	}
	if !isHex(s) {
		return nil, rs.NewError(rs.InvalidParameter, "proof must be hexadecimal string (not '%s')", s)
	}
	raw, _ := hex.DecodeString(s)
	hdr, tree, err := parseMerkleBlock(raw)
	if err != nil {
		return nil, rs.NewError(rs.DeserializationError, "%s", err.Error())
	}
	out := univalue.NewArray()
	root, matches, ok := tree.extract()
	if !ok || root != hdr.MerkleRoot {
		return out, nil
	}
	hash := hdr.BlockHash()
	if !n.Chain.OnMainChain(&hash) {
		return nil, rs.NewError(rs.InvalidAddressOrKey, "Block not found in chain")
	}
	blk, err := n.Chain.BlockByHash(&hash)
	if err != nil {
		return nil, rs.NewError(rs.InvalidAddressOrKey, "Block not found in chain")
	}
	if len(blk.Transactions()) == tree.ntx {
		for _, m := range matches {
			out.Push(univalue.NewString(m.String()))
		}
	}
	return out, nil
}
