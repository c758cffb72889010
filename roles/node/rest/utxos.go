package rest

import (
	"context"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"

	"github.com/btcsuite/btcd/wire/v2"

	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// getUTXOs is /rest/getutxos[/checkmempool]/<txid>-<n>/….<ext> and the
// binary request of BIP64 (POSTed to /rest/getutxos.bin or .hex).
func (s *Server) getUTXOs(ctx context.Context, r *request) reply {
	param, f := ParseDataFormat(r.part)
	body := r.body
	req, hasParts, err := ParseUtxoURI(param)
	if len(body) == 0 && !hasParts {
		return restErr(http.StatusBadRequest, "Error: empty request")
	}
	if hasParts {
		if err != nil {
			return restErr(http.StatusBadRequest, err.Error())
		}
		if len(req.Outpoints) == 0 {
			return restErr(http.StatusBadRequest, "Error: empty request")
		}
	}
	inputParsed := len(req.Outpoints) > 0
	switch f {
	case FormatHex, FormatBinary:
		if f == FormatHex {
			body = parseHexLenient(string(body))
		}
		if len(body) > 0 {
			if inputParsed {
				return restErr(http.StatusBadRequest, "Combination of URI scheme inputs and raw post data is not allowed")
			}
			if req, err = ParseUtxoBody(body); err != nil {
				return restErr(http.StatusBadRequest, err.Error())
			}
		}
	case FormatJSON:
		if !inputParsed {
			return restErr(http.StatusBadRequest, "Error: empty request")
		}
	default:
		return formatNotFound()
	}
	if len(req.Outpoints) > maxOutpoints {
		return restErr(http.StatusBadRequest, fmt.Sprintf("Error: max outpoints exceeded (max: %d, tried: %d)", maxOutpoints, len(req.Outpoints)))
	}
	if req.CheckMempool && s.cfg.Pool == nil {
		return restErr(http.StatusNotFound, "Mempool disabled or instance not found")
	}
	res, err := s.lookup(req)
	if err != nil {
		return restErr(http.StatusInternalServerError, err.Error())
	}
	switch f {
	case FormatBinary, FormatHex:
		b, err := res.MarshalBinary()
		if err != nil {
			return restErr(http.StatusInternalServerError, err.Error())
		}
		if f == FormatBinary {
			return okBinary(b)
		}
		return okHex(b)
	}
	return okJSON(s.utxosJSON(ctx, req, res))
}

// lookup checks each outpoint against the UTXO set, and with
// checkmempool against the mempool too: an output a pool transaction
// spends is not there, one a pool transaction creates is (at Core's
// MEMPOOL_HEIGHT).
func (s *Server) lookup(req UtxoRequest) (*UtxoResult, error) {
	c := s.cfg.Chain
	tip := c.Tip()
	res := &UtxoResult{Height: tip.Height, Tip: tip.Hash}
	for _, op := range req.Outpoints {
		coin, err := s.coin(op, req.CheckMempool)
		if err != nil {
			return nil, err
		}
		res.Hits = append(res.Hits, coin != nil)
		if coin != nil {
			res.Coins = append(res.Coins, *coin)
		}
	}
	return res, nil
}

// coin is the unspent output at op, nil if there is none.
func (s *Server) coin(op wire.OutPoint, checkMempool bool) (*Coin, error) {
	if checkMempool {
		if s.cfg.Pool.Spender(op) != nil {
			return nil, nil
		}
		if out, ok := s.cfg.Pool.Output(op); ok {
			return &Coin{Height: mempoolHeight, Value: out.Value, PkScript: out.PkScript}, nil
		}
	}
	u, err := s.cfg.Chain.UTXO(op)
	if err != nil {
		return nil, fmt.Errorf("looking up %s: %w", op, err)
	}
	if u == nil {
		return nil, nil
	}
	return &Coin{Height: uint32(u.Height), Value: u.Amount, PkScript: u.PkScript}, nil
}

// utxosJSON is Core's JSON answer; each coin's scriptPubKey object comes
// from the RPCs (gettxout for a chain coin, getrawtransaction for a
// mempool one) so it is rendered as they render it.
func (s *Server) utxosJSON(ctx context.Context, req UtxoRequest, res *UtxoResult) univalue.Value {
	o := univalue.NewObject()
	o.PushKV("chainHeight", univalue.NewInt(int64(res.Height)))
	o.PushKV("chaintipHash", univalue.NewString(res.Tip.String()))
	o.PushKV("bitmap", univalue.NewString(res.BitmapString()))
	utxos := univalue.NewArray()
	ci := 0
	for i, hit := range res.Hits {
		if !hit {
			continue
		}
		coin := res.Coins[ci]
		ci++
		u := univalue.NewObject()
		u.PushKV("height", univalue.NewInt(int64(int32(coin.Height))))
		u.PushKV("value", rs.ValueFromAmount(coin.Value))
		u.PushKV("scriptPubKey", s.scriptJSON(ctx, req.Outpoints[i], coin))
		utxos.Push(u)
	}
	o.PushKV("utxos", utxos)
	return o
}

func (s *Server) scriptJSON(ctx context.Context, op wire.OutPoint, coin Coin) univalue.Value {
	if coin.Height == mempoolHeight {
		if tx, err := s.rpc(ctx, "getrawtransaction", op.Hash.String(), 1); err == nil {
			if vout := tx.Get("vout"); int(op.Index) < vout.Len() {
				return vout.Elems[op.Index].Get("scriptPubKey")
			}
		}
	} else if out, err := s.rpc(ctx, "gettxout", op.Hash.String(), op.Index, false); err == nil && !out.IsNull() {
		return out.Get("scriptPubKey")
	}
	// The coin went away between the lookup and the RPC: its script
	// still identifies it.
	o := univalue.NewObject()
	o.PushKV("hex", univalue.NewString(hex.EncodeToString(coin.PkScript)))
	return o
}

// parseHexLenient is Core's ParseHex: hex digit pairs, white space between
// bytes skipped; anything malformed gives no bytes.
func parseHexLenient(s string) []byte {
	var out []byte
	for i := 0; i < len(s); {
		if strings.IndexByte(" \f\n\r\t\v", s[i]) >= 0 {
			i++
			continue
		}
		if i+1 >= len(s) || !isHexDigit(s[i]) || !isHexDigit(s[i+1]) {
			return nil
		}
		b, _ := hex.DecodeString(s[i : i+2])
		out = append(out, b[0])
		i += 2
	}
	return out
}
