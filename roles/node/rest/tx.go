package rest

import (
	"bytes"
	"context"
	"net/http"

	"github.com/btcsuite/btcd/btcutil/v2"
)

// tx is /rest/tx/<txid>.<ext>: a mempool transaction (Core without
// -txindex looks in the mempool only).
func (s *Server) tx(ctx context.Context, r *request) reply {
	hashStr, f := ParseDataFormat(r.part)
	h, ok := parseHash(hashStr)
	if !ok {
		return restErr(http.StatusBadRequest, "Invalid hash: "+hashStr)
	}
	var tx *btcutil.Tx
	if s.cfg.Pool != nil {
		tx, _ = s.cfg.Pool.Fetch(&h)
	}
	if tx == nil {
		return restErr(http.StatusNotFound, hashStr+" not found")
	}
	var raw bytes.Buffer
	if err := tx.MsgTx().Serialize(&raw); err != nil {
		return restErr(http.StatusInternalServerError, err.Error())
	}
	switch f {
	case FormatBinary:
		return okBinary(raw.Bytes())
	case FormatHex:
		return okHex(raw.Bytes())
	case FormatJSON:
		v, err := s.rpc(ctx, "getrawtransaction", h.String(), 1)
		if err != nil { // left the pool meanwhile
			return restErr(http.StatusNotFound, hashStr+" not found")
		}
		return okJSON(v)
	}
	return formatNotFound()
}
