package univalue

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// MaxDepth is UniValue's nesting limit for arrays and objects.
const MaxDepth = 512

// ErrSyntax is wrapped by every Parse error.
var ErrSyntax = errors.New("invalid JSON")

// Parse reads exactly one JSON value (any kind, as UniValue::read), with
// only JSON whitespace around it.
func Parse(data []byte) (Value, error) {
	p := parser{data: data}
	p.skipSpace()
	v, err := p.value(0)
	if err != nil {
		return Value{}, err
	}
	p.skipSpace()
	if p.pos != len(p.data) {
		return Value{}, p.fail("trailing data")
	}
	return v, nil
}

type parser struct {
	data []byte
	pos  int
}

func (p *parser) fail(what string) error {
	return fmt.Errorf("%w: %s at offset %d", ErrSyntax, what, p.pos)
}

func (p *parser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *parser) value(depth int) (Value, error) {
	if p.pos >= len(p.data) {
		return Value{}, p.fail("unexpected end")
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object(depth + 1)
	case c == '[':
		return p.array(depth + 1)
	case c == '"':
		s, err := p.str()
		return NewString(s), err
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	default:
		for _, kw := range [...]struct {
			lit string
			v   Value
		}{{"null", Value{}}, {"true", NewBool(true)}, {"false", NewBool(false)}} {
			if len(p.data)-p.pos >= len(kw.lit) && string(p.data[p.pos:p.pos+len(kw.lit)]) == kw.lit {
				p.pos += len(kw.lit)
				return kw.v, nil
			}
		}
		return Value{}, p.fail("unexpected character")
	}
}

func (p *parser) object(depth int) (Value, error) {
	if depth > MaxDepth {
		return Value{}, p.fail("too deep")
	}
	p.pos++ // {
	v := NewObject()
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return v, nil
	}
	for {
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return Value{}, p.fail("expected object key")
		}
		k, err := p.str()
		if err != nil {
			return Value{}, err
		}
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return Value{}, p.fail("expected ':'")
		}
		p.pos++
		p.skipSpace()
		e, err := p.value(depth)
		if err != nil {
			return Value{}, err
		}
		v.PushKV(k, e)
		p.skipSpace()
		if p.pos >= len(p.data) {
			return Value{}, p.fail("unterminated object")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			return v, nil
		default:
			return Value{}, p.fail("expected ',' or '}'")
		}
	}
}

func (p *parser) array(depth int) (Value, error) {
	if depth > MaxDepth {
		return Value{}, p.fail("too deep")
	}
	p.pos++ // [
	v := NewArray()
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return v, nil
	}
	for {
		p.skipSpace()
		e, err := p.value(depth)
		if err != nil {
			return Value{}, err
		}
		v.Push(e)
		p.skipSpace()
		if p.pos >= len(p.data) {
			return Value{}, p.fail("unterminated array")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return v, nil
		default:
			return Value{}, p.fail("expected ',' or ']'")
		}
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (p *parser) digits() int {
	n := 0
	for p.pos < len(p.data) && isDigit(p.data[p.pos]) {
		p.pos++
		n++
	}
	return n
}

func (p *parser) number() (Value, error) {
	start := p.pos
	if p.data[p.pos] == '-' {
		p.pos++
	}
	intStart := p.pos
	if p.digits() == 0 {
		return Value{}, p.fail("bad number")
	}
	if p.data[intStart] == '0' && p.pos-intStart > 1 {
		return Value{}, p.fail("leading zero")
	}
	if p.pos < len(p.data) && p.data[p.pos] == '.' {
		p.pos++
		if p.digits() == 0 {
			return Value{}, p.fail("bad fraction")
		}
	}
	if p.pos < len(p.data) && (p.data[p.pos] == 'e' || p.data[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.data) && (p.data[p.pos] == '+' || p.data[p.pos] == '-') {
			p.pos++
		}
		if p.digits() == 0 {
			return Value{}, p.fail("bad exponent")
		}
	}
	return NewNumber(string(p.data[start:p.pos])), nil
}

func hexVal(c byte) (rune, bool) {
	switch {
	case c >= '0' && c <= '9':
		return rune(c - '0'), true
	case c >= 'a' && c <= 'f':
		return rune(c-'a') + 10, true
	case c >= 'A' && c <= 'F':
		return rune(c-'A') + 10, true
	}
	return 0, false
}

// str reads a string literal; the UTF-8 and surrogate rules are UniValue's
// (invalid UTF-8 and unpaired surrogates are errors).
func (p *parser) str() (string, error) {
	p.pos++ // "
	var out []byte
	var high rune // pending high surrogate
	for {
		if p.pos >= len(p.data) {
			return "", p.fail("unterminated string")
		}
		c := p.data[p.pos]
		if c < 0x20 {
			return "", p.fail("control character in string")
		}
		if high != 0 && c != '\\' {
			return "", p.fail("unpaired surrogate")
		}
		switch {
		case c == '"':
			p.pos++
			return string(out), nil
		case c == '\\':
			if p.pos+1 >= len(p.data) {
				return "", p.fail("bad escape")
			}
			e := p.data[p.pos+1]
			if high != 0 && e != 'u' {
				return "", p.fail("unpaired surrogate")
			}
			p.pos += 2
			switch e {
			case '"', '\\', '/':
				out = append(out, e)
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				if len(p.data)-p.pos < 4 {
					return "", p.fail("bad \\u escape")
				}
				var r rune
				for i := 0; i < 4; i++ {
					h, ok := hexVal(p.data[p.pos+i])
					if !ok {
						return "", p.fail("bad \\u escape")
					}
					r = r<<4 | h
				}
				p.pos += 4
				switch {
				case r >= 0xD800 && r < 0xDC00:
					if high != 0 {
						return "", p.fail("unpaired surrogate")
					}
					high = r
				case r >= 0xDC00 && r < 0xE000:
					if high == 0 {
						return "", p.fail("unpaired surrogate")
					}
					out = utf8.AppendRune(out, 0x10000|(high-0xD800)<<10|(r-0xDC00))
					high = 0
				default:
					if high != 0 {
						return "", p.fail("unpaired surrogate")
					}
					out = utf8.AppendRune(out, r)
				}
			default:
				return "", p.fail("bad escape")
			}
		case c < utf8.RuneSelf:
			out = append(out, c)
			p.pos++
		default:
			r, n := utf8.DecodeRune(p.data[p.pos:])
			if r == utf8.RuneError && n <= 1 {
				return "", p.fail("invalid UTF-8")
			}
			out = append(out, p.data[p.pos:p.pos+n]...)
			p.pos += n
		}
	}
}
