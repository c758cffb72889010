// Package psbt owns Partially Signed Bitcoin Transactions: BIP174 (version
// 0, as Bitcoin Core v30 reads and writes it, with BIP371 taproot and
// BIP373 MuSig2 fields) and BIP370 (version 2) decoding and encoding with
// Core's validation and error texts, and the updater, signer, finalizer
// and extractor roles on top of roles/sign.
package psbt
