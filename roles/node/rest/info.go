package rest

import (
	"context"
	"net/http"
)

// chainInfo is /rest/chaininfo.json: getblockchaininfo.
func (s *Server) chainInfo(ctx context.Context, r *request) reply {
	if _, f := ParseDataFormat(r.part); f != FormatJSON {
		return jsonOnly()
	}
	return s.rpcReply(ctx, "getblockchaininfo")
}

// deploymentInfo is /rest/deploymentinfo.json and
// /rest/deploymentinfo/<hash>.json: getdeploymentinfo.
func (s *Server) deploymentInfo(ctx context.Context, r *request) reply {
	hashStr, f := ParseDataFormat(r.part)
	if f != FormatJSON {
		return jsonOnly()
	}
	if hashStr == "" {
		return s.rpcReply(ctx, "getdeploymentinfo")
	}
	h, ok := parseHash(hashStr)
	if !ok {
		return restErr(http.StatusBadRequest, "Invalid hash: "+hashStr)
	}
	if _, err := s.cfg.Chain.HeaderByHash(&h); err != nil {
		return restErr(http.StatusBadRequest, "Block not found")
	}
	return s.rpcReply(ctx, "getdeploymentinfo", hashStr)
}

// mempool is /rest/mempool/info.json (getmempoolinfo) and
// /rest/mempool/contents.json?verbose=…&mempool_sequence=… (getrawmempool).
func (s *Server) mempool(ctx context.Context, r *request) reply {
	param, f := ParseDataFormat(r.part)
	if param != "contents" && param != "info" {
		return restErr(http.StatusBadRequest, "Invalid URI format. Expected /rest/mempool/<info|contents>.json")
	}
	if s.cfg.Pool == nil {
		return restErr(http.StatusNotFound, "Mempool disabled or instance not found")
	}
	if f != FormatJSON {
		return jsonOnly()
	}
	if param == "info" {
		return s.rpcReply(ctx, "getmempoolinfo")
	}
	verbose, rep := s.boolQuery(r, "verbose", "true")
	if rep != nil {
		return *rep
	}
	sequence, rep := s.boolQuery(r, "mempool_sequence", "false")
	if rep != nil {
		return *rep
	}
	if verbose && sequence {
		return restErr(http.StatusBadRequest, `Verbose results cannot contain mempool sequence values. (hint: set "verbose=false")`)
	}
	return s.rpcReply(ctx, "getrawmempool", verbose, sequence)
}

// boolQuery reads a "true"/"false" query parameter, or the error reply.
func (s *Server) boolQuery(r *request, key, def string) (bool, *reply) {
	v, found, err := QueryParameter(r.uri, key)
	if err != nil {
		rep := restErr(http.StatusBadRequest, err.Error())
		return false, &rep
	}
	if !found {
		v = def
	}
	if v != "true" && v != "false" {
		rep := restErr(http.StatusBadRequest, `The "`+key+`" query parameter must be either "true" or "false".`)
		return false, &rep
	}
	return v == "true", nil
}

// rpcReply answers with an RPC result as JSON. An RPC failure (not
// expected for these calls) is a 500 with its message.
func (s *Server) rpcReply(ctx context.Context, method string, params ...any) reply {
	v, err := s.rpc(ctx, method, params...)
	if err != nil {
		return restErr(http.StatusInternalServerError, err.Error())
	}
	return okJSON(v)
}
