// Package descriptor owns output script descriptors (BIP380-386, plus the
// BIP389 multipath extension): parsing with Bitcoin Core's error wording,
// checksums, canonical public and private string forms, expansion into
// scriptPubKeys (with redeem/witness scripts, keys, origins and taproot
// trees) and inference of a descriptor from a bare scriptPubKey.
//
// Miniscript and musig() expressions are not supported.
package descriptor
