// Package node owns the bitcoin-node and bitcoind roles: start-up and
// shutdown, the JSON-RPC server and its control commands, -ipcbind
// listeners, and (in bitcoin-node) the supervised bitcoin-wallet child.
// The Bitcoin engine (chain, P2P, mempool, mining) arrives with the node
// issue under roles/node/….
package node
