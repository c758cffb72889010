package rpc

import (
	"github.com/btcsuite/btcd/chaincfg/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// DecodedTx is decoderawtransaction's result for tx (Core's TxToUniv
// without block data), for other RPC tables that show it, such as the
// wallet's gettransaction verbose=true.
func DecodedTx(tx *wire.MsgTx, params *chaincfg.Params) univalue.Value {
	return txJSON(tx, params, txOpts{verbosity: txDetails})
}
