package chain

import (
	"context"
	"testing"
	"time"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/chaincfg/v2"
)

func TestParamsMatchCore(t *testing.T) {
	cases := []struct {
		chain, genesis, port, hrp string
		halving                   int32
	}{
		{"main", "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f", "8333", "bc", 210000},
		{"test", "000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943", "18333", "tb", 210000},
		{"testnet4", "00000000da84f2bafbbc53dee25a72ae507ff4914b867c565be350b0da8bf043", "48333", "tb", 210000},
		{"signet", "00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6", "38333", "tb", 210000},
		{"regtest", "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206", "18444", "bcrt", 150},
	}
	for _, tc := range cases {
		p, err := Params(tc.chain)
		if err != nil {
			t.Fatal(err)
		}
		if p.GenesisHash.String() != tc.genesis || p.DefaultPort != tc.port || p.Bech32HRPSegwit != tc.hrp || p.SubsidyReductionInterval != tc.halving {
			t.Errorf("%s: genesis %s port %s hrp %s halving %d", tc.chain, p.GenesisHash, p.DefaultPort, p.Bech32HRPSegwit, p.SubsidyReductionInterval)
		}
	}
	if _, err := Params("simnet"); err == nil {
		t.Error("simnet is not a Core chain")
	}
	// Params returns copies: the regtest fix-up leaves btcd's globals alone.
	if chaincfg.RegressionNetParams.Deployments[chaincfg.DeploymentTestDummyAlwaysActive].AlwaysActiveHeight != 1 {
		t.Error("btcd's RegressionNetParams were modified")
	}
	p, _ := Params("regtest")
	if p.BIP0034Height != 1 || p.BIP0065Height != 1 || p.BIP0066Height != 1 || p.PubKeyHashAddrID != 0x6f {
		t.Errorf("regtest BIP heights / prefixes: %+v", p)
	}
}

// Core's regtest miner signals testdummy (bit 28) from the second period
// (height 144) until it activates at 432; segwit and taproot are active
// from the start.
func TestRegtestVersionBits(t *testing.T) {
	c := openRegtest(t, t.TempDir(), &Clock{})
	defer c.Close()
	hashes, err := c.Generate(context.Background(), 433, opTrue(t), 1<<32)
	if err != nil {
		t.Fatal(err)
	}
	for height, want := range map[int]int32{1: 0x20000000, 143: 0x20000000, 144: 0x30000000, 431: 0x30000000, 432: 0x20000000} {
		hdr, _ := c.HeaderByHash(&hashes[height-1])
		if hdr.Version != want {
			t.Errorf("block %d version %#x, want %#x", height, hdr.Version, want)
		}
	}
	for _, d := range []uint32{chaincfg.DeploymentSegwit, chaincfg.DeploymentTaproot, chaincfg.DeploymentCSV, chaincfg.DeploymentTestDummy} {
		if st, err := c.BlockChain().ThresholdState(d); err != nil || st != blockchain.ThresholdActive {
			t.Errorf("deployment %d: %v %v", d, st, err)
		}
	}
}

func TestIBDLatchAndProgress(t *testing.T) {
	clock := &Clock{}
	c := openRegtest(t, t.TempDir(), clock)
	defer c.Close()
	if !c.IsInitialBlockDownload() || c.VerificationProgress() != 1 {
		t.Fatalf("fresh regtest: ibd %v progress %v", c.IsInitialBlockDownload(), c.VerificationProgress())
	}
	// Blocks mined at an old mock time (the framework's cache chain) leave
	// the node in IBD once the clock is back to real time.
	clock.SetMock(c.Params.GenesisBlock.Header.Timestamp.Unix() + 600)
	if _, err := c.Generate(context.Background(), 2, opTrue(t), 1<<32); err != nil {
		t.Fatal(err)
	}
	clock.SetMock(time.Now().Unix())
	if !c.IsInitialBlockDownload() {
		t.Fatal("old tip must be IBD")
	}
	clock.SetMock(0)
	if _, err := c.Generate(context.Background(), 1, opTrue(t), 1<<32); err != nil {
		t.Fatal(err)
	}
	if c.IsInitialBlockDownload() {
		t.Fatal("recent tip must leave IBD")
	}
	// Latched: a later clock jump does not bring IBD back.
	clock.SetMock(4000000000)
	if c.IsInitialBlockDownload() {
		t.Error("IBD must latch to false")
	}
}

func TestTestActivationHeight(t *testing.T) {
	for arg, want := range map[string]string{
		"name@2":    "Invalid name (name@2) for -testactivationheight=name@height.",
		"bip34@-2":  "Invalid height value (bip34@-2) for -testactivationheight=name@height.",
		"":          "Invalid format () for -testactivationheight=name@height.",
		"csv@+3":    "Invalid height value (csv@+3) for -testactivationheight=name@height.",
		"segwit@1x": "Invalid height value (segwit@1x) for -testactivationheight=name@height.",
	} {
		if _, err := RegtestParams(RegtestOptions{ActivationHeights: []string{arg}}); err == nil || err.Error() != want {
			t.Errorf("%q: %v", arg, err)
		}
	}
	p, err := RegtestParams(RegtestOptions{ActivationHeights: []string{"bip34@2", "dersig@3", "cltv@4", "csv@5", "segwit@6"}})
	if err != nil {
		t.Fatal(err)
	}
	if h := BuriedHeights(p); h["bip34"] != 2 || h["dersig"] != 3 || h["cltv"] != 4 || h["csv"] != 5 || h["segwit"] != 6 {
		t.Errorf("buried %v", h)
	}
	if p.BIP0034Height != 2 || p.BIP0066Height != 3 || p.BIP0065Height != 4 {
		t.Errorf("heights %d %d %d", p.BIP0034Height, p.BIP0066Height, p.BIP0065Height)
	}
	def, _ := Params("regtest")
	if h := BuriedHeights(def); h["segwit"] != 0 || h["csv"] != 1 {
		t.Errorf("default buried %v", h)
	}
	c, err := Open(t.TempDir(), p, &Clock{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for height := 1; height <= 6; height++ {
		// The state is for the next block, at height+0 here.
		st, _ := c.BlockChain().ThresholdState(chaincfg.DeploymentSegwit)
		if (st == blockchain.ThresholdActive) != (height >= 6) {
			t.Errorf("segwit at %d: %v", height, st)
		}
		if _, err := c.Generate(context.Background(), 1, opTrue(t), 1<<32); err != nil {
			t.Fatal(err)
		}
	}
}
