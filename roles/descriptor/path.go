package descriptor

import (
	"fmt"
	"strconv"
	"strings"
)

// hardenedBit marks a hardened BIP32 child index.
const hardenedBit = 0x80000000

// deriveType is the kind of the final ranged derivation step of a key.
type deriveType int

const (
	deriveNone       deriveType = iota // no "/*"
	deriveUnhardened                   // "/*"
	deriveHardened                     // "/*h" or "/*'"
)

// parsePathNum parses one path element such as "44h", "0'" or "7". It
// reports in apostrophe whether a hardened marker was an apostrophe, leaving
// it untouched for unhardened elements.
func parsePathNum(elem string, apostrophe *bool) (uint32, error) {
	hardened := false
	if n := len(elem); n > 0 && (elem[n-1] == '\'' || elem[n-1] == 'h') {
		*apostrophe = elem[n-1] == '\''
		elem = elem[:n-1]
		hardened = true
	}
	v, ok := parseUint32(elem)
	if !ok {
		return 0, fmt.Errorf("Key path value '%s' is not a valid uint32", elem)
	}
	if v > 0x7FFFFFFF {
		return 0, fmt.Errorf("Key path value %d is out of range", v)
	}
	if hardened {
		v |= hardenedBit
	}
	return v, nil
}

// parseUint32 accepts a plain decimal number that fits in 32 bits.
func parseUint32(s string) (uint32, bool) {
	if s == "" {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	v, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		return 0, false
	}
	return uint32(v), true
}

// parseKeyPath parses the path elements (the key itself is not included).
// With allowMultipath one element may be a "<a;b;...>" BIP389 specifier, in
// which case one path per alternative is returned.
func parseKeyPath(elems []string, apostrophe *bool, allowMultipath bool) ([][]uint32, error) {
	var path []uint32
	var alts []uint32
	placeholder := -1
	for _, elem := range elems {
		if len(elem) >= 2 && elem[0] == '<' && elem[len(elem)-1] == '>' {
			if !allowMultipath {
				return nil, fmt.Errorf("Key path value '%s' specifies multipath in a section where multipath is not allowed", elem)
			}
			if placeholder >= 0 {
				return nil, fmt.Errorf("Multiple multipath key path specifiers found")
			}
			nums := strings.Split(elem[1:len(elem)-1], ";")
			if len(nums) < 2 {
				return nil, fmt.Errorf("Multipath key path specifiers must have at least two items")
			}
			seen := make(map[uint32]bool, len(nums))
			for _, num := range nums {
				v, err := parsePathNum(num, apostrophe)
				if err != nil {
					return nil, err
				}
				if seen[v] {
					return nil, fmt.Errorf("Duplicated key path value %d in multipath specifier", v)
				}
				seen[v] = true
				alts = append(alts, v)
			}
			path = append(path, 0)
			placeholder = len(path) - 1
			continue
		}
		v, err := parsePathNum(elem, apostrophe)
		if err != nil {
			return nil, err
		}
		path = append(path, v)
	}
	if placeholder < 0 {
		return [][]uint32{path}, nil
	}
	out := make([][]uint32, 0, len(alts))
	for _, v := range alts {
		p := append([]uint32(nil), path...)
		p[placeholder] = v
		out = append(out, p)
	}
	return out, nil
}

// formatPath renders a path as "/a/bh/..." (or with "'" when apostrophe).
func formatPath(path []uint32, apostrophe bool) string {
	var b strings.Builder
	for _, v := range path {
		b.WriteByte('/')
		b.WriteString(strconv.FormatUint(uint64(v&^hardenedBit), 10))
		if v&hardenedBit != 0 {
			if apostrophe {
				b.WriteByte('\'')
			} else {
				b.WriteByte('h')
			}
		}
	}
	return b.String()
}
