package config

import "fmt"

// Chain names as Core's ChainTypeToString gives them.
const (
	ChainMain     = "main"
	ChainTestnet  = "test"
	ChainTestnet4 = "testnet4"
	ChainSignet   = "signet"
	ChainRegtest  = "regtest"
)

// ChainParams gives the per-chain constants roles need now (Core's
// CBaseChainParams plus the default P2P port).
type ChainParams struct {
	Name       string // "main", "test", "testnet4", "signet", "regtest"
	DataSubdir string // network subdirectory of the datadir; "" for main
	P2PPort    uint16
	RPCPort    uint16
}

// Params returns the constants of a chain named as -chain accepts it.
func Params(chain string) (ChainParams, error) {
	switch chain {
	case ChainMain:
		return ChainParams{Name: ChainMain, DataSubdir: "", P2PPort: 8333, RPCPort: 8332}, nil
	case ChainTestnet:
		return ChainParams{Name: ChainTestnet, DataSubdir: "testnet3", P2PPort: 18333, RPCPort: 18332}, nil
	case ChainTestnet4:
		return ChainParams{Name: ChainTestnet4, DataSubdir: "testnet4", P2PPort: 48333, RPCPort: 48332}, nil
	case ChainSignet:
		return ChainParams{Name: ChainSignet, DataSubdir: "signet", P2PPort: 38333, RPCPort: 38332}, nil
	case ChainRegtest:
		return ChainParams{Name: ChainRegtest, DataSubdir: "regtest", P2PPort: 18444, RPCPort: 18443}, nil
	}
	return ChainParams{}, newError(fmt.Sprintf("Unknown chain %s.", chain))
}

// Chains lists the chain names in Core's LIST_CHAIN_NAMES order.
func Chains() []string {
	return []string{ChainMain, ChainTestnet, ChainTestnet4, ChainSignet, ChainRegtest}
}

// errChainCombination is Core's message for conflicting chain options.
const errChainCombination = "Invalid combination of -regtest, -signet, -testnet, -testnet4 and -chain. Can use at most one."

// chainArg is Core's GetChainArg/GetChainTypeString: the chain name (or the
// unknown -chain value as given), or an error for conflicting options.
func (a *Args) chainArg() (string, error) {
	getNet := func(name string) bool {
		v := a.s.getSetting("", name, false, false, true)
		b, _ := settingToBool(v)
		return b
	}
	regtest := getNet("regtest")
	signet := getNet("signet")
	testnet := getNet("testnet")
	testnet4 := getNet("testnet4")
	chain, hasChain := settingToString(a.setting("chain"))
	n := 0
	for _, b := range []bool{hasChain, regtest, signet, testnet, testnet4} {
		if b {
			n++
		}
	}
	if n > 1 {
		return "", newError(errChainCombination)
	}
	switch {
	case hasChain:
		return chain, nil
	case regtest:
		return ChainRegtest, nil
	case signet:
		return ChainSignet, nil
	case testnet:
		return ChainTestnet, nil
	case testnet4:
		return ChainTestnet4, nil
	}
	return ChainMain, nil
}

// Chain returns the selected chain: "main", "test", "testnet4", "signet" or
// "regtest"; for an unknown -chain=foo it returns "foo", and "" when the
// chain options conflict. ChainErr tells which.
func (a *Args) Chain() string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	c, _ := a.chainArg()
	return c
}

// ChainErr returns Core's error for the chain options: "Invalid combination
// of -regtest, -signet, -testnet, -testnet4 and -chain. Can use at most
// one." or "Unknown chain foo.", or nil.
func (a *Args) ChainErr() error {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.chainErrLocked()
}

func (a *Args) chainErrLocked() error {
	c, err := a.chainArg()
	if err != nil {
		return err
	}
	_, err = Params(c)
	return err
}

// ChainParams returns the constants of the selected chain.
func (a *Args) ChainParams() (ChainParams, error) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	c, err := a.chainArg()
	if err != nil {
		return ChainParams{}, err
	}
	return Params(c)
}

// SelectNetwork selects whose config-file section applies (Core's
// SelectConfigNetwork). ReadConfig does this; roles need it only when they
// build an Args without reading a config file.
func (a *Args) SelectNetwork(chain string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.network = chain
}

// Network returns the chain whose config-file section applies ("" before
// ReadConfig).
func (a *Args) Network() string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.network
}
