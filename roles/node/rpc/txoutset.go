package rpc

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"sort"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// coinSer is Core's TxOutSer: outpoint, height*2+coinbase, output.
func coinSer(u chain.UTXO) []byte {
	var b bytes.Buffer
	b.Write(u.OutPoint.Hash[:])
	_ = binary.Write(&b, binary.LittleEndian, u.OutPoint.Index)
	code := uint32(u.Height) << 1
	if u.Coinbase {
		code |= 1
	}
	_ = binary.Write(&b, binary.LittleEndian, code)
	_ = wire.WriteTxOut(&b, 0, 0, &wire.TxOut{Value: u.Amount, PkScript: u.PkScript})
	return b.Bytes()
}

// coreVarIntLen is the length of Core's VARINT (base 128, MSB first,
// offset by one per continuation byte).
func coreVarIntLen(n uint64) int64 {
	l := int64(1)
	for n > 0x7f {
		n = (n >> 7) - 1
		l++
	}
	return l
}

// compressAmount is Core's CompressAmount.
func compressAmount(n uint64) uint64 {
	if n == 0 {
		return 0
	}
	e := uint64(0)
	for n%10 == 0 && e < 9 {
		n /= 10
		e++
	}
	if e < 9 {
		d := n % 10
		n /= 10
		return 1 + (n*9+d-1)*10 + e
	}
	return 1 + (n-1)*10 + 9
}

// coinDBSize is the size of a coin's key and value in Core's chainstate
// (key 'C', txid, VARINT index; value VARINT code, compressed amount and
// compressed script).
func coinDBSize(u chain.UTXO) int64 {
	code := uint64(u.Height) << 1
	if u.Coinbase {
		code |= 1
	}
	s := u.PkScript
	var script int64
	switch {
	case txscript.IsPayToPubKeyHash(s), txscript.IsPayToScriptHash(s):
		script = 21
	case len(s) == 35 && s[0] == 33 && (s[1] == 2 || s[1] == 3) && s[34] == txscript.OP_CHECKSIG:
		script = 33
	case len(s) == 67 && s[0] == 65 && s[1] == 4 && s[66] == txscript.OP_CHECKSIG:
		script = 33
	default:
		script = coreVarIntLen(uint64(len(s))+6) + int64(len(s))
	}
	key := 1 + 32 + coreVarIntLen(uint64(u.OutPoint.Index))
	return key + coreVarIntLen(code) + coreVarIntLen(compressAmount(uint64(u.Amount))) + script
}

// utxoStats is Core's CCoinsStats as gettxoutsetinfo shows it without
// coinstatsindex.
type utxoStats struct {
	height       int32
	best         chainhash.Hash
	txouts       int64
	transactions int64
	bogosize     int64
	total        int64
	diskSize     int64  // the coins in Core's chainstate encoding
	hash         []byte // display order; nil for hash_type none
}

// computeUTXOStats reads the whole UTXO set in Core's database order
// (txid bytes, then output index) and hashes it as hashType says.
func (n *Node) computeUTXOStats(r *rs.Request, hashType string) (*utxoStats, error) {
	res, err := n.Chain.ScanUTXOs(r.Context, func([]byte) bool { return true }, nil)
	if err != nil {
		return nil, err
	}
	coins := res.Unspent
	sort.Slice(coins, func(i, j int) bool {
		if c := bytes.Compare(coins[i].OutPoint.Hash[:], coins[j].OutPoint.Hash[:]); c != 0 {
			return c < 0
		}
		return coins[i].OutPoint.Index < coins[j].OutPoint.Index
	})
	st := &utxoStats{height: res.Height, best: res.Tip}
	var ser bytes.Buffer
	mu := newMuHash()
	for i, u := range coins {
		if i == 0 || u.OutPoint.Hash != coins[i-1].OutPoint.Hash {
			st.transactions++
		}
		st.txouts++
		st.total += u.Amount
		st.bogosize += 32 + 4 + 4 + 8 + 2 + int64(len(u.PkScript))
		st.diskSize += coinDBSize(u)
		switch hashType {
		case "hash_serialized_3":
			ser.Write(coinSer(u))
		case "muhash":
			mu.insert(coinSer(u))
		}
	}
	switch hashType {
	case "hash_serialized_3":
		h := chainhash.DoubleHashH(ser.Bytes())
		st.hash = reverse(h[:])
	case "muhash":
		h := mu.finalize()
		st.hash = reverse(h[:])
	}
	return st, nil
}

func (n *Node) gettxoutsetinfoCommand() rs.Command {
	return rs.Command{Name: "gettxoutsetinfo", Category: "blockchain",
		Help: "Returns statistics about the unspent transaction output set.\nNote this call may take some time if you are not using coinstatsindex.",
		Args: []rs.Arg{
			{Name: "hash_type", Type: rs.ArgString, Default: `"hash_serialized_3"`, Help: "Which UTXO set hash should be calculated. Options: 'hash_serialized_3' (the legacy algorithm), 'muhash', 'none'."},
			{Name: "hash_or_height", Type: rs.ArgNumber, Default: "the current best block", SkipTypeCheck: true, TypeStr: [2]string{"", "string or numeric"},
				Help: "The block hash or height of the target height (only available with coinstatsindex)."},
			{Name: "use_index", Type: rs.ArgBool, Default: "true", Help: "Use coinstatsindex, if available."},
		},
		ResultDocs: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
			{Type: rs.ResNum, Key: "height", Help: "The block height (index) of the returned statistics"},
			{Type: rs.ResHex, Key: "bestblock", Help: "The hash of the block at which these statistics are calculated"},
			{Type: rs.ResNum, Key: "txouts", Help: "The number of unspent transaction outputs"},
			{Type: rs.ResNum, Key: "bogosize", Help: "Database-independent, meaningless metric indicating the UTXO set size"},
			{Type: rs.ResHex, Key: "hash_serialized_3", Optional: true, Help: "The serialized hash (only present if 'hash_serialized_3' hash_type is chosen)"},
			{Type: rs.ResHex, Key: "muhash", Optional: true, Help: "The serialized hash (only present if 'muhash' hash_type is chosen)"},
			{Type: rs.ResNum, Key: "transactions", Optional: true, Help: "The number of transactions with unspent outputs (not available when coinstatsindex is used)"},
			{Type: rs.ResNum, Key: "disk_size", Optional: true, Help: "The estimated size of the chainstate on disk (not available when coinstatsindex is used)"},
			{Type: rs.ResStrAmount, Key: "total_amount", Help: "The total amount of coins in the UTXO set"},
			{Type: rs.ResStrAmount, Key: "total_unspendable_amount", Optional: true, Help: "The total amount of coins permanently excluded from the UTXO set (only available if coinstatsindex is used)"},
			{Type: rs.ResObj, Key: "block_info", Optional: true, Help: "Info on amounts in the block at this block height (only available if coinstatsindex is used)", Inner: []rs.ResultDoc{
				{Type: rs.ResStrAmount, Key: "prevout_spent", Help: "Total amount of all prevouts spent in this block"},
				{Type: rs.ResStrAmount, Key: "coinbase", Help: "Coinbase subsidy amount of this block"},
				{Type: rs.ResStrAmount, Key: "new_outputs_ex_coinbase", Help: "Total amount of new outputs created by this block"},
				{Type: rs.ResStrAmount, Key: "unspendable", Help: "Total amount of unspendable outputs created in this block"},
				{Type: rs.ResObj, Key: "unspendables", Help: "Detailed view of the unspendable categories", Inner: []rs.ResultDoc{
					{Type: rs.ResStrAmount, Key: "genesis_block", Help: "The unspendable amount of the Genesis block subsidy"},
					{Type: rs.ResStrAmount, Key: "bip30", Help: "Transactions overridden by duplicates (no longer possible with BIP30)"},
					{Type: rs.ResStrAmount, Key: "scripts", Help: "Amounts sent to scripts that are unspendable (for example OP_RETURN outputs)"},
					{Type: rs.ResStrAmount, Key: "unclaimed_rewards", Help: "Fee rewards that miners did not claim in their coinbase transaction"},
				}},
			}},
		}}},
		Examples: rs.HelpExampleCli("gettxoutsetinfo", "") +
			rs.HelpExampleCli("gettxoutsetinfo", `"none"`) +
			rs.HelpExampleCli("gettxoutsetinfo", `"none" 1000`) +
			rs.HelpExampleCli("gettxoutsetinfo", `"none" '"00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09"'`) +
			rs.HelpExampleCli("-named gettxoutsetinfo", `hash_type='muhash' use_index='false'`) +
			rs.HelpExampleRPC("gettxoutsetinfo", "") +
			rs.HelpExampleRPC("gettxoutsetinfo", `"none"`) +
			rs.HelpExampleRPC("gettxoutsetinfo", `"none", 1000`) +
			rs.HelpExampleRPC("gettxoutsetinfo", `"none", "00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09"`),
		Handler: func(r *rs.Request) (any, error) {
			hashType := "hash_serialized_3"
			if raw := r.Arg(0); raw != nil {
				s, err := stringArg(raw)
				if err != nil {
					return nil, err
				}
				switch s {
				case "hash_serialized_3", "muhash", "none":
					hashType = s
				default:
					return nil, rs.NewError(rs.InvalidParameter, "'%s' is not a valid hash_type", s)
				}
			}
			if _, err := boolArg(r.Arg(2), true); err != nil {
				return nil, err
			}
			if r.Arg(1) != nil {
				// Past heights need Core's coinstatsindex, which the node lacks.
				return nil, rs.NewError(rs.InvalidParameter, "Querying specific block heights requires coinstatsindex")
			}
			st, err := n.computeUTXOStats(r, hashType)
			if err != nil {
				return nil, err
			}
			o := univalue.NewObject()
			o.PushKV("height", univalue.NewInt(int64(st.height)))
			o.PushKV("bestblock", univalue.NewString(st.best.String()))
			o.PushKV("txouts", univalue.NewInt(st.txouts))
			o.PushKV("bogosize", univalue.NewInt(st.bogosize))
			if st.hash != nil {
				o.PushKV(hashType, univalue.NewString(hex.EncodeToString(st.hash)))
			}
			o.PushKV("total_amount", rs.ValueFromAmount(st.total))
			o.PushKV("transactions", univalue.NewInt(st.transactions))
			// btcd keeps the UTXO set with the block index and undo data
			// in one database; its files say nothing of the UTXO set alone,
			// so the size is that of the coins in Core's chainstate format.
			o.PushKV("disk_size", univalue.NewInt(st.diskSize))
			return o, nil
		}}
}
