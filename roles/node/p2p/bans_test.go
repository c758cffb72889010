package p2p

import (
	"strings"
	"testing"
	"time"
)

func TestParseSubnet(t *testing.T) {
	for in, want := range map[string]string{
		"1.2.3.4": "1.2.3.4/32", "1.2.3.4/24": "1.2.3.0/24", "10.0.0.0/255.255.0.0": "10.0.0.0/16",
		"::1": "::1/128", "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion": "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion", "2001:db8::/32": "2001:db8::/32", "1.2.3.4/255.0.255.0": "1.0.3.0/255.0.255.0",
	} {
		n, err := ParseSubnet(in)
		if err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if got := (Ban{Subnet: n}).Address(); got != want {
			t.Errorf("%s: %s, want %s", in, got, want)
		}
	}
	for _, bad := range []string{"", "foo", "1.2.3.4/33", "1.2.3.4/", "::1/129", "1.2.3.4/x", "abc.onion", "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion/32"} {
		if _, err := ParseSubnet(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestBanDisconnectsAndRefuses(t *testing.T) {
	a, _ := newServer(t)
	b, _ := newServer(t)
	addr := a.listeners[0].Addr().String()
	if err := b.Connect(addr); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "connection", func() bool { return len(a.Peers()) == 1 })
	waitFor(t, "traffic", func() bool { r, s := a.Totals(); return r > 0 && s > 0 })
	local, _ := ParseSubnet("127.0.0.0/8")
	if err := a.Ban(local, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := a.Ban(local, time.Now().Add(time.Hour)); err != ErrAlreadyBanned {
		t.Errorf("second ban: %v", err)
	}
	waitFor(t, "banned peer dropped", func() bool { return len(a.Peers()) == 0 })
	one, _ := ParseSubnet("127.0.0.1")
	if !a.Banned(one) || len(a.Bans()) != 1 {
		t.Fatal("127.0.0.1 should be covered by the ban")
	}
	// A new connection from the banned subnet is closed at once.
	_ = b.Connect(addr)
	time.Sleep(300 * time.Millisecond)
	if len(a.Peers()) != 0 {
		t.Fatal("banned peer accepted")
	}
	if err := a.Unban(one); err != ErrNotBanned {
		t.Errorf("unban of a non-banned exact subnet: %v", err)
	}
	a.ClearBans()
	if a.Banned(one) {
		t.Fatal("ban survived ClearBans")
	}
	// Expired bans disappear.
	if err := a.Ban(one, time.Now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if len(a.Bans()) != 0 {
		t.Fatal("expired ban listed")
	}
}

func TestBanOrder(t *testing.T) {
	a, _ := newServer(t)
	until := time.Now().Add(time.Hour)
	for _, s := range []string{"pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion", "2001:4d48:ac57:400:cacf:e9ff:fe1d:9c63/19",
		"192.168.0.1", "127.0.0.0/32", "127.0.0.0/24"} {
		n, err := ParseSubnet(s)
		if err != nil {
			t.Fatal(err)
		}
		if err := a.Ban(n, until); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for _, b := range a.Bans() {
		got = append(got, b.Address())
	}
	want := []string{"127.0.0.0/24", "127.0.0.0/32", "192.168.0.1/32", "2001:4000::/19", "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("order %v", got)
	}
	onion, _ := ParseSubnet(want[4])
	if !a.Banned(onion) || a.Unban(onion) != nil || a.Banned(onion) {
		t.Error("onion ban")
	}
}
