package univalue

import (
	"errors"
	"strings"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	for _, in := range []string{
		`null`, `true`, `false`, `0`, `-1.50e+3`, `"a\"b\\c\n\u0001\u007f"`, `[]`, `{}`,
		`{"a":1,"a":2,"b":[1,{"c":null}]}`, `"é€😀"`,
	} {
		v, err := Parse([]byte(in))
		if err != nil {
			t.Fatalf("Parse(%s): %v", in, err)
		}
		if got := v.Write(0); got != in {
			t.Errorf("Write(Parse(%s)) = %s", in, got)
		}
	}
}

func TestParseNormalizes(t *testing.T) {
	v, err := Parse([]byte(" \t\r\n{ \"k\" : [ 1 , \"\\u0041\\/\\ud83d\\ude00\" ] }\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := v.Write(0), `{"k":[1,"A/😀"]}`; got != want {
		t.Errorf("got %s want %s", got, want)
	}
	if v.Get("k").Elems[0].Str != "1" {
		t.Errorf("number text lost")
	}
}

func TestParseErrors(t *testing.T) {
	for _, in := range []string{
		``, ` `, `{`, `[1,]`, `{"a":1,}`, `01`, `1.`, `-`, `1e`, `nul`, `"\x"`, "\"a\x01\"",
		`"\ud800"`, `"\udc00"`, `"\ud800\u0041"`, "\"\xff\"", `{} {}`, `[1 2]`, `{"a" 1}`, `{1:2}`, `tru`,
		strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1),
	} {
		if _, err := Parse([]byte(in)); !errors.Is(err, ErrSyntax) {
			t.Errorf("Parse(%q) = %v, want ErrSyntax", in, err)
		}
	}
	deep := strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)
	if _, err := Parse([]byte(deep)); err != nil {
		t.Errorf("depth %d rejected: %v", MaxDepth, err)
	}
}

func TestPretty(t *testing.T) {
	v, err := Parse([]byte(`{"a":[],"b":{},"c":[1,{"d":"x"}],"e":null}`))
	if err != nil {
		t.Fatal(err)
	}
	want := "{\n  \"a\": [\n  ],\n  \"b\": {\n  },\n  \"c\": [\n    1,\n    {\n      \"d\": \"x\"\n    }\n  ],\n  \"e\": null\n}"
	if got := v.Write(2); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := NewArray().Write(2); got != "[\n]" {
		t.Errorf("empty array: %q", got)
	}
	if got := NewArray(NewString("foo")).Write(2); got != "[\n  \"foo\"\n]" {
		t.Errorf("array: %q", got)
	}
}

func TestMarshal(t *testing.T) {
	b, err := Marshal(map[string]any{"s": "<&>\x7f\u2028\\u2028", "n": 1.5})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"n":1.5,"s":"<&>\u007f`+"\u2028"+`\\u2028"}`; got != want {
		t.Errorf("got %s want %s", got, want)
	}
	v, _ := Parse([]byte(`{"z":1,"a":2}`))
	b, _ = Marshal(struct{ V Value }{v})
	if string(b) != `{"V":{"z":1,"a":2}}` {
		t.Errorf("nested Value: %s", b)
	}
}
