package launcher

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"
)

func TestCommands(t *testing.T) {
	cases := []struct {
		argv     []string
		role     string
		args     []string
		exitCode int
	}{
		{[]string{"bitcoin", "node", "-regtest"}, "bitcoind", []string{"-regtest"}, 0},
		{[]string{"bitcoin", "-m", "node", "-regtest"}, "bitcoin-node", []string{"-regtest"}, 0},
		{[]string{"bitcoin", "-m", "-M", "node"}, "bitcoind", []string{}, 0},
		{[]string{"bitcoin", "node", "-ipcbind=unix"}, "bitcoin-node", []string{"-ipcbind=unix"}, 0},
		{[]string{"bitcoin", "rpc", "echo", "a=1"}, "bitcoin-cli", []string{"-named", "echo", "a=1"}, 0},
		{[]string{"bitcoin", "wallet", "info"}, "bitcoin-wallet", []string{"info"}, 0},
		{[]string{"bitcoin", "-m", "gui"}, "bitcoin-gui", []string{}, 0},
	}
	for _, c := range cases {
		var role string
		var args []string
		exec := func(r string, a []string) error { role, args = r, a; return nil }
		var out, errb bytes.Buffer
		code := Main(context.Background(), c.argv, &out, &errb, exec)
		if code != c.exitCode || role != c.role || !reflect.DeepEqual(append([]string{}, args...), c.args) {
			t.Errorf("%v: got %d %q %q (stderr %q), want %d %q %q", c.argv, code, role, args, errb.String(), c.exitCode, c.role, c.args)
		}
	}
}

func TestUnknownCommand(t *testing.T) {
	var out, errb bytes.Buffer
	code := Main(context.Background(), []string{"bitcoin", "frobnicate"}, &out, &errb, func(string, []string) error {
		t.Fatal("exec called")
		return nil
	})
	if code != 1 || !strings.Contains(errb.String(), "Unrecognized command: 'frobnicate'") {
		t.Fatalf("code %d stderr %q", code, errb.String())
	}
}
