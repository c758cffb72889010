// Package rpc owns the node's Bitcoin JSON-RPC commands (blockchain,
// mining, mempool, control) with Core's names, arguments, result fields in
// Core's order, and error codes. Each file registers one category.
package rpc
