package rpc

import rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"

// The result documentation of Core's decodepsbt.

func scriptDoc(key, what string) rs.ResultDoc {
	return rs.ResultDoc{Type: rs.ResObj, Key: key, Optional: true, Inner: []rs.ResultDoc{
		{Type: rs.ResStr, Key: "asm", Help: "Disassembly of the " + what},
		{Type: rs.ResHex, Key: "hex", Help: "The raw " + what + " bytes, hex-encoded"},
		{Type: rs.ResStr, Key: "type", Help: "The type, eg 'pubkeyhash'"},
	}}
}

func bip32Doc(pubkeyHelp string) rs.ResultDoc {
	return rs.ResultDoc{Type: rs.ResArr, Key: "bip32_derivs", Optional: true, Inner: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
		{Type: rs.ResStr, Key: "pubkey", Help: pubkeyHelp},
		{Type: rs.ResStr, Key: "master_fingerprint", Help: "The fingerprint of the master key"},
		{Type: rs.ResStr, Key: "path", Help: "The path"},
	}}}}
}

func tapBip32Doc() rs.ResultDoc {
	return rs.ResultDoc{Type: rs.ResArr, Key: "taproot_bip32_derivs", Optional: true, Inner: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
		{Type: rs.ResStr, Key: "pubkey", Help: "The x-only public key this path corresponds to"},
		{Type: rs.ResStr, Key: "master_fingerprint", Help: "The fingerprint of the master key"},
		{Type: rs.ResStr, Key: "path", Help: "The path"},
		{Type: rs.ResArr, Key: "leaf_hashes", Help: "The hashes of the leaves this pubkey appears in", Inner: []rs.ResultDoc{
			{Type: rs.ResHex, Key: "hash", Help: "The hash of a leaf this pubkey appears in"},
		}},
	}}}}
}

func participantsDoc() rs.ResultDoc {
	return rs.ResultDoc{Type: rs.ResArr, Key: "musig2_participant_pubkeys", Optional: true, Inner: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
		{Type: rs.ResHex, Key: "aggregate_pubkey", Help: "The compressed aggregate public key for which the participants create."},
		{Type: rs.ResArr, Key: "participant_pubkeys", Inner: []rs.ResultDoc{
			{Type: rs.ResHex, Key: "pubkey", Help: "The compressed public keys that are aggregated for aggregate_pubkey."},
		}},
	}}}}
}

func muSig2DataDoc(key, valueKey, what, valueHelp string) rs.ResultDoc {
	return rs.ResultDoc{Type: rs.ResArr, Key: key, Optional: true, Inner: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
		{Type: rs.ResHex, Key: "participant_pubkey", Help: "The compressed public key of the participant that created this " + what + "."},
		{Type: rs.ResHex, Key: "aggregate_pubkey", Help: "The compressed aggregate public key for which this " + what + " is for."},
		{Type: rs.ResHex, Key: "leaf_hash", Optional: true, Help: "The hash of the leaf script that contains the aggregate pubkey being signed for. Omitted when signing for the internal key."},
		{Type: rs.ResHex, Key: valueKey, Help: valueHelp},
	}}}}
}

func unknownDoc(help string, optional bool) rs.ResultDoc {
	return rs.ResultDoc{Type: rs.ResObjDyn, Key: "unknown", Optional: optional, Help: help, Inner: []rs.ResultDoc{
		{Type: rs.ResHex, Key: "key", Help: "(key-value pair) An unknown key-value pair"},
	}}
}

func proprietaryDoc(help string, optional bool) rs.ResultDoc {
	return rs.ResultDoc{Type: rs.ResArr, Key: "proprietary", Optional: optional, Help: help, Inner: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
		{Type: rs.ResHex, Key: "identifier", Help: "The hex string for the proprietary identifier"},
		{Type: rs.ResNum, Key: "subtype", Help: "The number for the subtype"},
		{Type: rs.ResHex, Key: "key", Help: "The hex for the key"},
		{Type: rs.ResHex, Key: "value", Help: "The hex for the value"},
	}}}}
}

func preimagesDoc(kind string) rs.ResultDoc {
	return rs.ResultDoc{Type: rs.ResObjDyn, Key: kind + "_preimages", Optional: true, Inner: []rs.ResultDoc{
		{Type: rs.ResStr, Key: "hash", Help: "The hash and preimage that corresponds to it."},
	}}
}

func decodepsbtInputsDoc() rs.ResultDoc {
	return rs.ResultDoc{Type: rs.ResArr, Key: "inputs", Inner: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
		{Type: rs.ResObj, Key: "non_witness_utxo", Optional: true, Help: "Decoded network transaction for non-witness UTXOs", Inner: []rs.ResultDoc{{Type: rs.ResElision}}},
		{Type: rs.ResObj, Key: "witness_utxo", Optional: true, Help: "Transaction output for witness UTXOs", Inner: []rs.ResultDoc{
			{Type: rs.ResNum, Key: "amount", Help: "The value in BTC"},
			{Type: rs.ResObj, Key: "scriptPubKey", Inner: []rs.ResultDoc{
				{Type: rs.ResStr, Key: "asm", Help: "Disassembly of the output script"},
				{Type: rs.ResStr, Key: "desc", Help: "Inferred descriptor for the output"},
				{Type: rs.ResHex, Key: "hex", Help: "The raw output script bytes, hex-encoded"},
				{Type: rs.ResStr, Key: "type", Help: "The type, eg 'pubkeyhash'"},
				{Type: rs.ResStr, Key: "address", Optional: true, Help: "The Bitcoin address (only if a well-defined address exists)"},
			}},
		}},
		{Type: rs.ResObjDyn, Key: "partial_signatures", Optional: true, Inner: []rs.ResultDoc{
			{Type: rs.ResStr, Key: "pubkey", Help: "The public key and signature that corresponds to it."},
		}},
		{Type: rs.ResStr, Key: "sighash", Optional: true, Help: "The sighash type to be used"},
		scriptDoc("redeem_script", "redeem script"),
		scriptDoc("witness_script", "witness script"),
		bip32Doc("The public key with the derivation path as the value."),
		{Type: rs.ResObj, Key: "final_scriptSig", Optional: true, Inner: []rs.ResultDoc{
			{Type: rs.ResStr, Key: "asm", Help: "Disassembly of the final signature script"},
			{Type: rs.ResHex, Key: "hex", Help: "The raw final signature script bytes, hex-encoded"},
		}},
		{Type: rs.ResArr, Key: "final_scriptwitness", Optional: true, Inner: []rs.ResultDoc{
			{Type: rs.ResHex, Help: "hex-encoded witness data (if any)"},
		}},
		preimagesDoc("ripemd160"), preimagesDoc("sha256"), preimagesDoc("hash160"), preimagesDoc("hash256"),
		{Type: rs.ResHex, Key: "taproot_key_path_sig", Optional: true, Help: "hex-encoded signature for the Taproot key path spend"},
		{Type: rs.ResArr, Key: "taproot_script_path_sigs", Optional: true, Inner: []rs.ResultDoc{
			{Type: rs.ResObj, Key: "signature", Optional: true, Help: "The signature for the pubkey and leaf hash combination", Inner: []rs.ResultDoc{
				{Type: rs.ResStr, Key: "pubkey", Help: "The x-only pubkey for this signature"},
				{Type: rs.ResStr, Key: "leaf_hash", Help: "The leaf hash for this signature"},
				{Type: rs.ResStr, Key: "sig", Help: "The signature itself"},
			}},
		}},
		{Type: rs.ResArr, Key: "taproot_scripts", Optional: true, Inner: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
			{Type: rs.ResHex, Key: "script", Help: "A leaf script"},
			{Type: rs.ResNum, Key: "leaf_ver", Help: "The version number for the leaf script"},
			{Type: rs.ResArr, Key: "control_blocks", Help: "The control blocks for this script", Inner: []rs.ResultDoc{
				{Type: rs.ResHex, Key: "control_block", Help: "A hex-encoded control block for this script"},
			}},
		}}}},
		tapBip32Doc(),
		{Type: rs.ResHex, Key: "taproot_internal_key", Optional: true, Help: "The hex-encoded Taproot x-only internal key"},
		{Type: rs.ResHex, Key: "taproot_merkle_root", Optional: true, Help: "The hex-encoded Taproot merkle root"},
		participantsDoc(),
		muSig2DataDoc("musig2_pubnonces", "pubnonce", "pubnonce", "The public nonce itself."),
		muSig2DataDoc("musig2_partial_sigs", "partial_sig", "partial signature", "The partial signature itself."),
		unknownDoc("The unknown input fields", true),
		proprietaryDoc("The input proprietary map", true),
	}}}}
}

func decodepsbtOutputsDoc() rs.ResultDoc {
	return rs.ResultDoc{Type: rs.ResArr, Key: "outputs", Inner: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
		scriptDoc("redeem_script", "redeem script"),
		scriptDoc("witness_script", "witness script"),
		bip32Doc("The public key this path corresponds to"),
		{Type: rs.ResHex, Key: "taproot_internal_key", Optional: true, Help: "The hex-encoded Taproot x-only internal key"},
		{Type: rs.ResArr, Key: "taproot_tree", Optional: true, Help: "The tuples that make up the Taproot tree, in depth first search order", Inner: []rs.ResultDoc{
			{Type: rs.ResObj, Key: "tuple", Optional: true, Help: "A single leaf script in the taproot tree", Inner: []rs.ResultDoc{
				{Type: rs.ResNum, Key: "depth", Help: "The depth of this element in the tree"},
				{Type: rs.ResNum, Key: "leaf_ver", Help: "The version of this leaf"},
				{Type: rs.ResStr, Key: "script", Help: "The hex-encoded script itself"},
			}},
		}},
		tapBip32Doc(),
		participantsDoc(),
		unknownDoc("The unknown output fields", true),
		proprietaryDoc("The output proprietary map", true),
	}}}}
}

func decodepsbtDoc() []rs.ResultDoc {
	return []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
		{Type: rs.ResObj, Key: "tx", Help: "The decoded network-serialized unsigned transaction.", Inner: []rs.ResultDoc{
			{Type: rs.ResElision, Help: "The layout is the same as the output of decoderawtransaction."},
		}},
		{Type: rs.ResArr, Key: "global_xpubs", Inner: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
			{Type: rs.ResStr, Key: "xpub", Help: "The extended public key this path corresponds to"},
			{Type: rs.ResHex, Key: "master_fingerprint", Help: "The fingerprint of the master key"},
			{Type: rs.ResStr, Key: "path", Help: "The path"},
		}}}},
		{Type: rs.ResNum, Key: "psbt_version", Help: "The PSBT version number. Not to be confused with the unsigned transaction version"},
		proprietaryDoc("The global proprietary map", false),
		unknownDoc("The unknown global fields", false),
		decodepsbtInputsDoc(),
		decodepsbtOutputsDoc(),
		{Type: rs.ResStrAmount, Key: "fee", Optional: true, Help: "The transaction fee paid if all UTXOs slots in the PSBT have been filled."},
	}}}
}
