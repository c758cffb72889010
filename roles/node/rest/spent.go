package rest

import (
	"bytes"
	"context"
	"encoding/binary"
	"net/http"
	"strings"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// spentTxOuts is /rest/spenttxouts/<hash>.<ext>: the outputs each
// transaction of the block spends (the coinbase spends none), from the
// block's undo data (btcd's spend journal, kept for active-chain blocks).
func (s *Server) spentTxOuts(ctx context.Context, r *request) reply {
	param, f := ParseDataFormat(r.part)
	path := strings.Split(param, "/")
	if len(path) != 1 {
		return restErr(http.StatusBadRequest, "Invalid URI format. Expected /rest/spenttxouts/<hash>.<ext>")
	}
	hashStr := path[0]
	h, ok := parseHash(hashStr)
	if !ok {
		return restErr(http.StatusBadRequest, "Invalid hash: "+hashStr)
	}
	c := s.cfg.Chain
	if _, err := c.HeaderByHash(&h); err != nil {
		return restErr(http.StatusNotFound, hashStr+" not found")
	}
	undoMissing := restErr(http.StatusNotFound, hashStr+" undo not available")
	var perTx [][]blockchain.SpentTxOut
	if height, err := c.Height(h); err != nil || height > 0 {
		blk, err := c.BlockByHash(&h)
		if err != nil || !c.OnMainChain(&h) {
			return undoMissing
		}
		stxos, err := c.BlockChain().FetchSpendJournal(blk)
		if err != nil {
			return undoMissing
		}
		for _, tx := range blk.MsgBlock().Transactions[1:] {
			n := len(tx.TxIn)
			if n > len(stxos) {
				return undoMissing
			}
			perTx = append(perTx, stxos[:n])
			stxos = stxos[n:]
		}
	}
	switch f {
	case FormatBinary, FormatHex:
		var b bytes.Buffer
		_ = wire.WriteVarInt(&b, 0, uint64(len(perTx)+1))
		_ = wire.WriteVarInt(&b, 0, 0) // the coinbase
		for _, outs := range perTx {
			_ = wire.WriteVarInt(&b, 0, uint64(len(outs)))
			for _, o := range outs {
				_ = binary.Write(&b, binary.LittleEndian, o.Amount)
				_ = wire.WriteVarBytes(&b, 0, o.PkScript)
			}
		}
		if f == FormatBinary {
			return okBinary(b.Bytes())
		}
		return okHex(b.Bytes())
	case FormatJSON:
		out := univalue.NewArray(univalue.NewArray())
		if len(perTx) > 0 {
			// The prevouts as getblock verbosity 3 renders them.
			blk, err := s.rpc(ctx, "getblock", h.String(), 3)
			if err != nil {
				return undoMissing
			}
			txs := blk.Get("tx")
			for i := 1; i < txs.Len(); i++ {
				prevouts := univalue.NewArray()
				vin := txs.Elems[i].Get("vin")
				for _, in := range vin.Elems {
					p := in.Get("prevout")
					o := univalue.NewObject()
					o.PushKV("value", p.Get("value"))
					o.PushKV("scriptPubKey", p.Get("scriptPubKey"))
					prevouts.Push(o)
				}
				out.Push(prevouts)
			}
		}
		return okJSON(out)
	}
	return formatNotFound()
}
