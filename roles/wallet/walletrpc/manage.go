package walletrpc

import (
	"errors"
	"fmt"
	"slices"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/engine"
)

// stateCommands are the RPCs that read and manage wallet state.
func (s *Server) stateCommands() []rs.Command {
	var out []rs.Command
	for _, g := range [][]rs.Command{s.receivedCommands(), s.sinceBlockCommands(), s.manageCommands(), s.messageCommands()} {
		out = append(out, g...)
	}
	return out
}

// helpRequiringPassphrase is Core's HELP_REQUIRING_PASSPHRASE.
const helpRequiringPassphrase = "\nRequires wallet passphrase to be set with walletpassphrase call if wallet is encrypted."

const exampleTxid = `"1075db55d416d3ca199f55b6084e2115b9345e16c5cf302fc80e9d5fbf5d48d"`

func (s *Server) manageCommands() []rs.Command {
	return []rs.Command{
		{Name: "abandontransaction", Category: "wallet",
			Help:       "Mark in-wallet transaction <txid> as abandoned\nThis will mark this transaction and all its in-wallet descendants as abandoned which will allow\nfor their inputs to be respent.  It can be used to replace \"stuck\" or evicted transactions.\nIt only works on transactions which are not included in a block and are not currently in the mempool.\nIt has no effect on transactions which are already abandoned.",
			Args:       []rs.Arg{{Name: "txid", Type: rs.ArgHex, Help: "The transaction id"}},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResNone}},
			Examples:   ex("abandontransaction", exampleTxid), Handler: s.abandontransaction},
		{Name: "abortrescan", Category: "wallet",
			Help:       "Stops current wallet rescan triggered by an RPC call, e.g. by a rescanblockchain call.\nNote: Use \"getwalletinfo\" to query the scanning progress.",
			ResultDocs: []rs.ResultDoc{{Type: rs.ResBool, Help: "Whether the abort was successful"}},
			Examples: "\nImport a private key\n" + rs.HelpExampleCli("rescanblockchain", "") +
				"\nAbort the running wallet rescan\n" + rs.HelpExampleCli("abortrescan", "") +
				"\nAs a JSON-RPC call\n" + rs.HelpExampleRPC("abortrescan", ""),
			Handler: s.abortrescan},
		{Name: "backupwallet", Category: "wallet",
			Help:       "Safely copies the current wallet file to the specified destination, which can either be a directory or a path with a filename.",
			Args:       []rs.Arg{{Name: "destination", Type: rs.ArgString, Help: "The destination directory or file"}},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResNone}},
			Examples:   ex("backupwallet", `"backup.dat"`), Handler: s.backupwallet},
		{Name: "restorewallet", Category: "wallet",
			Help: "Restores and loads a wallet from backup.\n\nThe rescan is significantly faster if block filters are available\n(using startup option \"-blockfilterindex=1\").",
			Args: []rs.Arg{
				{Name: "wallet_name", Type: rs.ArgString, Help: "The name that will be applied to the restored wallet"},
				{Name: "backup_file", Type: rs.ArgString, Help: "The backup file that will be used to restore the wallet."},
				{Name: "load_on_startup", Type: rs.ArgBool, Optional: true, Help: "Save wallet name to persistent settings and load on startup. True to add wallet to startup list, false to remove, null to leave unchanged."},
			},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
				{Type: rs.ResStr, Key: "name", Help: "The wallet name if restored successfully."},
				{Type: rs.ResArr, Key: "warnings", Optional: true, Help: "Warning messages, if any, related to restoring and loading the wallet.", Inner: []rs.ResultDoc{{Type: rs.ResStr}}},
			}}},
			Examples: rs.HelpExampleCli("restorewallet", `"testwallet" "home\backups\backup-file.bak"`) +
				rs.HelpExampleRPC("restorewallet", `"testwallet" "home\backups\backup-file.bak"`) +
				"> bitcoin-cli -named restorewallet wallet_name=testwallet backup_file='home\\backups\\backup-file.bak\"' load_on_startup=true\n" +
				"> curl --user myusername --data-binary '{\"jsonrpc\": \"2.0\", \"id\": \"curltest\", \"method\": \"restorewallet\", \"params\": {\"wallet_name\":\"testwallet\",\"backup_file\":\"home\\\\backups\\\\backup-file.bak\\\"\",\"load_on_startup\":true}}' -H 'content-type: application/json' http://127.0.0.1:8332/\n",
			Handler: s.restorewallet},
		{Name: "keypoolrefill", Category: "wallet",
			Help:       "Refills each descriptor keypool in the wallet up to the specified number of new keys.\nBy default, descriptor wallets have 4 active ranged descriptors (\"legacy\", \"p2sh-segwit\", \"bech32\", \"bech32m\"), each with 1000 entries." + helpRequiringPassphrase,
			Args:       []rs.Arg{{Name: "newsize", Type: rs.ArgNumber, Default: "1000, or as set by -keypool", Help: "The new keypool size"}},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResNone}},
			Examples:   ex("keypoolrefill", ""), Handler: s.keypoolrefill},
		{Name: "settxfee", Category: "wallet",
			Help:       "(DEPRECATED) Set the transaction fee rate in BTC/kvB for this wallet. Overrides the global -paytxfee command line parameter.\nCan be deactivated by passing 0 as the fee. In that case automatic fee selection will be used by default.",
			Args:       []rs.Arg{{Name: "amount", Type: rs.ArgAmount, Help: "The transaction fee rate in BTC/kvB"}},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResBool, Help: "Returns true if successful"}},
			Examples:   ex("settxfee", "0.00001"), Handler: s.settxfee},
		{Name: "walletdisplayaddress", Category: "wallet",
			Help: "Display address on an external signer for verification.",
			Args: []rs.Arg{{Name: "address", Type: rs.ArgString, Help: "bitcoin address to display"}},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
				{Type: rs.ResStr, Key: "address", Help: "The address as confirmed by the signer"},
			}}},
			Handler: s.walletdisplayaddress},
	}
}

func (s *Server) abandontransaction(r *rs.Request) (any, error) {
	w, err := s.synced(r)
	if err != nil {
		return nil, err
	}
	txid, err := strArg(r.Arg(0), "")
	if err != nil {
		return nil, err
	}
	h, err := hashParam(txid, "txid")
	if err != nil {
		return nil, err
	}
	if err := w.AbandonTransaction(h); err != nil {
		if errors.Is(err, engine.ErrUnknownTx) || errors.Is(err, engine.ErrNotAbandonable) {
			return nil, rs.NewError(rs.InvalidAddressOrKey, "%s", err.Error())
		}
		return nil, walletErr(err)
	}
	return nil, nil
}

func (s *Server) abortrescan(r *rs.Request) (any, error) {
	w, err := s.wallet(r)
	if err != nil {
		return nil, err
	}
	return w.AbortRescan(), nil
}

func (s *Server) backupwallet(r *rs.Request) (any, error) {
	w, err := s.synced(r)
	if err != nil {
		return nil, err
	}
	dst, err := strArg(r.Arg(0), "")
	if err != nil {
		return nil, err
	}
	if err := w.Backup(dst); err != nil {
		return nil, rs.NewError(rs.WalletError, "Error: Wallet backup failed!")
	}
	return nil, nil
}

func (s *Server) restorewallet(r *rs.Request) (any, error) {
	name, err := strArg(r.Arg(0), "")
	if err != nil {
		return nil, err
	}
	file, err := strArg(r.Arg(1), "")
	if err != nil {
		return nil, err
	}
	los, err := optBool(r.Arg(2))
	if err != nil {
		return nil, err
	}
	w, err := s.m.Restore(r.Context, name, file, los)
	if err != nil {
		return nil, walletErr(err)
	}
	return loadResult(w), nil
}

func (s *Server) keypoolrefill(r *rs.Request) (any, error) {
	w, err := s.wallet(r)
	if err != nil {
		return nil, err
	}
	size, err := intArg(r.Arg(0), 0)
	if err != nil {
		return nil, err
	}
	if size < 0 || size > 1<<31-1 {
		return nil, rs.NewError(rs.InvalidParameter, "Invalid parameter, expected valid size.")
	}
	if err := w.RefillKeypool(int(size)); err != nil {
		return nil, walletErr(err)
	}
	return nil, nil
}

// btcPerKvB is Core's CFeeRate::ToString() for a rate in sat/kvB.
func btcPerKvB(satPerKvB int64) string {
	return fmt.Sprintf("%d.%08d BTC/kvB", satPerKvB/100_000_000, satPerKvB%100_000_000)
}

func (s *Server) settxfee(r *rs.Request) (any, error) {
	w, err := s.wallet(r)
	if err != nil {
		return nil, err
	}
	opts := s.m.Options()
	if !slices.Contains(opts.DeprecatedRPC, "settxfee") {
		return nil, rs.NewError(rs.MethodDeprecated, "settxfee is deprecated and will be fully removed in v31.0.\nTo use settxfee restart bitcoind with -deprecatedrpc=settxfee.")
	}
	rate, err := amountArg(r.Arg(0))
	if err != nil {
		return nil, err
	}
	if rate != 0 {
		fees, err := s.m.Chain().RelayFees(r.Context)
		if err != nil {
			return nil, walletErr(err)
		}
		switch {
		case rate < fees.MinRelay:
			return nil, rs.NewError(rs.InvalidParameter, "txfee cannot be less than min relay tx fee (%s)", btcPerKvB(fees.MinRelay))
		case rate < opts.MinTxFee:
			return nil, rs.NewError(rs.InvalidParameter, "txfee cannot be less than wallet min fee (%s)", btcPerKvB(opts.MinTxFee))
		case rate > opts.MaxTxFee:
			return nil, rs.NewError(rs.InvalidParameter, "txfee cannot be more than wallet max tx fee (%s)", btcPerKvB(opts.MaxTxFee))
		}
	}
	w.SetPayTxFee(rate)
	return true, nil
}

func (s *Server) walletdisplayaddress(r *rs.Request) (any, error) {
	if _, err := s.wallet(r); err != nil {
		return nil, err
	}
	addr, err := strArg(r.Arg(0), "")
	if err != nil {
		return nil, err
	}
	params := s.m.Options().Params
	if _, err := descriptor.AddressScript(addr, params); err != nil {
		return nil, rs.NewError(rs.InvalidAddressOrKey, "Invalid address")
	}
	// Only an external signer's descriptors can show an address; this
	// wallet has none (Core's CWallet::DisplayAddress).
	return nil, rs.NewError(rs.RPCMiscError, "There is no ScriptPubKeyManager for this address")
}
