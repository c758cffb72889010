// Package rest owns the node's REST interface (-rest), Core's rest.cpp:
// the unauthenticated /rest/… endpoints served on the RPC port (tx, block,
// block/notxdetails, headers, blockhashbyheight, chaininfo,
// deploymentinfo, mempool/info, mempool/contents, getutxos and
// spenttxouts) in the .bin, .hex and .json formats, with Core's URI
// parsing, error texts and HTTP status codes. JSON bodies come from the
// node's RPC handlers, run in-process through the RPC table, so they match
// the RPC results.
//
// Differences from Core: blockfilter and blockfilterheaders are not served
// (no block filter index; they answer 404 like any unknown path);
// /rest/tx/ finds mempool transactions only (Core without -txindex);
// spenttxouts serves active-chain blocks only (btcd drops a block's undo
// data when it is disconnected).
package rest
