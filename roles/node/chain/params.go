// Package chain owns the node's chain state: Core's chain parameters on
// btcd's chaincfg, btcd's blockchain on an ffldb database stored under the
// network datadir's blocks/ (Core's test framework keeps only blocks/,
// chainstate/ and indexes/), a mockable clock, and regtest block
// generation. Consensus is btcd's; this package only wires it.
//
// # Chain parameters compared with Bitcoin Core v30
//
// Params starts from btcd v0.26.2's chaincfg/v2 parameters, which already
// match Core's genesis blocks, message start bytes, default P2P ports
// (8333, 18333, 48333, 38333, 18444), address prefixes and bech32 HRPs
// (bc, tb, tb, tb, bcrt), proof-of-work limits, subsidy halving intervals
// (210000; regtest 150), coinbase maturity (100) and BIP34/65/66 heights
// (regtest, testnet4 and signet: 1). What differs, and what this package
// does about it:
//
//   - Regtest deployments: btcd defines two test deployments Core does not
//     have (bit 22 "testdummyminactivation" and bit 30
//     "testdummyalwaysactive"). They would make btcd's block version
//     computation signal bits Core never signals, so Params("regtest")
//     returns a copy with both set never to start. Core's "testdummy" (bit
//     28, period 144, threshold 108) is kept, so generated blocks carry
//     version 0x30000000 from height 144 until it activates at 432, as
//     Core's miner does.
//   - CSV and segwit on main and testnet3 are BIP9 deployments in btcd and
//     buried heights in Core (419328/481824 and 770112/834624). Both give
//     the same activation on the real chains. On regtest btcd activates CSV
//     and segwit from height 1 (Core: CSV 1, segwit 0); the genesis block
//     has no spends, so the rules are the same.
//   - Regtest's target timespan is 14 days in btcd and one day in Core;
//     unused, as regtest never retargets (PoWNoRetargeting in both).
//   - btcd keeps checkpoints for main and testnet3; Core v30 has none. They
//     only reject forks below them.
//   - btcd has no minimum chain work, assumed-valid block or chain
//     transaction statistics; Core's values are in coreData below and are
//     used for initialblockdownload and verificationprogress (not for
//     skipping script checks).
//   - Signet: btcd does not check the signet block solution (challenge);
//     blocks are validated like testnet4's without it.
//   - Regtest's CSV and segwit deployments never start voting (Core buries
//     them); they are forced active from height 1, or from the height
//     -testactivationheight gives (RegtestParams). btcd cannot force a
//     rule for the genesis block, so segwit@0 means height 1 (same rules).
//   - Regtest options Core has beyond -testactivationheight (-vbparams,
//     -fastprune, -test=bip94) are not supported.
package chain

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/btcsuite/btcd/chaincfg/v2"
)

// Params returns the consensus parameters for a Core chain name: main,
// test (testnet3), testnet4, signet or regtest. Each call returns a copy
// the caller may keep.
func Params(chain string) (*chaincfg.Params, error) {
	var p chaincfg.Params
	switch chain {
	case "main":
		p = chaincfg.MainNetParams
	case "test":
		p = chaincfg.TestNet3Params
	case "testnet4":
		p = chaincfg.TestNet4Params
	case "signet":
		p = chaincfg.SigNetParams
	case "regtest":
		return RegtestParams(RegtestOptions{})
	default:
		return nil, fmt.Errorf("unknown chain %q", chain)
	}
	return &p, nil
}

// RegtestOptions are Core's regtest-only chain options.
type RegtestOptions struct {
	// ActivationHeights are -testactivationheight values, "name@height"
	// with name one of segwit, bip34, dersig, cltv, csv.
	ActivationHeights []string
}

// never is a deployment start that is never reached.
var never = chaincfg.NewMedianTimeDeploymentStarter(time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC))

// RegtestParams returns regtest's parameters with Core's regtest options
// applied. Errors carry Core's messages (shown after "Error: ").
func RegtestParams(opts RegtestOptions) (*chaincfg.Params, error) {
	p := chaincfg.RegressionNetParams
	// btcd's extra test deployments never start (see the package doc).
	for _, id := range []int{chaincfg.DeploymentTestDummyMinActivation, chaincfg.DeploymentTestDummyAlwaysActive} {
		d := &p.Deployments[id]
		d.DeploymentStarter = never
		d.AlwaysActiveHeight = 0
	}
	// CSV and segwit are buried in Core: active from their height, never
	// voted on, so btcd must not signal or count their bits.
	for _, id := range []int{chaincfg.DeploymentCSV, chaincfg.DeploymentSegwit} {
		p.Deployments[id].DeploymentStarter = never
	}
	for _, arg := range opts.ActivationHeights {
		name, value, ok := strings.Cut(arg, "@")
		if !ok {
			return nil, fmt.Errorf("Invalid format (%s) for -testactivationheight=name@height.", arg)
		}
		h, err := strconv.ParseInt(value, 10, 32)
		if err != nil || h < 0 || h >= math.MaxInt32 || strings.HasPrefix(value, "+") {
			return nil, fmt.Errorf("Invalid height value (%s) for -testactivationheight=name@height.", arg)
		}
		// btcd cannot force a deployment for the genesis block; height 1
		// is the same rule set, as genesis has no spends.
		forced := uint32(max(h, 1))
		switch name {
		case "segwit":
			p.Deployments[chaincfg.DeploymentSegwit].AlwaysActiveHeight = forced
		case "csv":
			p.Deployments[chaincfg.DeploymentCSV].AlwaysActiveHeight = forced
		case "bip34":
			p.BIP0034Height = int32(h)
		case "dersig":
			p.BIP0066Height = int32(h)
		case "cltv":
			p.BIP0065Height = int32(h)
		default:
			return nil, fmt.Errorf("Invalid name (%s) for -testactivationheight=name@height.", arg)
		}
	}
	return &p, nil
}

// BuriedHeights returns Core's buried deployment heights for params (bip34,
// dersig, cltv, csv, segwit), including -testactivationheight overrides.
func BuriedHeights(p *chaincfg.Params) map[string]int32 {
	out := map[string]int32{}
	switch p.Name {
	case "mainnet":
		out = map[string]int32{"bip34": 227931, "dersig": 363725, "cltv": 388381, "csv": 419328, "segwit": 481824}
	case "testnet3":
		out = map[string]int32{"bip34": 21111, "dersig": 330776, "cltv": 581885, "csv": 770112, "segwit": 834624}
	case "testnet4", "signet":
		out = map[string]int32{"bip34": 1, "dersig": 1, "cltv": 1, "csv": 1, "segwit": 1}
	case "regtest":
		// Read back what RegtestParams set (-testactivationheight).
		out = map[string]int32{"bip34": p.BIP0034Height, "dersig": p.BIP0066Height, "cltv": p.BIP0065Height, "csv": 1, "segwit": 0}
		if h := p.Deployments[chaincfg.DeploymentCSV].AlwaysActiveHeight; h > 1 {
			out["csv"] = int32(h)
		}
		if h := p.Deployments[chaincfg.DeploymentSegwit].AlwaysActiveHeight; h > 1 {
			out["segwit"] = int32(h)
		}
	}
	return out
}

// chainData is what Core's chain parameters have beyond btcd's: minimum
// chain work (IBD) and the transaction statistics verificationprogress
// extrapolates from (ChainTxData).
type chainData struct {
	minChainWork *big.Int
	txTime       int64   // ChainTxData.nTime
	txCount      int64   // ChainTxData.tx_count
	txRate       float64 // ChainTxData.dTxRate, transactions per second
}

func hexBig(s string) *big.Int {
	n, ok := new(big.Int).SetString(s, 16)
	if !ok {
		panic("bad hex " + s)
	}
	return n
}

// coreData holds Core v30's values (src/kernel/chainparams.cpp) by network
// name as btcd spells it.
var coreData = map[string]chainData{
	"mainnet":  {hexBig("dee8e2a309ad8a9820433c68"), 1756722903, 1235299397, 5.456290459519495},
	"testnet3": {hexBig("16dd270dd94fac1d7632"), 1751816758, 508468699, 7.172978845985714},
	"testnet4": {hexBig("34a4690fe592dc49c7c"), 1752470331, 11414302, 0.2842619757327476},
	"signet":   {hexBig("67d328e681a"), 1756723017, 26185472, 0.7452721495389969},
	"regtest":  {new(big.Int), 0, 0, 0},
}

func dataFor(p *chaincfg.Params) chainData {
	if d, ok := coreData[p.Name]; ok {
		return d
	}
	return coreData["regtest"]
}
