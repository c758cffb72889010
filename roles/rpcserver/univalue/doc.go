// Package univalue reads and writes JSON the way Bitcoin Core's UniValue
// does: object keys keep their order (duplicates included, lookups find the
// first), numbers keep their exact text, strings are escaped with Core's
// table (control characters, '"', '\\' and DEL), and pretty-printing follows
// UniValue::write(indent), which prints an empty array as "[\n]".
package univalue
