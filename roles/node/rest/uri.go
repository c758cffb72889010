package rest

import (
	"errors"
	"strconv"
	"strings"

	"github.com/btcsuite/btcd/chainhash/v2"
)

// Format is the response format a URI asks for by its extension.
type Format int

// Formats, as Core's RESTResponseFormat.
const (
	FormatUndef Format = iota
	FormatBinary
	FormatHex
	FormatJSON
)

// formatNames pairs formats with their extensions, in Core's order ("" is
// the undefined format, matched by a URI ending in a bare '.').
func formatNames() []struct {
	f    Format
	name string
} {
	return []struct {
		f    Format
		name string
	}{{FormatUndef, ""}, {FormatBinary, "bin"}, {FormatHex, "hex"}, {FormatJSON, "json"}}
}

// availableFormats is Core's AvailableDataFormatsString.
const availableFormats = ".bin, .hex, .json"

// ParseDataFormat is Core's ParseDataFormat: it drops the query string
// (from the last '?'), then a known extension after the last '.', and
// returns the rest with the format. An unknown extension is kept in param
// and gives FormatUndef.
func ParseDataFormat(uriPart string) (param string, f Format) {
	param = uriPart
	if i := strings.LastIndexByte(param, '?'); i >= 0 {
		param = param[:i]
	}
	dot := strings.LastIndexByte(param, '.')
	if dot < 0 {
		return param, FormatUndef
	}
	suffix := param[dot+1:]
	for _, fn := range formatNames() {
		if suffix == fn.name {
			return param[:dot], fn.f
		}
	}
	return param, FormatUndef
}

// parseHash is Core's uint256::FromHex: exactly 64 hex digits, in display
// order.
func parseHash(s string) (chainhash.Hash, bool) {
	if len(s) != 2*chainhash.HashSize {
		return chainhash.Hash{}, false
	}
	for i := 0; i < len(s); i++ {
		if !isHexDigit(s[i]) {
			return chainhash.Hash{}, false
		}
	}
	h, err := chainhash.NewHashFromStr(s)
	if err != nil {
		return chainhash.Hash{}, false
	}
	return *h, true
}

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// parseUint is Core's ToIntegral for an unsigned type of the given bits
// (std::from_chars: digits only, no sign, no spaces, no overflow).
func parseUint(s string, bits int) (uint64, bool) {
	if s == "" || s[0] == '+' || s[0] == '-' {
		return 0, false
	}
	v, err := strconv.ParseUint(s, 10, bits)
	return v, err == nil
}

// parseInt32 is Core's ToIntegral<int32_t> (an optional '-', digits).
func parseInt32(s string) (int32, bool) {
	if s == "" || s[0] == '+' {
		return 0, false
	}
	v, err := strconv.ParseInt(s, 10, 32)
	return int32(v), err == nil
}

// errURIParse is Core's error when libevent cannot parse the request URI.
var errURIParse = errors.New("URI parsing failed, it likely contained RFC 3986 invalid characters")

// QueryParameter is Core's GetQueryParameterFromUri: the request target
// must parse as an RFC 3986 relative reference (libevent's
// evhttp_uri_parse), and the first parameter named key in its query is
// returned, percent-decoded with '+' as a space. A malformed query
// (a parameter without '=' or with an empty name) yields no parameters,
// as libevent's evhttp_parse_query_str does.
func QueryParameter(uri, key string) (value string, found bool, err error) {
	query, ok := splitURI(uri)
	if !ok {
		return "", false, errURIParse
	}
	if query == "" {
		return "", false, nil
	}
	type kv struct{ k, v string }
	var params []kv
	for _, arg := range strings.Split(query, "&") {
		k, v, hasValue := strings.Cut(arg, "=")
		if !hasValue || k == "" {
			return "", false, nil
		}
		params = append(params, kv{k, uriDecode(v)})
	}
	for _, p := range params {
		if p.k == key {
			return p.v, true, nil
		}
	}
	return "", false, nil
}

// splitURI checks a request target the way libevent's evhttp_uri_parse
// does without flags and returns its query ("" when there is none).
func splitURI(uri string) (query string, ok bool) {
	rest := uri
	scan := func(s string, allowQuestion bool) int {
		i := 0
		for i < len(s) {
			c := s[i]
			switch {
			case isUnreserved(c) || strings.IndexByte("!$&'()*+,;=", c) >= 0 || c == ':' || c == '@' || c == '/':
				i++
			case c == '%' && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]):
				i += 3
			case c == '?' && allowQuestion:
				i++
			default:
				return i
			}
		}
		return i
	}
	n := scan(rest, false)
	rest = rest[n:]
	if strings.HasPrefix(rest, "?") {
		rest = rest[1:]
		n = scan(rest, true)
		query, rest = rest[:n], rest[n:]
	}
	if strings.HasPrefix(rest, "#") {
		rest = rest[1:]
		rest = rest[scan(rest, true):]
	}
	return query, rest == ""
}

func isUnreserved(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~", c) >= 0
}

// uriDecode is libevent's evhttp_uridecode with decode_plus set: %XX
// escapes and '+' become bytes; a '%' not followed by two hex digits stays.
func uriDecode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '+':
			b.WriteByte(' ')
		case c == '%' && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]):
			v, _ := strconv.ParseUint(s[i+1:i+3], 16, 8)
			b.WriteByte(byte(v))
			i += 2
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// sanitizeURI is Core's SanitizeString with SAFE_CHARS_URI.
func sanitizeURI(s string) string {
	const safe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!*'();:@&=+$,/?#[]-_.~%"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(safe, s[i]) >= 0 {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}
