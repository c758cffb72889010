// Package sign owns transaction input signing for the node and the wallet:
// Bitcoin Core's SigningProvider (Provider, Flat), ProduceSignature and
// SignTransaction (SignTx, Produce), the sighash-type names of the RPC
// interface and the maximum signed input size used by coin selection.
//
// Signature hashes and signatures come from btcd's txscript; every produced
// or merged input is checked with btcd's script engine, never with an
// interpreter of this package.
package sign
