package p2p

import (
	"context"
	"os"
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

func TestBanListPersists(t *testing.T) {
	a, c := newServer(t)
	path := a.banListPath()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("banlist.json not created at start: %v", err)
	}
	n, _ := ParseSubnet("10.0.0.0/8")
	until := time.Now().Add(time.Hour).Truncate(time.Second)
	if err := a.Ban(n, until); err != nil {
		t.Fatal(err)
	}
	b := New(Config{Chain: c, UserAgent: "test", Version: "0.1.0"})
	if err := b.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer b.Stop()
	bans := b.Bans()
	if len(bans) != 1 || bans[0].Address() != "10.0.0.0/8" || !bans[0].Until.Equal(until) {
		t.Fatalf("reloaded bans %+v", bans)
	}
	// A corrupt file is recreated empty.
	b.Stop()
	if err := os.WriteFile(path, []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	var logged []string
	d := New(Config{Chain: c, UserAgent: "test", Version: "0.1.0", Log: func(_, f string, _ ...any) { logged = append(logged, f) }})
	if err := d.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer d.Stop()
	if len(d.Bans()) != 0 || !strings.Contains(strings.Join(logged, "|"), "Recreating the banlist database") {
		t.Fatalf("corrupt list: %v %v", d.Bans(), logged)
	}
}
