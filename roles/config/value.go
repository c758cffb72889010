package config

import (
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"strings"
)

// A setting value is what Core keeps in a common::SettingsValue: a string
// (-name=value), false (-noname), true (-noname=0), or, from settings.json,
// any JSON value (json.Number for numbers, nil for null, []any, map[string]any).

func isFalse(v any) bool { b, ok := v.(bool); return ok && !b }

func isTrue(v any) bool { b, ok := v.(bool); return ok && b }

// interpretBool is Core's InterpretBool: "" is true, otherwise the leading
// integer (LocaleIndependentAtoi<int>) is compared with zero.
func interpretBool(s string) bool {
	if s == "" {
		return true
	}
	return atoi(s, 32) != 0
}

// Atoi64 reproduces Core's LocaleIndependentAtoi<int64_t>: surrounding
// whitespace is ignored, a leading '+' or '-' is accepted, the leading digits
// are converted, anything unparsable is 0, and out-of-range values saturate.
func Atoi64(s string) int64 { return atoi(s, 64) }

func atoi(s string, bits int) int64 {
	s = strings.Trim(s, " \f\n\r\t\v")
	if strings.HasPrefix(s, "+") {
		if strings.HasPrefix(s, "+-") {
			return 0
		}
		s = s[1:]
	}
	neg := strings.HasPrefix(s, "-")
	digits := s
	if neg {
		digits = s[1:]
	}
	n := 0
	for n < len(digits) && digits[n] >= '0' && digits[n] <= '9' {
		n++
	}
	if n == 0 {
		return 0
	}
	num := digits[:n]
	if neg {
		num = "-" + num
	}
	v, err := strconv.ParseInt(num, 10, bits)
	if err != nil {
		lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
		if bits == 32 {
			lo, hi = math.MinInt32, math.MaxInt32
		}
		if neg {
			return lo
		}
		return hi
	}
	return v
}

// settingToString is Core's SettingToString: false "0", true "1", numbers
// as written, strings as they are. Arrays and objects give their JSON text.
func settingToString(v any) (string, bool) {
	switch t := v.(type) {
	case nil:
		return "", false
	case bool:
		if t {
			return "1", true
		}
		return "0", true
	case string:
		return t, true
	case json.Number:
		return t.String(), true
	default:
		return writeJSON(v, 0, 0), true
	}
}

// settingToInt is Core's SettingToInt.
func settingToInt(v any) (int64, bool) {
	switch t := v.(type) {
	case nil:
		return 0, false
	case bool:
		if t {
			return 1, true
		}
		return 0, true
	case string:
		return Atoi64(t), true
	case json.Number:
		return Atoi64(t.String()), true
	default:
		return 0, true
	}
}

// settingToBool is Core's SettingToBool.
func settingToBool(v any) (bool, bool) {
	switch t := v.(type) {
	case nil:
		return false, false
	case bool:
		return t, true
	case string:
		return interpretBool(t), true
	case json.Number:
		return interpretBool(t.String()), true
	default:
		return false, true
	}
}

// writeJSON renders v as UniValue::write(prettyIndent, indentLevel) does:
// compact when prettyIndent is 0, keys of objects in byte order.
func writeJSON(v any, prettyIndent, indentLevel int) string {
	var b strings.Builder
	if indentLevel == 0 {
		indentLevel = 1
	}
	writeJSONTo(&b, v, prettyIndent, indentLevel)
	return b.String()
}

func writeJSONTo(b *strings.Builder, v any, pretty, level int) {
	switch t := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		if t {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case string:
		writeJSONString(b, t)
	case json.Number:
		b.WriteString(t.String())
	case float64:
		b.WriteString(strconv.FormatFloat(t, 'g', -1, 64))
	case int:
		b.WriteString(strconv.Itoa(t))
	case int64:
		b.WriteString(strconv.FormatInt(t, 10))
	case []string:
		arr := make([]any, len(t))
		for i, s := range t {
			arr[i] = s
		}
		writeJSONTo(b, arr, pretty, level)
	case []any:
		b.WriteByte('[')
		if pretty > 0 {
			b.WriteByte('\n')
		}
		for i, e := range t {
			b.WriteString(strings.Repeat(" ", pretty*level))
			writeJSONTo(b, e, pretty, level+1)
			if i != len(t)-1 {
				b.WriteByte(',')
			}
			if pretty > 0 {
				b.WriteByte('\n')
			}
		}
		b.WriteString(strings.Repeat(" ", pretty*(level-1)))
		b.WriteByte(']')
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		writeJSONObject(b, keys, t, pretty, level)
	default:
		// Anything else (never produced by this package) as Go's JSON.
		data, err := json.Marshal(t)
		if err != nil {
			b.WriteString("null")
			return
		}
		b.Write(data)
	}
}

func writeJSONObject(b *strings.Builder, keys []string, m map[string]any, pretty, level int) {
	b.WriteByte('{')
	if pretty > 0 {
		b.WriteByte('\n')
	}
	for i, k := range keys {
		b.WriteString(strings.Repeat(" ", pretty*level))
		writeJSONString(b, k)
		b.WriteByte(':')
		if pretty > 0 {
			b.WriteByte(' ')
		}
		writeJSONTo(b, m[k], pretty, level+1)
		if i != len(keys)-1 {
			b.WriteByte(',')
		}
		if pretty > 0 {
			b.WriteByte('\n')
		}
	}
	b.WriteString(strings.Repeat(" ", pretty*(level-1)))
	b.WriteByte('}')
}

// writeJSONString escapes as UniValue does: quotes, backslashes and control
// characters; everything else, including non-ASCII, passes through.
func writeJSONString(b *strings.Builder, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if c < 0x20 || c == 0x7f {
				b.WriteString(`\u00`)
				b.WriteByte(hex[c>>4])
				b.WriteByte(hex[c&0xf])
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte('"')
}

// quoted is Core's fs::quoted: std::quoted with '&' as the escape character.
func quoted(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		if r == '"' || r == '&' {
			b.WriteByte('&')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}
