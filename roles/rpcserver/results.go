package rpcserver

import "strings"

// Result document types, as Core's RPCResult::Type.
const (
	ResStr       = "str"
	ResStrAmount = "str_amount"
	ResHex       = "hex"
	ResNum       = "num"
	ResNumTime   = "num_time"
	ResBool      = "bool"
	ResNone      = "none"
	ResArr       = "arr"
	ResArrFixed  = "arr_fixed"
	ResObj       = "obj"
	ResObjDyn    = "obj_dyn"
	ResElision   = "elision"
	ResAny       = "any" // not shown in help (Core uses it for tests)
)

// ResultDoc documents one possible result the way Core's RPCResult does,
// so Command.ResultDocs renders exactly as Core's help.
type ResultDoc struct {
	// Cond, when set, titles the section "Result (<Cond>):".
	Cond     string
	Type     string
	Key      string // member name inside an object
	Optional bool
	Help     string
	Inner    []ResultDoc
}

// renderResults is Core's RPCResults::ToDescriptionString.
func renderResults(docs []ResultDoc) string {
	var b strings.Builder
	for _, r := range docs {
		if r.Type == ResAny {
			continue
		}
		if r.Cond == "" {
			b.WriteString("\nResult:\n")
		} else {
			b.WriteString("\nResult (" + r.Cond + "):\n")
		}
		var s sections
		r.toSections(&s, outerNone, 0)
		b.WriteString(s.String())
	}
	return b.String()
}

func (r ResultDoc) describe(typ string) string {
	s := "(" + typ
	if r.Optional {
		s += ", optional"
	}
	s += ")"
	if r.Help != "" {
		s += " " + r.Help
	}
	return s
}

// toSections is Core's RPCResult::ToSections.
func (r ResultDoc) toSections(s *sections, o outer, indent int) {
	ind := strings.Repeat(" ", indent)
	next := strings.Repeat(" ", indent+2)
	sep := ""
	if o != outerNone {
		sep = ","
	}
	key := ""
	if o == outerObj {
		key = `"` + r.Key + `" : `
	}
	scalar := map[string][2]string{
		ResStr: {`"str"`, "string"}, ResStrAmount: {"n", "numeric"}, ResHex: {`"hex"`, "string"},
		ResNum: {"n", "numeric"}, ResNumTime: {"xxx", "numeric"}, ResBool: {"true|false", "boolean"},
	}
	switch r.Type {
	case ResElision:
		s.add(ind+"..."+sep, r.Help)
	case ResNone:
		s.add(ind+"null"+sep, r.describe("json null"))
	case ResArr, ResArrFixed:
		s.add(ind+key+"[", r.describe("json array"))
		for _, in := range r.Inner {
			in.toSections(s, outerArr, indent+2)
		}
		if r.Type == ResArr && (len(r.Inner) == 0 || r.Inner[len(r.Inner)-1].Type != ResElision) {
			s.add(next+"...", "")
		} else {
			s.dropLastComma()
		}
		s.add(ind+"]"+sep, "")
	case ResObj, ResObjDyn:
		if len(r.Inner) == 0 {
			s.add(ind+key+"{}", r.describe("empty JSON object"))
			return
		}
		s.add(ind+key+"{", r.describe("json object"))
		for _, in := range r.Inner {
			in.toSections(s, outerObj, indent+2)
		}
		if r.Type == ResObjDyn && r.Inner[len(r.Inner)-1].Type != ResElision {
			s.add(next+"...", "")
		} else {
			s.dropLastComma()
		}
		s.add(ind+"}"+sep, "")
	default:
		if sc, ok := scalar[r.Type]; ok {
			s.add(ind+key+sc[0]+sep, r.describe(sc[1]))
		}
	}
}

func (s *sections) dropLastComma() {
	if n := len(s.list); n > 0 && strings.HasSuffix(s.list[n-1].left, ",") {
		s.list[n-1].left = strings.TrimSuffix(s.list[n-1].left, ",")
	}
}
