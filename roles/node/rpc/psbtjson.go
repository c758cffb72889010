package rpc

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/btcsuite/btcd/address/v2/base58"
	"github.com/btcsuite/btcd/chaincfg/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/psbt"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// The JSON of Core's decodepsbt. Maps are listed in the order Core's
// containers keep them: the caller sorts the packet first (SortMaps).

func hexStr(b []byte) univalue.Value { return univalue.NewString(hex.EncodeToString(b)) }

// writeHDKeypath is Core's WriteHDKeypath: "m" then each step, hardened
// steps marked with h.
func writeHDKeypath(path []uint32) string {
	var b strings.Builder
	b.WriteString("m")
	for _, step := range path {
		fmt.Fprintf(&b, "/%d", step&0x7fffffff)
		if step&0x80000000 != 0 {
			b.WriteString("h")
		}
	}
	return b.String()
}

// encodeXPub is Core's EncodeBase58Check of a CExtPubKey encoded with the
// chain's extended public key version (the version bytes the PSBT holds
// are not kept).
func encodeXPub(key []byte, params *chaincfg.Params) string {
	ser := append(append([]byte{}, params.HDPublicKeyID[:]...), key[4:]...)
	first := sha256.Sum256(ser)
	sum := sha256.Sum256(first[:])
	return base58.Encode(append(ser, sum[:4]...))
}

// scriptJSON is Core's ScriptToUniv without the address: asm, hex, type.
func scriptJSON(script []byte, params *chaincfg.Params) univalue.Value {
	o := univalue.NewObject()
	o.PushKV("asm", univalue.NewString(scriptAsm(script, false)))
	o.PushKV("hex", hexStr(script))
	o.PushKV("type", univalue.NewString(solveScript(script, params).typ))
	return o
}

func originJSON(o *univalue.Value, key string, pub []byte, origin psbt.KeyOrigin) {
	o.PushKV(key, hexStr(pub))
	o.PushKV("master_fingerprint", hexStr(origin.Fingerprint[:]))
	o.PushKV("path", univalue.NewString(writeHDKeypath(origin.Path)))
}

func bip32JSON(ds []psbt.Bip32Derivation) univalue.Value {
	arr := univalue.NewArray()
	for _, d := range ds {
		o := univalue.NewObject()
		originJSON(&o, "pubkey", d.PubKey, d.Origin)
		arr.Push(o)
	}
	return arr
}

func tapBip32JSON(ds []psbt.TapBip32Derivation) univalue.Value {
	arr := univalue.NewArray()
	for _, d := range ds {
		o := univalue.NewObject()
		originJSON(&o, "pubkey", d.XOnly, d.Origin)
		hashes := univalue.NewArray()
		for _, h := range d.LeafHashes {
			hashes.Push(hexStr(h[:]))
		}
		o.PushKV("leaf_hashes", hashes)
		arr.Push(o)
	}
	return arr
}

func participantsJSON(ms []psbt.MuSig2Participants) univalue.Value {
	arr := univalue.NewArray()
	for _, m := range ms {
		o := univalue.NewObject()
		o.PushKV("aggregate_pubkey", hexStr(m.Aggregate))
		parts := univalue.NewArray()
		for _, p := range m.Participants {
			parts.Push(hexStr(p))
		}
		o.PushKV("participant_pubkeys", parts)
		arr.Push(o)
	}
	return arr
}

func muSig2DataJSON(ds []psbt.MuSig2Data, valueKey string) univalue.Value {
	arr := univalue.NewArray()
	for _, d := range ds {
		o := univalue.NewObject()
		o.PushKV("participant_pubkey", hexStr(d.Participant))
		o.PushKV("aggregate_pubkey", hexStr(d.Aggregate))
		if len(d.LeafHash) != 0 && !allZeroBytes(d.LeafHash) {
			o.PushKV("leaf_hash", hexStr(d.LeafHash))
		}
		o.PushKV(valueKey, hexStr(d.Value))
		arr.Push(o)
	}
	return arr
}

func allZeroBytes(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

func proprietaryJSON(props []psbt.Proprietary) univalue.Value {
	arr := univalue.NewArray()
	for _, p := range props {
		o := univalue.NewObject()
		o.PushKV("identifier", hexStr(p.Identifier))
		o.PushKV("subtype", univalue.NewNumber(strconv.FormatUint(p.Subtype, 10)))
		o.PushKV("key", hexStr(p.Key))
		o.PushKV("value", hexStr(p.Value))
		arr.Push(o)
	}
	return arr
}

func unknownJSON(kvs []psbt.KV) univalue.Value {
	o := univalue.NewObject()
	for _, kv := range kvs {
		o.PushKV(hex.EncodeToString(kv.Key), hexStr(kv.Value))
	}
	return o
}

func preimagesJSON(list []psbt.Preimage) univalue.Value {
	o := univalue.NewObject()
	for _, p := range list {
		o.PushKV(hex.EncodeToString(p.Hash), hexStr(p.Preimage))
	}
	return o
}

// tapScriptsJSON groups the leaf scripts by (script, leaf version) with
// their control blocks, as Core's map of sets.
func tapScriptsJSON(leaves []psbt.TapLeafScript) univalue.Value {
	arr := univalue.NewArray()
	for i := 0; i < len(leaves); {
		l := leaves[i]
		o := univalue.NewObject()
		o.PushKV("script", hexStr(l.Script))
		o.PushKV("leaf_ver", univalue.NewInt(int64(l.LeafVersion)))
		cbs := univalue.NewArray()
		for ; i < len(leaves) && string(leaves[i].Script) == string(l.Script) && leaves[i].LeafVersion == l.LeafVersion; i++ {
			cbs.Push(hexStr(leaves[i].ControlBlock))
		}
		o.PushKV("control_blocks", cbs)
		arr.Push(o)
	}
	return arr
}

// psbtJSON is Core's decodepsbt result for p (sorted with SortMaps).
func psbtJSON(p *psbt.Packet, params *chaincfg.Params) univalue.Value {
	res := univalue.NewObject()
	res.PushKV("tx", txJSON(p.UnsignedTx, params, txOpts{verbosity: txDetails}))
	xpubs := univalue.NewArray()
	for _, x := range p.XPubs {
		o := univalue.NewObject()
		o.PushKV("xpub", univalue.NewString(encodeXPub(x.Key, params)))
		o.PushKV("master_fingerprint", hexStr(x.Origin.Fingerprint[:]))
		o.PushKV("path", univalue.NewString(writeHDKeypath(x.Origin.Path)))
		xpubs.Push(o)
	}
	res.PushKV("global_xpubs", xpubs)
	res.PushKV("psbt_version", univalue.NewInt(int64(p.Version)))
	res.PushKV("proprietary", proprietaryJSON(p.Proprietary))
	res.PushKV("unknown", unknownJSON(p.Unknown))

	var totalIn int64
	haveAll := true
	inputs := univalue.NewArray()
	for i := range p.Inputs {
		o, utxo := psbtInputJSON(&p.Inputs[i], p.UnsignedTx.TxIn[i], params)
		switch {
		case utxo == nil:
			haveAll = false
		case moneyRange(utxo.Value) && moneyRange(totalIn+utxo.Value):
			totalIn += utxo.Value
		default:
			haveAll = false
		}
		inputs.Push(o)
	}
	res.PushKV("inputs", inputs)

	var totalOut int64
	outputs := univalue.NewArray()
	for i := range p.Outputs {
		outputs.Push(psbtOutputJSON(&p.Outputs[i], params))
		v := p.UnsignedTx.TxOut[i].Value
		if moneyRange(v) && moneyRange(totalOut+v) {
			totalOut += v
		} else {
			haveAll = false
		}
	}
	res.PushKV("outputs", outputs)
	if haveAll {
		res.PushKV("fee", rs.ValueFromAmount(totalIn-totalOut))
	}
	return res
}

func moneyRange(v int64) bool { return v >= 0 && v <= maxMoney }

// psbtInputJSON is one input of decodepsbt, and the output it spends
// when the input carries it (the non-witness UTXO's when both are set).
func psbtInputJSON(in *psbt.Input, txin *wire.TxIn, params *chaincfg.Params) (univalue.Value, *wire.TxOut) {
	o := univalue.NewObject()
	var utxo *wire.TxOut
	if in.WitnessUtxo != nil {
		utxo = in.WitnessUtxo
		w := univalue.NewObject()
		w.PushKV("amount", rs.ValueFromAmount(utxo.Value))
		w.PushKV("scriptPubKey", scriptPubKeyJSON(utxo.PkScript, params))
		o.PushKV("witness_utxo", w)
	}
	if nw := in.NonWitnessUtxo; nw != nil {
		if idx := int(txin.PreviousOutPoint.Index); idx < len(nw.TxOut) {
			utxo = nw.TxOut[idx]
		}
		o.PushKV("non_witness_utxo", txJSON(nw, params, txOpts{verbosity: txDetails}))
	}
	if len(in.PartialSigs) != 0 {
		sigs := univalue.NewObject()
		for _, s := range in.PartialSigs {
			sigs.PushKV(hex.EncodeToString(s.PubKey), hexStr(s.Sig))
		}
		o.PushKV("partial_signatures", sigs)
	}
	if in.SighashType != nil {
		o.PushKV("sighash", univalue.NewString(sigHashNames[byte(*in.SighashType)]))
	}
	if len(in.RedeemScript) != 0 {
		o.PushKV("redeem_script", scriptJSON(in.RedeemScript, params))
	}
	if len(in.WitnessScript) != 0 {
		o.PushKV("witness_script", scriptJSON(in.WitnessScript, params))
	}
	if len(in.Bip32) != 0 {
		o.PushKV("bip32_derivs", bip32JSON(in.Bip32))
	}
	if len(in.FinalScriptSig) != 0 {
		s := univalue.NewObject()
		s.PushKV("asm", univalue.NewString(scriptAsm(in.FinalScriptSig, true)))
		s.PushKV("hex", hexStr(in.FinalScriptSig))
		o.PushKV("final_scriptSig", s)
	}
	if len(in.FinalScriptWitness) != 0 {
		w := univalue.NewArray()
		for _, item := range in.FinalScriptWitness {
			w.Push(hexStr(item))
		}
		o.PushKV("final_scriptwitness", w)
	}
	for _, pl := range []struct {
		key  string
		list []psbt.Preimage
	}{{"ripemd160_preimages", in.Ripemd160}, {"sha256_preimages", in.Sha256}, {"hash160_preimages", in.Hash160}, {"hash256_preimages", in.Hash256}} {
		if len(pl.list) != 0 {
			o.PushKV(pl.key, preimagesJSON(pl.list))
		}
	}
	if len(in.TapKeySig) != 0 {
		o.PushKV("taproot_key_path_sig", hexStr(in.TapKeySig))
	}
	if len(in.TapScriptSigs) != 0 {
		arr := univalue.NewArray()
		for _, s := range in.TapScriptSigs {
			e := univalue.NewObject()
			e.PushKV("pubkey", hexStr(s.XOnly))
			e.PushKV("leaf_hash", hexStr(s.LeafHash))
			e.PushKV("sig", hexStr(s.Sig))
			arr.Push(e)
		}
		o.PushKV("taproot_script_path_sigs", arr)
	}
	if len(in.TapLeafScripts) != 0 {
		o.PushKV("taproot_scripts", tapScriptsJSON(in.TapLeafScripts))
	}
	if len(in.TapBip32) != 0 {
		o.PushKV("taproot_bip32_derivs", tapBip32JSON(in.TapBip32))
	}
	if len(in.TapInternalKey) != 0 && !allZeroBytes(in.TapInternalKey) {
		o.PushKV("taproot_internal_key", hexStr(in.TapInternalKey))
	}
	if len(in.TapMerkleRoot) != 0 && !allZeroBytes(in.TapMerkleRoot) {
		o.PushKV("taproot_merkle_root", hexStr(in.TapMerkleRoot))
	}
	if len(in.MuSig2Participants) != 0 {
		o.PushKV("musig2_participant_pubkeys", participantsJSON(in.MuSig2Participants))
	}
	if len(in.MuSig2PubNonces) != 0 {
		o.PushKV("musig2_pubnonces", muSig2DataJSON(in.MuSig2PubNonces, "pubnonce"))
	}
	if len(in.MuSig2PartialSigs) != 0 {
		o.PushKV("musig2_partial_sigs", muSig2DataJSON(in.MuSig2PartialSigs, "partial_sig"))
	}
	if len(in.Proprietary) != 0 {
		o.PushKV("proprietary", proprietaryJSON(in.Proprietary))
	}
	if len(in.Unknown) != 0 {
		o.PushKV("unknown", unknownJSON(in.Unknown))
	}
	return o, utxo
}

func psbtOutputJSON(out *psbt.Output, params *chaincfg.Params) univalue.Value {
	o := univalue.NewObject()
	if len(out.RedeemScript) != 0 {
		o.PushKV("redeem_script", scriptJSON(out.RedeemScript, params))
	}
	if len(out.WitnessScript) != 0 {
		o.PushKV("witness_script", scriptJSON(out.WitnessScript, params))
	}
	if len(out.Bip32) != 0 {
		o.PushKV("bip32_derivs", bip32JSON(out.Bip32))
	}
	if len(out.TapInternalKey) != 0 && !allZeroBytes(out.TapInternalKey) {
		o.PushKV("taproot_internal_key", hexStr(out.TapInternalKey))
	}
	if len(out.TapTree) != 0 {
		arr := univalue.NewArray()
		for _, l := range out.TapTree {
			e := univalue.NewObject()
			e.PushKV("depth", univalue.NewInt(int64(l.Depth)))
			e.PushKV("leaf_ver", univalue.NewInt(int64(l.LeafVersion)))
			e.PushKV("script", hexStr(l.Script))
			arr.Push(e)
		}
		o.PushKV("taproot_tree", arr)
	}
	if len(out.TapBip32) != 0 {
		o.PushKV("taproot_bip32_derivs", tapBip32JSON(out.TapBip32))
	}
	if len(out.MuSig2Participants) != 0 {
		o.PushKV("musig2_participant_pubkeys", participantsJSON(out.MuSig2Participants))
	}
	if len(out.Proprietary) != 0 {
		o.PushKV("proprietary", proprietaryJSON(out.Proprietary))
	}
	if len(out.Unknown) != 0 {
		o.PushKV("unknown", unknownJSON(out.Unknown))
	}
	return o
}
