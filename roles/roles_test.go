package roles

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestDispatch(t *testing.T) {
	r := NewRegistry()
	var got []string
	r.Register("bitcoin-node", func(_ context.Context, argv []string) int { got = argv; return 7 })
	var errb bytes.Buffer
	if code := r.Dispatch(context.Background(), []string{"/usr/bin/bitcoin-node", "-regtest"}, &errb); code != 7 {
		t.Fatalf("exit %d, want 7", code)
	}
	if len(got) != 2 || got[1] != "-regtest" {
		t.Fatalf("argv %v", got)
	}
	if code := r.Dispatch(context.Background(), []string{"/x/bitcoin-nope"}, &errb); code != 1 {
		t.Fatalf("unknown name: exit %d", code)
	}
	if !strings.Contains(errb.String(), "bitcoin-node") || !strings.Contains(errb.String(), `"bitcoin-nope"`) {
		t.Fatalf("error should list roles and name the bad one: %q", errb.String())
	}
}
