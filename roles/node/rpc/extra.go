package rpc

import rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"

// extraCommands are the address, mempool-entry, raw transaction, index,
// network and statistics commands added beside the original groups; those
// needing the network are left out without it.
func (n *Node) extraCommands() [][]rs.Command {
	groups := [][]rs.Command{
		{n.validateaddressCommand(), n.createmultisigCommand()},
		n.mempoolEntryCommands(),
		{n.gettxspendingprevoutCommand()},
		{n.getrawtransactionCommand(), n.createrawtransactionCommand()},
		n.memoryCommands(),
		{n.getdeploymentinfoCommand(), n.gettxoutsetinfoCommand(), n.getblockstatsCommand()},
		n.txoutproofCommands(),
		{n.estimatesmartfeeCommand()},
	}
	if n.Pool != nil {
		groups = append(groups, n.priorityCommands())
	}
	if n.Net != nil {
		groups = append(groups, n.netExtraCommands())
	}
	return groups
}
