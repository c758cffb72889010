package rpcserver

import (
	"encoding/json"
	"fmt"

	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// Core's JSON-RPC error codes (src/rpc/protocol.h).
const (
	// Standard JSON-RPC 2.0 errors.
	InvalidRequest = -32600 // mapped to HTTP 400; not for application errors
	MethodNotFound = -32601 // mapped to HTTP 404; not for application errors
	InvalidParams  = -32602
	InternalError  = -32603
	ParseError     = -32700

	// General application defined errors.
	RPCMiscError           = -1 // std::exception thrown in command handling
	ForbiddenBySafeMode    = -2 // unused, reserved
	TypeError              = -3 // unexpected type was passed as parameter
	InvalidAddressOrKey    = -5 // invalid address or key
	OutOfMemory            = -7
	InvalidParameter       = -8 // invalid, missing or duplicate parameter
	DatabaseError          = -20
	DeserializationError   = -22 // error parsing or validating structure in raw format
	VerifyError            = -25 // general error during transaction or block submission
	VerifyRejected         = -26 // transaction or block was rejected by network rules
	VerifyAlreadyInUTXOSet = -27
	ClientInWarmup         = -28 // client still warming up
	MethodDeprecated       = -32

	// Aliases kept by Core.
	TransactionError    = VerifyError
	TransactionRejected = VerifyRejected

	// P2P client errors.
	ClientNotConnected        = -9
	ClientInInitialDownload   = -10
	ClientNodeAlreadyAdded    = -23
	ClientNodeNotAdded        = -24
	ClientNodeNotConnected    = -29
	ClientInvalidIPOrSubnet   = -30
	ClientP2PDisabled         = -31
	ClientNodeCapacityReached = -34

	// Chain errors.
	ClientMempoolDisabled = -33

	// Wallet errors.
	WalletError               = -4
	WalletInsufficientFunds   = -6
	WalletInvalidLabelName    = -11
	WalletKeypoolRanOut       = -12
	WalletUnlockNeeded        = -13
	WalletPassphraseIncorrect = -14
	WalletWrongEncState       = -15
	WalletEncryptionFailed    = -16
	WalletAlreadyUnlocked     = -17
	WalletNotFound            = -18
	WalletNotSpecified        = -19
	WalletAlreadyLoaded       = -35
	WalletAlreadyExists       = -36
	WalletInvalidAccountName  = WalletInvalidLabelName
)

// Error is a JSON-RPC error object; handlers return it for RPC errors.
type Error struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// NewError returns an *Error with a formatted message.
func NewError(code int, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Error implements error.
func (e *Error) Error() string { return fmt.Sprintf("%s (code %d)", e.Message, e.Code) }

// Value is the error as Core's JSONRPCError object {"code":..,"message":..}.
func (e *Error) Value() univalue.Value {
	v := univalue.NewObject()
	v.PushKV("code", univalue.NewInt(int64(e.Code)))
	v.PushKV("message", univalue.NewString(e.Message))
	return v
}

// MarshalJSON writes the error object with Core's escaping.
func (e *Error) MarshalJSON() ([]byte, error) { return e.Value().MarshalJSON() }

var _ json.Marshaler = (*Error)(nil)
