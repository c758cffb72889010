package rpc

import (
	"encoding/json"

	"github.com/mpbitcoin/mpbitcoin/roles/descriptor"
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
// uncompressed key). parsed is false when desc is not a descriptor at all;
// the error then carries the parser's message.
func descriptorScript(desc string, n *Node) (script []byte, parsed bool, err error) {
	d, err := descriptor.Parse(desc, n.Chain.Params, false)
	if err != nil {
		return nil, false, rs.NewError(rs.InvalidAddressOrKey, "%s", err.Error())
	}
	if d.IsMultipath() {
		return nil, true, rs.NewError(rs.InvalidParameter, "Multipath descriptor not accepted")
	}
	if d.IsRange() {
		return nil, true, rs.NewError(rs.InvalidParameter, "Ranged descriptor not accepted. Maybe pass through deriveaddresses first?")
	}
	outs, err := d.Expand(0)
	if err != nil {
		return nil, true, rs.NewError(rs.InvalidAddressOrKey, "Cannot derive script without private keys")
	}
	switch len(outs) {
	case 1:
		return outs[0].Script, true, nil
	case 4:
		return outs[2].Script, true, nil
	}
	return outs[1].Script, true, nil
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
	script, _, err := descriptorScript(desc, n)
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
	script, parsed, err := descriptorScript(s, n)
	if parsed {
		return script, err
	}
	return n.payToScript(raw, "Error: Invalid address or descriptor")
}
