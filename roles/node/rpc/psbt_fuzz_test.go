package rpc

import (
	"encoding/base64"
	"os"
	"testing"

	"github.com/btcsuite/btcd/chaincfg/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/psbt"
)

// FuzzDecodePSBT feeds any bytes the PSBT decoder accepts to decodepsbt's
// and analyzepsbt's JSON and the finalizer: none may panic.
func FuzzDecodePSBT(f *testing.F) {
	if b, err := os.ReadFile("../../psbt/testdata/rpc_psbt.json"); err == nil {
		for _, s := range loadPSBTVectorsFrom(b) {
			if raw, err := base64.StdEncoding.DecodeString(s); err == nil {
				f.Add(raw)
			}
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		p, err := psbt.Decode(raw)
		if err != nil {
			return
		}
		p.SortMaps()
		_ = psbtJSON(p, &chaincfg.RegressionNetParams)
		a := psbt.Analyze(p)
		_ = a.Next.String()
		if c, err := p.Clone(); err == nil {
			_, _ = c.Extract()
		}
	})
}
