package rpcserver

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// Argument types, as Core's RPCArg::Type. The strings are what
// Command.Args[i].Type holds; help shows Core's words for them.
const (
	ArgString         = "string"      // STR: help "string", oneline "name" in quotes
	ArgHex            = "hex"         // STR_HEX: help "string"
	ArgNumber         = "numeric"     // NUM ("number" is accepted too)
	ArgAmount         = "amount"      // AMOUNT: number or string, help "numeric or string"
	ArgRange          = "range"       // RANGE: number or [begin,end]
	ArgBool           = "boolean"     // BOOL
	ArgObject         = "json object" // OBJ: Inner lists the keys
	ArgObjectUserKeys = "json object user keys"
	ArgNamedParams    = "json object named params" // OBJ_NAMED_PARAMS: Inner may also be passed as top-level named parameters
	ArgArray          = "json array"               // ARR: Inner lists the element forms
)

// Arg describes one argument, for help, named-parameter mapping and type
// checks.
type Arg struct {
	// Name is the argument's name; "name|alias" lists accepted aliases, the
	// first being shown in help.
	Name string
	// Type is one of the Arg* constants.
	Type string
	// Optional marks an argument that may be omitted without a default.
	Optional bool
	// Default, when not empty, is shown as "default=<Default>" and makes the
	// argument optional. Write JSON for JSON defaults (`false`, `""`) or a
	// hint ("all commands").
	Default string
	// Help is the description after the type in help.
	Help string
	// Inner describes the members of an object or the elements of an array.
	Inner []Arg
	// OneLine overrides the argument's text in the one-line summary.
	OneLine string
	// TypeStr overrides the type words: [0] in key-value pairs, [1] in the
	// description (Core's type_str).
	TypeStr [2]string
	// Hidden hides this argument and every later one from help (Core's
	// hidden; e.g. stop's "wait").
	Hidden bool
	// SkipTypeCheck disables the JSON type check of this argument.
	SkipTypeCheck bool
}

// IsOptional reports whether the argument may be omitted.
func (a Arg) IsOptional() bool { return a.Optional || a.Default != "" }

// FirstName is the name shown in help.
func (a Arg) FirstName() string {
	name, _, _ := strings.Cut(a.Name, "|")
	return name
}

func normalizeType(t string) (string, bool) {
	switch t {
	case ArgString, ArgHex, ArgNumber, ArgAmount, ArgRange, ArgBool,
		ArgObject, ArgObjectUserKeys, ArgNamedParams, ArgArray:
		return t, true
	case "number":
		return ArgNumber, true
	case "str":
		return ArgString, true
	case "bool":
		return ArgBool, true
	case "object":
		return ArgObject, true
	case "array":
		return ArgArray, true
	}
	return t, false
}

func checkArgs(args []Arg, inner bool) ([]Arg, error) {
	out := make([]Arg, len(args))
	for i, a := range args {
		t, ok := normalizeType(a.Type)
		if !ok {
			return nil, fmt.Errorf("argument %q: unknown type %q", a.Name, a.Type)
		}
		if a.Name == "" && !inner {
			return nil, fmt.Errorf("argument %d: empty name", i+1)
		}
		a.Type = t
		inner, err := checkArgs(a.Inner, true)
		if err != nil {
			return nil, fmt.Errorf("argument %q: %w", a.Name, err)
		}
		a.Inner = inner
		out[i] = a
	}
	return out, nil
}

// expectedKind is Core's ExpectedType: which JSON kind an argument needs;
// ok is false when the type is checked by the handler (amount, range).
func expectedKind(t string) (univalue.Kind, bool) {
	switch t {
	case ArgString, ArgHex:
		return univalue.String, true
	case ArgNumber:
		return univalue.Number, true
	case ArgBool:
		return univalue.Bool, true
	case ArgObject, ArgObjectUserKeys, ArgNamedParams:
		return univalue.Object, true
	case ArgArray:
		return univalue.Array, true
	}
	return 0, false
}

// matchType is Core's RPCArg::MatchesType: "" when v is acceptable.
func (a Arg) matchType(v univalue.Value) string {
	if a.SkipTypeCheck || (a.IsOptional() && v.IsNull()) {
		return ""
	}
	want, ok := expectedKind(a.Type)
	if !ok || want == v.Kind {
		return ""
	}
	return fmt.Sprintf("JSON value of type %s is not of expected type %s", v.Kind.TypeName(), want.TypeName())
}

// Request is one call as a handler sees it.
type Request struct {
	Method string
	// Params holds the positional arguments after named ones were mapped
	// to positions; JSON null (including holes left by named parameters)
	// is nil. len(Params) is the argument count Core's handlers see.
	Params []json.RawMessage
	// URI is the HTTP request target, e.g. "/" or "/wallet/w1".
	URI string
	// User is the authenticated user name.
	User    string
	Context context.Context
}

// Arg returns parameter i, or nil when it is absent or null.
func (r *Request) Arg(i int) json.RawMessage {
	if i < 0 || i >= len(r.Params) {
		return nil
	}
	return r.Params[i]
}

// Handler runs a command. Return *Error for RPC errors; any other error
// becomes RPCMiscError (-1) with its text.
type Handler func(req *Request) (any, error)

// Command is one RPC method.
type Command struct {
	Name     string
	Category string
	Args     []Arg
	// Result is the help text of the result, printed after "Result:".
	Result string
	// ResultDocs, when set, replaces Result with Core's structured result
	// documentation (one "Result:" section per entry).
	ResultDocs []ResultDoc
	// Examples is the help text printed after "Examples:".
	Examples string
	// Help is the description printed after the one-line summary.
	Help string
	// Hidden keeps the command out of the "help" listing (Core's "hidden"
	// category); "help <name>" still shows it.
	Hidden  bool
	Handler Handler `json:"-"`
}

// validNumArgs is Core's RPCHelpMan::IsValidNumArgs.
func (c *Command) validNumArgs(n int) bool {
	required := 0
	for i := len(c.Args); i > 0; i-- {
		if !c.Args[i-1].IsOptional() {
			required = i
			break
		}
	}
	return required <= n && n <= len(c.Args)
}

// argNames lists the names used to map named parameters, as Core's
// GetArgNames: inner names of a named-params object first (named only),
// then the argument itself.
func (c *Command) argNames() []argName {
	var out []argName
	for _, a := range c.Args {
		if a.Type == ArgNamedParams {
			for _, in := range a.Inner {
				out = append(out, argName{pattern: in.Name, namedOnly: true})
			}
		}
		out = append(out, argName{pattern: a.Name})
	}
	return out
}

type argName struct {
	pattern   string
	namedOnly bool
}

// SanitizeString keeps the characters Core's SanitizeString allows by
// default (letters, digits and " .,;-_/:?@()"), for log lines.
func SanitizeString(s string) string {
	const safe = " .,;-_/:?@()"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strings.IndexByte(safe, c) >= 0 {
			b.WriteByte(c)
		}
	}
	return b.String()
}
