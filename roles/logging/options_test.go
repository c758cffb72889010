package logging

import (
	"errors"
	"testing"
)

func TestDebugOptions(t *testing.T) {
	cases := []struct {
		debug, exclude []string
		on, off        []string
	}{
		{[]string{"net"}, nil, []string{"net"}, []string{"ipc"}},
		{[]string{"1"}, nil, []string{"net", "ipc", "zmq"}, nil},
		{[]string{""}, nil, []string{"net", "walletdb"}, nil},
		{[]string{"all"}, []string{"net"}, []string{"ipc"}, []string{"net"}},
		{[]string{"net", "0"}, nil, nil, []string{"net"}},
		{[]string{"net", "none", "ipc"}, nil, []string{"ipc"}, []string{"net"}},
		{[]string{"0", "rpc"}, nil, []string{"rpc"}, []string{"net"}},
		{[]string{"rpc"}, []string{"all"}, nil, []string{"rpc"}},
	}
	for _, c := range cases {
		l, _ := newTest(t, Options{Debug: c.debug, DebugExclude: c.exclude})
		for _, n := range c.on {
			if !l.Enabled(n, Debug) {
				t.Errorf("-debug=%q -debugexclude=%q: %s off", c.debug, c.exclude, n)
			}
		}
		for _, n := range c.off {
			if l.Enabled(n, Debug) {
				t.Errorf("-debug=%q -debugexclude=%q: %s on", c.debug, c.exclude, n)
			}
		}
	}
}

func TestLogLevelOptions(t *testing.T) {
	l, _ := newTest(t, Options{Debug: []string{"net", "ipc", "rpc"}, LogLevel: []string{"trace", "ipc:debug", "rpc:info"}})
	if !l.Enabled("net", Trace) || l.Enabled("ipc", Trace) || !l.Enabled("ipc", Debug) || l.Enabled("rpc", Debug) {
		t.Error("levels not applied")
	}
	// A category level does not enable the category (Core v29).
	l, _ = newTest(t, Options{LogLevel: []string{"net:trace"}})
	if l.Enabled("net", Trace) {
		t.Error("-loglevel=net:trace enabled net without -debug=net")
	}
	// all:level applies to uncategorized lines.
	l, _ = newTest(t, Options{Debug: []string{"net"}, LogLevel: []string{"all:trace"}})
	if !l.Enabled("", Trace) || l.Enabled("net", Trace) {
		t.Error("all:trace")
	}
}

func TestOptionErrors(t *testing.T) {
	cats := CategoriesString()
	cases := []struct {
		o    Options
		want string
	}{
		{Options{Debug: []string{"foo"}}, "Unsupported logging category -debug=foo."},
		{Options{Debug: []string{"none", "db"}}, "Unsupported logging category -debug=db."},
		{Options{DebugExclude: []string{"none"}}, "Unsupported logging category -debugexclude=none."},
		{Options{DebugExclude: []string{"lock"}}, "Unsupported logging category -debugexclude=lock."},
		{Options{LogLevel: []string{"foo"}}, "Unsupported global logging level -loglevel=foo. Valid values: info, debug, trace."},
		{Options{LogLevel: []string{"warning"}}, "Unsupported global logging level -loglevel=warning. Valid values: info, debug, trace."},
		{Options{LogLevel: []string{"a:b"}}, "Unsupported global logging level -loglevel=a:b. Valid values: info, debug, trace."},
		{Options{LogLevel: []string{"net:foo"}}, "Unsupported category-specific logging level -loglevel=net:foo. Expected -loglevel=<category>:<loglevel>. Valid categories: " + cats + ". Valid loglevels: info, debug, trace."},
		{Options{LogLevel: []string{"foo:debug"}}, "Unsupported category-specific logging level -loglevel=foo:debug. Expected -loglevel=<category>:<loglevel>. Valid categories: " + cats + ". Valid loglevels: info, debug, trace."},
		{Options{LogLevel: []string{"net:error"}}, "Unsupported category-specific logging level -loglevel=net:error. Expected -loglevel=<category>:<loglevel>. Valid categories: " + cats + ". Valid loglevels: info, debug, trace."},
		{Options{LogLevel: []string{"net:debug:x"}}, "Unsupported category-specific logging level -loglevel=net:debug:x. Expected -loglevel=<category>:<loglevel>. Valid categories: " + cats + ". Valid loglevels: info, debug, trace."},
	}
	for _, c := range cases {
		_, err := New(c.o)
		var oe *OptionError
		if !errors.As(err, &oe) || err.Error() != c.want {
			t.Errorf("%+v: got %v\nwant %s", c.o, err, c.want)
		}
	}
	if want := "addrman, bench, blockstorage, cmpctblock, coindb, estimatefee, http, i2p, ipc, kernel, leveldb, libevent, mempool, mempoolrej, net, privatebroadcast, proxy, prune, qt, rand, reindex, rpc, scan, selectcoins, tor, txpackages, txreconciliation, validation, walletdb, zmq"; cats != want {
		t.Errorf("categories %q", cats)
	}
}
