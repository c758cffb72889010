// Package interfaces owns the Go servers of Core's IPC interfaces (Init,
// Echo, Rpc; Mining with the node): one implementation each, exported over
// a connection through ipc.Session.Export, the same whether the caller is a
// Go role or Core's own tools.
package interfaces
