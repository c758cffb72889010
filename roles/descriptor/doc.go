// Package descriptor owns output script descriptors (BIP380-386, plus the
// BIP389 multipath extension): parsing with Bitcoin Core's error wording,
// checksums, canonical public and private string forms, expansion into
// scriptPubKeys (with redeem/witness scripts, keys, origins and taproot
// trees) and inference of a descriptor from a bare scriptPubKey.
//
// Miniscript (BIP379) is supported inside wsh() and tr() leaves: parsing,
// Core's type and sanity checks and error messages, script and string
// forms, satisfaction sizes, and decoding scripts back into miniscript
// for inference. musig() key expressions (BIP390) are supported with
// BIP327 key aggregation and BIP328 derivation from the aggregate key.
// Producing signatures and satisfactions is the wallet's job.
package descriptor
