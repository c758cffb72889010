package walletrpc

import (
	"encoding/json"
	"errors"

	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/engine"
)

func (s *Server) importCommands() []rs.Command {
	return []rs.Command{
		{Name: "importdescriptors", Category: "wallet", Help: "Import descriptors. This will trigger a rescan of the blockchain based on the earliest timestamp of all descriptors being imported. Requires a new wallet backup.\nWhen importing descriptors with multipath key expressions, if the multipath specifier contains exactly two elements, the descriptor produced from the second element will be imported as an internal descriptor.\n\nNote: This call can take over an hour to complete if using an early timestamp; during that time, other rpc calls\nmay report that the imported keys, addresses or scripts exist but related transactions are still missing.\nThe rescan is significantly faster if block filters are available (using startup option \"-blockfilterindex=1\").",
			Args: []rs.Arg{{Name: "requests", Type: rs.ArgArray, Help: "Data to be imported", Inner: []rs.Arg{{Name: "", Type: rs.ArgObject, Inner: []rs.Arg{
				{Name: "desc", Type: rs.ArgString, Help: "Descriptor to import."},
				{Name: "active", Type: rs.ArgBool, Default: "false", Help: "Set this descriptor to be the active descriptor for the corresponding output type/externality"},
				{Name: "range", Type: rs.ArgRange, Optional: true, Help: "If a ranged descriptor is used, this specifies the end or the range (in the form [begin,end]) to import"},
				{Name: "next_index", Type: rs.ArgNumber, Optional: true, Help: "If a ranged descriptor is set to active, this specifies the next index to generate addresses from"},
				{Name: "timestamp", Type: rs.ArgNumber, Help: "Time from which to start rescanning the blockchain for this descriptor, in UNIX epoch time", SkipTypeCheck: true},
				{Name: "internal", Type: rs.ArgBool, Default: "false", Help: "Whether matching outputs should be treated as not incoming payments (e.g. change)"},
				{Name: "label", Type: rs.ArgString, Default: `""`, Help: "Label to assign to the address, only allowed with internal=false. Disabled for ranged descriptors"},
			}}}}},
			Examples: ex("importdescriptors", "'[{ \"desc\": \"<my descriptor>\", \"timestamp\":1455191478, \"internal\": true }]'"),
			Handler:  s.importdescriptors},
		{Name: "listdescriptors", Category: "wallet", Help: "List all descriptors present in a wallet.",
			Args:     []rs.Arg{{Name: "private", Type: rs.ArgBool, Default: "false", Help: "Show private descriptors."}},
			Examples: ex("listdescriptors", ""), Handler: s.listdescriptors},
	}
}

type importJSON struct {
	Desc      *string         `json:"desc"`
	Active    bool            `json:"active"`
	Range     json.RawMessage `json:"range"`
	NextIndex *int32          `json:"next_index"`
	Timestamp json.RawMessage `json:"timestamp"`
	Internal  bool            `json:"internal"`
	Label     string          `json:"label"`
}

func (s *Server) importdescriptors(r *rs.Request) (any, error) {
	w, err := s.synced(r)
	if err != nil {
		return nil, err
	}
	var reqs []importJSON
	if err := json.Unmarshal(r.Arg(0), &reqs); err != nil {
		return nil, rs.NewError(rs.TypeError, "requests must be an array of objects: %v", err)
	}
	out := univalue.NewArray()
	lowest := int64(-1)
	for _, q := range reqs {
		res := univalue.NewObject()
		ir := engine.ImportRequest{Active: q.Active, NextIndex: q.NextIndex, Internal: q.Internal, Label: q.Label}
		fail := func(code int, msg string) {
			res.PushKV("success", univalue.NewBool(false))
			e := univalue.NewObject()
			e.PushKV("code", univalue.NewInt(int64(code)))
			e.PushKV("message", univalue.NewString(msg))
			res.PushKV("error", e)
		}
		if q.Desc == nil {
			fail(rs.InvalidParameter, "Descriptor not found.")
			out.Push(res)
			continue
		}
		ir.Descriptor = *q.Desc
		switch ts := string(q.Timestamp); {
		case isNull(q.Timestamp):
			fail(rs.TypeError, "Missing required timestamp field for key")
			out.Push(res)
			continue
		case ts == `"now"`:
			ir.Timestamp = -1
		default:
			n, err := intArg(q.Timestamp, 0)
			if err != nil {
				fail(rs.TypeError, "Expected number or \"now\" timestamp value for key. got type "+jsonKind(q.Timestamp))
				out.Push(res)
				continue
			}
			ir.Timestamp = max(n, 0)
		}
		if !isNull(q.Range) {
			var one int32
			var two [2]int32
			if err := json.Unmarshal(q.Range, &one); err == nil {
				ir.RangeStart, ir.RangeEnd, ir.HasRange = 0, one+1, true
			} else if err := json.Unmarshal(q.Range, &two); err == nil {
				if two[0] > two[1] {
					fail(rs.InvalidParameter, "Range specified as [begin,end] must not have begin after end")
					out.Push(res)
					continue
				}
				ir.RangeStart, ir.RangeEnd, ir.HasRange = two[0], two[1]+1, true
			} else {
				fail(rs.InvalidParameter, "Range must be specified as end or as [begin,end]")
				out.Push(res)
				continue
			}
		}
		ts, warnings, err := w.ImportDescriptor(r.Context, ir)
		if err != nil {
			var ie *engine.ImportError
			if errors.As(err, &ie) {
				fail(ie.Code, ie.Msg)
			} else {
				fail(rs.WalletError, err.Error())
			}
			out.Push(res)
			continue
		}
		if lowest < 0 || ts < lowest {
			lowest = ts
		}
		res.PushKV("success", univalue.NewBool(true))
		if len(warnings) > 0 {
			wa := univalue.NewArray()
			for _, m := range warnings {
				wa.Push(univalue.NewString(m))
			}
			res.PushKV("warnings", wa)
		}
		out.Push(res)
	}
	if lowest >= 0 {
		_, err := w.RescanFrom(r.Context, lowest)
		switch {
		case errors.Is(err, engine.ErrRescanning):
			return nil, rs.NewError(rs.WalletError, "%s", err.Error())
		case errors.Is(err, engine.ErrRescanAborted):
			return nil, rs.NewError(rs.RPCMiscError, "Rescan aborted by user.")
		case err != nil:
			return nil, rs.NewError(rs.RPCMiscError, "Rescan failed: %v", err)
		}
	}
	return out, nil
}

func (s *Server) listdescriptors(r *rs.Request) (any, error) {
	w, err := s.synced(r)
	if err != nil {
		return nil, err
	}
	private, err := boolArg(r.Arg(0), false)
	if err != nil {
		return nil, err
	}
	if private && w.PrivateKeysDisabled() {
		return nil, rs.NewError(rs.WalletError, "Can't get descriptor string.")
	}
	ds, err := w.Descriptors(private)
	if err != nil {
		return nil, rs.NewError(rs.WalletError, "Can't get descriptor string.")
	}
	arr := univalue.NewArray()
	for _, d := range ds {
		o := univalue.NewObject()
		o.PushKV("desc", univalue.NewString(d.Descriptor))
		o.PushKV("timestamp", univalue.NewInt(d.Timestamp))
		o.PushKV("active", univalue.NewBool(d.Active))
		if d.Active {
			o.PushKV("internal", univalue.NewBool(d.Internal))
		}
		if d.HasRange {
			o.PushKV("range", univalue.NewArray(univalue.NewInt(int64(d.RangeStart)), univalue.NewInt(int64(d.RangeEnd))))
			o.PushKV("next", univalue.NewInt(int64(d.Next)))
			o.PushKV("next_index", univalue.NewInt(int64(d.Next)))
		}
		arr.Push(o)
	}
	out := univalue.NewObject()
	out.PushKV("wallet_name", univalue.NewString(w.Name()))
	out.PushKV("descriptors", arr)
	return out, nil
}
