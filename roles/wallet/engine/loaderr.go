package engine

import (
	"errors"
	"fmt"

	"github.com/mpbitcoin/mpbitcoin/roles/wallet/store"
)

// loadErrorText is Core's CWallet::Create message for a failed load of
// file; warning is true for statuses Core only warns about.
func loadErrorText(err error, file string) (msg string, warning bool) {
	var le *store.LoadError
	if !errors.As(err, &le) {
		return fmt.Sprintf("Error loading %s: %v", file, err), false
	}
	switch le.Status {
	case store.Corrupt:
		return fmt.Sprintf("Error loading %s: Wallet corrupted", file), false
	case store.NoncriticalError:
		return fmt.Sprintf("Error reading %s! All keys read correctly, but transaction data or address metadata may be missing or incorrect.", file), true
	case store.TooNew:
		return fmt.Sprintf("Error loading %s: Wallet requires newer version of Bitcoin Core", file), false
	case store.ExternalSignerSupportRequired:
		return fmt.Sprintf("Error loading %s: External signer wallet being loaded without external signer support compiled", file), false
	case store.NeedRewrite:
		return "Wallet needed to be rewritten: restart Bitcoin Core to complete", false
	case store.NeedRescan:
		return fmt.Sprintf("Error reading %s! Transaction data may be missing or incorrect. Rescanning wallet.", file), true
	case store.UnknownDescriptor:
		return fmt.Sprintf("Unrecognized descriptor found. Loading wallet %s\n\nThe wallet might have been created on a newer version.\nPlease try running the latest software version.\n", file), false
	case store.UnexpectedLegacyEntry:
		return fmt.Sprintf("Unexpected legacy entry in descriptor wallet found. Loading wallet %s\n\nThe wallet might have been tampered with or created with malicious intent.\n", file), false
	case store.LegacyWallet:
		return fmt.Sprintf("Error loading %s: Wallet is a legacy wallet. Please migrate to a descriptor wallet using the migration tool (migratewallet RPC).", file), false
	}
	return fmt.Sprintf("Error loading %s", file), false
}
