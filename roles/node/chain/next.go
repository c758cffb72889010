package chain

import (
	"math/big"
	"time"

	"github.com/btcsuite/btcd/chainhash/v2"
)

// NextBlock returns the height and the required bits of an empty block
// built on the tip now (Core's NextEmptyBlockIndex): its time is the
// later of the clock and the tip's median time past plus one second.
func (c *Chain) NextBlock() (height int32, bits uint32, err error) {
	tip := c.bc.BestSnapshot()
	ts := c.Clock.Now().Truncate(time.Second)
	if mtp := tip.MedianTime.Add(time.Second); ts.Before(mtp) {
		ts = mtp
	}
	bits, err = c.bc.CalcNextRequiredDifficulty(ts)
	return tip.Height + 1, bits, err
}

// RetargetInterval is Core's DifficultyAdjustmentInterval: 2016 blocks,
// and 144 on regtest (Core's regtest target timespan is one day; btcd's
// is two weeks, which does not matter to btcd as regtest never retargets).
func (c *Chain) RetargetInterval() int32 {
	if c.Params.Name == "regtest" {
		return 144
	}
	return int32(c.Params.TargetTimespan / c.Params.TargetTimePerBlock)
}

// NetworkHashPS is Core's GetNetworkHashPS for the main-chain block at
// height (-1: the tip) over lookup blocks (-1: since the last difficulty
// change). Callers check the arguments' ranges.
func (c *Chain) NetworkHashPS(lookup, height int32) (float64, error) {
	if height < 0 {
		height = c.Tip().Height
	}
	if height == 0 {
		return 0, nil
	}
	if lookup == -1 {
		lookup = height%c.RetargetInterval() + 1
	}
	lookup = min(lookup, height)
	hash, err := c.bc.BlockHashByHeight(height)
	if err != nil {
		return 0, err
	}
	hdr, err := c.bc.HeaderByHash(hash)
	if err != nil {
		return 0, err
	}
	minTime, maxTime := hdr.Timestamp.Unix(), hdr.Timestamp.Unix()
	var first chainhash.Hash
	for i, h := int32(0), hdr; i < lookup; i++ {
		first = h.PrevBlock
		if h, err = c.bc.HeaderByHash(&first); err != nil {
			return 0, err
		}
		minTime, maxTime = min(minTime, h.Timestamp.Unix()), max(maxTime, h.Timestamp.Unix())
	}
	if minTime == maxTime {
		return 0, nil
	}
	end, err := c.ChainWork(*hash)
	if err != nil {
		return 0, err
	}
	start, err := c.ChainWork(first)
	if err != nil {
		return 0, err
	}
	diff, _ := new(big.Float).SetInt(new(big.Int).Sub(end, start)).Float64()
	return diff / float64(maxTime-minTime), nil
}
