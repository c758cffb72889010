package psbt

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

// reverseMaps reverses every list of p, so that sorting has work to do.
func reverseMaps(p *Packet) {
	slices.Reverse(p.XPubs)
	slices.Reverse(p.Unknown)
	slices.Reverse(p.Proprietary)
	for i := range p.Inputs {
		in := &p.Inputs[i]
		slices.Reverse(in.PartialSigs)
		slices.Reverse(in.Bip32)
		slices.Reverse(in.Ripemd160)
		slices.Reverse(in.Sha256)
		slices.Reverse(in.Hash160)
		slices.Reverse(in.Hash256)
		slices.Reverse(in.TapScriptSigs)
		slices.Reverse(in.TapLeafScripts)
		slices.Reverse(in.TapBip32)
		slices.Reverse(in.MuSig2Participants)
		slices.Reverse(in.MuSig2PubNonces)
		slices.Reverse(in.MuSig2PartialSigs)
		slices.Reverse(in.Unknown)
		slices.Reverse(in.Proprietary)
	}
	for i := range p.Outputs {
		o := &p.Outputs[i]
		slices.Reverse(o.Bip32)
		slices.Reverse(o.TapBip32)
		slices.Reverse(o.MuSig2Participants)
		slices.Reverse(o.Unknown)
		slices.Reverse(o.Proprietary)
	}
}

// SortMaps gives the order Encode writes (what a decode of the encoding
// holds), for every valid vector whose inputs are not finalized.
func TestSortMapsMatchesEncoding(t *testing.T) {
	checked := 0
	for i, s := range loadVectors(t).Valid {
		p, err := DecodeBase64(s)
		if err != nil {
			t.Fatal(err)
		}
		if slices.ContainsFunc(p.Inputs, func(in Input) bool { return len(in.FinalScriptSig) != 0 || len(in.FinalScriptWitness) != 0 }) {
			continue
		}
		want, err := p.Clone()
		if err != nil {
			t.Fatal(err)
		}
		reverseMaps(p)
		p.SortMaps()
		// The previous transactions are compared by hash (wire.MsgTx
		// keeps internal state).
		for k := range p.Inputs {
			if a, b := p.Inputs[k].NonWitnessUtxo, want.Inputs[k].NonWitnessUtxo; a != nil && b != nil && a.TxHash() == b.TxHash() {
				p.Inputs[k].NonWitnessUtxo, want.Inputs[k].NonWitnessUtxo = nil, nil
			}
		}
		if !reflect.DeepEqual(p, want) {
			t.Errorf("valid %d: SortMaps order differs from the encoding's", i)
		}
		checked++
	}
	if checked < 10 {
		t.Fatalf("only %d vectors checked", checked)
	}
}

// SortMaps keeps the signing fields of a finalized input.
func TestSortMapsKeepsFinalized(t *testing.T) {
	p := &Packet{Inputs: []Input{{FinalScriptSig: []byte{1}, PartialSigs: []PartialSig{{PubKey: []byte{2, 1}, Sig: []byte{1}}, {PubKey: []byte{3, 1}, Sig: []byte{2}}}}}}
	p.SortMaps()
	if len(p.Inputs[0].PartialSigs) != 2 {
		t.Fatal("partial signatures dropped")
	}
}

func joinTestPacket(t *testing.T, version int32, locktime uint32, prev ...byte) *Packet {
	t.Helper()
	tx := wire.NewMsgTx(version)
	tx.LockTime = locktime
	for _, b := range prev {
		tx.AddTxIn(wire.NewTxIn(&wire.OutPoint{Hash: chainhash.Hash{b}, Index: uint32(b)}, nil, nil))
		tx.AddTxOut(wire.NewTxOut(int64(b)*1000, []byte{0x51, b}))
	}
	p, err := New(tx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range p.Inputs {
		p.Inputs[i].WitnessUtxo = wire.NewTxOut(int64(prev[i])*2000, []byte{0x51})
		p.Inputs[i].PartialSigs = []PartialSig{{PubKey: []byte{2, prev[i]}, Sig: []byte{0x30}}}
		p.Inputs[i].FinalScriptSig = []byte{0x51}
	}
	p.Unknown = []KV{{Key: []byte{0x99}, Value: []byte{prev[0]}}}
	return p
}

func TestJoin(t *testing.T) {
	a := joinTestPacket(t, 1, 500, 1, 2)
	b := joinTestPacket(t, 3, 100, 3)
	j, err := Join([]*Packet{a, b}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if j.UnsignedTx.Version != 3 || j.UnsignedTx.LockTime != 100 || len(j.Inputs) != 3 || len(j.Outputs) != 3 {
		t.Fatalf("joined %+v", j.UnsignedTx)
	}
	for i, in := range j.Inputs {
		if in.PartialSigs != nil || in.FinalScriptSig != nil || in.WitnessUtxo == nil {
			t.Fatalf("input %d kept %+v", i, in)
		}
		if j.UnsignedTx.TxIn[i].PreviousOutPoint.Index != uint32(i+1) || j.UnsignedTx.TxOut[i].Value != int64(i+1)*1000 {
			t.Fatalf("order %d", i)
		}
	}
	if len(j.Unknown) != 1 || j.Unknown[0].Value[0] != 1 {
		t.Fatalf("unknown %+v: the first PSBT's entry wins", j.Unknown)
	}
	if a.Inputs[0].PartialSigs == nil {
		t.Fatal("join changed its input")
	}
	// The lowest version is 1 even when every PSBT has version 0.
	if j, _ := Join([]*Packet{joinTestPacket(t, 0, 0, 1), joinTestPacket(t, 0, 0, 2)}, nil); j.UnsignedTx.Version != 1 {
		t.Fatalf("version %d", j.UnsignedTx.Version)
	}
	// Encodes and decodes.
	enc, err := j.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Decode(enc); err != nil {
		t.Fatal(err)
	}
}

func TestJoinDuplicate(t *testing.T) {
	_, err := Join([]*Packet{joinTestPacket(t, 2, 0, 1, 2), joinTestPacket(t, 2, 0, 2)}, nil)
	var dup *DuplicateInputError
	if !errors.As(err, &dup) || dup.OutPoint.Index != 2 {
		t.Fatalf("got %v", err)
	}
	want := "Input " + (chainhash.Hash{2}).String() + ":2 exists in multiple PSBTs"
	if err.Error() != want {
		t.Fatalf("got %q", err)
	}
	// Another sequence makes it another transaction input, as Core's
	// comparison of whole CTxIns.
	b := joinTestPacket(t, 2, 0, 2)
	b.UnsignedTx.TxIn[0].Sequence = 5
	if _, err := Join([]*Packet{joinTestPacket(t, 2, 0, 1, 2), b}, nil); err != nil {
		t.Fatal(err)
	}
}

// Shuffling moves each input and output together with its map.
func TestJoinShuffle(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	j, err := Join([]*Packet{joinTestPacket(t, 2, 0, 1, 2, 3, 4), joinTestPacket(t, 2, 0, 5, 6, 7)}, r.Shuffle)
	if err != nil {
		t.Fatal(err)
	}
	moved := false
	for i, txin := range j.UnsignedTx.TxIn {
		idx := txin.PreviousOutPoint.Index
		if j.Inputs[i].WitnessUtxo.Value != int64(idx)*2000 {
			t.Fatalf("input %d separated from its map", i)
		}
		moved = moved || idx != uint32(i+1)
	}
	if !moved {
		t.Fatal("not shuffled")
	}
}
