// Package coinselect owns the wallet's automatic coin selection: given the
// wallet's spendable coins, a payment amount and the fee parameters, it picks
// the inputs of a new transaction the way Bitcoin Core v30 does (the
// algorithms of wallet/coinselection.cpp and the selection driver of
// wallet/spend.cpp). It is pure: no wallet state, no I/O, randomness only from
// the caller's *rand.Rand.
//
// Entry points:
//
//   - [Select] groups all given coins and runs Branch and Bound, Knapsack,
//     CoinGrinder (when the feerate is above 3× the long-term feerate) and
//     Single Random Draw on them, keeping the result with the least waste
//     (ties: more inputs, then the earlier algorithm), as Core's
//     ChooseSelectionResult.
//   - [SelectWithFilters] adds Core's eligibility ladder (AutomaticCoinSelection
//     and AttemptSelection): confirmed coins first (1 conf for our own, 6 for
//     others'), then 1/1, then unconfirmed change with growing ancestor and
//     descendant allowances, per output type before mixing types.
//
// Amounts are satoshis, feerates satoshis per 1000 virtual bytes (CFeeRate's
// unit) and fees are rounded up as CFeeRate::GetFee does.
//
// The target passed in is the sum of the recipients' amounts; the fee of the
// transaction without inputs (Params.TxNoInputsVSize at Params.FeeRate) is
// added to it unless fees are subtracted from the outputs, as
// CreateTransactionInternal does before calling SelectCoins.
//
// Deviations from Core, all deliberate:
//
//   - Randomness comes from math/rand/v2 instead of FastRandomContext, so the
//     random choices (Knapsack's shuffle and coin flips, SRD's draw order,
//     the random change target) follow a different but equally distributed
//     sequence; a seeded Params.Rand makes a run reproducible. A nil Rand uses
//     a fresh ChaCha8 source seeded from crypto/rand.
//   - Core sorts with the unstable std::sort and lets each algorithm reorder
//     the shared pool in place; here sorts are stable and every algorithm gets
//     its own copy of the pool, so results do not depend on the order in which
//     the algorithms ran.
//   - Mempool data comes from the caller: a coin's Coin.BumpFee is Core's
//     ancestor bump fee (calculateIndividualBumpFees) and Params.CombinedBumpFee,
//     when set, plays calculateCombinedBumpFee; without it no bump fee
//     discount for shared ancestry is applied.
//   - Output types (for per-type selection before mixing) are derived from
//     Coin.Script when Coin.Type is TypeFromScript; a P2SH script is LEGACY
//     there because the redeem script is unknown — a wallet spending nested
//     segwit sets Coin.Type to P2SHSegwit itself.
//   - Coins listed in Params.Preselected are removed from the pool, as Core's
//     CoinsResult::Erase does; a coin given twice in the pool is an error
//     instead of undefined behaviour.
//   - AutomaticCoinSelection's "Unconfirmed UTXOs are available, but spending
//     them creates a chain of transactions that will be rejected by the mempool"
//     check inherits Core's operator-precedence quirk (the available total is
//     a boolean there): it fires when the long-chain coins alone, plus one
//     satoshi, exceed the amount to select. This keeps the error Core reports.
//   - Equal filters in the ladder (possible with small package limits, e.g.
//     min(4, limit/3) == limit/2) share one pool here; Core files the same
//     groups twice under such a filter.
//   - Result.Inputs comes back shuffled with Params.Rand, standing in for
//     SelectionResult::GetShuffledInputVector (Core shuffles with a fresh
//     FastRandomContext).
//   - Not here (the engine's job): "Fee exceeds maximum configured by user",
//     signing, the final "Transaction too large" check after signing (see
//     [CheckTxWeight]) and the availability rules of AvailableCoins (spendability, safety, locked
//     coins, minimum depth, TRUC parents).
package coinselect
