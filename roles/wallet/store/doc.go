// Package store owns the wallet's storage: the SQLite wallet database in
// Bitcoin Core's layout (one key-value table, the network magic as the
// application id, an exclusive lock held while open), its transactions,
// and the typed records Core keeps there (descriptors and their keys and
// caches, transactions, address book, flags, locator...), serialized byte
// for byte as Core v30 serializes them so that wallets and their dumps are
// interchangeable with Core's. It does no cryptography beyond the record
// checksums: the wallet engine encrypts, derives and signs.
package store
