// Package engine owns the wallet itself: descriptor wallets kept in one
// SQLite file each (roles/wallet/store), their keys and scripts
// (roles/descriptor), the transactions that concern them as the chain and
// mempool report them through interfaces.Chain, balances, coin selection
// (roles/wallet/coinselect), signing (roles/sign) and broadcasting. The
// same code runs inside bitcoind and in a bitcoin-wallet process; only the
// Chain it is given differs.
package engine
