package walletrpc

import (
	"errors"
	"strings"

	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/engine"
)

func (s *Server) encryptCommands() []rs.Command {
	return []rs.Command{
		{Name: "encryptwallet", Category: "wallet", Help: "Encrypts the wallet with 'passphrase'. This is for first time encryption.\nAfter this, any calls that interact with private keys such as sending or signing \nwill require the passphrase to be set prior to making these calls.\nUse the walletpassphrase call for this, and then walletlock call.\nIf the wallet is already encrypted, use the walletpassphrasechange call.\n** IMPORTANT **\nFor security reasons, the encryption process will generate a new HD seed, resulting\nin the creation of a fresh set of active descriptors. Therefore, it is crucial to\nsecurely back up the newly generated wallet file using the backupwallet RPC.",
			Args:     []rs.Arg{{Name: "passphrase", Type: rs.ArgString, Help: "The pass phrase to encrypt the wallet with. It must be at least 1 character, but should be long."}},
			Examples: ex("encryptwallet", "\"my pass phrase\""), Handler: s.encryptwallet},
		{Name: "walletpassphrase", Category: "wallet", Help: "Stores the wallet decryption key in memory for 'timeout' seconds.\nThis is needed prior to performing transactions related to private keys such as sending bitcoins\n\nNote:\nIssuing the walletpassphrase command while the wallet is already unlocked will set a new unlock\ntime that overrides the old one.",
			Args: []rs.Arg{
				{Name: "passphrase", Type: rs.ArgString, Help: "The wallet passphrase"},
				{Name: "timeout", Type: rs.ArgNumber, Help: "The time to keep the decryption key in seconds; capped at 100000000 (~3 years)."},
			},
			Examples: ex("walletpassphrase", "\"my pass phrase\" 60"), Handler: s.walletpassphrase},
		{Name: "walletlock", Category: "wallet", Help: "Removes the wallet encryption key from memory, locking the wallet.\nAfter calling this method, you will need to call walletpassphrase again\nbefore being able to call any methods which require the wallet to be unlocked.",
			Examples: ex("walletlock", ""), Handler: s.walletlock},
		{Name: "walletpassphrasechange", Category: "wallet", Help: "Changes the wallet passphrase from 'oldpassphrase' to 'newpassphrase'.",
			Args: []rs.Arg{
				{Name: "oldpassphrase", Type: rs.ArgString, Help: "The current passphrase"},
				{Name: "newpassphrase", Type: rs.ArgString, Help: "The new passphrase"},
			},
			Examples: ex("walletpassphrasechange", "\"old one\" \"new one\""), Handler: s.walletpassphrasechange},
	}
}

// passErr gives a wrong passphrase Core's texts, which differ when the
// passphrase holds a NUL byte (passphrases set before Core 25.0 were cut
// there); old marks walletpassphrasechange's old passphrase.
func passErr(err error, pass string, old bool) error {
	if !errors.Is(err, engine.ErrWrongPassphrase) {
		return walletErr(err)
	}
	if !strings.Contains(pass, "\x00") {
		return rs.NewError(rs.WalletPassphraseIncorrect, "Error: The wallet passphrase entered was incorrect.")
	}
	if old {
		return rs.NewError(rs.WalletPassphraseIncorrect, "Error: The old wallet passphrase entered is incorrect. "+
			"It contains a null character (ie - a zero byte). "+
			"If the old passphrase was set with a version of this software prior to 25.0, "+
			"please try again with only the characters up to — but not including — "+
			"the first null character.")
	}
	return rs.NewError(rs.WalletPassphraseIncorrect, "Error: The wallet passphrase entered is incorrect. "+
		"It contains a null character (ie - a zero byte). "+
		"If the passphrase was set with a version of this software prior to 25.0, "+
		"please try again with only the characters up to — but not including — "+
		"the first null character. If this is successful, please set a new "+
		"passphrase to avoid this issue in the future.")
}

func (s *Server) encryptwallet(r *rs.Request) (any, error) {
	w, err := s.wallet(r)
	if err != nil {
		return nil, err
	}
	pass, err := strArg(r.Arg(0), "")
	if err != nil {
		return nil, err
	}
	if w.PrivateKeysDisabled() {
		return nil, rs.NewError(rs.WalletEncryptionFailed, "Error: wallet does not contain private keys, nothing to encrypt.")
	}
	if w.IsCrypted() {
		return nil, rs.NewError(rs.WalletWrongEncState, "Error: running with an encrypted wallet, but encryptwallet was called.")
	}
	if pass == "" {
		return nil, rs.NewError(rs.InvalidParameter, "passphrase cannot be empty")
	}
	if err := w.Encrypt(pass); err != nil {
		return nil, rs.NewError(rs.WalletEncryptionFailed, "Error: Failed to encrypt the wallet.")
	}
	return "wallet encrypted; The keypool has been flushed and a new HD seed was generated. You need to make a new backup with the backupwallet RPC.", nil
}

func (s *Server) walletpassphrase(r *rs.Request) (any, error) {
	w, err := s.wallet(r)
	if err != nil {
		return nil, err
	}
	if !w.IsCrypted() {
		return nil, rs.NewError(rs.WalletWrongEncState, "Error: running with an unencrypted wallet, but walletpassphrase was called.")
	}
	pass, err := strArg(r.Arg(0), "")
	if err != nil {
		return nil, err
	}
	timeout, err := intArg(r.Arg(1), 0)
	if err != nil {
		return nil, err
	}
	if timeout < 0 {
		return nil, rs.NewError(rs.InvalidParameter, "Timeout cannot be negative.")
	}
	if pass == "" {
		return nil, rs.NewError(rs.InvalidParameter, "passphrase cannot be empty")
	}
	if err := w.Unlock(pass, timeout); err != nil {
		return nil, passErr(err, pass, false)
	}
	return nil, nil
}

func (s *Server) walletlock(r *rs.Request) (any, error) {
	w, err := s.wallet(r)
	if err != nil {
		return nil, err
	}
	if !w.IsCrypted() {
		return nil, rs.NewError(rs.WalletWrongEncState, "Error: running with an unencrypted wallet, but walletlock was called.")
	}
	if err := w.Lock(); err != nil {
		return nil, walletErr(err)
	}
	return nil, nil
}

func (s *Server) walletpassphrasechange(r *rs.Request) (any, error) {
	w, err := s.wallet(r)
	if err != nil {
		return nil, err
	}
	if !w.IsCrypted() {
		return nil, rs.NewError(rs.WalletWrongEncState, "Error: running with an unencrypted wallet, but walletpassphrasechange was called.")
	}
	oldPass, err := strArg(r.Arg(0), "")
	if err != nil {
		return nil, err
	}
	newPass, err := strArg(r.Arg(1), "")
	if err != nil {
		return nil, err
	}
	if oldPass == "" || newPass == "" {
		return nil, rs.NewError(rs.InvalidParameter, "passphrase cannot be empty")
	}
	if err := w.ChangePassphrase(oldPass, newPass); err != nil {
		return nil, passErr(err, oldPass, true)
	}
	return nil, nil
}
