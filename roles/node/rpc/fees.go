package rpc

import (
	"strings"

	"github.com/mpbitcoin/mpbitcoin/roles/node/mempool"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// feeModesDetail is Core's FeeModesDetail("default mode will be used").
const feeModesDetail = "unset, economical, conservative \n" +
	"unset means no mode set (default mode will be used). \n" +
	"economical estimates use a shorter time horizon, making them more\n" +
	"responsive to short-term drops in the prevailing fee market. This mode\n" +
	"potentially returns a lower fee rate estimate.\n" +
	"conservative estimates use a longer time horizon, making them\n" +
	"less responsive to short-term drops in the prevailing fee market. This mode\n" +
	"potentially returns a higher fee rate estimate.\n"

func (n *Node) estimatesmartfeeCommand() rs.Command {
	return rs.Command{Name: "estimatesmartfee", Category: "util",
		Help: "Estimates the approximate fee per kilobyte needed for a transaction to begin\n" +
			"confirmation within conf_target blocks if possible and return the number of blocks\n" +
			"for which the estimate is valid. Uses virtual transaction size as defined\n" +
			"in BIP 141 (witness data is discounted).",
		Args: []rs.Arg{
			{Name: "conf_target", Type: rs.ArgNumber, Help: "Confirmation target in blocks (1 - 1008)"},
			{Name: "estimate_mode", Type: rs.ArgString, Default: `"economical"`, Help: "The fee estimate mode.\n" + feeModesDetail},
		},
		ResultDocs: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
			{Type: rs.ResNum, Key: "feerate", Optional: true, Help: "estimate fee rate in BTC/kvB (only present if no errors were encountered)"},
			{Type: rs.ResArr, Key: "errors", Optional: true, Help: "Errors encountered during processing (if there are any)", Inner: []rs.ResultDoc{{Type: rs.ResStr, Help: "error"}}},
			{Type: rs.ResNum, Key: "blocks", Help: "block number where estimate was found\n" +
				"The request target will be clamped between 2 and the highest target\n" +
				"fee estimation is able to return based on how long it has been running.\n" +
				"An error is returned if not enough transactions and blocks\n" +
				"have been observed to make an estimate for any number of blocks."},
		}}},
		Examples: ex("estimatesmartfee", "6"),
		Handler: func(r *rs.Request) (any, error) {
			target, err := intArg(r.Arg(0), 0)
			if err != nil {
				return nil, err
			}
			if target < 1 || target > 1008 {
				return nil, rs.NewError(rs.InvalidParameter, "Invalid conf_target, must be between 1 and 1008")
			}
			if raw := r.Arg(1); raw != nil {
				mode, err := stringArg(raw)
				if err != nil {
					return nil, err
				}
				switch strings.ToLower(mode) {
				case "unset", "economical", "conservative":
				default:
					return nil, rs.NewError(rs.InvalidParameter, "Invalid estimate_mode parameter, must be one of: \"unset\", \"economical\", \"conservative\"")
				}
			}
			// As Core, a target of 1 is answered for 2; beyond what the
			// estimator tracks (btcd's: 25 blocks) the longest it has.
			blocks := min(max(target, 2), mempool.MaxEstimateTarget)
			o := univalue.NewObject()
			rate, ok := int64(0), false
			if n.Pool != nil {
				rate, ok = n.Pool.EstimateFee(uint32(blocks))
			}
			if ok {
				o.PushKV("feerate", rs.ValueFromAmount(max(rate, mempool.MinRelayFeePerKvB)))
			} else {
				o.PushKV("errors", univalue.NewArray(univalue.NewString("Insufficient data or no feerate found")))
			}
			o.PushKV("blocks", univalue.NewInt(blocks))
			return o, nil
		}}
}
