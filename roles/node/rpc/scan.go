package rpc

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/chaincfg/v2"
	"github.com/btcsuite/btcd/txscript/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// scanState is Core's g_scan_in_progress / g_scan_progress /
// g_should_abort_scan: one scan at a time.
type scanState struct {
	mu       sync.Mutex
	running  bool
	progress atomic.Int64 // percent
	cancel   context.CancelFunc
}

func (n *Node) scanCommands() []rs.Command {
	const example = "raw(76a91411b366edfc0a8b66feebae5c2e25a7b6a5d1cf3188ac)#fm24fxxy"
	return []rs.Command{
		{Name: "scantxoutset", Category: "blockchain",
			Help: "Scans the unspent transaction output set for entries that match certain output descriptors.\n" +
				"Examples of output descriptors are:\n" +
				"    addr(<address>)                      Outputs whose output script corresponds to the specified address (does not include P2PK)\n" +
				"    raw(<hex script>)                    Outputs whose output script equals the specified hex-encoded bytes\n" +
				"    combo(<pubkey>)                      P2PK, P2PKH, P2WPKH, and P2SH-P2WPKH outputs for the given pubkey\n" +
				"    pkh(<pubkey>)                        P2PKH outputs for the given pubkey\n" +
				"    sh(multi(<n>,<pubkey>,<pubkey>,...)) P2SH-multisig outputs for the given threshold and pubkeys\n" +
				"    tr(<pubkey>)                         P2TR\n" +
				"    tr(<pubkey>,{pk(<pubkey>)})          P2TR with single fallback pubkey in tapscript\n" +
				"    rawtr(<pubkey>)                      P2TR with the specified key as output key rather than inner\n" +
				"    wsh(and_v(v:pk(<pubkey>),after(2)))  P2WSH miniscript with mandatory pubkey and a timelock\n" +
				"\nIn the above, <pubkey> either refers to a fixed public key in hexadecimal notation, or to an xpub/xprv optionally followed by one\n" +
				"or more path elements separated by \"/\", and optionally ending in \"/*\" (unhardened), or \"/*'\" or \"/*h\" (hardened) to specify all\n" +
				"unhardened or hardened child keys.\n" +
				"In the latter case, a range needs to be specified by below if different from 1000.\n" +
				"For more information on output descriptors, see the documentation in the doc/descriptors.md file.",
			Args: []rs.Arg{
				{Name: "action", Type: rs.ArgString, Help: "The action to execute\n\"start\" for starting a scan\n\"abort\" for aborting the current scan (returns true when abort was successful)\n\"status\" for progress report (in %) of the current scan"},
				{Name: "scanobjects", Type: rs.ArgArray, Optional: true, OneLine: "[scanobjects,...]",
					Help: "Array of scan objects. Required for \"start\" action\nEvery scan object is either a string descriptor or an object:",
					Inner: []rs.Arg{
						{Name: "descriptor", Type: rs.ArgString, Optional: true, Help: "An output descriptor"},
						{Type: rs.ArgObject, Optional: true, Help: "An object with output descriptor and metadata", Inner: []rs.Arg{
							{Name: "desc", Type: rs.ArgString, Help: "An output descriptor"},
							{Name: "range", Type: rs.ArgRange, Default: "1000", Help: "The range of HD chain indexes to explore (either end or [begin,end])"},
						}},
					}},
			},
			ResultDocs: []rs.ResultDoc{
				{Cond: "when action=='start'; only returns after scan completes", Type: rs.ResObj, Inner: []rs.ResultDoc{
					{Type: rs.ResBool, Key: "success", Help: "Whether the scan was completed"},
					{Type: rs.ResNum, Key: "txouts", Help: "The number of unspent transaction outputs scanned"},
					{Type: rs.ResNum, Key: "height", Help: "The block height at which the scan was done"},
					{Type: rs.ResHex, Key: "bestblock", Help: "The hash of the block at the tip of the chain"},
					{Type: rs.ResArr, Key: "unspents", Inner: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
						{Type: rs.ResHex, Key: "txid", Help: "The transaction id"},
						{Type: rs.ResNum, Key: "vout", Help: "The vout value"},
						{Type: rs.ResHex, Key: "scriptPubKey", Help: "The output script"},
						{Type: rs.ResStr, Key: "desc", Help: "A specialized descriptor for the matched output script"},
						{Type: rs.ResStrAmount, Key: "amount", Help: "The total amount in BTC of the unspent output"},
						{Type: rs.ResBool, Key: "coinbase", Help: "Whether this is a coinbase output"},
						{Type: rs.ResNum, Key: "height", Help: "Height of the unspent transaction output"},
						{Type: rs.ResHex, Key: "blockhash", Help: "Blockhash of the unspent transaction output"},
						{Type: rs.ResNum, Key: "confirmations", Help: "Number of confirmations of the unspent transaction output when the scan was done"},
					}}}},
					{Type: rs.ResStrAmount, Key: "total_amount", Help: "The total amount of all found unspent outputs in BTC"},
				}},
				{Cond: "when action=='abort'", Type: rs.ResBool, Key: "success", Help: "True if scan will be aborted (not necessarily before this RPC returns), or false if there is no scan to abort"},
				{Cond: "when action=='status' and a scan is currently in progress", Type: rs.ResObj, Inner: []rs.ResultDoc{
					{Type: rs.ResNum, Key: "progress", Help: "Approximate percent complete"},
				}},
				{Cond: "when action=='status' and no scan is in progress - possibly already completed", Type: rs.ResNone},
			},
			Examples: rs.HelpExampleCli("scantxoutset", "start '[\""+example+"\"]'") +
				rs.HelpExampleCli("scantxoutset", "status") +
				rs.HelpExampleCli("scantxoutset", "abort") +
				rs.HelpExampleRPC("scantxoutset", "\"start\", [\""+example+"\"]") +
				rs.HelpExampleRPC("scantxoutset", "\"status\"") +
				rs.HelpExampleRPC("scantxoutset", "\"abort\""),
			Handler: n.scantxoutset},
		n.generatetodescriptorCommand(),
		n.getdescriptoractivityCommand(),
	}
}

func (n *Node) scantxoutset(r *rs.Request) (any, error) {
	action, err := stringArg(r.Arg(0))
	if err != nil {
		return nil, err
	}
	switch action {
	case "status":
		n.scans.mu.Lock()
		defer n.scans.mu.Unlock()
		if !n.scans.running {
			return nil, nil
		}
		o := univalue.NewObject()
		o.PushKV("progress", univalue.NewInt(n.scans.progress.Load()))
		return o, nil
	case "abort":
		n.scans.mu.Lock()
		defer n.scans.mu.Unlock()
		if !n.scans.running {
			return false, nil
		}
		n.scans.cancel()
		return true, nil
	case "start":
	default:
		return nil, rs.NewError(rs.InvalidParameter, "Invalid action '%s'", action)
	}

	ctx := r.Context
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	n.scans.mu.Lock()
	if n.scans.running {
		n.scans.mu.Unlock()
		return nil, rs.NewError(rs.InvalidParameter, "Scan already in progress, use action \"abort\" or \"status\"")
	}
	n.scans.running, n.scans.cancel = true, cancel
	n.scans.progress.Store(0)
	n.scans.mu.Unlock()
	defer func() {
		n.scans.mu.Lock()
		n.scans.running, n.scans.cancel = false, nil
		n.scans.mu.Unlock()
	}()

	if len(r.Params) < 2 || r.Arg(1) == nil {
		return nil, rs.NewError(rs.RPCMiscError, "scanobjects argument is required for the start action")
	}
	var objs []json.RawMessage
	if err := json.Unmarshal(r.Arg(1), &objs); err != nil {
		return nil, rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type array", jsonType(r.Arg(1)))
	}
	descs := map[string]string{} // output script -> descriptor shown
	for _, raw := range objs {
		scripts, err := evalDescriptor(raw, n.Chain.Params)
		if err != nil {
			return nil, err
		}
		for _, s := range scripts {
			if _, ok := descs[string(s.script)]; !ok {
				descs[string(s.script)] = s.desc
			}
		}
	}

	res, err := n.Chain.ScanUTXOs(ctx, func(script []byte) bool {
		_, ok := descs[string(script)]
		return ok
	}, func(f float64) { n.scans.progress.Store(int64(f * 100)) })
	success := err == nil
	if err != nil && ctx.Err() == nil {
		return nil, err
	}
	// Core lists the coins in outpoint order (txid bytes, then index).
	sort.Slice(res.Unspent, func(i, j int) bool {
		a, b := res.Unspent[i].OutPoint, res.Unspent[j].OutPoint
		if c := bytes.Compare(a.Hash[:], b.Hash[:]); c != 0 {
			return c < 0
		}
		return a.Index < b.Index
	})
	o := univalue.NewObject()
	o.PushKV("success", univalue.NewBool(success))
	o.PushKV("txouts", univalue.NewInt(res.TxOuts))
	o.PushKV("height", univalue.NewInt(int64(res.Height)))
	o.PushKV("bestblock", univalue.NewString(res.Tip.String()))
	unspents := univalue.NewArray()
	var total int64
	for _, u := range res.Unspent {
		total += u.Amount
		e := univalue.NewObject()
		e.PushKV("txid", univalue.NewString(u.OutPoint.Hash.String()))
		e.PushKV("vout", univalue.NewInt(int64(u.OutPoint.Index)))
		e.PushKV("scriptPubKey", univalue.NewString(hex.EncodeToString(u.PkScript)))
		e.PushKV("desc", univalue.NewString(descs[string(u.PkScript)]))
		e.PushKV("amount", rs.ValueFromAmount(u.Amount))
		e.PushKV("coinbase", univalue.NewBool(u.Coinbase))
		e.PushKV("height", univalue.NewInt(int64(u.Height)))
		e.PushKV("blockhash", univalue.NewString(u.BlockHash.String()))
		e.PushKV("confirmations", univalue.NewInt(int64(res.Height-u.Height)+1))
		unspents.Push(e)
	}
	o.PushKV("unspents", unspents)
	o.PushKV("total_amount", rs.ValueFromAmount(total))
	return o, nil
}

// descScript is one output script a descriptor expands to, with the
// descriptor Core's InferDescriptor shows for it.
type descScript struct {
	script []byte
	desc   string
}

// evalDescriptor is Core's EvalDescriptorStringOrObject (see
// expandDescriptorArg) with the descriptor InferDescriptor shows for
// each script.
func evalDescriptor(raw json.RawMessage, params *chaincfg.Params) ([]descScript, error) {
	outs, err := expandDescriptorArg(raw, params)
	if err != nil {
		return nil, err
	}
	res := make([]descScript, len(outs))
	for i, o := range outs {
		res[i] = descScript{script: o.Script, desc: descriptor.InferOutput(o, params)}
	}
	return res, nil
}

// wpkhScript is the P2WPKH output script of a public key.
func wpkhScript(k []byte) ([]byte, error) {
	return txscript.NewScriptBuilder().AddOp(txscript.OP_0).AddData(address.Hash160(k)).Script()
}
