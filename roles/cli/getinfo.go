package cli

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// Batch ids of -getinfo's requests.
const (
	idNetworkInfo = iota
	idBlockchainInfo
	idWalletInfo
	idBalances
)

// getinfoHandler is Core's GetinfoRequestHandler.
type getinfoHandler struct{}

func (getinfoHandler) prepare(_ string, args []string) (univalue.Value, error) {
	if len(args) > 0 {
		return univalue.Value{}, errors.New("-getinfo takes no arguments")
	}
	batch := univalue.NewArray()
	for i, m := range []string{"getnetworkinfo", "getblockchaininfo", "getwalletinfo", "getbalances"} {
		batch.Push(requestObj(m, univalue.Value{}, univalue.NewInt(int64(i))))
	}
	return batch, nil
}

// processBatch is Core's JSONRPCProcessBatchReply: replies ordered by id.
func processBatch(in univalue.Value) ([]univalue.Value, error) {
	if in.Kind != univalue.Array {
		return nil, errors.New("Batch must be an array")
	}
	out := make([]univalue.Value, in.Len())
	for _, rec := range in.Elems {
		if rec.Kind != univalue.Object {
			return nil, errors.New("Batch member must be an object")
		}
		id, ok := rec.Get("id").Int()
		if !ok {
			return nil, fmt.Errorf("JSON value of type %s is not of expected type number", rec.Get("id").Kind.TypeName())
		}
		if id < 0 || id >= int64(len(out)) {
			return nil, errors.New("Batch member id is larger than batch size")
		}
		out[id] = rec
	}
	return out, nil
}

func (getinfoHandler) process(reply univalue.Value) (univalue.Value, error) {
	batch, err := processBatch(reply)
	if err != nil {
		return univalue.Value{}, err
	}
	if len(batch) < 4 {
		return univalue.Value{}, errors.New("Batch member id is larger than batch size")
	}
	for _, id := range []int{idNetworkInfo, idBlockchainInfo} {
		if !batch[id].Get("error").IsNull() {
			return batch[id], nil
		}
	}
	net := batch[idNetworkInfo].Get("result")
	chain := batch[idBlockchainInfo].Get("result")
	r := univalue.NewObject()
	r.PushKV("version", net.Get("version"))
	r.PushKV("blocks", chain.Get("blocks"))
	r.PushKV("headers", chain.Get("headers"))
	r.PushKV("verificationprogress", chain.Get("verificationprogress"))
	r.PushKV("timeoffset", net.Get("timeoffset"))
	conns := univalue.NewObject()
	conns.PushKV("in", net.Get("connections_in"))
	conns.PushKV("out", net.Get("connections_out"))
	conns.PushKV("total", net.Get("connections"))
	r.PushKV("connections", conns)
	r.PushKV("networks", net.Get("networks"))
	r.PushKV("difficulty", chain.Get("difficulty"))
	r.PushKV("chain", chain.Get("chain"))
	if w := batch[idWalletInfo].Get("result"); !w.IsNull() {
		r.PushKV("has_wallet", univalue.NewBool(true))
		r.PushKV("keypoolsize", w.Get("keypoolsize"))
		r.PushKV("walletname", w.Get("walletname"))
		if u := w.Get("unlocked_until"); !u.IsNull() {
			r.PushKV("unlocked_until", u)
		}
		r.PushKV("paytxfee", w.Get("paytxfee"))
	}
	if b := batch[idBalances].Get("result"); !b.IsNull() {
		r.PushKV("balance", b.Get("mine").Get("trusted"))
	}
	r.PushKV("relayfee", net.Get("relayfee"))
	r.PushKV("warnings", net.Get("warnings"))
	return v2Reply(r), nil
}

// v2Reply is a JSON-RPC 2.0 success reply with id 1.
func v2Reply(result univalue.Value) univalue.Value {
	r := univalue.NewObject()
	r.PushKV("jsonrpc", univalue.NewString("2.0"))
	r.PushKV("result", result)
	r.PushKV("id", univalue.NewInt(1))
	return r
}

func (c *client) getinfo(args []string, wallet *string) (string, int, error) {
	reply, err := c.call(getinfoHandler{}, "", args, wallet)
	if err != nil {
		return "", 0, err
	}
	if e := reply.Get("error"); !e.IsNull() {
		return errorOutput(e)
	}
	result := reply.Get("result")
	if wallet == nil {
		if result, err = c.walletBalances(result); err != nil {
			return "", 0, err
		}
	}
	text, err := c.getinfoText(result)
	if err != nil {
		return "", 0, err
	}
	return text, 0, nil
}

// walletBalances is Core's GetWalletBalances: with more than one wallet
// loaded, the trusted balance of each under "balances".
func (c *client) walletBalances(result univalue.Value) (univalue.Value, error) {
	lw, err := c.call(defaultHandler{}, "listwallets", nil, nil)
	if err != nil {
		return result, err
	}
	if !lw.Get("error").IsNull() {
		return result, nil
	}
	wallets := lw.Get("result")
	if wallets.Len() <= 1 {
		return result, nil
	}
	balances := univalue.NewObject()
	for _, w := range wallets.Elems {
		if w.Kind != univalue.String {
			return result, fmt.Errorf("JSON value of type %s is not of expected type string", w.Kind.TypeName())
		}
		name := w.Str
		gb, err := c.call(defaultHandler{}, "getbalances", nil, &name)
		if err != nil {
			return result, err
		}
		balances.PushKV(name, gb.Get("result").Get("mine").Get("trusted"))
	}
	result.PushKV("balances", balances)
	return result, nil
}

func (c *client) colorize() (bool, error) {
	color := c.args.Get("color", "auto")
	switch color {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto":
		f, ok := c.stdout.(*os.File)
		if !ok {
			return false, nil
		}
		fi, err := f.Stat()
		return err == nil && fi.Mode()&os.ModeCharDevice != 0, nil
	}
	return false, errors.New("Invalid value for -color option. Valid values: always, auto, never.")
}

// progressBar is Core's GetProgressBar (5% steps).
func progressBar(p float64) string {
	if p < 0 || p > 1 {
		return ""
	}
	var b strings.Builder
	for i := 0; float64(i) < p/0.05; i++ {
		b.WriteString("\u2592")
	}
	for i := 0; float64(i) < (1-p)/0.05; i++ {
		b.WriteString("\u2591")
	}
	return b.String()
}

// getinfoText is Core's ParseGetInfoResult.
func (c *client) getinfoText(r univalue.Value) (string, error) {
	color, err := c.colorize()
	if err != nil {
		return "", err
	}
	var reset, green, blue, yellow, magenta, cyan string
	if color {
		reset, green, blue, yellow, magenta, cyan = "\x1b[0m", "\x1b[32m", "\x1b[34m", "\x1b[33m", "\x1b[35m", "\x1b[36m"
	}
	g := func(key string) string { return valStr(r.Get(key)) }
	var s strings.Builder
	fmt.Fprintf(&s, "%sChain: %s%s\n", blue, g("chain"), reset)
	fmt.Fprintf(&s, "Blocks: %s\n", g("blocks"))
	fmt.Fprintf(&s, "Headers: %s\n", g("headers"))
	vp := r.Get("verificationprogress")
	if vp.Kind != univalue.Number {
		return "", fmt.Errorf("JSON value of type %s is not of expected type number", vp.Kind.TypeName())
	}
	progress, err := strconv.ParseFloat(vp.Str, 64)
	if err != nil {
		return "", fmt.Errorf("JSON double out of range: %w", err)
	}
	bar := ""
	if progress < 0.99 {
		bar = progressBar(progress) + " "
	}
	fmt.Fprintf(&s, "Verification progress: %s%.4f%%\n", bar, progress*100)
	fmt.Fprintf(&s, "Difficulty: %s\n\n", g("difficulty"))
	conns := r.Get("connections")
	fmt.Fprintf(&s, "%sNetwork: in %s, out %s, total %s%s\n", green, valStr(conns.Get("in")), valStr(conns.Get("out")), valStr(conns.Get("total")), reset)
	fmt.Fprintf(&s, "Version: %s\n", g("version"))
	fmt.Fprintf(&s, "Time offset (s): %s\n", g("timeoffset"))
	var order []string
	byProxy := map[string][]string{}
	for _, n := range r.Get("networks").Elems {
		proxy := valStr(n.Get("proxy"))
		if proxy == "" {
			continue
		}
		if _, seen := byProxy[proxy]; !seen {
			order = append(order, proxy)
		}
		byProxy[proxy] = append(byProxy[proxy], valStr(n.Get("name")))
	}
	proxies := "n/a"
	if len(order) > 0 {
		parts := make([]string, len(order))
		for i, p := range order {
			parts[i] = p + " (" + strings.Join(byProxy[p], ", ") + ")"
		}
		proxies = strings.Join(parts, ", ")
	}
	fmt.Fprintf(&s, "Proxies: %s\n", proxies)
	fmt.Fprintf(&s, "Min tx relay fee rate (BTC/kvB): %s\n\n", g("relayfee"))
	if !r.Get("has_wallet").IsNull() {
		name := g("walletname")
		if name == "" {
			name = `""`
		}
		fmt.Fprintf(&s, "%sWallet: %s%s\n", magenta, name, reset)
		fmt.Fprintf(&s, "Keypool size: %s\n", g("keypoolsize"))
		if !r.Get("unlocked_until").IsNull() {
			fmt.Fprintf(&s, "Unlocked until: %s\n", g("unlocked_until"))
		}
		fmt.Fprintf(&s, "Transaction fee rate (-paytxfee) (BTC/kvB): %s\n\n", g("paytxfee"))
	}
	if !r.Get("balance").IsNull() {
		fmt.Fprintf(&s, "%sBalance:%s %s\n\n", cyan, reset, g("balance"))
	}
	if b := r.Get("balances"); !b.IsNull() {
		fmt.Fprintf(&s, "%sBalances%s\n", cyan, reset)
		width := 10
		for _, v := range b.Elems {
			width = max(width, len(valStr(v)))
		}
		for i, w := range b.Keys {
			if w == "" {
				w = `""`
			}
			fmt.Fprintf(&s, "%*s %s\n", width, valStr(b.Elems[i]), w)
		}
		s.WriteString("\n")
	}
	warnings := g("warnings")
	if warnings == "" {
		warnings = "(none)"
	}
	fmt.Fprintf(&s, "%sWarnings:%s %s", yellow, reset, warnings)
	return s.String(), nil
}
