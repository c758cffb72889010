package mempool

import (
	"math"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/btcutil/v2"
	btcdpool "github.com/btcsuite/btcd/mempool"
)

// MaxEstimateTarget is the longest confirmation target btcd's fee
// estimator tracks (Core's tracks up to 1008 blocks).
const MaxEstimateTarget = 25

func newFeeEstimator() *btcdpool.FeeEstimator {
	return btcdpool.NewFeeEstimator(btcdpool.DefaultEstimateFeeMaxRollback, btcdpool.DefaultEstimateFeeMinRegisteredBlocks)
}

// trackFees feeds connected blocks to the fee estimator and rolls
// disconnected ones back; the pool reports accepted transactions to it.
func (p *Pool) trackFees(n *blockchain.Notification) {
	blk, ok := n.Data.(*btcutil.Block)
	if !ok {
		return
	}
	switch n.Type {
	case blockchain.NTBlockConnected:
		_ = p.fees.RegisterBlock(blk) // an unrecorded gap leaves the last estimates in place
	case blockchain.NTBlockDisconnected:
		_ = p.fees.Rollback(blk.Hash())
	}
}

// EstimateFee is btcd's estimate of the fee rate, in sat/kvB, that gets
// a transaction confirmed within target blocks (1 to MaxEstimateTarget);
// ok is false while too few blocks or transactions were seen.
func (p *Pool) EstimateFee(target uint32) (satPerKvB int64, ok bool) {
	rate, err := p.fees.EstimateFee(target)
	if err != nil || rate <= 0 || math.IsInf(float64(rate), 0) {
		return 0, false
	}
	return int64(math.Round(float64(rate) * btcutil.SatoshiPerBitcoin)), true
}
