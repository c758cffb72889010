package chain

import (
	"errors"
	"math"
	"time"
)

// maxTipAge is Core's DEFAULT_MAX_TIP_AGE (-maxtipage).
const maxTipAge = 24 * time.Hour

// IsInitialBlockDownload is Core's ChainstateManager::IsInitialBlockDownload:
// true while the tip has less than the chain's minimum work or is older
// than the maximum tip age (24 h) by the node's clock; once false it stays
// false (Core latches it) until the node restarts. A fresh regtest chain
// (genesis from 2011) is therefore in IBD until a block with a recent time
// is connected.
func (c *Chain) IsInitialBlockDownload() bool {
	if c.ibdDone.Load() {
		return false
	}
	tip := c.bc.BestSnapshot()
	hdr, err := c.bc.HeaderByHash(&tip.Hash)
	if err != nil {
		return true
	}
	if work, err := c.ChainWork(tip.Hash); err != nil || work.Cmp(dataFor(c.Params).minChainWork) < 0 {
		return true
	}
	if hdr.Timestamp.Before(c.Clock.Now().Add(-maxTipAge)) {
		return true
	}
	c.ibdDone.Store(true)
	return false
}

// VerificationProgress is Core's GuessVerificationProgress for the tip:
// the share of all transactions (extrapolated to now from the chain's
// transaction statistics) the tip's chain holds; always 1 on regtest.
func (c *Chain) VerificationProgress() float64 {
	tip := c.bc.BestSnapshot()
	if tip.TotalTxns == 0 {
		return 0
	}
	hdr, err := c.bc.HeaderByHash(&tip.Hash)
	if err != nil {
		return 0
	}
	now := c.Clock.Now().Unix()
	blockTime := hdr.Timestamp.Unix()
	// Close to the best header, Core counts from heights instead of the
	// miner-set time, so the value is quantized near 1.
	if _, bestHeight := c.bc.BestHeader(); abs64(now-blockTime) <= 2*3600 && bestHeight >= tip.Height {
		blockTime = now - int64(bestHeight-tip.Height)*int64(c.Params.TargetTimePerBlock/time.Second)
	}
	d := dataFor(c.Params)
	count := float64(tip.TotalTxns)
	var total float64
	if int64(tip.TotalTxns) <= d.txCount {
		total = float64(d.txCount) + float64(now-d.txTime)*d.txRate
	} else {
		total = count + float64(now-blockTime)*d.txRate
	}
	return math.Min(count/total, 1)
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// maxFutureBlockTime is Core's MAX_FUTURE_BLOCK_TIME.
const maxFutureBlockTime = 2 * time.Hour

// ErrFutureTip is Core's start-up failure when the stored tip is more than
// two hours ahead of the node's clock (VerifyLoadedChainstate).
var ErrFutureTip = errors.New("The block database contains a block which appears to be from the future." +
	" This may be due to your computer's date and time being set incorrectly." +
	" Only rebuild the block database if you are sure that your computer's date and time are correct.\n" +
	"Please restart with -reindex or -reindex-chainstate to recover.")

func (c *Chain) checkFutureTip() error {
	tip := c.bc.BestSnapshot()
	hdr, err := c.bc.HeaderByHash(&tip.Hash)
	if err != nil {
		return err
	}
	if hdr.Timestamp.After(c.Clock.Now().Add(maxFutureBlockTime)) {
		return ErrFutureTip
	}
	return nil
}
