package sign

import (
	"fmt"

	"github.com/btcsuite/btcd/txscript/v2"
)

// sigHashNames are Core's sighash names (SighashFromStr).
var sigHashNames = map[string]txscript.SigHashType{
	"DEFAULT":             txscript.SigHashDefault,
	"ALL":                 txscript.SigHashAll,
	"ALL|ANYONECANPAY":    txscript.SigHashAll | txscript.SigHashAnyOneCanPay,
	"NONE":                txscript.SigHashNone,
	"NONE|ANYONECANPAY":   txscript.SigHashNone | txscript.SigHashAnyOneCanPay,
	"SINGLE":              txscript.SigHashSingle,
	"SINGLE|ANYONECANPAY": txscript.SigHashSingle | txscript.SigHashAnyOneCanPay,
}

// ParseSigHashType parses Core's sighash names; "" is DEFAULT (ALL for
// ECDSA inputs). The error text is Core's.
func ParseSigHashType(s string) (txscript.SigHashType, error) {
	if s == "" {
		return txscript.SigHashDefault, nil
	}
	if t, ok := sigHashNames[s]; ok {
		return t, nil
	}
	return 0, fmt.Errorf("'%s' is not a valid sighash parameter.", s) //nolint:staticcheck // Core's wording
}
