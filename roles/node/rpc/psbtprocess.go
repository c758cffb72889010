package rpc

import (
	"encoding/json"
	"errors"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/chaincfg/v2"
	"github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
	"github.com/mpbitcoin/mpbitcoin/roles/psbt"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/sign"
)

// expandDescriptorArg is Core's EvalDescriptorStringOrObject: a
// descriptor string, or an object {"desc": ..., "range": end or
// [begin,end]} (range 1000 by default), expanded at every position of
// the range (position 0 only when unranged) and for every multipath
// alternative.
func expandDescriptorArg(raw json.RawMessage, params *chaincfg.Params) ([]descriptor.Output, error) {
	var descStr string
	lo, hi := int64(0), int64(1000)
	switch {
	case len(raw) > 0 && raw[0] == '"':
		if err := json.Unmarshal(raw, &descStr); err != nil {
			return nil, rs.NewError(rs.InvalidParameter, "Scan object needs to be either a string or an object")
		}
	case len(raw) > 0 && raw[0] == '{':
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil {
			return nil, rs.NewError(rs.InvalidParameter, "Scan object needs to be either a string or an object")
		}
		d, ok := obj["desc"]
		if !ok || string(d) == "null" {
			return nil, rs.NewError(rs.InvalidParameter, "Descriptor needs to be provided in scan object")
		}
		s, err := stringArg(d)
		if err != nil {
			return nil, err
		}
		descStr = s
		if rg, ok := obj["range"]; ok && string(rg) != "null" {
			if lo, hi, err = parseDescriptorRange(rg); err != nil {
				return nil, err
			}
		}
	default:
		return nil, rs.NewError(rs.InvalidParameter, "Scan object needs to be either a string or an object")
	}
	d, err := descriptor.Parse(descStr, params, false)
	if err != nil {
		return nil, rs.NewError(rs.InvalidAddressOrKey, "%s", err.Error())
	}
	if !d.IsRange() {
		lo, hi = 0, 0
	}
	var out []descriptor.Output
	for i := lo; i <= hi; i++ {
		for _, alt := range d.Multipath() {
			outs, err := alt.Expand(uint32(i))
			if err != nil {
				return nil, rs.NewError(rs.InvalidAddressOrKey, "Cannot derive script without private keys: '%s'", descStr)
			}
			out = append(out, outs...)
		}
	}
	return out, nil
}

// descriptorProvider is the FlatSigningProvider Core's PSBT commands
// fill with EvalDescriptorStringOrObject from a "descriptors" argument:
// public keys and their origins, scripts, taproot spend data and, with
// expandPriv, the private keys.
func descriptorProvider(raw json.RawMessage, params *chaincfg.Params, expandPriv bool) (*sign.Flat, error) {
	f := &sign.Flat{}
	if raw == nil {
		return f, nil
	}
	var descs []json.RawMessage
	if err := json.Unmarshal(raw, &descs); err != nil {
		return nil, rs.NewError(rs.TypeError, "JSON value of type %s is not of expected type array", jsonType(raw))
	}
	for _, d := range descs {
		outs, err := expandDescriptorArg(d, params)
		if err != nil {
			return nil, err
		}
		for _, o := range outs {
			addDescriptorOutput(f, o, expandPriv)
		}
	}
	return f, nil
}

func addDescriptorOutput(f *sign.Flat, o descriptor.Output, expandPriv bool) {
	for _, k := range o.Keys {
		if expandPriv && k.Priv != nil {
			f.AddKey(k.Priv, len(k.Pub) == 33)
		} else {
			f.AddPubKey(k.Pub)
		}
		f.AddOrigin(k.Pub, sign.KeyOrigin{Fingerprint: k.Fingerprint, Path: k.Path})
	}
	if o.RedeemScript != nil {
		f.AddScript(o.RedeemScript)
	}
	if o.WitnessScript != nil {
		f.AddScript(o.WitnessScript)
	}
	if o.TaprootInternalKey != nil && len(o.Script) == 34 {
		info := sign.TaprootInfo{InternalKey: o.TaprootInternalKey, MerkleRoot: o.TaprootMerkleRoot}
		for _, l := range o.TaprootLeaves {
			info.Leaves = append(info.Leaves, sign.TapLeaf{Script: l.Script, LeafVersion: l.LeafVersion, ControlBlock: l.ControlBlock})
		}
		f.AddTaproot(o.Script[2:], info)
	}
}

// hidingProvider is Core's HidingSigningProvider: a provider without its
// private keys and/or key origins.
type hidingProvider struct {
	sign.Provider
	hideSecret, hideOrigin bool
}

func (h hidingProvider) PrivKey(pub []byte) (*btcec.PrivateKey, bool) {
	if h.hideSecret {
		return nil, false
	}
	return h.Provider.PrivKey(pub)
}

// KeyOrigin implements sign.OriginProvider.
func (h hidingProvider) KeyOrigin(pub []byte) (sign.KeyOrigin, bool) {
	op, ok := h.Provider.(sign.OriginProvider)
	if h.hideOrigin || !ok {
		return sign.KeyOrigin{}, false
	}
	return op.KeyOrigin(pub)
}

// isSegWitOutput is Core's IsSegWitOutput: a witness program, or P2SH
// of a redeem script the provider knows to be one.
func isSegWitOutput(prov sign.Provider, script []byte) bool {
	if txscript.IsWitnessProgram(script) {
		return true
	}
	if txscript.IsPayToScriptHash(script) {
		if redeem, ok := prov.Script(script[2:22]); ok && txscript.IsWitnessProgram(redeem) {
			return true
		}
	}
	return false
}

// inputSigned is Core's PSBTInputSigned.
func inputSigned(in *psbt.Input) bool {
	return len(in.FinalScriptSig) != 0 || len(in.FinalScriptWitness) != 0
}

// decodePSBTArg is Core's DecodeBase64PSBT with its RPC error.
func decodePSBTArg(raw json.RawMessage) (*psbt.Packet, error) {
	s, err := stringArg(raw)
	if err != nil {
		return nil, err
	}
	p, err := psbt.DecodeBase64(s)
	if err != nil {
		return nil, rs.NewError(rs.DeserializationError, "TX decode failed %s", psbt.RPCText(err))
	}
	return p, nil
}

// processPSBT is Core's ProcessPSBT: the inputs get their previous
// transaction from the mempool or, for segwit outputs, their UTXO from
// the UTXO set; then every unsigned input is updated (and signed when
// prov has keys) and every output updated from prov.
func (n *Node) processPSBT(raw json.RawMessage, prov sign.Provider, sighash *txscript.SigHashType, finalize bool) (*psbt.Packet, error) {
	p, err := decodePSBTArg(raw)
	if err != nil {
		return nil, err
	}
	tx := p.UnsignedTx
	missing := false
	for i, txin := range tx.TxIn {
		if p.Inputs[i].NonWitnessUtxo != nil {
			continue
		}
		if n.Pool != nil {
			if prev, err := n.Pool.Fetch(&txin.PreviousOutPoint.Hash); err == nil {
				p.Inputs[i].NonWitnessUtxo = prev.MsgTx().Copy()
				continue
			}
		}
		missing = true
	}
	if missing {
		coins, err := n.findCoins(tx)
		if err != nil {
			return nil, err
		}
		for i, txin := range tx.TxIn {
			if p.Inputs[i].NonWitnessUtxo != nil {
				continue
			}
			if c, ok := coins[txin.PreviousOutPoint]; ok && isSegWitOutput(prov, c.Script) {
				p.Inputs[i].WitnessUtxo = wire.NewTxOut(c.Value, c.Script)
			}
		}
	}
	for i := range p.Inputs {
		if inputSigned(&p.Inputs[i]) {
			continue
		}
		if err := p.SignInput(prov, i, sighash, finalize); errors.Is(err, psbt.ErrSighashMismatch) {
			return nil, rs.NewError(rs.DeserializationError, "%s", psbt.ErrSighashMismatch.Error())
		}
	}
	for i := range p.Outputs {
		p.UpdateOutput(prov, i)
	}
	p.RemoveUnnecessaryTransactions()
	return p, nil
}
