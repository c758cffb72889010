package univalue

import (
	"encoding/json"
	"strconv"
)

// Kind is the type of a JSON value.
type Kind uint8

// The JSON kinds, in Core's UniValue order.
const (
	Null Kind = iota
	Object
	Array
	String
	Number
	Bool
)

// TypeName is Core's uvTypeName: the word used in type error messages.
func (k Kind) TypeName() string {
	switch k {
	case Bool:
		return "bool"
	case Object:
		return "object"
	case Array:
		return "array"
	case String:
		return "string"
	case Number:
		return "number"
	default:
		return "null"
	}
}

// Value is one JSON value. The zero Value is JSON null.
type Value struct {
	Kind Kind
	// Str is the text of a String, or the literal text of a Number.
	Str string
	// Bool is the value of a Bool.
	Bool bool
	// Keys holds an Object's keys, parallel to Elems.
	Keys []string
	// Elems holds an Array's elements or an Object's values.
	Elems []Value
}

// NewString returns a JSON string.
func NewString(s string) Value { return Value{Kind: String, Str: s} }

// NewBool returns a JSON boolean.
func NewBool(b bool) Value { return Value{Kind: Bool, Bool: b} }

// NewInt returns a JSON number holding i.
func NewInt(i int64) Value { return Value{Kind: Number, Str: strconv.FormatInt(i, 10)} }

// NewNumber returns a JSON number with the given literal text, which the
// caller guarantees is a valid JSON number.
func NewNumber(text string) Value { return Value{Kind: Number, Str: text} }

// NewObject returns an empty JSON object.
func NewObject() Value { return Value{Kind: Object} }

// NewArray returns a JSON array of elems.
func NewArray(elems ...Value) Value { return Value{Kind: Array, Elems: elems} }

// IsNull reports whether v is JSON null.
func (v Value) IsNull() bool { return v.Kind == Null }

// Push appends an element to an array.
func (v *Value) Push(e Value) { v.Elems = append(v.Elems, e) }

// PushKV appends a key and its value to an object (duplicates allowed, as
// UniValue's pushKVEnd).
func (v *Value) PushKV(key string, e Value) {
	v.Keys = append(v.Keys, key)
	v.Elems = append(v.Elems, e)
}

// Find returns the value of the first member named key of an object.
func (v Value) Find(key string) (Value, bool) {
	if v.Kind != Object {
		return Value{}, false
	}
	for i, k := range v.Keys {
		if k == key {
			return v.Elems[i], true
		}
	}
	return Value{}, false
}

// Get is Find without the flag: a missing member is null.
func (v Value) Get(key string) Value {
	e, _ := v.Find(key)
	return e
}

// Len is the number of elements of an array or members of an object.
func (v Value) Len() int { return len(v.Elems) }

// Int returns a Number as an int64; ok is false for non-integers.
func (v Value) Int() (int64, bool) {
	if v.Kind != Number {
		return 0, false
	}
	i, err := strconv.ParseInt(v.Str, 10, 64)
	return i, err == nil
}

// MarshalJSON writes v compactly, so a Value can sit inside any
// encoding/json structure.
func (v Value) MarshalJSON() ([]byte, error) { return v.Append(nil, 0, 0), nil }

// UnmarshalJSON parses data into v.
func (v *Value) UnmarshalJSON(data []byte) error {
	p, err := Parse(data)
	if err != nil {
		return err
	}
	*v = p
	return nil
}

var (
	_ json.Marshaler   = Value{}
	_ json.Unmarshaler = (*Value)(nil)
)
