package coinselect

import (
	"math/rand/v2"

	"github.com/btcsuite/btcd/wire/v2"
)

// Coin is a spendable output offered to coin selection (Core's COutput).
type Coin struct {
	OutPoint wire.OutPoint
	// Value is the output's amount in satoshis.
	Value int64
	// InputVSize is the virtual size this output adds to a transaction when
	// spent (computed by the wallet from the descriptor); -1 when unknown, in
	// which case spending it is assumed free, as in Core.
	InputVSize int
	// Depth is the number of confirmations (0 = in the mempool).
	Depth int
	// FromMe reports that the wallet created the transaction holding this
	// output (e.g. change); such coins are trusted with fewer confirmations.
	FromMe bool
	// Ancestors and Descendants are the mempool counts of the parent
	// transaction (0 when confirmed), used by the eligibility filters.
	Ancestors, Descendants int
	// Script is the output's scriptPubKey. It groups coins paid to the same
	// script when Params.AvoidPartialSpends is set and gives the output
	// type when Type is TypeFromScript.
	Script []byte
	// Type is the output type used to try selections that do not mix
	// types; TypeFromScript derives it from Script.
	Type OutputType
	// BumpFee is the fee needed to bump the coin's unconfirmed ancestors to
	// Params.FeeRate (Core's ancestor_bump_fees); it is added to the coin's
	// spending fee.
	BumpFee int64
}

// OutputType is Core's OutputType for the purpose of coin selection.
// The order of the constants is Core's enum order, which decides ties
// between per-type results.
type OutputType int

// Output types.
const (
	TypeFromScript OutputType = iota // derive from Coin.Script
	Legacy                           // P2PKH, P2SH
	P2SHSegwit                       // P2SH-wrapped segwit v0
	Bech32                           // native segwit v0
	Bech32m                          // taproot and future witness versions
	UnknownType                      // anything else (P2PK, bare multisig, anchors, nonstandard)
)

// String returns Core's name of the output type.
func (t OutputType) String() string {
	switch t {
	case Legacy:
		return "legacy"
	case P2SHSegwit:
		return "p2sh-segwit"
	case Bech32:
		return "bech32"
	case Bech32m:
		return "bech32m"
	case UnknownType:
		return "unknown"
	}
	return "from-script"
}

// CombinedBumpFeeFunc returns the fee needed to bump all unconfirmed
// ancestors of the given outpoints together to feeRate (sat/kvB), or false
// when the mempool cluster is too large to compute it (Core's
// Chain::calculateCombinedBumpFee).
type CombinedBumpFeeFunc func(outpoints []wire.OutPoint, feeRate int64) (int64, bool)

// Params are the parameters of one coin selection (Core's
// CoinSelectionParams plus the coin control switches selection reads).
type Params struct {
	// FeeRate is the target feerate, LongTermFeeRate the consolidation
	// feerate (-consolidatefeerate) and DiscardFeeRate the feerate below
	// which change is dropped to fees; all in sat/kvB.
	FeeRate, LongTermFeeRate, DiscardFeeRate int64
	// TxNoInputsVSize is the vsize of the transaction without inputs and
	// without change, recipients included (Core's tx_noinputs_size).
	TxNoInputsVSize int
	// ChangeOutputVSize is the serialized size of the change output and
	// ChangeSpendVSize the vsize of spending it later; a negative
	// ChangeSpendVSize means unknown and uses Core's 91 (nested P2WPKH).
	ChangeOutputVSize, ChangeSpendVSize int
	// SubtractFeeOutputs selects on real values instead of effective values
	// and skips Branch and Bound.
	SubtractFeeOutputs bool
	// MinChange overrides the change target of Knapsack and CoinGrinder;
	// 0 draws it as Core's GenerateChangeTarget does.
	MinChange int64
	// MinViableChange overrides the smallest change worth creating; 0
	// computes Core's max(discard fee of spending it + 1, dust threshold).
	MinViableChange int64
	// ChangeScript is the change output's script, used for its dust
	// threshold; nil assumes a witness output (Core's default change).
	ChangeScript []byte
	// NumRecipients is the number of payment outputs (0 counts as 1); the
	// random change target scales with the average payment.
	NumRecipients int
	// MaxWeight is the maximum transaction weight; 0 means the standard
	// 400000.
	MaxWeight int
	// Rand is the randomness source (used by one selection at a time, as
	// *rand.Rand is not safe for concurrent use); nil uses a fresh random
	// one.
	Rand *rand.Rand

	// Preselected are inputs the transaction must spend (coin control's
	// selected inputs); automatic selection only covers what they miss.
	Preselected []Coin
	// OnlyPreselected forbids automatic inputs (coin control's
	// m_allow_other_inputs = false): the pool is ignored and preselected
	// inputs that fall short fail with ErrPreselectedShort.
	OnlyPreselected bool
	// AvoidPartialSpends spends coins paid to the same script together
	// (groups of up to 100).
	AvoidPartialSpends bool
	// IncludeUnsafe adds a filter step that accepts unconfirmed coins from
	// others. As in Core's AvailableCoins, the caller offers unsafe coins
	// (unconfirmed from others, replacements) only when this is set.
	IncludeUnsafe bool
	// NoSpendZeroConfChange stops the ladder before unconfirmed change
	// (-spendzeroconfchange=0).
	NoSpendZeroConfChange bool
	// AllowLongChains adds the last, unlimited ancestry step
	// (-walletrejectlongchains=0).
	AllowLongChains bool
	// MaxAncestors and MaxDescendants are the mempool package limits; 0 is
	// Core's default of 25.
	MaxAncestors, MaxDescendants int
	// TRUC marks a version 3 transaction: steps that spend unconfirmed
	// coins cap the weight at 4000.
	TRUC bool
	// CombinedBumpFee, when set, corrects the summed per-coin bump fees for
	// shared ancestry.
	CombinedBumpFee CombinedBumpFeeFunc
}

// Result is a successful selection.
type Result struct {
	// Inputs are the coins to spend, preselected ones included, in Core's
	// shuffled input order.
	Inputs []Coin
	// Algorithm is "bnb", "knapsack", "srd", "cg" or "manual" (only
	// preselected inputs), as Core's GetAlgorithmName.
	Algorithm string
	// Waste is Core's waste metric of the selection.
	Waste int64
	// Fee is the fee for the inputs (bump fees included) and the
	// transaction without inputs and change, at FeeRate. With change the
	// transaction also pays ChangeFee; without change it also pays the
	// excess (inputs − target − Fee).
	Fee int64
	// Change is the change amount, 0 when changeless. With
	// SubtractFeeOutputs the fee is not deducted from it: it is the selected
	// value minus the recipients' amount.
	Change int64
	// ChangeFee is the fee for adding the change output at FeeRate.
	ChangeFee int64
	// Target is the amount selected for: the recipients' amount plus, unless
	// fees are subtracted from outputs, the fee of the transaction without
	// inputs.
	Target int64
	// SelectedValue is the sum of the inputs' values.
	SelectedValue int64
	// Weight is the weight of the inputs (unknown sizes count 0).
	Weight int
	// Completed is false when the search algorithm stopped at its try limit.
	Completed bool
}
