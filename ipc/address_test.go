package ipc

import (
	"strings"
	"testing"
)

func TestParseAddress(t *testing.T) {
	long := "/" + strings.Repeat("x", 120)
	cases := []struct {
		addr, want, err string
	}{
		{"unix", "/data/regtest/node.sock", ""},
		{"unix:", "/data/regtest/node.sock", ""},
		{"unix:/tmp/a.sock", "/tmp/a.sock", ""},
		{"unix:sub/b.sock", "/data/regtest/sub/b.sock", ""},
		{"unix:../c.sock", "/data/c.sock", ""},
		{"tcp:127.0.0.1:1", "", "Unrecognized address 'tcp:127.0.0.1:1'"},
		{"foo", "", "Unrecognized address 'foo'"},
		{"unix:" + long, "", "exceeded maximum socket path length"},
	}
	for _, c := range cases {
		got, err := ParseAddress(c.addr, "/data/regtest", "bitcoin-node")
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: err %v, want %q", c.addr, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%q: %q, %v; want %q", c.addr, got, err, c.want)
		}
	}
	if got, _ := ParseAddress("unix", "/d", "bitcoin-gui"); got != "/d/gui.sock" {
		t.Errorf("gui default %q", got)
	}
}

func TestSpawnedFD(t *testing.T) {
	cases := []struct {
		argv    []string
		fd      int
		spawned bool
		err     string
	}{
		{[]string{"bitcoin-wallet", "-ipcfd", "3"}, 3, true, ""},
		{[]string{"bitcoin-wallet", "-ipcfd", "abc"}, 0, true, "Invalid -ipcfd number 'abc'"},
		{[]string{"bitcoin-wallet", "-ipcfd", "-1"}, 0, true, "Invalid -ipcfd number '-1'"},
		{[]string{"bitcoin-wallet", "-ipcfd", "3", "-x"}, 0, false, ""},
		{[]string{"bitcoin-wallet", "-regtest"}, 0, false, ""},
		{[]string{"bitcoin-wallet"}, 0, false, ""},
	}
	for _, c := range cases {
		fd, spawned, err := SpawnedFD(c.argv)
		if fd != c.fd || spawned != c.spawned || (c.err == "") != (err == nil) || (err != nil && err.Error() != c.err) {
			t.Errorf("%v: %d %v %v", c.argv, fd, spawned, err)
		}
	}
}

func FuzzParseAddress(f *testing.F) {
	for _, s := range []string{"unix", "unix:", "unix:/a", "unix:rel/x", "tcp:1:2", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, addr string) {
		p, err := ParseAddress(addr, "/data/regtest", "bitcoin-node")
		if err == nil && (len(p) > maxUnixPath || p == "" || p[0] != '/') {
			t.Fatalf("%q -> bad path %q", addr, p)
		}
	})
}

func FuzzSpawnedFD(f *testing.F) {
	f.Add("bitcoin-wallet", "-ipcfd", "3")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		fd, spawned, err := SpawnedFD([]string{a, b, c})
		if err == nil && spawned && fd < 0 {
			t.Fatalf("negative fd")
		}
	})
}
