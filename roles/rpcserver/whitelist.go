package rpcserver

import (
	"strings"

	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// whitelist is Core's -rpcwhitelist: per user, the methods they may call.
type whitelist struct {
	users       map[string]map[string]bool
	defaultDeny bool // -rpcwhitelistdefault
}

// newWhitelist reads "user:method1,method2" values (a user named more than
// once keeps the intersection) and the -rpcwhitelistdefault setting (nil:
// on when any whitelist is given).
func newWhitelist(specs []string, def *bool) whitelist {
	w := whitelist{users: map[string]map[string]bool{}, defaultDeny: len(specs) > 0}
	if def != nil {
		w.defaultDeny = *def
	}
	for _, spec := range specs {
		user, methods, hasList := strings.Cut(spec, ":")
		prev, seen := w.users[user]
		cur := prev
		if cur == nil {
			cur = map[string]bool{}
		}
		if hasList {
			next := map[string]bool{}
			for _, m := range strings.FieldsFunc(methods, func(r rune) bool { return r == ',' || r == ' ' }) {
				if !seen || prev[m] {
					next[m] = true
				}
			}
			cur = next
		}
		w.users[user] = cur
	}
	return w
}

// check returns "" when user may run the request body, or the log line
// explaining the refusal (the caller answers 403).
func (w whitelist) check(user string, v univalue.Value) string {
	allowed, has := w.users[user]
	if !has {
		if w.defaultDeny {
			return "RPC User " + user + " not allowed to call any methods"
		}
		return ""
	}
	var members []univalue.Value
	switch v.Kind {
	case univalue.Object:
		members = []univalue.Value{v}
	case univalue.Array:
		members = v.Elems
	}
	for _, m := range members {
		method := m.Get("method")
		if m.Kind != univalue.Object || method.Kind != univalue.String {
			continue // Execute answers these with its own errors
		}
		if !allowed[method.Str] {
			return "RPC User " + user + " not allowed to call method " + method.Str
		}
	}
	return ""
}

// checkBody parses body only when a whitelist is configured.
func (w whitelist) checkBody(user string, body []byte) string {
	if len(w.users) == 0 && !w.defaultDeny {
		return ""
	}
	v, err := univalue.Parse(body)
	if err != nil {
		return "" // Core answers the parse error first
	}
	return w.check(user, v)
}
