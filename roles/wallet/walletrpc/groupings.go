package walletrpc

import (
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

func (s *Server) groupingCommands() []rs.Command {
	return []rs.Command{
		{Name: "listaddressgroupings", Category: "wallet", Help: "Lists groups of addresses which have had their common ownership\nmade public by common use as inputs or as the resulting change\nin past transactions",
			Examples: ex("listaddressgroupings", ""), Handler: s.listaddressgroupings},
	}
}

func (s *Server) listaddressgroupings(r *rs.Request) (any, error) {
	w, err := s.synced(r)
	if err != nil {
		return nil, err
	}
	out := univalue.NewArray()
	for _, g := range w.AddressGroupings() {
		group := univalue.NewArray()
		for _, a := range g {
			e := univalue.NewArray(univalue.NewString(a.Address), rs.ValueFromAmount(a.Amount))
			if a.HasLabel {
				e.Push(univalue.NewString(a.Label))
			}
			group.Push(e)
		}
		out.Push(group)
	}
	return out, nil
}
