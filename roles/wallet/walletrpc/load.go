package walletrpc

import (
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/engine"
	"strconv"
)

func (s *Server) loadCommands() []rs.Command {
	return []rs.Command{
		{Name: "createwallet", Category: "wallet", Help: "Creates and loads a new wallet.",
			Args: []rs.Arg{
				{Name: "wallet_name", Type: rs.ArgString, Help: "The name for the new wallet. If this is a path, the wallet will be created at the path location."},
				{Name: "disable_private_keys", Type: rs.ArgBool, Default: "false", Help: "Disable the possibility of private keys (only watchonlys are possible in this mode)."},
				{Name: "blank", Type: rs.ArgBool, Default: "false", Help: "Create a blank wallet. A blank wallet has no keys."},
				{Name: "passphrase", Type: rs.ArgString, Optional: true, Help: "Encrypt the wallet with this passphrase."},
				{Name: "avoid_reuse", Type: rs.ArgBool, Default: "false", Help: "Keep track of coin reuse, and treat dirty and clean coins differently with privacy considerations in mind."},
				{Name: "descriptors", Type: rs.ArgBool, Default: "true", Help: "If set, must be \"true\""},
				{Name: "load_on_startup", Type: rs.ArgBool, Optional: true, Help: "Save wallet name to persistent settings and load on startup. True to add wallet to startup list, false to remove, null to leave unchanged."},
				{Name: "external_signer", Type: rs.ArgBool, Default: "false", Help: "Use an external signer such as a hardware wallet. Requires -signer to be configured. Wallet creation will fail if keys cannot be fetched. Requires disable_private_keys and descriptors set to true."},
			},
			Examples: ex("createwallet", "\"testwallet\""),
			Handler:  s.createwallet},
		{Name: "loadwallet", Category: "wallet", Help: "Loads a wallet from a wallet file or directory.\nNote that all wallet command-line options used when starting bitcoind will be\napplied to the new wallet.",
			Args: []rs.Arg{
				{Name: "filename", Type: rs.ArgString, Help: "The path to the directory of the wallet to be loaded, either absolute or relative to the \"wallets\" directory. The \"wallets\" directory is set by the -walletdir option and defaults to the \"wallets\" folder within the data directory."},
				{Name: "load_on_startup", Type: rs.ArgBool, Optional: true, Help: "Save wallet name to persistent settings and load on startup. True to add wallet to startup list, false to remove, null to leave unchanged."},
			},
			Examples: ex("loadwallet", "\"test.dat\""),
			Handler:  s.loadwallet},
		{Name: "unloadwallet", Category: "wallet", Help: "Unloads the wallet referenced by the request endpoint or the wallet_name argument.\nIf both are specified, they must be identical.",
			Args: []rs.Arg{
				{Name: "wallet_name", Type: rs.ArgString, Default: "the wallet name from the RPC endpoint", Help: "The name of the wallet to unload. If provided both here and in the RPC endpoint, the two must be identical."},
				{Name: "load_on_startup", Type: rs.ArgBool, Optional: true, Help: "Save wallet name to persistent settings and load on startup. True to add wallet to startup list, false to remove, null to leave unchanged."},
			},
			Examples: ex("unloadwallet", "wallet_name"),
			Handler:  s.unloadwallet},
		{Name: "listwallets", Category: "wallet", Help: "Returns a list of currently loaded wallets.\nFor full information on the wallet, use \"getwalletinfo\"",
			Examples: ex("listwallets", ""),
			Handler: func(r *rs.Request) (any, error) {
				out := univalue.NewArray()
				for _, w := range s.m.Wallets() {
					out.Push(univalue.NewString(w.Name()))
				}
				return out, nil
			}},
		{Name: "listwalletdir", Category: "wallet", Help: "Returns a list of wallets in the wallet directory.",
			Examples: ex("listwalletdir", ""),
			Handler: func(r *rs.Request) (any, error) {
				arr := univalue.NewArray()
				for _, n := range s.m.ListWalletDir() {
					o := univalue.NewObject()
					o.PushKV("name", univalue.NewString(n))
					o.PushKV("warnings", univalue.NewArray())
					arr.Push(o)
				}
				out := univalue.NewObject()
				out.PushKV("wallets", arr)
				return out, nil
			}},
		{Name: "getwalletinfo", Category: "wallet", Help: "Returns an object containing various wallet state info.",
			Examples: ex("getwalletinfo", ""),
			Handler:  s.getwalletinfo},
	}
}

func loadResult(w *engine.Wallet) univalue.Value {
	o := univalue.NewObject()
	o.PushKV("name", univalue.NewString(w.Name()))
	return o
}

func (s *Server) createwallet(r *rs.Request) (any, error) {
	name, err := strArg(r.Arg(0), "")
	if err != nil {
		return nil, err
	}
	var o engine.CreateOptions
	if o.DisablePrivateKeys, err = boolArg(r.Arg(1), false); err != nil {
		return nil, err
	}
	if o.Blank, err = boolArg(r.Arg(2), false); err != nil {
		return nil, err
	}
	if o.Passphrase, err = strArg(r.Arg(3), ""); err != nil {
		return nil, err
	}
	if o.DisablePrivateKeys && o.Passphrase != "" {
		return nil, rs.NewError(rs.WalletError, "Passphrase provided but private keys are disabled. A passphrase is only used to encrypt private keys, so cannot be used for wallets with private keys disabled.")
	}
	if o.AvoidReuse, err = boolArg(r.Arg(4), false); err != nil {
		return nil, err
	}
	desc, err := boolArg(r.Arg(5), true)
	if err != nil {
		return nil, err
	}
	if !desc {
		return nil, rs.NewError(rs.WalletError, "descriptors argument must be set to \"true\"; it is no longer possible to create a legacy wallet.")
	}
	if o.LoadOnStartup, err = optBool(r.Arg(6)); err != nil {
		return nil, err
	}
	if ext, _ := boolArg(r.Arg(7), false); ext {
		return nil, rs.NewError(rs.WalletError, "Compiled without external signing support (required for external signing)")
	}
	if !isNull(r.Arg(3)) && o.Passphrase == "" {
		// Core: an empty passphrase creates an unencrypted wallet, with a warning.
		w, err := s.m.Create(r.Context, name, o)
		if err != nil {
			return nil, walletErr(err)
		}
		res := loadResult(w)
		res.PushKV("warnings", univalue.NewArray(univalue.NewString("Empty string given as passphrase, wallet will not be encrypted.")))
		return res, nil
	}
	w, err := s.m.Create(r.Context, name, o)
	if err != nil {
		return nil, walletErr(err)
	}
	if o.Passphrase != "" {
		if err := w.Encrypt(o.Passphrase); err != nil {
			return nil, rs.NewError(rs.WalletEncryptionFailed, "Error: Wallet created but failed to encrypt: %v", err)
		}
	}
	return loadResult(w), nil
}

func (s *Server) loadwallet(r *rs.Request) (any, error) {
	name, err := strArg(r.Arg(0), "")
	if err != nil {
		return nil, err
	}
	los, err := optBool(r.Arg(1))
	if err != nil {
		return nil, err
	}
	w, err := s.m.Load(r.Context, name, los)
	if err != nil {
		return nil, walletErr(err)
	}
	return loadResult(w), nil
}

func (s *Server) unloadwallet(r *rs.Request) (any, error) {
	name, err := strArg(r.Arg(0), "")
	if err != nil {
		return nil, err
	}
	if uriName, ok := rs.WalletNameFromURI(r.URI); ok {
		if r.Arg(0) != nil && name != uriName {
			return nil, rs.NewError(rs.InvalidParameter, "RPC endpoint wallet and wallet_name parameter specify different wallets")
		}
		name = uriName
	} else if isNull(r.Arg(0)) {
		return nil, rs.NewError(rs.InvalidParameter, "Either the RPC endpoint wallet or the wallet name parameter must be provided")
	}
	los, err := optBool(r.Arg(1))
	if err != nil {
		return nil, err
	}
	if err := s.m.Unload(r.Context, name, los); err != nil {
		return nil, walletErr(err)
	}
	return univalue.NewObject(), nil
}

func (s *Server) getwalletinfo(r *rs.Request) (any, error) {
	w, err := s.synced(r)
	if err != nil {
		return nil, err
	}
	in := w.Info()
	o := univalue.NewObject()
	o.PushKV("walletname", univalue.NewString(in.Name))
	o.PushKV("walletversion", univalue.NewInt(169900))
	o.PushKV("format", univalue.NewString("sqlite"))
	o.PushKV("txcount", univalue.NewInt(int64(in.TxCount)))
	o.PushKV("keypoolsize", univalue.NewInt(int64(in.KeypoolSize)))
	o.PushKV("keypoolsize_hd_internal", univalue.NewInt(int64(in.KeypoolSizeInt)))
	if until, ok := w.UnlockedUntil(); ok {
		o.PushKV("unlocked_until", univalue.NewInt(until))
	}
	o.PushKV("paytxfee", rs.ValueFromAmount(w.PayTxFee()))
	o.PushKV("private_keys_enabled", univalue.NewBool(in.Flags&engine.FlagDisablePrivateKeys == 0))
	o.PushKV("avoid_reuse", univalue.NewBool(in.Flags&engine.FlagAvoidReuse != 0))
	if st, ok := w.Scanning(); ok {
		sc := univalue.NewObject()
		sc.PushKV("duration", univalue.NewInt(int64(st.Duration.Seconds())))
		sc.PushKV("progress", univalue.NewNumber(strconv.FormatFloat(st.Progress, 'f', -1, 64)))
		o.PushKV("scanning", sc)
	} else {
		o.PushKV("scanning", univalue.NewBool(false))
	}
	o.PushKV("descriptors", univalue.NewBool(true))
	o.PushKV("external_signer", univalue.NewBool(in.Flags&engine.FlagExternalSigner != 0))
	o.PushKV("blank", univalue.NewBool(in.Flags&engine.FlagBlankWallet != 0))
	flags := univalue.NewArray()
	for _, f := range engine.FlagNames(in.Flags) {
		flags.Push(univalue.NewString(f))
	}
	o.PushKV("flags", flags)
	if in.Birth > 0 {
		o.PushKV("birthtime", univalue.NewInt(in.Birth))
	}
	lb := univalue.NewObject()
	lb.PushKV("hash", univalue.NewString(in.LastProcessedHash.String()))
	lb.PushKV("height", univalue.NewInt(int64(in.LastProcessedHeight)))
	o.PushKV("lastprocessedblock", lb)
	return o, nil
}
