package rest

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/btcsuite/btcd/chainhash/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// maxHeaders is Core's MAX_REST_HEADERS_RESULTS.
const maxHeaders = 2000

// blockWithDetails is /rest/block/<hash>.<ext> (JSON: getblock verbosity 3).
func (s *Server) blockWithDetails(ctx context.Context, r *request) reply {
	return s.block(ctx, r, 3)
}

// blockNoDetails is /rest/block/notxdetails/<hash>.<ext> (JSON: getblock
// verbosity 1).
func (s *Server) blockNoDetails(ctx context.Context, r *request) reply {
	return s.block(ctx, r, 1)
}

func (s *Server) block(ctx context.Context, r *request, verbosity int) reply {
	hashStr, f := ParseDataFormat(r.part)
	h, ok := parseHash(hashStr)
	if !ok {
		return restErr(http.StatusBadRequest, "Invalid hash: "+hashStr)
	}
	c := s.cfg.Chain
	if _, err := c.HeaderByHash(&h); err != nil {
		return restErr(http.StatusNotFound, hashStr+" not found")
	}
	blk, err := c.BlockByHash(&h)
	if err != nil {
		return restErr(http.StatusNotFound, hashStr+" not available (not fully downloaded)")
	}
	raw, err := blk.Bytes()
	if err != nil {
		return restErr(http.StatusNotFound, hashStr+" not found")
	}
	switch f {
	case FormatBinary:
		return okBinary(raw)
	case FormatHex:
		return okHex(raw)
	case FormatJSON:
		v, err := s.rpc(ctx, "getblock", h.String(), verbosity)
		if err != nil {
			return restErr(http.StatusNotFound, hashStr+" not found")
		}
		return okJSON(v)
	}
	return formatNotFound()
}

// headers is /rest/headers/<hash>.<ext>?count=<n> and the deprecated
// /rest/headers/<n>/<hash>.<ext>: up to n headers of the active chain from
// hash on (none when hash is not on it).
func (s *Server) headers(ctx context.Context, r *request) reply {
	param, f := ParseDataFormat(r.part)
	path := strings.Split(param, "/")
	var rawCount, hashStr string
	switch len(path) {
	case 2:
		rawCount, hashStr = path[0], path[1]
	case 1:
		hashStr = path[0]
		v, found, err := QueryParameter(r.uri, "count")
		if err != nil {
			return restErr(http.StatusBadRequest, err.Error())
		}
		rawCount = "5"
		if found {
			rawCount = v
		}
	default:
		return restErr(http.StatusBadRequest, "Invalid URI format. Expected /rest/headers/<hash>.<ext>?count=<count>")
	}
	count, ok := parseUint(rawCount, 64)
	if !ok || count < 1 || count > maxHeaders {
		return restErr(http.StatusBadRequest, fmt.Sprintf("Header count is invalid or out of acceptable range (1-%d): %s", maxHeaders, rawCount))
	}
	h, ok := parseHash(hashStr)
	if !ok {
		return restErr(http.StatusBadRequest, "Invalid hash: "+hashStr)
	}
	hashes := s.activeFrom(h, int(count))
	switch f {
	case FormatBinary, FormatHex:
		var b bytes.Buffer
		for _, bh := range hashes {
			hdr, err := s.cfg.Chain.HeaderByHash(&bh)
			if err != nil {
				break // reorganized meanwhile
			}
			if err := hdr.Serialize(&b); err != nil {
				return restErr(http.StatusInternalServerError, err.Error())
			}
		}
		if f == FormatBinary {
			return okBinary(b.Bytes())
		}
		return okHex(b.Bytes())
	case FormatJSON:
		out := univalue.NewArray()
		for _, bh := range hashes {
			v, err := s.rpc(ctx, "getblockheader", bh.String(), true)
			if err != nil {
				break
			}
			out.Push(v)
		}
		return okJSON(out)
	}
	return formatNotFound()
}

// activeFrom lists up to n active-chain block hashes from h on.
func (s *Server) activeFrom(h chainhash.Hash, n int) []chainhash.Hash {
	c := s.cfg.Chain
	if !c.OnMainChain(&h) {
		return nil
	}
	height, err := c.Height(h)
	if err != nil {
		return nil
	}
	out := []chainhash.Hash{h}
	for len(out) < n {
		next, err := c.BlockChain().BlockHashByHeight(height + int32(len(out)))
		if err != nil {
			break
		}
		out = append(out, *next)
	}
	return out
}

// blockHashByHeight is /rest/blockhashbyheight/<height>.<ext>.
func (s *Server) blockHashByHeight(_ context.Context, r *request) reply {
	heightStr, f := ParseDataFormat(r.part)
	height, ok := parseInt32(heightStr)
	if !ok || height < 0 {
		return restErr(http.StatusBadRequest, "Invalid height: "+sanitizeURI(heightStr))
	}
	c := s.cfg.Chain
	if height > c.Tip().Height {
		return restErr(http.StatusNotFound, "Block height out of range")
	}
	h, err := c.BlockChain().BlockHashByHeight(height)
	if err != nil {
		return restErr(http.StatusNotFound, "Block height out of range")
	}
	switch f {
	case FormatBinary:
		return okBinary(h[:])
	case FormatHex:
		return okText(h.String())
	case FormatJSON:
		o := univalue.NewObject()
		o.PushKV("blockhash", univalue.NewString(h.String()))
		return okJSON(o)
	}
	return formatNotFound()
}
