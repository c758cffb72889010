package rpc

import (
	"fmt"
	"math"
	"strings"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	rs "github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// Core's BIP9 sentinels and version-bits masks.
const (
	bip9AlwaysActive = -1
	bip9NeverActive  = -2
	bip9NoTimeout    = math.MaxInt64
	versionTopMask   = 0xe0000000
	versionTopBits   = 0x20000000
)

// bip9Deployment is Core's Consensus::BIP9Deployment.
type bip9Deployment struct {
	name                string
	bit                 int
	start, timeout      int64
	minActivationHeight int32
	period, threshold   int32
}

// bip9Deployments are Core v30's testdummy and taproot parameters for a
// chain (btcd's differ on regtest: its taproot starts at height 1 rather
// than being always active).
func bip9Deployments(chainName string) []bip9Deployment {
	switch chainName {
	case "main":
		return []bip9Deployment{
			{"testdummy", 28, bip9NeverActive, bip9NoTimeout, 0, 2016, 1815},
			{"taproot", 2, 1619222400, 1628640000, 709632, 2016, 1815},
		}
	case "test":
		return []bip9Deployment{
			{"testdummy", 28, bip9NeverActive, bip9NoTimeout, 0, 2016, 1512},
			{"taproot", 2, 1619222400, 1628640000, 0, 2016, 1512},
		}
	case "testnet4":
		return []bip9Deployment{
			{"testdummy", 28, bip9NeverActive, bip9NoTimeout, 0, 2016, 1512},
			{"taproot", 2, bip9AlwaysActive, bip9NoTimeout, 0, 2016, 1512},
		}
	case "signet":
		return []bip9Deployment{
			{"testdummy", 28, bip9NeverActive, bip9NoTimeout, 0, 2016, 1815},
			{"taproot", 2, bip9AlwaysActive, bip9NoTimeout, 0, 2016, 1815},
		}
	}
	return []bip9Deployment{
		{"testdummy", 28, 0, bip9NoTimeout, 0, 144, 108},
		{"taproot", 2, bip9AlwaysActive, bip9NoTimeout, 0, 144, 108},
	}
}

// BIP9 states (Core's ThresholdState).
type bip9State int

const (
	stateDefined bip9State = iota
	stateStarted
	stateLockedIn
	stateActive
	stateFailed
)

func (s bip9State) String() string {
	return [...]string{"defined", "started", "locked_in", "active", "failed"}[s]
}

// ancestry reads the headers below one block, which may be on a side
// branch: heights at or below the fork point come from the main chain.
type ancestry struct {
	c    *chain.Chain
	side map[int32]chainhash.Hash
	hdrs map[int32]wire.BlockHeader
	mtp  map[int32]int64
}

func newAncestry(c *chain.Chain, tip chainhash.Hash) (*ancestry, int32, error) {
	a := &ancestry{c: c, side: map[int32]chainhash.Hash{}, hdrs: map[int32]wire.BlockHeader{}, mtp: map[int32]int64{}}
	height, err := c.Height(tip)
	if err != nil {
		return nil, 0, err
	}
	for h, hh := tip, height; hh >= 0 && !c.OnMainChain(&h); hh-- {
		a.side[hh] = h
		hdr, err := c.HeaderByHash(&h)
		if err != nil {
			return nil, 0, fmt.Errorf("header %s: %w", h, err)
		}
		h = hdr.PrevBlock
	}
	return a, height, nil
}

func (a *ancestry) header(height int32) (wire.BlockHeader, error) {
	if hdr, ok := a.hdrs[height]; ok {
		return hdr, nil
	}
	h, ok := a.side[height]
	if !ok {
		hash, err := a.c.BlockChain().BlockHashByHeight(height)
		if err != nil {
			return wire.BlockHeader{}, fmt.Errorf("block at height %d: %w", height, err)
		}
		h = *hash
	}
	hdr, err := a.c.HeaderByHash(&h)
	if err != nil {
		return hdr, fmt.Errorf("header %s: %w", h, err)
	}
	a.hdrs[height] = hdr
	return hdr, nil
}

func (a *ancestry) medianTime(height int32) (int64, error) {
	if t, ok := a.mtp[height]; ok {
		return t, nil
	}
	hdr, err := a.header(height)
	if err != nil {
		return 0, err
	}
	t, err := a.c.MedianTime(&hdr)
	if err != nil {
		return 0, fmt.Errorf("median time at %d: %w", height, err)
	}
	a.mtp[height] = t.Unix()
	return t.Unix(), nil
}

func (a *ancestry) signals(d bip9Deployment, height int32) (bool, error) {
	hdr, err := a.header(height)
	if err != nil {
		return false, err
	}
	v := uint32(hdr.Version)
	return v&versionTopMask == versionTopBits && v>>d.bit&1 != 0, nil
}

// stateFor is Core's GetStateFor: the state of the block after prev (-1
// for the genesis block's parent).
func (a *ancestry) stateFor(d bip9Deployment, prev int32) (bip9State, error) {
	switch d.start {
	case bip9AlwaysActive:
		return stateActive, nil
	case bip9NeverActive:
		return stateFailed, nil
	}
	if prev >= 0 {
		prev -= (prev + 1) % d.period
	}
	var todo []int32
	for ; prev >= 0; prev -= d.period {
		mtp, err := a.medianTime(prev)
		if err != nil {
			return 0, err
		}
		if mtp < d.start {
			break
		}
		todo = append(todo, prev)
	}
	state := stateDefined
	for i := len(todo) - 1; i >= 0; i-- {
		p := todo[i]
		mtp, err := a.medianTime(p)
		if err != nil {
			return 0, err
		}
		switch state {
		case stateDefined:
			if mtp >= d.start {
				state = stateStarted
			}
		case stateStarted:
			count := int32(0)
			for h := p; h > p-d.period; h-- {
				ok, err := a.signals(d, h)
				if err != nil {
					return 0, err
				}
				if ok {
					count++
				}
			}
			if count >= d.threshold {
				state = stateLockedIn
			} else if mtp >= d.timeout {
				state = stateFailed
			}
		case stateLockedIn:
			if p+1 >= d.minActivationHeight {
				state = stateActive
			}
		}
	}
	return state, nil
}

// sinceFor is Core's GetStateSinceHeightFor.
func (a *ancestry) sinceFor(d bip9Deployment, prev int32) (int32, error) {
	if d.start == bip9AlwaysActive || d.start == bip9NeverActive {
		return 0, nil
	}
	initial, err := a.stateFor(d, prev)
	if err != nil || initial == stateDefined {
		return 0, err
	}
	prev -= (prev + 1) % d.period
	for parent := prev - d.period; parent >= 0; parent -= d.period {
		s, err := a.stateFor(d, parent)
		if err != nil {
			return 0, err
		}
		if s != initial {
			break
		}
		prev = parent
	}
	return prev + 1, nil
}

// bip9JSON is Core's SoftForkDescPushBack for a BIP9 deployment at the
// block of the given height; nil when the deployment is disabled.
func (a *ancestry) bip9JSON(d bip9Deployment, height int32) (*univalue.Value, error) {
	if d.start == bip9NeverActive {
		return nil, nil
	}
	current, err := a.stateFor(d, height-1)
	if err != nil {
		return nil, err
	}
	next, err := a.stateFor(d, height)
	if err != nil {
		return nil, err
	}
	since, err := a.sinceFor(d, height-1)
	if err != nil {
		return nil, err
	}
	hasStats := current == stateStarted || current == stateLockedIn
	b := univalue.NewObject()
	if hasStats {
		b.PushKV("bit", univalue.NewInt(int64(d.bit)))
	}
	b.PushKV("start_time", univalue.NewInt(d.start))
	b.PushKV("timeout", univalue.NewInt(d.timeout))
	b.PushKV("min_activation_height", univalue.NewInt(int64(d.minActivationHeight)))
	b.PushKV("status", univalue.NewString(current.String()))
	b.PushKV("since", univalue.NewInt(int64(since)))
	b.PushKV("status_next", univalue.NewString(next.String()))
	if hasStats {
		inPeriod := 1 + height%d.period
		var sig strings.Builder
		count := int32(0)
		for h := height - inPeriod + 1; h <= height; h++ {
			ok, err := a.signals(d, h)
			if err != nil {
				return nil, err
			}
			if ok {
				count++
				sig.WriteByte('#')
			} else {
				sig.WriteByte('-')
			}
		}
		st := univalue.NewObject()
		st.PushKV("period", univalue.NewInt(int64(d.period)))
		st.PushKV("elapsed", univalue.NewInt(int64(inPeriod)))
		st.PushKV("count", univalue.NewInt(int64(count)))
		if current == stateStarted {
			st.PushKV("threshold", univalue.NewInt(int64(d.threshold)))
			st.PushKV("possible", univalue.NewBool(d.period-d.threshold >= inPeriod-count))
		}
		b.PushKV("statistics", st)
		b.PushKV("signalling", univalue.NewString(sig.String()))
	}
	rv := univalue.NewObject()
	rv.PushKV("type", univalue.NewString("bip9"))
	active := false
	switch {
	case current == stateActive:
		rv.PushKV("height", univalue.NewInt(int64(since)))
		active = since <= height+1
	case next == stateActive:
		rv.PushKV("height", univalue.NewInt(int64(height+1)))
		active = true
	}
	rv.PushKV("active", univalue.NewBool(active))
	rv.PushKV("bip9", b)
	return &rv, nil
}

// deploymentsJSON is Core's DeploymentInfo at the block hash.
func (n *Node) deploymentsJSON(hash chainhash.Hash) (univalue.Value, int32, error) {
	a, height, err := newAncestry(n.Chain, hash)
	if err != nil {
		return univalue.Value{}, 0, err
	}
	out := univalue.NewObject()
	buried := chain.BuriedHeights(n.Chain.Params)
	for _, b := range []struct{ name, key string }{{"bip34", "bip34"}, {"bip66", "dersig"}, {"bip65", "cltv"}, {"csv", "csv"}, {"segwit", "segwit"}} {
		h := buried[b.key]
		o := univalue.NewObject()
		o.PushKV("type", univalue.NewString("buried"))
		o.PushKV("active", univalue.NewBool(height+1 >= h))
		o.PushKV("height", univalue.NewInt(int64(h)))
		out.PushKV(b.name, o)
	}
	for _, d := range bip9Deployments(n.ChainName) {
		v, err := a.bip9JSON(d, height)
		if err != nil {
			return univalue.Value{}, 0, err
		}
		if v != nil {
			out.PushKV(d.name, *v)
		}
	}
	return out, height, nil
}

func deploymentDocs() []rs.ResultDoc {
	return []rs.ResultDoc{
		{Type: rs.ResStr, Key: "type", Help: "one of \"buried\", \"bip9\""},
		{Type: rs.ResNum, Key: "height", Optional: true, Help: "height of the first block which the rules are or will be enforced (only for \"buried\" type, or \"bip9\" type with \"active\" status)"},
		{Type: rs.ResBool, Key: "active", Help: "true if the rules are enforced for the mempool and the next block"},
		{Type: rs.ResObj, Key: "bip9", Optional: true, Help: "status of bip9 softforks (only for \"bip9\" type)", Inner: []rs.ResultDoc{
			{Type: rs.ResNum, Key: "bit", Optional: true, Help: "the bit (0-28) in the block version field used to signal this softfork (only for \"started\" and \"locked_in\" status)"},
			{Type: rs.ResNumTime, Key: "start_time", Help: "the minimum median time past of a block at which the bit gains its meaning"},
			{Type: rs.ResNumTime, Key: "timeout", Help: "the median time past of a block at which the deployment is considered failed if not yet locked in"},
			{Type: rs.ResNum, Key: "min_activation_height", Help: "minimum height of blocks for which the rules may be enforced"},
			{Type: rs.ResStr, Key: "status", Help: "status of deployment at specified block (one of \"defined\", \"started\", \"locked_in\", \"active\", \"failed\")"},
			{Type: rs.ResNum, Key: "since", Help: "height of the first block to which the status applies"},
			{Type: rs.ResStr, Key: "status_next", Help: "status of deployment at the next block"},
			{Type: rs.ResObj, Key: "statistics", Optional: true, Help: "numeric statistics about signalling for a softfork (only for \"started\" and \"locked_in\" status)", Inner: []rs.ResultDoc{
				{Type: rs.ResNum, Key: "period", Help: "the length in blocks of the signalling period"},
				{Type: rs.ResNum, Key: "threshold", Optional: true, Help: "the number of blocks with the version bit set required to activate the feature (only for \"started\" status)"},
				{Type: rs.ResNum, Key: "elapsed", Help: "the number of blocks elapsed since the beginning of the current period"},
				{Type: rs.ResNum, Key: "count", Help: "the number of blocks with the version bit set in the current period"},
				{Type: rs.ResBool, Key: "possible", Optional: true, Help: "returns false if there are not enough blocks left in this period to pass activation threshold (only for \"started\" status)"},
			}},
			{Type: rs.ResStr, Key: "signalling", Optional: true, Help: "indicates blocks that signalled with a # and blocks that did not with a -"},
		}},
	}
}

func (n *Node) getdeploymentinfoCommand() rs.Command {
	return rs.Command{Name: "getdeploymentinfo", Category: "blockchain",
		Help: "Returns an object containing various state info regarding deployments of consensus changes.",
		Args: []rs.Arg{{Name: "blockhash", Type: rs.ArgHex, Default: "hash of current chain tip", Help: "The block hash at which to query deployment state"}},
		ResultDocs: []rs.ResultDoc{{Type: rs.ResObj, Inner: []rs.ResultDoc{
			{Type: rs.ResStr, Key: "hash", Help: "requested block hash (or tip)"},
			{Type: rs.ResNum, Key: "height", Help: "requested block height (or tip)"},
			{Type: rs.ResObjDyn, Key: "deployments", Inner: []rs.ResultDoc{{Type: rs.ResObj, Key: "xxxx", Help: "name of the deployment", Inner: deploymentDocs()}}},
		}}},
		Examples: ex("getdeploymentinfo", ""),
		Handler: func(r *rs.Request) (any, error) {
			hash := n.Chain.Tip().Hash
			if raw := r.Arg(0); raw != nil {
				h, err := hashArg(raw, "blockhash")
				if err != nil {
					return nil, err
				}
				if _, err := n.Chain.HeaderByHash(&h); err != nil {
					return nil, errBlockNotFound()
				}
				hash = h
			}
			deps, height, err := n.deploymentsJSON(hash)
			if err != nil {
				return nil, err
			}
			o := univalue.NewObject()
			o.PushKV("hash", univalue.NewString(hash.String()))
			o.PushKV("height", univalue.NewInt(int64(height)))
			o.PushKV("deployments", deps)
			return o, nil
		}}
}
