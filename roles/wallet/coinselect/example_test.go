package coinselect_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/wallet/coinselect"
)

// A wallet funding a 0.5 BTC payment to one P2WPKH output at 10 sat/vB: the
// two confirmed coins cover it with 220 sat to spare, less than the cost of a
// change output, so Branch and Bound's changeless solution wins and the
// unconfirmed change is left alone.
func ExampleSelectWithFilters() {
	coins := []coinselect.Coin{
		{OutPoint: wire.OutPoint{Index: 0}, Value: 30_000_000, InputVSize: 68, Depth: 10},
		{OutPoint: wire.OutPoint{Index: 1}, Value: 20_002_000, InputVSize: 68, Depth: 10},
		{OutPoint: wire.OutPoint{Index: 2}, Value: 90_000_000, InputVSize: 68, Depth: 0, FromMe: true},
	}
	res, err := coinselect.SelectWithFilters(coins, 50_000_000, coinselect.Params{
		FeeRate:           10_000, // sat/kvB
		LongTermFeeRate:   10_000,
		DiscardFeeRate:    10_000,
		TxNoInputsVSize:   10 + 1 + 31, // header, output count, one P2WPKH output
		ChangeOutputVSize: 31,
		ChangeSpendVSize:  68,
		Rand:              rand.New(rand.NewPCG(1, 2)),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Algorithm, len(res.Inputs), res.Fee, res.Change, res.Waste)
	// Output:
	// bnb 2 1780 0 220
}
