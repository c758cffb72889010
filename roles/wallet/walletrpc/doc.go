// Package walletrpc owns the wallet's JSON-RPC commands (Core's wallet
// RPCs: names, parameters, result fields and error codes) on top of the
// engine. The table it builds runs in the wallet's process; the node
// forwards wallet calls to it.
package walletrpc
