package config

import (
	"sort"
	"strings"
)

// Layout of Core's help text (src/common/args.cpp).
const (
	helpScreenWidth = 79
	helpOptIndent   = 2
	helpMsgIndent   = 7
)

// Help renders Core-shaped -help text: header, then the options that are
// not Hidden grouped by Category in Core's order (unknown categories after
// Core's, alphabetically), sorted by name within a group, each as
// "  -name=<arg>\n       help text wrapped at 79 columns\n\n".
func Help(header string, opts []Option) string { return header + helpBody(opts, false) }

// HelpDebug is Help as -help-debug shows it: with Core's debug-only
// options and the "Wallet debugging/testing options" group. Options in
// CategoryHidden stay out.
func HelpDebug(header string, opts []Option) string { return header + helpBody(opts, true) }

func helpBody(opts []Option, showDebug bool) string {
	groups := map[string]map[string]Option{}
	for _, o := range opts {
		if o.Category == CategoryHidden {
			continue
		}
		g := groups[o.Category]
		if g == nil {
			g = map[string]Option{}
			groups[o.Category] = g
		}
		key := "-" + o.Name
		if _, dup := g[key]; !dup {
			g[key] = o
		}
	}
	var order []string
	known := map[string]bool{}
	for _, c := range categoryOrder() {
		known[c] = true
		if groups[c] != nil {
			order = append(order, c)
		}
	}
	var extra []string
	for c := range groups {
		if !known[c] {
			extra = append(extra, c)
		}
	}
	sort.Strings(extra)
	order = append(order, extra...)

	var b strings.Builder
	for _, c := range order {
		if c != CategoryWalletDebug || showDebug {
			b.WriteString(HelpMessageGroup(c + ":"))
		}
		g := groups[c]
		for _, key := range sortedKeys(g) {
			o := g[key]
			if o.Hidden && !showDebug {
				continue
			}
			b.WriteString(HelpMessageOpt(key+o.Arg, o.Help))
		}
	}
	return b.String()
}

// HelpMessageGroup is Core's HelpMessageGroup: the title and a blank line.
func HelpMessageGroup(title string) string { return title + "\n\n" }

// HelpMessageOpt is Core's HelpMessageOpt: the option indented by two, its
// help indented by seven and wrapped, then a blank line.
func HelpMessageOpt(option, message string) string {
	return strings.Repeat(" ", helpOptIndent) + option + "\n" +
		strings.Repeat(" ", helpMsgIndent) +
		FormatParagraph(message, helpScreenWidth-helpMsgIndent, helpMsgIndent) + "\n\n"
}

// FormatParagraph wraps text as Core's FormatParagraph does: lines break at
// the last space that fits in width, continuation lines are indented by
// indent (and count it against width), explicit newlines are kept and
// restart the count without indenting, and a word longer than the width
// stays whole.
func FormatParagraph(in string, width, indent int) string {
	if width < indent {
		width = indent
	}
	var out strings.Builder
	ptr, indented := 0, 0
	for ptr < len(in) {
		lineEnd := strings.IndexByte(in[ptr:], '\n')
		if lineEnd < 0 {
			lineEnd = len(in)
		} else {
			lineEnd += ptr
		}
		lineLen := lineEnd - ptr
		rem := width - indented
		if lineLen <= rem {
			end := min(lineEnd+1, len(in))
			out.WriteString(in[ptr:end])
			ptr = lineEnd + 1
			indented = 0
			continue
		}
		// The last space or newline at or before ptr+rem.
		limit := min(ptr+rem, len(in)-1)
		final := strings.LastIndexAny(in[:limit+1], " \n")
		if final < ptr {
			// No place to break: keep the whole word.
			next := strings.IndexAny(in[ptr:], "\n ")
			if next < 0 {
				out.WriteString(in[ptr:])
				break
			}
			final = ptr + next
		}
		out.WriteString(in[ptr:final])
		out.WriteByte('\n')
		if in[final] == '\n' {
			indented = 0
		} else if indent > 0 {
			out.WriteString(strings.Repeat(" ", indent))
			indented = indent
		}
		ptr = final + 1
	}
	return out.String()
}
