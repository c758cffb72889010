package psbt

// validSignatureEncoding is the check Core applies to partial signatures
// (CheckSignatureEncoding with DERSIG and STRICTENC): strict DER (BIP66)
// followed by a defined sighash type.
func validSignatureEncoding(sig []byte) bool {
	n := len(sig)
	if n < 9 || n > 73 || sig[0] != 0x30 || int(sig[1]) != n-3 {
		return false
	}
	lenR := int(sig[3])
	if 5+lenR >= n {
		return false
	}
	lenS := int(sig[5+lenR])
	if lenR+lenS+7 != n {
		return false
	}
	if sig[2] != 0x02 || lenR == 0 || sig[4]&0x80 != 0 || (lenR > 1 && sig[4] == 0 && sig[5]&0x80 == 0) {
		return false
	}
	if sig[lenR+4] != 0x02 || lenS == 0 || sig[lenR+6]&0x80 != 0 || (lenS > 1 && sig[lenR+6] == 0 && sig[lenR+7]&0x80 == 0) {
		return false
	}
	ht := sig[n-1] &^ 0x80
	return ht >= 1 && ht <= 3
}
