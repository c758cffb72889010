package rpc

import (
	"encoding/json"
	"sort"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/btcutil/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// perUTXOOverhead is Core's PER_UTXO_OVERHEAD: outpoint, height and
// coinbase flag.
const perUTXOOverhead = 36 + 4 + 1

// bip30Repeats are the two mainnet blocks whose coinbases duplicate
// earlier ones (Core's IsBIP30Repeat).
var bip30Repeats = map[int32]string{
	91842: "00000000000a4d0a398161ffc163c503763b1f4360639393e0e4c8e300e0caec",
	91880: "00000000000743f190a18c5577a3c2d2a1f610ae9601ac046a38084ccb7cd721",
}

// blockByHashOrHeight is Core's ParseHashOrHeight.
func (n *Node) blockByHashOrHeight(raw json.RawMessage) (chainhash.Hash, int32, error) {
	if jsonType(raw) == "number" {
		h, err := intArg(raw, 0)
		if err != nil {
			return chainhash.Hash{}, 0, err
		}
		if h != int64(int32(h)) {
			return chainhash.Hash{}, 0, rs.NewError(rs.RPCMiscError, "JSON integer out of range")
		}
		if h < 0 {
			return chainhash.Hash{}, 0, rs.NewError(rs.InvalidParameter, "Target block height %d is negative", h)
		}
		tip := n.Chain.Tip().Height
		if h > int64(tip) {
			return chainhash.Hash{}, 0, rs.NewError(rs.InvalidParameter, "Target block height %d after current tip %d", h, tip)
		}
		hash, err := n.Chain.BlockChain().BlockHashByHeight(int32(h))
		if err != nil {
			return chainhash.Hash{}, 0, rs.NewError(rs.InvalidParameter, "Target block height %d after current tip %d", h, tip)
		}
		return *hash, int32(h), nil
	}
	hash, err := hashArg(raw, "hash_or_height")
	if err != nil {
		return chainhash.Hash{}, 0, err
	}
	height, err := n.Chain.Height(hash)
	if err != nil {
		return chainhash.Hash{}, 0, errBlockNotFound()
	}
	return hash, height, nil
}

func txOutSize(o *wire.TxOut) int64 { return int64(o.SerializeSize()) }

// truncatedMedian is Core's CalculateTruncatedMedian.
func truncatedMedian(v []int64) int64 {
	if len(v) == 0 {
		return 0
	}
	sort.Slice(v, func(i, j int) bool { return v[i] < v[j] })
	if len(v)%2 == 0 {
		return (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	return v[len(v)/2]
}

type feeRateWeight struct{ rate, weight int64 }

// percentilesByWeight is Core's CalculatePercentilesByWeight.
func percentilesByWeight(scores []feeRateWeight, totalWeight int64) [5]int64 {
	var out [5]int64
	if len(scores) == 0 {
		return out
	}
	sort.Slice(scores, func(i, j int) bool {
		if scores[i].rate != scores[j].rate {
			return scores[i].rate < scores[j].rate
		}
		return scores[i].weight < scores[j].weight
	})
	tw := float64(totalWeight)
	marks := [5]float64{tw / 10, tw / 4, tw / 2, tw * 3 / 4, tw * 9 / 10}
	next, cum := 0, int64(0)
	for _, s := range scores {
		cum += s.weight
		for next < 5 && float64(cum) >= marks[next] {
			out[next] = s.rate
			next++
		}
	}
	for ; next < 5; next++ {
		out[next] = scores[len(scores)-1].rate
	}
	return out
}

// blockStats computes every statistic of Core's getblockstats.
func (n *Node) blockStats(hash chainhash.Hash, height int32) (univalue.Value, error) {
	c := n.Chain
	blk, err := c.BlockByHash(&hash)
	if err != nil {
		return univalue.Value{}, rs.NewError(rs.RPCMiscError, "Block not available (not fully downloaded)")
	}
	var spent []blockchain.SpentTxOut
	if height > 0 {
		if !c.OnMainChain(&hash) {
			return univalue.Value{}, rs.NewError(rs.RPCMiscError, "Undo data not available")
		}
		if spent, err = c.BlockChain().FetchSpendJournal(blk); err != nil {
			return univalue.Value{}, rs.NewError(rs.RPCMiscError, "Can't read undo data from disk")
		}
	}
	bip30 := bip30Repeats[height] == hash.String()
	const maxMoney = 21000000 * btcutil.SatoshiPerBitcoin
	var (
		maxfee, maxfeerate                          int64
		minfee, minfeerate                          = int64(maxMoney), int64(maxMoney)
		totalOut, totalfee, inputs, outputs         int64
		maxtxsize, mintxsize                        = int64(0), int64(-1)
		swSize, swWeight, swtxs, totalSize, totalWt int64
		utxos, utxoSizeInc, utxoSizeIncActual       int64
		fees, sizes                                 []int64
		rates                                       []feeRateWeight
	)
	for i, tx := range blk.MsgBlock().Transactions {
		outputs += int64(len(tx.TxOut))
		var txOut int64
		for _, o := range tx.TxOut {
			txOut += o.Value
			sz := txOutSize(o) + perUTXOOverhead
			utxoSizeInc += sz
			if height == 0 || (bip30 && i == 0) || isUnspendable(o.PkScript) {
				continue
			}
			utxos++
			utxoSizeIncActual += sz
		}
		if i == 0 {
			continue
		}
		inputs += int64(len(tx.TxIn))
		totalOut += txOut
		size := int64(tx.SerializeSize())
		sizes = append(sizes, size)
		maxtxsize = max(maxtxsize, size)
		if mintxsize < 0 || size < mintxsize {
			mintxsize = size
		}
		totalSize += size
		weight := blockchain.GetTransactionWeight(btcutil.NewTx(tx))
		totalWt += weight
		if tx.HasWitness() {
			swtxs++
			swSize += size
			swWeight += weight
		}
		var txIn int64
		for range tx.TxIn {
			if len(spent) == 0 {
				return univalue.Value{}, rs.NewError(rs.RPCMiscError, "Can't read undo data from disk")
			}
			prev := spent[0]
			spent = spent[1:]
			txIn += prev.Amount
			sz := txOutSize(&wire.TxOut{Value: prev.Amount, PkScript: prev.PkScript}) + perUTXOOverhead
			utxoSizeInc -= sz
			utxoSizeIncActual -= sz
		}
		fee := txIn - txOut
		fees = append(fees, fee)
		maxfee, minfee = max(maxfee, fee), min(minfee, fee)
		totalfee += fee
		rate := int64(0)
		if weight > 0 {
			rate = fee * blockchain.WitnessScaleFactor / weight
		}
		rates = append(rates, feeRateWeight{rate, weight})
		maxfeerate, minfeerate = max(maxfeerate, rate), min(minfeerate, rate)
	}
	ntx := int64(len(blk.MsgBlock().Transactions))
	div := func(a, b int64) int64 {
		if b == 0 {
			return 0
		}
		return a / b
	}
	orZero := func(v, sentinel int64) int64 {
		if v == sentinel {
			return 0
		}
		return v
	}
	mtp, err := c.MedianTime(&blk.MsgBlock().Header)
	if err != nil {
		return univalue.Value{}, err
	}
	pct := univalue.NewArray()
	for _, p := range percentilesByWeight(rates, totalWt) {
		pct.Push(univalue.NewInt(p))
	}
	o := univalue.NewObject()
	i := univalue.NewInt
	o.PushKV("avgfee", i(div(totalfee, ntx-1)))
	o.PushKV("avgfeerate", i(div(totalfee*blockchain.WitnessScaleFactor, totalWt)))
	o.PushKV("avgtxsize", i(div(totalSize, ntx-1)))
	o.PushKV("blockhash", univalue.NewString(hash.String()))
	o.PushKV("feerate_percentiles", pct)
	o.PushKV("height", i(int64(height)))
	o.PushKV("ins", i(inputs))
	o.PushKV("maxfee", i(maxfee))
	o.PushKV("maxfeerate", i(maxfeerate))
	o.PushKV("maxtxsize", i(maxtxsize))
	o.PushKV("medianfee", i(truncatedMedian(fees)))
	o.PushKV("mediantime", i(mtp.Unix()))
	o.PushKV("mediantxsize", i(truncatedMedian(sizes)))
	o.PushKV("minfee", i(orZero(minfee, maxMoney)))
	o.PushKV("minfeerate", i(orZero(minfeerate, maxMoney)))
	o.PushKV("mintxsize", i(max(mintxsize, 0)))
	o.PushKV("outs", i(outputs))
	o.PushKV("subsidy", i(blockchain.CalcBlockSubsidy(height, c.Params)))
	o.PushKV("swtotal_size", i(swSize))
	o.PushKV("swtotal_weight", i(swWeight))
	o.PushKV("swtxs", i(swtxs))
	o.PushKV("time", i(blk.MsgBlock().Header.Timestamp.Unix()))
	o.PushKV("total_out", i(totalOut))
	o.PushKV("total_size", i(totalSize))
	o.PushKV("total_weight", i(totalWt))
	o.PushKV("totalfee", i(totalfee))
	o.PushKV("txs", i(ntx))
	o.PushKV("utxo_increase", i(outputs-inputs))
	o.PushKV("utxo_size_inc", i(utxoSizeInc))
	o.PushKV("utxo_increase_actual", i(utxos-inputs))
	o.PushKV("utxo_size_inc_actual", i(utxoSizeIncActual))
	return o, nil
}

func (n *Node) getblockstatsCommand() rs.Command {
	num := func(key, help string) rs.ResultDoc {
		return rs.ResultDoc{Type: rs.ResNum, Key: key, Optional: true, Help: help}
	}
	return rs.Command{Name: "getblockstats", Category: "blockchain",
		Help: "Compute per block statistics for a given window. All amounts are in satoshis.\nIt won't work for some heights with pruning.",
		Args: []rs.Arg{
			{Name: "hash_or_height", Type: rs.ArgNumber, SkipTypeCheck: true, TypeStr: [2]string{"", "string or numeric"}, Help: "The block hash or height of the target block"},
			{Name: "stats", Type: rs.ArgArray, Default: "all values", OneLine: "stats", Help: "Values to plot (see result below)", Inner: []rs.Arg{
				{Name: "height", Type: rs.ArgString, Optional: true, Help: "Selected statistic"},
				{Name: "time", Type: rs.ArgString, Optional: true, Help: "Selected statistic"},
			}},
		},
		ResultDocs: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
			num("avgfee", "Average fee in the block"),
			num("avgfeerate", "Average feerate (in satoshis per virtual byte)"),
			num("avgtxsize", "Average transaction size"),
			{Type: rs.ResHex, Key: "blockhash", Optional: true, Help: "The block hash (to check for potential reorgs)"},
			{Type: rs.ResArrFixed, Key: "feerate_percentiles", Optional: true, Help: "Feerates at the 10th, 25th, 50th, 75th, and 90th percentile weight unit (in satoshis per virtual byte)", Inner: []rs.ResultDoc{
				{Type: rs.ResNum, Key: "10th_percentile_feerate", Help: "The 10th percentile feerate"},
				{Type: rs.ResNum, Key: "25th_percentile_feerate", Help: "The 25th percentile feerate"},
				{Type: rs.ResNum, Key: "50th_percentile_feerate", Help: "The 50th percentile feerate"},
				{Type: rs.ResNum, Key: "75th_percentile_feerate", Help: "The 75th percentile feerate"},
				{Type: rs.ResNum, Key: "90th_percentile_feerate", Help: "The 90th percentile feerate"},
			}},
			num("height", "The height of the block"),
			num("ins", "The number of inputs (excluding coinbase)"),
			num("maxfee", "Maximum fee in the block"),
			num("maxfeerate", "Maximum feerate (in satoshis per virtual byte)"),
			num("maxtxsize", "Maximum transaction size"),
			num("medianfee", "Truncated median fee in the block"),
			num("mediantime", "The block median time past"),
			num("mediantxsize", "Truncated median transaction size"),
			num("minfee", "Minimum fee in the block"),
			num("minfeerate", "Minimum feerate (in satoshis per virtual byte)"),
			num("mintxsize", "Minimum transaction size"),
			num("outs", "The number of outputs"),
			num("subsidy", "The block subsidy"),
			num("swtotal_size", "Total size of all segwit transactions"),
			num("swtotal_weight", "Total weight of all segwit transactions"),
			num("swtxs", "The number of segwit transactions"),
			num("time", "The block time"),
			num("total_out", "Total amount in all outputs (excluding coinbase and thus reward [ie subsidy + totalfee])"),
			num("total_size", "Total size of all non-coinbase transactions"),
			num("total_weight", "Total weight of all non-coinbase transactions"),
			num("totalfee", "The fee total"),
			num("txs", "The number of transactions (including coinbase)"),
			num("utxo_increase", "The increase/decrease in the number of unspent outputs (not discounting op_return and similar)"),
			num("utxo_size_inc", "The increase/decrease in size for the utxo index (not discounting op_return and similar)"),
			num("utxo_increase_actual", "The increase/decrease in the number of unspent outputs, not counting unspendables"),
			num("utxo_size_inc_actual", "The increase/decrease in size for the utxo index, not counting unspendables"),
		}}},
		Examples: rs.HelpExampleCli("getblockstats", `'"00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09"' '["minfeerate","avgfeerate"]'`) +
			rs.HelpExampleCli("getblockstats", `1000 '["minfeerate","avgfeerate"]'`) +
			rs.HelpExampleRPC("getblockstats", `"00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09", ["minfeerate","avgfeerate"]`) +
			rs.HelpExampleRPC("getblockstats", `1000, ["minfeerate","avgfeerate"]`),
		Handler: func(r *rs.Request) (any, error) {
			hash, height, err := n.blockByHashOrHeight(r.Arg(0))
			if err != nil {
				return nil, err
			}
			var selected []string
			if raw := r.Arg(1); raw != nil {
				var items []json.RawMessage
				if err := json.Unmarshal(raw, &items); err != nil {
					return nil, rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type array", jsonType(raw))
				}
				seen := map[string]bool{}
				for _, it := range items {
					s, err := stringArg(it)
					if err != nil {
						return nil, err
					}
					if !seen[s] {
						seen[s] = true
						selected = append(selected, s)
					}
				}
				sort.Strings(selected)
			}
			all, err := n.blockStats(hash, height)
			if err != nil {
				return nil, err
			}
			if len(selected) == 0 {
				return all, nil
			}
			o := univalue.NewObject()
			for _, s := range selected {
				v, ok := all.Find(s)
				if !ok {
					return nil, rs.NewError(rs.InvalidParameter, "Invalid selected statistic '%s'", s)
				}
				o.PushKV(s, v)
			}
			return o, nil
		}}
}
