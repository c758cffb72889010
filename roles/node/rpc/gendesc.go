package rpc

import (
	"encoding/json"

	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
)

func (n *Node) generatetodescriptorCommand() rs.Command {
	return rs.Command{Name: "generatetodescriptor", Category: "generating",
		Help: "Mine to a specified descriptor and return the block hashes.",
		Args: []rs.Arg{
			{Name: "num_blocks", Type: rs.ArgNumber, Help: "How many blocks are generated."},
			{Name: "descriptor", Type: rs.ArgString, Help: "The descriptor to send the newly generated bitcoin to."},
			{Name: "maxtries", Type: rs.ArgNumber, Default: "1000000", Help: "How many iterations to try."},
		},
		Result:   "[           (json array) hashes of blocks generated\n  \"hex\",    (string) blockhash\n  ...\n]",
		Examples: "\nGenerate 11 blocks to mydesc\n" + rs.HelpExampleCli("generatetodescriptor", "11 \"mydesc\""),
		Handler:  n.generatetodescriptor}
}

// descriptorScript is Core's getScriptFromDescriptor: the one output
// script of a descriptor (for combo(), its P2WPKH script, or P2PKH for an
// uncompressed key).
func descriptorScript(desc string, n *Node) ([]byte, error) {
	body, err := checkDescChecksum(desc)
	if err != nil {
		return nil, rs.NewError(rs.InvalidAddressOrKey, "%s", err.Error())
	}
	scripts, err := expandDescriptor(body, n.Chain.Params, true)
	if err != nil {
		return nil, rs.NewError(rs.InvalidAddressOrKey, "%s", err.Error())
	}
	switch len(scripts) {
	case 1:
		return scripts[0].script, nil
	case 4:
		return scripts[2].script, nil
	case 2:
		return scripts[1].script, nil
	}
	return nil, rs.NewError(rs.InvalidAddressOrKey, "Cannot derive script without private keys")
}

func (n *Node) generatetodescriptor(r *rs.Request) (any, error) {
	nblocks, err := intArg(r.Arg(0), 0)
	if err != nil {
		return nil, err
	}
	desc, err := stringArg(r.Arg(1))
	if err != nil {
		return nil, err
	}
	maxTries, err := intArg(r.Arg(2), defaultMaxTries)
	if err != nil {
		return nil, err
	}
	script, err := descriptorScript(desc, n)
	if err != nil {
		return nil, err
	}
	return n.generateBlocks(r, nblocks, maxTries, script)
}

// addressOrDescriptorScript is generateblock's output: a descriptor (Core's
// getScriptFromDescriptor) or else an address of this chain.
func (n *Node) addressOrDescriptorScript(raw json.RawMessage) ([]byte, error) {
	s, err := stringArg(raw)
	if err != nil {
		return nil, err
	}
	if script, err := descriptorScript(s, n); err == nil {
		return script, nil
	}
	return n.payToScript(raw, "Error: Invalid address or descriptor")
}
