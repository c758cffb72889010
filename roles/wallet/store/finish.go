package store

import "fmt"

// HasCryptedKeys reports whether any descriptor has an encrypted key.
func (c *Contents) HasCryptedKeys() bool {
	for _, d := range c.Descriptors {
		if len(d.CryptedKeys) > 0 {
			return true
		}
	}
	return false
}

// FinishLoad does the writes Core's WalletBatch::LoadWallet makes after a
// clean load (c.Status LoadOK): it records ClientVersion as the last
// client, and drops the master keys of a wallet without private keys that
// has no encrypted key (such wallets could be "encrypted" by mistake). It
// does not reorder unordered transactions nor add missing last-hardened
// xpub caches: that needs the wallet engine.
func (db *DB) FinishLoad(c *Contents) error {
	if c.Status != LoadOK {
		return nil
	}
	dropKeys := c.Flags&FlagDisablePrivateKeys != 0 && len(c.MasterKeys) > 0 && !c.HasCryptedKeys()
	if c.HasVersion && c.Version == ClientVersion && !dropKeys {
		return nil
	}
	err := db.Update(func(b *Batch) error {
		if !c.HasVersion || c.Version != ClientVersion {
			if err := b.WriteVersion(ClientVersion); err != nil {
				return err
			}
		}
		if dropKeys {
			for id := range c.MasterKeys {
				if err := b.EraseMasterKey(id); err != nil {
					return fmt.Errorf("Error: Unable to remove extraneous encryption key '%d'. Wallet corrupt.: %w", id, err)
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("finish wallet load: %w", err)
	}
	c.Version, c.HasVersion = ClientVersion, true
	if dropKeys {
		c.MasterKeys = map[uint32]MasterKey{}
	}
	return nil
}
