// Package walletchain owns the node's local implementation of
// interfaces.Chain: what a wallet (in this process for bitcoind, or in a
// bitcoin-wallet process over IPC for bitcoin-node) may ask of the chain
// state, the mempool, the node's clock and settings, with chain and mempool
// events delivered through the node's notification hub.
package walletchain
