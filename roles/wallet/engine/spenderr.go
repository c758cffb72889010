package engine

import "fmt"

// SpendErrorKind is the class of a refused bumpfee or sendall (Core's
// feebumper::Result and the RPC codes sendall throws); the RPC layer maps
// it to a code.
type SpendErrorKind int

// The kinds of SpendError.
const (
	SpendInvalidAddressOrKey SpendErrorKind = iota
	SpendInvalidRequest
	SpendInvalidParameter
	SpendWalletError
	SpendMiscError
	SpendInsufficientFunds
)

// SpendError is a refusal with Core's text.
type SpendError struct {
	Kind SpendErrorKind
	Msg  string
}

func (e *SpendError) Error() string { return e.Msg }

func spendErr(kind SpendErrorKind, format string, args ...any) *SpendError {
	return &SpendError{Kind: kind, Msg: fmt.Sprintf(format, args...)}
}
