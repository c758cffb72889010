package psbt

import (
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"
)

// Key types of BIP174, BIP370, BIP371 and BIP373.
const (
	GlobalUnsignedTx       = 0x00
	GlobalXPub             = 0x01
	GlobalTxVersion        = 0x02
	GlobalFallbackLocktime = 0x03
	GlobalInputCount       = 0x04
	GlobalOutputCount      = 0x05
	GlobalTxModifiable     = 0x06
	GlobalVersion          = 0xFB
	GlobalProprietary      = 0xFC

	InNonWitnessUtxo         = 0x00
	InWitnessUtxo            = 0x01
	InPartialSig             = 0x02
	InSighash                = 0x03
	InRedeemScript           = 0x04
	InWitnessScript          = 0x05
	InBip32Derivation        = 0x06
	InFinalScriptSig         = 0x07
	InFinalScriptWitness     = 0x08
	InRipemd160              = 0x0A
	InSha256                 = 0x0B
	InHash160                = 0x0C
	InHash256                = 0x0D
	InPreviousTxid           = 0x0E
	InOutputIndex            = 0x0F
	InSequence               = 0x10
	InRequiredTimeLocktime   = 0x11
	InRequiredHeightLocktime = 0x12
	InTapKeySig              = 0x13
	InTapScriptSig           = 0x14
	InTapLeafScript          = 0x15
	InTapBip32Derivation     = 0x16
	InTapInternalKey         = 0x17
	InTapMerkleRoot          = 0x18
	InMuSig2Participants     = 0x1A
	InMuSig2PubNonce         = 0x1B
	InMuSig2PartialSig       = 0x1C
	InProprietary            = 0xFC

	OutRedeemScript       = 0x00
	OutWitnessScript      = 0x01
	OutBip32Derivation    = 0x02
	OutAmount             = 0x03
	OutScript             = 0x04
	OutTapInternalKey     = 0x05
	OutTapTree            = 0x06
	OutTapBip32Derivation = 0x07
	OutMuSig2Participants = 0x08
	OutProprietary        = 0xFC
)

// Packet is a decoded PSBT.
type Packet struct {
	// Version is 0 (BIP174) or 2 (BIP370).
	Version uint32
	// UnsignedTx is the transaction of a version 0 PSBT. For version 2 it
	// is built from the per-input and per-output fields (see Tx).
	UnsignedTx *wire.MsgTx
	// Version 2 globals.
	TxVersion        int32
	FallbackLocktime *uint32
	TxModifiable     *uint8

	XPubs       []XPub
	Proprietary []Proprietary
	Unknown     []KV

	Inputs  []Input
	Outputs []Output
}

// KV is a raw map entry.
type KV struct{ Key, Value []byte }

// Proprietary is a proprietary entry (type 0xFC): identifier, subtype and
// the whole key.
type Proprietary struct {
	Identifier []byte
	Subtype    uint64
	Key, Value []byte
}

// KeyOrigin is a BIP32 key origin: master fingerprint and path.
type KeyOrigin struct {
	Fingerprint [4]byte
	Path        []uint32
}

// XPub is a global extended public key (78 bytes) with its origin.
type XPub struct {
	Key    []byte
	Origin KeyOrigin
}

// Bip32Derivation is a public key with its origin.
type Bip32Derivation struct {
	PubKey []byte
	Origin KeyOrigin
}

// TapBip32Derivation is an x-only key with the leaves it signs for and its
// origin.
type TapBip32Derivation struct {
	XOnly      []byte
	LeafHashes [][32]byte // sorted, unique
	Origin     KeyOrigin
}

// PartialSig is an ECDSA signature (with its sighash byte) by public key.
type PartialSig struct{ PubKey, Sig []byte }

// Preimage is a hash preimage by hash.
type Preimage struct{ Hash, Preimage []byte }

// TapScriptSig is a script path signature by x-only key and leaf hash.
type TapScriptSig struct {
	XOnly, LeafHash, Sig []byte
}

// TapLeafScript is a leaf script with a control block proving it.
type TapLeafScript struct {
	ControlBlock []byte
	Script       []byte
	LeafVersion  byte
}

// TapTreeLeaf is one leaf of an output's taproot tree, depth first.
type TapTreeLeaf struct {
	Depth, LeafVersion byte
	Script             []byte
}

// MuSig2Participants lists the participant keys of an aggregate key.
type MuSig2Participants struct {
	Aggregate    []byte
	Participants [][]byte
}

// MuSig2Data is a public nonce (66 bytes) or partial signature (32 bytes)
// of a participant for an aggregate key and optional leaf hash.
type MuSig2Data struct {
	Participant, Aggregate, LeafHash []byte
	Value                            []byte
}

// Input is a PSBT input map.
type Input struct {
	NonWitnessUtxo     *wire.MsgTx
	WitnessUtxo        *wire.TxOut
	PartialSigs        []PartialSig
	SighashType        *uint32
	RedeemScript       []byte
	WitnessScript      []byte
	Bip32              []Bip32Derivation
	FinalScriptSig     []byte
	FinalScriptWitness wire.TxWitness
	Ripemd160          []Preimage
	Sha256             []Preimage
	Hash160            []Preimage
	Hash256            []Preimage
	TapKeySig          []byte
	TapScriptSigs      []TapScriptSig
	TapLeafScripts     []TapLeafScript
	TapBip32           []TapBip32Derivation
	TapInternalKey     []byte
	TapMerkleRoot      []byte
	MuSig2Participants []MuSig2Participants
	MuSig2PubNonces    []MuSig2Data
	MuSig2PartialSigs  []MuSig2Data

	// Version 2 fields.
	PreviousTxid           *chainhash.Hash
	OutputIndex            *uint32
	Sequence               *uint32
	RequiredTimeLocktime   *uint32
	RequiredHeightLocktime *uint32

	Proprietary []Proprietary
	Unknown     []KV
}

// Output is a PSBT output map.
type Output struct {
	RedeemScript       []byte
	WitnessScript      []byte
	Bip32              []Bip32Derivation
	TapInternalKey     []byte
	TapTree            []TapTreeLeaf
	TapBip32           []TapBip32Derivation
	MuSig2Participants []MuSig2Participants

	// Version 2 fields.
	Amount *int64
	Script []byte // nil when absent

	Proprietary []Proprietary
	Unknown     []KV
}
