package univalue

import (
	"bytes"
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// Write returns v as JSON text: compact when indent is 0, otherwise
// pretty-printed with indent spaces per level, exactly as
// UniValue::write(indent).
func (v Value) Write(indent int) string { return string(v.Append(nil, indent, 0)) }

// String is Write(0).
func (v Value) String() string { return v.Write(0) }

// Append appends v's JSON text to buf; level is the current nesting level
// (0 at the top), as UniValue's indentLevel.
func (v Value) Append(buf []byte, indent, level int) []byte {
	mod := level
	if mod == 0 {
		mod = 1
	}
	switch v.Kind {
	case Object, Array:
		open, closing := byte('['), byte(']')
		if v.Kind == Object {
			open, closing = '{', '}'
		}
		buf = append(buf, open)
		if indent > 0 {
			buf = append(buf, '\n')
		}
		for i, e := range v.Elems {
			if indent > 0 {
				buf = appendSpaces(buf, indent*mod)
			}
			if v.Kind == Object {
				buf = AppendString(buf, v.Keys[i])
				buf = append(buf, ':')
				if indent > 0 {
					buf = append(buf, ' ')
				}
			}
			buf = e.Append(buf, indent, mod+1)
			if i != len(v.Elems)-1 {
				buf = append(buf, ',')
			}
			if indent > 0 {
				buf = append(buf, '\n')
			}
		}
		if indent > 0 {
			buf = appendSpaces(buf, indent*(mod-1))
		}
		return append(buf, closing)
	case String:
		return AppendString(buf, v.Str)
	case Number:
		return append(buf, v.Str...)
	case Bool:
		if v.Bool {
			return append(buf, "true"...)
		}
		return append(buf, "false"...)
	default:
		return append(buf, "null"...)
	}
}

func appendSpaces(buf []byte, n int) []byte {
	for ; n > 0; n-- {
		buf = append(buf, ' ')
	}
	return buf
}

// AppendString appends s as a JSON string literal with Core's escaping:
// '"' and '\\', \b \t \n \f \r, other control characters and DEL as \u00XX;
// everything else (including non-ASCII) raw.
func AppendString(buf []byte, s string) []byte {
	const hexdigits = "0123456789abcdef"
	buf = append(buf, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			buf = append(buf, '\\', '"')
		case '\\':
			buf = append(buf, '\\', '\\')
		case '\b':
			buf = append(buf, '\\', 'b')
		case '\t':
			buf = append(buf, '\\', 't')
		case '\n':
			buf = append(buf, '\\', 'n')
		case '\f':
			buf = append(buf, '\\', 'f')
		case '\r':
			buf = append(buf, '\\', 'r')
		default:
			if c < 0x20 || c == 0x7f {
				buf = append(buf, '\\', 'u', '0', '0', hexdigits[c>>4], hexdigits[c&0xf])
			} else {
				buf = append(buf, c)
			}
		}
	}
	return append(buf, '"')
}

// Marshal encodes x with encoding/json (HTML characters left alone) and
// rewrites the string escapes that differ from Core's: DEL becomes \u007f and
// U+2028/U+2029 are written raw. A Value (or a json.Marshaler producing one)
// comes out exactly as Write(0).
func Marshal(x any) ([]byte, error) {
	if v, ok := x.(Value); ok {
		return v.Append(nil, 0, 0), nil
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(x); err != nil {
		return nil, fmt.Errorf("encoding result: %w", err)
	}
	out := bytes.TrimSuffix(b.Bytes(), []byte{'\n'})
	return fixEscapes(out), nil
}

// fixEscapes adjusts encoding/json output to Core's escaping (see Marshal).
func fixEscapes(in []byte) []byte {
	if !bytes.Contains(in, []byte{0x7f}) && !bytes.Contains(in, []byte(`\u202`)) {
		return in
	}
	out := make([]byte, 0, len(in)+8)
	inStr := false
	for i := 0; i < len(in); i++ {
		c := in[i]
		switch {
		case !inStr:
			inStr = c == '"'
			out = append(out, c)
		case c == '"':
			inStr = false
			out = append(out, c)
		case c == 0x7f:
			out = append(out, `\u007f`...)
		case c == '\\' && i+1 < len(in):
			if in[i+1] == 'u' && i+5 < len(in) && (string(in[i+2:i+6]) == "2028" || string(in[i+2:i+6]) == "2029") {
				r := '\u2028'
				if in[i+5] == '9' {
					r = '\u2029'
				}
				out = utf8.AppendRune(out, r)
				i += 5
				continue
			}
			out = append(out, c, in[i+1])
			i++
		default:
			out = append(out, c)
		}
	}
	return out
}

// FromGo converts any encoding/json-encodable value to a Value.
func FromGo(x any) (Value, error) {
	if v, ok := x.(Value); ok {
		return v, nil
	}
	b, err := Marshal(x)
	if err != nil {
		return Value{}, err
	}
	return Parse(b)
}

// Quote returns s as a JSON string literal with Core's escaping.
func Quote(s string) string {
	return string(AppendString(nil, s))
}
