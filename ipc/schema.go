package ipc

import (
	"bytes"
	"fmt"
	"strings"

	capnp "capnproto.org/go/capnp/v3"
	"capnproto.org/go/capnp/v3/encoding/text"
	"capnproto.org/go/capnp/v3/schemas"
	"capnproto.org/go/capnp/v3/std/capnp/schema"
)

// Schemas indexes interface and method names of the schemas a process
// speaks, for log lines ("Echo.echo$Params") and payload text.
type Schemas struct {
	reg     *schemas.Registry
	methods map[methodKey]methodInfo
}

type methodKey struct {
	iface  uint64
	method uint16
}

type methodInfo struct {
	name           string // "Echo.echo"
	params, result uint64 // struct type IDs
}

// NewSchemas builds an index from generated packages' RegisterSchema
// functions; ids names one type of each schema file to index (any type ID
// of a file finds the whole file).
func NewSchemas(register []func(*schemas.Registry), ids ...uint64) (*Schemas, error) {
	s := &Schemas{reg: &schemas.Registry{}, methods: map[methodKey]methodInfo{}}
	for _, r := range register {
		r(s.reg)
	}
	if err := s.index(ids); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Schemas) index(ids []uint64) error {
	seen := map[uint64]bool{}
	for _, ifaceID := range ids {
		data, err := s.reg.Find(ifaceID)
		if err != nil || seen[ifaceID] {
			continue
		}
		msg, err := capnp.Unmarshal(data)
		if err != nil {
			return fmt.Errorf("ipc: reading schema: %w", err)
		}
		req, err := schema.ReadRootCodeGeneratorRequest(msg)
		if err != nil {
			return fmt.Errorf("ipc: reading schema: %w", err)
		}
		nodes, err := req.Nodes()
		if err != nil {
			return fmt.Errorf("ipc: reading schema nodes: %w", err)
		}
		for i := 0; i < nodes.Len(); i++ {
			n := nodes.At(i)
			seen[n.Id()] = true
			if n.Which() != schema.Node_Which_interface {
				continue
			}
			dn, _ := n.DisplayName()
			iname := dn[n.DisplayNamePrefixLength():]
			if j := strings.LastIndexByte(dn, ':'); j >= 0 {
				iname = dn[j+1:]
			}
			ms, err := n.Interface().Methods()
			if err != nil {
				return fmt.Errorf("ipc: reading methods of %s: %w", iname, err)
			}
			for k := 0; k < ms.Len(); k++ {
				m := ms.At(k)
				mname, _ := m.Name()
				s.methods[methodKey{n.Id(), uint16(k)}] = methodInfo{
					name: iname + "." + mname, params: m.ParamStructType(), result: m.ResultStructType(),
				}
			}
		}
	}
	return nil
}

// MethodName returns "Iface.method", or the numeric IDs when unknown.
func (s *Schemas) MethodName(iface uint64, method uint16) string {
	if s != nil {
		if mi, ok := s.methods[methodKey{iface, method}]; ok {
			return mi.name
		}
	}
	return fmt.Sprintf("%#x.%d", iface, method)
}

// payload renders a params (results=false) or results struct as escaped
// capnp text cut at 200 characters, as Core's trace lines do.
func (s *Schemas) payload(iface uint64, method uint16, results bool, st capnp.Struct) string {
	if s == nil {
		return "(?)"
	}
	mi, ok := s.methods[methodKey{iface, method}]
	if !ok {
		return "(?)"
	}
	id := mi.params
	if results {
		id = mi.result
	}
	var buf bytes.Buffer
	enc := text.NewEncoder(&buf)
	enc.UseRegistry(s.reg)
	if err := enc.Encode(id, st); err != nil {
		return fmt.Sprintf("(unprintable: %v)", err)
	}
	return escapeCut(buf.String(), 200)
}

// escapeCut doubles backslashes, writes non-printable bytes as \xx hex and
// cuts the text at max characters followed by "...".
func escapeCut(in string, max int) string {
	var b strings.Builder
	for i := 0; i < len(in); i++ {
		if b.Len() >= max {
			b.WriteString("...")
			break
		}
		c := in[i]
		switch {
		case c == '\\':
			b.WriteString(`\\`)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&b, `\%02x`, c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
