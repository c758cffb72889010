package rpc

import (
	"bytes"
	"encoding/hex"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/wire/v2"

	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
)

func (n *Node) decoderawtransactionCommand() rs.Command {
	return rs.Command{Name: "decoderawtransaction", Category: "rawtransactions",
		Help: "Return a JSON object representing the serialized, hex-encoded transaction.",
		Args: []rs.Arg{
			{Name: "hexstring", Type: rs.ArgHex, Help: "The transaction hex string"},
			{Name: "iswitness", Type: rs.ArgBool, Default: "depends on heuristic tests", Help: "Whether the transaction hex is a serialized witness transaction.\n" +
				"If iswitness is not present, heuristic tests will be used in decoding.\n" +
				"If true, only witness deserialization will be tried.\n" +
				"If false, only non-witness deserialization will be tried.\n" +
				"This boolean should reflect whether the transaction has inputs\n" +
				"(e.g. fully valid, or on-chain transactions), if known by the caller."},
		},
		ResultDocs: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
			{Type: rs.ResHex, Key: "txid", Help: "The transaction id"},
			{Type: rs.ResHex, Key: "hash", Help: "The transaction hash (differs from txid for witness transactions)"},
			{Type: rs.ResNum, Key: "size", Help: "The serialized transaction size"},
			{Type: rs.ResNum, Key: "vsize", Help: "The virtual transaction size (differs from size for witness transactions)"},
			{Type: rs.ResNum, Key: "weight", Help: "The transaction's weight (between vsize*4-3 and vsize*4)"},
			{Type: rs.ResNum, Key: "version", Help: "The version"},
			{Type: rs.ResNumTime, Key: "locktime", Help: "The lock time"},
			{Type: rs.ResArr, Key: "vin", Inner: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
				{Type: rs.ResHex, Key: "coinbase", Optional: true, Help: "The coinbase value (only if coinbase transaction)"},
				{Type: rs.ResHex, Key: "txid", Optional: true, Help: "The transaction id (if not coinbase transaction)"},
				{Type: rs.ResNum, Key: "vout", Optional: true, Help: "The output number (if not coinbase transaction)"},
				{Type: rs.ResObj, Key: "scriptSig", Optional: true, Help: "The script (if not coinbase transaction)", Inner: []rs.ResultDoc{
					{Type: rs.ResStr, Key: "asm", Help: "Disassembly of the signature script"},
					{Type: rs.ResHex, Key: "hex", Help: "The raw signature script bytes, hex-encoded"},
				}},
				{Type: rs.ResArr, Key: "txinwitness", Optional: true, Inner: []rs.ResultDoc{{Type: rs.ResHex, Help: "hex-encoded witness data (if any)"}}},
				{Type: rs.ResNum, Key: "sequence", Help: "The script sequence number"},
			}}}},
			{Type: rs.ResArr, Key: "vout", Inner: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
				{Type: rs.ResStrAmount, Key: "value", Help: "The value in BTC"},
				{Type: rs.ResNum, Key: "n", Help: "index"},
				{Type: rs.ResObj, Key: "scriptPubKey", Inner: []rs.ResultDoc{
					{Type: rs.ResStr, Key: "asm", Help: "Disassembly of the output script"},
					{Type: rs.ResStr, Key: "desc", Help: "Inferred descriptor for the output"},
					{Type: rs.ResHex, Key: "hex", Help: "The raw output script bytes, hex-encoded"},
					{Type: rs.ResStr, Key: "type", Help: "The type (one of: nonstandard, anchor, pubkey, pubkeyhash, scripthash, multisig, nulldata, witness_v0_scripthash, witness_v0_keyhash, witness_v1_taproot, witness_unknown)"},
					{Type: rs.ResStr, Key: "address", Optional: true, Help: "The Bitcoin address (only if a well-defined address exists)"},
				}},
			}}}},
		}}},
		Examples: ex("decoderawtransaction", "\"hexstring\""),
		Handler:  n.decoderawtransaction}
}

// decodeTx is Core's DecodeHexTx: it tries the extended (witness) and
// the legacy serialization as allowed, keeps only those consuming all
// the bytes, and prefers the one whose scripts pass Core's sanity check
// (the extended one when both or neither do).
func decodeTx(s string, tryNoWitness, tryWitness bool) (*wire.MsgTx, bool) {
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil, false
	}
	var ext, legacy *wire.MsgTx
	if tryWitness {
		tx, r := &wire.MsgTx{}, bytes.NewReader(b)
		if tx.Deserialize(r) == nil && r.Len() == 0 {
			ext = tx
		}
	}
	if tryNoWitness {
		tx, r := &wire.MsgTx{}, bytes.NewReader(b)
		if tx.DeserializeNoWitness(r) == nil && r.Len() == 0 {
			legacy = tx
		}
	}
	switch {
	case ext != nil && legacy != nil:
		if !txScriptsSane(ext) && txScriptsSane(legacy) {
			return legacy, true
		}
		return ext, true
	case ext != nil:
		return ext, true
	case legacy != nil:
		return legacy, true
	}
	return nil, false
}

// txScriptsSane is Core's CheckTxScriptsSanity.
func txScriptsSane(tx *wire.MsgTx) bool {
	if !blockchain.IsCoinBaseTx(tx) {
		for _, in := range tx.TxIn {
			if !validOps(in.SignatureScript) {
				return false
			}
		}
	}
	for _, out := range tx.TxOut {
		if !validOps(out.PkScript) {
			return false
		}
	}
	return true
}

func (n *Node) decoderawtransaction(r *rs.Request) (any, error) {
	s, err := stringArg(r.Arg(0))
	if err != nil {
		return nil, err
	}
	tryWitness, tryNoWitness := true, true
	if raw := r.Arg(1); raw != nil {
		w, err := boolArg(raw, true)
		if err != nil {
			return nil, err
		}
		tryWitness, tryNoWitness = w, !w
	}
	tx, ok := decodeTx(s, tryNoWitness, tryWitness)
	if !ok {
		return nil, rs.NewError(rs.DeserializationError, "TX decode failed")
	}
	return txJSON(tx, n.Chain.Params, txOpts{verbosity: txDetails}), nil
}
