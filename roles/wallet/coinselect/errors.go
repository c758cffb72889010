package coinselect

import "errors"

// Errors carry Core's messages verbatim so that RPC callers can pass them on.
var (
	// ErrInsufficientFunds is Core's general selection failure.
	ErrInsufficientFunds = errors.New("Insufficient funds")
	// ErrMaxWeightExceeded: every solution found was too heavy.
	ErrMaxWeightExceeded = errors.New("The inputs size exceeds the maximum weight. Please try sending a smaller amount or manually consolidating your wallet's UTXOs")
	// ErrMaxWeightBelowNoInputs: the transaction without inputs already
	// exceeds the maximum weight.
	ErrMaxWeightBelowNoInputs = errors.New("Maximum transaction weight is less than transaction weight without inputs")
	// ErrMaxWeightNoChange: no room for a change output and BnB found no
	// changeless solution.
	ErrMaxWeightNoChange = errors.New("Maximum transaction weight is too low, can not accommodate change output")
	// ErrMaxWeightRange: Params.MaxWeight outside Core's accepted range.
	ErrMaxWeightRange = errors.New("Maximum transaction weight must be between 260 and 400000")
	// ErrLongChain: only coins in too-long mempool chains could fund it.
	ErrLongChain = errors.New("Unconfirmed UTXOs are available, but spending them creates a chain of transactions that will be rejected by the mempool")
	// ErrBumpFeeCluster: Params.CombinedBumpFee could not compute a bump fee.
	ErrBumpFeeCluster = errors.New("Failed to calculate bump fees, because unconfirmed UTXOs depend on an enormous cluster of unconfirmed transactions.")
	// ErrPreselectedTooHeavy: preselected plus automatic inputs exceed the
	// maximum weight.
	ErrPreselectedTooHeavy = errors.New("The combination of the pre-selected inputs and the wallet automatic inputs selection exceeds the transaction maximum weight. Please try sending a smaller amount or manually consolidating your wallet's UTXOs")
	// ErrPreselectedShort: Params.OnlyPreselected is set and the
	// preselected inputs do not cover the target.
	ErrPreselectedShort = errors.New("The preselected coins total amount does not cover the transaction target. Please allow other inputs to be automatically selected or include more coins manually")
	// ErrNothingToFund: zero target, zero feerate and no preselected input.
	ErrNothingToFund = errors.New("Transaction requires one destination of non-zero value, a non-zero feerate, or a pre-selected input")
	// ErrTransactionTooLarge is Core's final check on the built transaction
	// (see CheckTxWeight).
	ErrTransactionTooLarge = errors.New("Transaction too large")
	// ErrInvalidParams reports arguments Core could never produce (negative
	// amounts or feerates, duplicate coins); it is wrapped with details.
	ErrInvalidParams = errors.New("invalid coin selection parameters")
)

// CheckTxWeight is Core's last check on a built transaction: a weight above
// the standard maximum (400000) fails with ErrTransactionTooLarge.
func CheckTxWeight(weight int) error {
	if weight > MaxStandardTxWeight {
		return ErrTransactionTooLarge
	}
	return nil
}
