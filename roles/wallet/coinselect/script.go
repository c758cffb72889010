package coinselect

const (
	op0           = 0x00
	op1           = 0x51
	op16          = 0x60
	opReturn      = 0x6a
	opDup         = 0x76
	opHash160     = 0xa9
	opEqual       = 0x87
	opEqualVerify = 0x88
	opCheckSig    = 0xac
	maxScriptSize = 10000
)

// isWitnessProgram is CScript::IsWitnessProgram: a version opcode followed
// by one direct push of 2 to 40 bytes.
func isWitnessProgram(s []byte) bool {
	if len(s) < 4 || len(s) > 42 {
		return false
	}
	if s[0] != op0 && (s[0] < op1 || s[0] > op16) {
		return false
	}
	return int(s[1])+2 == len(s)
}

// scriptOutputType classifies a scriptPubKey the way AvailableCoins maps
// Solver's result to an OutputType, without a redeem script (P2SH is
// Legacy).
func scriptOutputType(s []byte) OutputType {
	switch {
	case len(s) == 25 && s[0] == opDup && s[1] == opHash160 && s[2] == 20 && s[23] == opEqualVerify && s[24] == opCheckSig:
		return Legacy
	case len(s) == 23 && s[0] == opHash160 && s[1] == 20 && s[22] == opEqual:
		return Legacy
	case !isWitnessProgram(s):
		return UnknownType
	case s[0] == op0:
		if len(s) == 22 || len(s) == 34 {
			return Bech32
		}
		return UnknownType // v0 program of another length is nonstandard
	case s[0] == op1 && len(s) == 4 && s[2] == 0x4e && s[3] == 0x73:
		return UnknownType // pay-to-anchor
	}
	return Bech32m
}

// coinType is the output type of c used for per-type selection.
func coinType(c *Coin) OutputType {
	if c.Type != TypeFromScript {
		return c.Type
	}
	return scriptOutputType(c.Script)
}
