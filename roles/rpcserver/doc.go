// Package rpcserver owns Core's HTTP JSON-RPC server: authentication, the
// cookie, request/batch handling, error objects, the command table and help.
//
// A Table holds the commands and runs JSON-RPC request bodies (Execute), the
// way Core's CRPCTable and httprpc.cpp do: JSON-RPC 1.0 and 2.0 replies and
// HTTP statuses, batches, named parameters, argument count and type checks,
// warm-up, help in RPCHelpMan's format and getrpcinfo. A Server serves a
// Table over HTTP with Core's rules for -rpcbind/-rpcallowip, Basic
// authentication (-rpcuser/-rpcpassword, -rpcauth, the cookie file),
// -rpcwhitelist, the work queue and /wallet/<name> endpoints.
//
// The univalue subpackage reads and writes JSON byte-for-byte as Core does.
package rpcserver
