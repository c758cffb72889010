package chain

import (
	"errors"
	"fmt"
	"strings"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/btcutil/v2"
)

// rejectReasons maps btcd's rule errors to Core's BIP22 reject reasons.
var rejectReasons = map[blockchain.ErrorCode]string{
	blockchain.ErrBlockTooBig:               "bad-blk-length",
	blockchain.ErrBlockWeightTooHigh:        "bad-blk-weight",
	blockchain.ErrTimeTooOld:                "time-too-old",
	blockchain.ErrTimeTooNew:                "time-too-new",
	blockchain.ErrInvalidTime:               "time-too-new",
	blockchain.ErrDifficultyTooLow:          "bad-diffbits",
	blockchain.ErrUnexpectedDifficulty:      "bad-diffbits",
	blockchain.ErrHighHash:                  "high-hash",
	blockchain.ErrBadMerkleRoot:             "bad-txnmrklroot",
	blockchain.ErrBadCheckpoint:             "checkpoint mismatch",
	blockchain.ErrForkTooOld:                "bad-fork-prior-to-checkpoint",
	blockchain.ErrNoTransactions:            "bad-blk-length",
	blockchain.ErrNoTxInputs:                "bad-txns-vin-empty",
	blockchain.ErrNoTxOutputs:               "bad-txns-vout-empty",
	blockchain.ErrTxTooBig:                  "bad-txns-oversize",
	blockchain.ErrBadTxOutValue:             "bad-txns-vout-toolarge",
	blockchain.ErrDuplicateTxInputs:         "bad-txns-inputs-duplicate",
	blockchain.ErrBadTxInput:                "bad-txns-prevout-null",
	blockchain.ErrMissingTxOut:              "bad-txns-inputs-missingorspent",
	blockchain.ErrUnfinalizedTx:             "bad-txns-nonfinal",
	blockchain.ErrDuplicateTx:               "bad-txns-duplicate",
	blockchain.ErrOverwriteTx:               "bad-txns-BIP30",
	blockchain.ErrImmatureSpend:             "bad-txns-premature-spend-of-coinbase",
	blockchain.ErrSpendTooHigh:              "bad-txns-in-belowout",
	blockchain.ErrBadFees:                   "bad-txns-fee-outofrange",
	blockchain.ErrTooManySigOps:             "bad-blk-sigops",
	blockchain.ErrFirstTxNotCoinbase:        "bad-cb-missing",
	blockchain.ErrMultipleCoinbases:         "bad-cb-multiple",
	blockchain.ErrBadCoinbaseScriptLen:      "bad-cb-length",
	blockchain.ErrBadCoinbaseValue:          "bad-cb-amount",
	blockchain.ErrMissingCoinbaseHeight:     "bad-cb-height",
	blockchain.ErrBadCoinbaseHeight:         "bad-cb-height",
	blockchain.ErrScriptMalformed:           "mandatory-script-verify-flag-failed",
	blockchain.ErrScriptValidation:          "mandatory-script-verify-flag-failed",
	blockchain.ErrUnexpectedWitness:         "unexpected-witness",
	blockchain.ErrInvalidWitnessCommitment:  "bad-witness-nonce-size",
	blockchain.ErrWitnessCommitmentMismatch: "bad-witness-merkle-match",
	blockchain.ErrPreviousBlockUnknown:      "prev-blk-not-found",
	blockchain.ErrInvalidAncestorBlock:      "bad-prevblk",
	blockchain.ErrTimewarpAttack:            "time-timewarp-attack",
	blockchain.ErrKnownInvalidBlock:         "duplicate-invalid",
	blockchain.ErrDuplicateBlock:            "duplicate",
}

// RejectReason returns Core's BIP22 reason for a btcd validation error.
func RejectReason(err error) string {
	var re blockchain.RuleError
	if errors.As(err, &re) {
		if re.ErrorCode == blockchain.ErrBlockVersionTooOld {
			return "bad-version"
		}
		// btcd uses one code for an out-of-range target (Core's
		// CheckProofOfWork: "high-hash") and for bits that differ from the
		// expected difficulty (Core's "bad-diffbits").
		if re.ErrorCode == blockchain.ErrUnexpectedDifficulty && !strings.Contains(re.Description, "not the expected value") {
			return "high-hash"
		}
		if r, ok := rejectReasons[re.ErrorCode]; ok {
			return r
		}
		return re.ErrorCode.String()
	}
	return "rejected"
}

// Submit processes a block from outside (submitblock, P2P). It returns ""
// when the block was accepted, or Core's submitblock result string:
// "duplicate", "duplicate-invalid", "inconclusive" (accepted but not on the
// best chain) or a BIP22 reject reason.
func (c *Chain) Submit(block *btcutil.Block) (string, error) {
	defer c.lockValidation()()
	if have, err := c.bc.HaveBlock(block.Hash()); err != nil {
		return "", fmt.Errorf("checking block: %w", err)
	} else if have {
		return "duplicate", nil
	}
	mainChain, orphan, err := c.bc.ProcessBlock(block, blockchain.BFNone)
	if err != nil {
		// Core marks every descendant of a block that failed validation
		// (header-only ones too) as failed.
		var re blockchain.RuleError
		if errors.As(err, &re) {
			_ = c.invalidateSideDescendants(*block.Hash())
		}
		return RejectReason(err), nil
	}
	if orphan {
		return "prev-blk-not-found", nil
	}
	if !mainChain {
		return "inconclusive", nil
	}
	return "", nil
}
