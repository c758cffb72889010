// Package rest owns the node's REST interface (-rest), Core's rest.cpp:
// the unauthenticated /rest/… endpoints served on the RPC port — tx,
// block, block/notxdetails, headers, blockhashbyheight, chaininfo,
// deploymentinfo, mempool/info, mempool/contents and getutxos — in the
// .bin, .hex and .json formats, with Core's URI parsing, error texts and
// HTTP status codes. JSON bodies come from the node's RPC handlers, run
// in-process through the RPC table, so they match the RPC results.
//
// Not served (Core needs indexes this node does not run): blockfilter,
// blockfilterheaders and spenttxouts answer 404 like any unknown path;
// /rest/tx/ finds mempool transactions only (Core without -txindex).
package rest
