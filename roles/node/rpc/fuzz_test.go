package rpc

import (
	"encoding/json"
	"testing"

	"github.com/btcsuite/btcd/chaincfg/v2"
)

// Decoders this package owns: descriptors, script rendering, raw
// transactions. None may panic on any input.

func FuzzDescriptor(f *testing.F) {
	for _, s := range []string{"raw(51)", "addr(bcrt1qxyz)", "pk(02aa)", "wpkh(cUeKHd5orzT3mz8P9pxyREHfsWtVfgsfDjiZZBcjUBAaGk1BTj7N)",
		"sh(wpkh(", "combo(x)#abcdefgh", "tr(", "rawtr(00)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, desc string) {
		raw, _ := json.Marshal(desc)
		_, _ = evalDescriptor(raw, &chaincfg.RegressionNetParams)
		_ = descChecksum(desc)
	})
}

func FuzzScriptAsm(f *testing.F) {
	for _, s := range [][]byte{{0x51}, {0x76, 0xa9, 0x14}, {0x4c, 0xff}, {0x6a, 0x01, 0x02}} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, script []byte) {
		_ = scriptAsm(script, true)
		_ = scriptPubKeyJSON(script, &chaincfg.RegressionNetParams)
	})
}

func FuzzDecodeTx(f *testing.F) {
	f.Add("0200000001")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		if tx, ok := decodeTx(s, true, true); ok {
			_ = txJSON(tx, &chaincfg.RegressionNetParams, txOpts{})
		}
	})
}
