package cli

import (
	"fmt"
	"strings"

	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

type convertParam struct {
	method string
	index  int
	name   string
}

// convertsPos reports whether parameter idx of method is parsed as JSON.
func convertsPos(method string, idx int) bool {
	for _, p := range convertParams {
		if p.index == idx && p.method == method {
			return true
		}
	}
	return false
}

// convertsName reports whether the named parameter of method is parsed as JSON.
func convertsName(method, name string) bool {
	for _, p := range convertParams {
		if p.name == name && p.method == method {
			return true
		}
	}
	return false
}

// parseArg parses a parameter that converts, as Core's Parse.
func parseArg(raw string) (univalue.Value, error) {
	v, err := univalue.Parse([]byte(raw))
	if err != nil {
		return univalue.Value{}, fmt.Errorf("Error parsing JSON: %s", raw)
	}
	return v, nil
}

func argValue(raw string, convert bool) (univalue.Value, error) {
	if !convert {
		return univalue.NewString(raw), nil
	}
	return parseArg(raw)
}

// ConvertValues is Core's RPCConvertValues: positional parameters, JSON for
// those in the conversion table and strings otherwise.
func ConvertValues(method string, args []string) (univalue.Value, error) {
	params := univalue.NewArray()
	for i, a := range args {
		v, err := argValue(a, convertsPos(method, i))
		if err != nil {
			return univalue.Value{}, err
		}
		params.Push(v)
	}
	return params, nil
}

// ConvertNamedValues is Core's RPCConvertNamedValues: "name=value" words
// become members of a params object (a later value for the same name
// replaces an earlier one); words without '=' are positional and go, as an
// array, into an "args" member appended at the end.
func ConvertNamedValues(method string, args []string) (univalue.Value, error) {
	params := univalue.NewObject()
	positional := univalue.NewArray()
	for _, a := range args {
		name, value, ok := strings.Cut(a, "=")
		if !ok {
			v, err := argValue(a, convertsPos(method, positional.Len()))
			if err != nil {
				return univalue.Value{}, err
			}
			positional.Push(v)
			continue
		}
		v, err := argValue(value, convertsName(method, name))
		if err != nil {
			return univalue.Value{}, err
		}
		replaced := false
		for i, k := range params.Keys {
			if k == name {
				params.Elems[i] = v
				replaced = true
				break
			}
		}
		if !replaced {
			params.PushKV(name, v)
		}
	}
	if positional.Len() > 0 {
		params.PushKV("args", positional)
	}
	return params, nil
}
