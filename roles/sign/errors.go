package sign

import (
	"errors"

	"github.com/btcsuite/btcd/txscript/v2"
)

// InputError is one entry of Core's "errors" result: the input index and
// the text.
type InputError struct {
	Index int
	Error string
}

// Texts of the input errors that are not script errors (Core's wording).
const (
	ErrInputNotFound = "Input not found or already spent"
	ErrMissingAmount = "Missing amount"
	errStackSize     = "Unable to sign input, invalid stack size (possibly missing key)"
	errNeedMoreSigs  = "CHECK(MULTI)SIG failing with non-zero signature (possibly need more signatures)"
)

// scriptErrors maps btcd's script error codes to Core's ScriptErrorString.
var scriptErrors = map[txscript.ErrorCode]string{
	txscript.ErrEarlyReturn:                         "OP_RETURN was encountered",
	txscript.ErrEmptyStack:                          "Script evaluated without error but finished with a false/empty top stack element",
	txscript.ErrEvalFalse:                           "Script evaluated without error but finished with a false/empty top stack element",
	txscript.ErrScriptTooBig:                        "Script is too big",
	txscript.ErrElementTooBig:                       "Push value size limit exceeded",
	txscript.ErrTooManyOperations:                   "Operation limit exceeded",
	txscript.ErrStackOverflow:                       "Stack size limit exceeded",
	txscript.ErrInvalidPubKeyCount:                  "Pubkey count negative or limit exceeded",
	txscript.ErrInvalidSignatureCount:               "Signature count negative or greater than pubkey count",
	txscript.ErrVerify:                              "Script failed an OP_VERIFY operation",
	txscript.ErrEqualVerify:                         "Script failed an OP_EQUALVERIFY operation",
	txscript.ErrNumEqualVerify:                      "Script failed an OP_NUMEQUALVERIFY operation",
	txscript.ErrCheckSigVerify:                      "Script failed an OP_CHECKSIGVERIFY operation",
	txscript.ErrCheckMultiSigVerify:                 "Script failed an OP_CHECKMULTISIGVERIFY operation",
	txscript.ErrDisabledOpcode:                      "Attempted to use a disabled opcode",
	txscript.ErrReservedOpcode:                      "Opcode missing or not understood",
	txscript.ErrMalformedPush:                       "Opcode missing or not understood",
	txscript.ErrInvalidStackOperation:               "Operation not valid with the current stack size",
	txscript.ErrUnbalancedConditional:               "Invalid OP_IF construction",
	txscript.ErrMinimalData:                         "Data push larger than necessary",
	txscript.ErrInvalidSigHashType:                  "Signature hash type missing or not understood",
	txscript.ErrSigHighS:                            "Non-canonical signature: S value is unnecessarily high",
	txscript.ErrNotPushOnly:                         "Only push operators allowed in signatures",
	txscript.ErrSigNullDummy:                        "Dummy CHECKMULTISIG argument must be zero",
	txscript.ErrPubKeyType:                          "Public key is neither compressed or uncompressed",
	txscript.ErrCleanStack:                          "Stack size must be exactly one after execution",
	txscript.ErrNullFail:                            "Signature must be zero for failed CHECK(MULTI)SIG operation",
	txscript.ErrWitnessMalleated:                    "Witness requires empty scriptSig",
	txscript.ErrWitnessMalleatedP2SH:                "Witness requires only-redeemscript scriptSig",
	txscript.ErrDiscourageUpgradableNOPs:            "NOPx reserved for soft-fork upgrades",
	txscript.ErrNegativeLockTime:                    "Negative locktime",
	txscript.ErrUnsatisfiedLockTime:                 "Locktime requirement not satisfied",
	txscript.ErrMinimalIf:                           "OP_IF/NOTIF argument must be minimal",
	txscript.ErrDiscourageUpgradableWitnessProgram:  "Witness version reserved for soft-fork upgrades",
	txscript.ErrWitnessProgramEmpty:                 "Witness program was passed an empty witness",
	txscript.ErrWitnessProgramMismatch:              "Witness program hash mismatch",
	txscript.ErrWitnessProgramWrongLength:           "Witness program has incorrect length",
	txscript.ErrWitnessUnexpected:                   "Witness provided for non-witness script",
	txscript.ErrWitnessPubKeyType:                   "Using non-compressed keys in segwit",
	txscript.ErrDiscourageOpSuccess:                 "OP_SUCCESSx reserved for soft-fork upgrades",
	txscript.ErrDiscourageUpgradeableTaprootVersion: "Taproot version reserved for soft-fork upgrades",
	txscript.ErrTapscriptCheckMultisig:              "OP_CHECKMULTISIG(VERIFY) is not available in tapscript",
	txscript.ErrDiscourageUpgradeablePubKeyType:     "Public key version reserved for soft-fork upgrades",
	txscript.ErrTaprootSigInvalid:                   "Invalid Schnorr signature",
	txscript.ErrTaprootMerkleProofInvalid:           "Witness program hash mismatch",
	txscript.ErrTaprootOutputKeyParityMismatch:      "Witness program hash mismatch",
	txscript.ErrControlBlockTooSmall:                "Invalid Taproot control block size",
	txscript.ErrControlBlockTooLarge:                "Invalid Taproot control block size",
	txscript.ErrControlBlockInvalidLength:           "Invalid Taproot control block size",
	txscript.ErrInvalidTaprootSigLen:                "Invalid Schnorr signature size",
	txscript.ErrTaprootPubkeyIsEmpty:                "Public key is neither compressed or uncompressed",
	txscript.ErrTaprootMaxSigOps:                    "Too much signature validation relative to witness weight",
	txscript.ErrCodeSeparator:                       "Using OP_CODESEPARATOR in non-witness script",
	txscript.ErrNonConstScriptCode:                  "Signature is found in scriptCode",
}

// derErrors are btcd's strict-DER failures, Core's SCRIPT_ERR_SIG_DER.
var derErrors = []txscript.ErrorCode{
	txscript.ErrSigTooShort, txscript.ErrSigTooLong, txscript.ErrSigInvalidSeqID,
	txscript.ErrSigInvalidDataLen, txscript.ErrSigMissingSTypeID, txscript.ErrSigMissingSLen,
	txscript.ErrSigInvalidSLen, txscript.ErrSigInvalidRIntID, txscript.ErrSigZeroRLen,
	txscript.ErrSigNegativeR, txscript.ErrSigTooMuchRPadding, txscript.ErrSigInvalidSIntID,
	txscript.ErrSigZeroSLen, txscript.ErrSigNegativeS, txscript.ErrSigTooMuchSPadding,
}

// ScriptErrorString is Core's ScriptErrorString for an error of btcd's
// script engine.
func ScriptErrorString(err error) string {
	var se txscript.Error
	if !errors.As(err, &se) {
		return "unknown error"
	}
	if s, ok := scriptErrors[se.ErrorCode]; ok {
		return s
	}
	for _, c := range derErrors {
		if se.ErrorCode == c {
			return "Non-canonical DER signature"
		}
	}
	return "unknown error"
}

// inputErrorText is the text SignTransaction reports for an input that
// failed verification.
func inputErrorText(err error) string {
	var se txscript.Error
	if errors.As(err, &se) {
		switch se.ErrorCode {
		case txscript.ErrInvalidStackOperation:
			return errStackSize
		case txscript.ErrNullFail:
			return errNeedMoreSigs
		}
	}
	return ScriptErrorString(err)
}
