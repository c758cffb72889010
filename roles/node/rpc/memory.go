package rpc

import (
	"runtime/metrics"

	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// heapPage is the Go runtime's heap page size, the unit free heap memory
// is counted in for chunks_free.
const heapPage = 8192

// heapStats reads the Go heap figures getmemoryinfo reports. The node
// keeps no separate locked arena as Core does (keys live in the wallet
// process), so the "locked" object describes the Go heap: used and free
// bytes of the heap's spans, live objects as used chunks, free pages as
// free chunks, and 0 bytes locked.
func heapStats() (used, free, objects uint64) {
	samples := []metrics.Sample{
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
		{Name: "/gc/heap/objects:objects"},
	}
	metrics.Read(samples)
	val := func(i int) uint64 {
		if samples[i].Value.Kind() == metrics.KindUint64 {
			return samples[i].Value.Uint64()
		}
		return 0
	}
	return val(0), val(1), val(2)
}

func (n *Node) memoryCommands() []rs.Command {
	return []rs.Command{
		{Name: "getmemoryinfo", Category: "control",
			Help: "Returns an object containing information about memory usage.",
			Args: []rs.Arg{{Name: "mode", Type: rs.ArgString, Default: `"stats"`, Help: "determines what kind of information is returned.\n" +
				"  - \"stats\" returns general statistics about memory usage in the daemon.\n" +
				"  - \"mallocinfo\" returns an XML string describing low-level heap state (only available if compiled with glibc)."}},
			ResultDocs: []rs.ResultDoc{
				{Cond: "mode \"stats\"", Type: rs.ResObj, Inner: []rs.ResultDoc{
					{Type: rs.ResObj, Key: "locked", Help: "Information about locked memory manager", Inner: []rs.ResultDoc{
						{Type: rs.ResNum, Key: "used", Help: "Number of bytes used"},
						{Type: rs.ResNum, Key: "free", Help: "Number of bytes available in current arenas"},
						{Type: rs.ResNum, Key: "total", Help: "Total number of bytes managed"},
						{Type: rs.ResNum, Key: "locked", Help: "Amount of bytes that succeeded locking. If this number is smaller than total, locking pages failed at some point and key data could be swapped to disk."},
						{Type: rs.ResNum, Key: "chunks_used", Help: "Number allocated chunks"},
						{Type: rs.ResNum, Key: "chunks_free", Help: "Number unused chunks"},
					}},
				}},
				{Cond: "mode \"mallocinfo\"", Type: rs.ResStr, Help: "\"<malloc version=\"1\">...\""},
			},
			Examples: ex("getmemoryinfo", ""),
			Handler: func(r *rs.Request) (any, error) {
				mode := "stats"
				if raw := r.Arg(0); raw != nil {
					var err error
					if mode, err = stringArg(raw); err != nil {
						return nil, err
					}
				}
				switch mode {
				case "stats":
				case "mallocinfo":
					// glibc's malloc_info has no counterpart in a Go process.
					return nil, rs.NewError(rs.InvalidParameter, "mallocinfo mode not available")
				default:
					return nil, rs.NewError(rs.InvalidParameter, "unknown mode %s", mode)
				}
				used, free, objects := heapStats()
				locked := univalue.NewObject()
				locked.PushKV("used", univalue.NewInt(int64(used)))
				locked.PushKV("free", univalue.NewInt(int64(free)))
				locked.PushKV("total", univalue.NewInt(int64(used+free)))
				locked.PushKV("locked", univalue.NewInt(0))
				locked.PushKV("chunks_used", univalue.NewInt(int64(objects)))
				locked.PushKV("chunks_free", univalue.NewInt(int64((free+heapPage-1)/heapPage)))
				o := univalue.NewObject()
				o.PushKV("locked", locked)
				return o, nil
			}},
		{Name: "getindexinfo", Category: "util",
			Help: "Returns the status of one or all available indices currently running in the node.",
			Args: []rs.Arg{{Name: "index_name", Type: rs.ArgString, Optional: true, Help: "Filter results for an index with a specific name."}},
			ResultDocs: []rs.ResultDoc{{Type: rs.ResObjDyn, Inner: []rs.ResultDoc{
				{Type: rs.ResObj, Key: "name", Help: "The name of the index", Inner: []rs.ResultDoc{
					{Type: rs.ResBool, Key: "synced", Help: "Whether the index is synced or not"},
					{Type: rs.ResNum, Key: "best_block_height", Help: "The block height to which the index is synced"},
				}},
			}}},
			Examples: ex("getindexinfo", "") + ex("getindexinfo", "txindex"),
			Handler: func(r *rs.Request) (any, error) {
				if raw := r.Arg(0); raw != nil {
					if _, err := stringArg(raw); err != nil {
						return nil, err
					}
				}
				// The node runs no optional index (txindex, block filter
				// or coinstats index), so there is nothing to report.
				return univalue.NewObject(), nil
			}},
	}
}
