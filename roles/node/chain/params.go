// Package chain owns the node's chain state: Core's chain parameters on
// btcd's chaincfg, btcd's blockchain on an ffldb database stored under the
// network datadir's blocks/ (Core's test framework keeps only blocks/,
// chainstate/ and indexes/), a mockable clock, and regtest block
// generation. Consensus is btcd's; this package only wires it.
package chain

import (
	"fmt"

	"github.com/btcsuite/btcd/chaincfg/v2"
)

// Params returns the consensus parameters for a Core chain name. btcd
// v0.26.2's main, testnet3, testnet4, signet and regtest parameters match
// Core's (genesis blocks, ports, BIP34/65/66/CSV heights; regtest: segwit
// and taproot from genesis, halving every 150 blocks).
func Params(chain string) (*chaincfg.Params, error) {
	switch chain {
	case "main":
		return &chaincfg.MainNetParams, nil
	case "test":
		return &chaincfg.TestNet3Params, nil
	case "testnet4":
		return &chaincfg.TestNet4Params, nil
	case "signet":
		return &chaincfg.SigNetParams, nil
	case "regtest":
		return &chaincfg.RegressionNetParams, nil
	}
	return nil, fmt.Errorf("unknown chain %q", chain)
}
