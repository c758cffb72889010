package rpcserver

import (
	"strconv"
	"strings"
)

// HelpText renders the command's help in Core's RPCHelpMan format: the
// one-line summary, the description, "Arguments:", "Named Arguments:",
// "Result:" and "Examples:".
func (c *Command) HelpText() string {
	var b strings.Builder
	b.WriteString(c.Name)
	wasOptional := false
	for _, a := range c.Args {
		if a.Hidden {
			break
		}
		b.WriteByte(' ')
		if a.IsOptional() {
			if !wasOptional {
				b.WriteString("( ")
			}
			wasOptional = true
		} else {
			if wasOptional {
				b.WriteString(") ")
			}
			wasOptional = false
		}
		b.WriteString(a.oneLine(true))
	}
	if wasOptional {
		b.WriteString(" )")
	}
	b.WriteString("\n\n" + strings.Trim(c.Help, " \f\n\r\t\v") + "\n")

	var args, named sections
	for i, a := range c.Args {
		if a.Hidden {
			break
		}
		args.add(strconv.Itoa(i+1)+". "+a.FirstName(), a.description(true))
		args.push(a, 5, outerNone)
		if a.Type == ArgNamedParams {
			for _, in := range a.Inner {
				named.add(in.FirstName(), in.description(true))
				named.push(in, 5, outerNone)
			}
		}
	}
	if len(args.list) > 0 {
		b.WriteString("\nArguments:\n")
	}
	b.WriteString(args.String())
	if len(named.list) > 0 {
		b.WriteString("\nNamed Arguments:\n")
	}
	b.WriteString(named.String())
	if len(c.ResultDocs) > 0 {
		b.WriteString(renderResults(c.ResultDocs))
	} else if c.Result != "" {
		b.WriteString("\nResult:\n" + withNewline(c.Result))
	}
	if c.Examples != "" {
		b.WriteString("\nExamples:\n" + withNewline(c.Examples))
	}
	return b.String()
}

func withNewline(s string) string {
	if strings.HasSuffix(s, "\n") {
		return s
	}
	return s + "\n"
}

// typeWords is the type as help's description shows it.
func (a Arg) typeWords() string {
	if a.TypeStr[1] != "" {
		return a.TypeStr[1]
	}
	switch a.Type {
	case ArgString, ArgHex:
		return "string"
	case ArgNumber:
		return "numeric"
	case ArgAmount:
		return "numeric or string"
	case ArgRange:
		return "numeric or array"
	case ArgBool:
		return "boolean"
	case ArgArray:
		return "json array"
	default:
		return "json object"
	}
}

// description is Core's RPCArg::ToDescriptionString.
func (a Arg) description(isNamed bool) string {
	s := "(" + a.typeWords()
	switch {
	case a.Default != "":
		s += ", optional, default=" + a.Default
	case a.Optional:
		if isNamed {
			s += ", optional"
		}
	default:
		s += ", required"
	}
	s += ")"
	if a.Type == ArgNamedParams {
		s += " Options object that can be used to pass named arguments, listed below."
	}
	if a.Help != "" {
		s += " " + a.Help
	}
	return s
}

// oneLine is Core's RPCArg::ToString.
func (a Arg) oneLine(oneline bool) string {
	if oneline && a.OneLine != "" {
		return a.OneLine
	}
	switch a.Type {
	case ArgString, ArgHex:
		return `"` + a.FirstName() + `"`
	case ArgNumber, ArgRange, ArgAmount, ArgBool:
		return a.FirstName()
	case ArgArray:
		var s strings.Builder
		s.WriteByte('[')
		for _, in := range a.Inner {
			s.WriteString(in.oneLine(oneline) + ",")
		}
		return s.String() + "...]"
	default:
		parts := make([]string, len(a.Inner))
		for i, in := range a.Inner {
			parts[i] = in.keyValue(oneline)
		}
		if a.Type == ArgObject {
			return "{" + strings.Join(parts, ",") + "}"
		}
		return "{" + strings.Join(parts, ",") + ",...}"
	}
}

// keyValue is Core's RPCArg::ToStringObj.
func (a Arg) keyValue(oneline bool) string {
	s := `"` + a.FirstName() + `":`
	if !oneline {
		s += " "
	}
	switch a.Type {
	case ArgString:
		return s + `"str"`
	case ArgHex:
		return s + `"hex"`
	case ArgNumber:
		return s + "n"
	case ArgRange:
		return s + "n or [n,n]"
	case ArgAmount:
		return s + "amount"
	case ArgBool:
		return s + "bool"
	case ArgArray:
		s += "["
		for _, in := range a.Inner {
			s += in.oneLine(oneline) + ","
		}
		return s + "...]"
	default:
		return s + a.oneLine(oneline)
	}
}

type outer int

const (
	outerNone outer = iota
	outerObj
	outerArr
)

type section struct{ left, right string }

// sections is Core's Sections: left/right pairs aligned on one column.
type sections struct {
	list []section
	pad  int
}

func (s *sections) add(left, right string) {
	s.pad = max(s.pad, len(left))
	s.list = append(s.list, section{left, right})
}

// push adds the nested structure of an argument (Core's Sections::Push).
func (s *sections) push(a Arg, indent int, o outer) {
	ind := strings.Repeat(" ", indent)
	next := strings.Repeat(" ", indent+2)
	named := o == outerObj
	top := o == outerNone
	switch a.Type {
	case ArgObject, ArgObjectUserKeys:
		right := ""
		if !top {
			right = a.description(named)
		}
		key := ""
		if named {
			key = `"` + a.Name + `": `
		}
		s.add(ind+key+"{", right)
		for _, in := range a.Inner {
			s.push(in, indent+2, outerObj)
		}
		if a.Type != ArgObject {
			s.add(next+"...", "")
		}
		s.add(ind+"}"+comma(top), "")
	case ArgArray:
		right := ""
		if !top {
			right = a.description(named)
		}
		key := ""
		if named {
			key = `"` + a.Name + `": `
		}
		s.add(ind+key+"[", right)
		for _, in := range a.Inner {
			s.push(in, indent+2, outerArr)
		}
		s.add(next+"...", "")
		s.add(ind+"]"+comma(top), "")
	default:
		if top {
			return
		}
		left := ind
		switch {
		case a.TypeStr[0] != "" && named:
			left += `"` + a.Name + `": ` + a.TypeStr[0]
		case named:
			left += a.keyValue(false)
		default:
			left += a.oneLine(false)
		}
		s.add(left+",", a.description(named))
	}
}

func comma(top bool) string {
	if top {
		return ""
	}
	return ","
}

// String joins the sections, padding the left column and continuation
// lines of the right one as Core's Sections::ToString.
func (s *sections) String() string {
	var b strings.Builder
	pad := s.pad + 4
	padding := strings.Repeat(" ", pad)
	for _, sec := range s.list {
		if sec.right == "" {
			b.WriteString(sec.left + "\n")
			continue
		}
		b.WriteString(sec.left)
		if n := pad - len(sec.left); n > 0 {
			b.WriteString(strings.Repeat(" ", n))
		}
		b.WriteString(continuation(sec.right, padding))
		b.WriteByte('\n')
	}
	return b.String()
}

// continuation indents every line after the first of r by padding, with the
// continuation's leading spaces dropped (Core's quirks included: the search
// for the next newline starts one byte after the line's first character).
func continuation(r, padding string) string {
	var out strings.Builder
	begin := 0
	nl := strings.IndexByte(r, '\n')
	for {
		if nl < 0 {
			out.WriteString(r[begin:])
			break
		}
		out.WriteString(r[begin:nl])
		out.WriteString("\n" + padding)
		begin = nl + 1
		for begin < len(r) && r[begin] == ' ' {
			begin++
		}
		if begin >= len(r) {
			break
		}
		if i := strings.IndexByte(r[begin+1:], '\n'); i >= 0 {
			nl = begin + 1 + i
		} else {
			nl = -1
		}
	}
	return out.String()
}
