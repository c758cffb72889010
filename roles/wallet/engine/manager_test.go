package engine

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func loadErrCode(t *testing.T, err error) (int, string) {
	t.Helper()
	var le *LoadError
	if !errors.As(err, &le) {
		t.Fatalf("error %v (%T) is not a *LoadError", err, err)
	}
	return le.Code, le.Msg
}

func TestManagerCreateLoadUnload(t *testing.T) {
	m, c := newManager(t)
	ctx := context.Background()
	on := true
	w, err := m.Create(ctx, "w1", CreateOptions{LoadOnStartup: &on})
	if err != nil {
		t.Fatal(err)
	}
	if w.Name() != "w1" {
		t.Errorf("name %q", w.Name())
	}
	if st, err := os.Stat(filepath.Join(m.opts.WalletDir, "w1", "wallet.dat")); err != nil || st.IsDir() {
		t.Fatalf("wallets/w1/wallet.dat: %v", err)
	}
	if got := string(c.settings["wallet"]); got != `["w1"]` {
		t.Errorf("settings wallet = %s", got)
	}
	if got, ok := m.Get("w1"); !ok || got != w {
		t.Error("Get does not find the created wallet")
	}
	if in := w.Info(); in.LastProcessedHeight != c.tipHeight() {
		t.Errorf("a new wallet is synced to %d, tip %d", in.LastProcessedHeight, c.tipHeight())
	}
	if fl := w.Flags(); fl&FlagDescriptors == 0 || fl&FlagLastHardenedCached == 0 {
		t.Errorf("flags %x", fl)
	}

	// Creating it again fails whether loaded or not.
	_, err = m.Create(ctx, "w1", CreateOptions{})
	if code, msg := loadErrCode(t, err); code != -4 || !strings.Contains(msg, "Database already exists.") {
		t.Errorf("create twice: %d %q", code, msg)
	}
	_, err = m.Load(ctx, "w1", nil)
	if code, msg := loadErrCode(t, err); code != -35 || msg != `Wallet "w1" is already loaded.` {
		t.Errorf("load while loaded: %d %q", code, msg)
	}

	off := false
	if err := m.Unload(ctx, "w1", &off); err != nil {
		t.Fatal(err)
	}
	if got := string(c.settings["wallet"]); got != `[]` {
		t.Errorf("settings wallet after unload = %s", got)
	}
	if _, ok := m.Get("w1"); ok {
		t.Error("still loaded after unload")
	}
	if err := m.Unload(ctx, "w1", nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("unload twice: %v", err)
	}
	_, err = m.Create(ctx, "w1", CreateOptions{})
	if code, _ := loadErrCode(t, err); code != -4 {
		t.Errorf("create over an unloaded wallet: code %d", code)
	}

	_, err = m.Load(ctx, "nosuch", nil)
	if code, msg := loadErrCode(t, err); code != -18 || !strings.Contains(msg, "Path does not exist.") {
		t.Errorf("load missing: %d %q", code, msg)
	}
	if _, ok := m.Get("nosuch"); ok {
		t.Error("a failed load left a wallet")
	}

	w2, err := m.Load(ctx, "w1", nil)
	if err != nil {
		t.Fatal(err)
	}
	if w2.Name() != "w1" || len(m.Wallets()) != 1 {
		t.Errorf("after reload: %q, %d wallets", w2.Name(), len(m.Wallets()))
	}

	// A wallet at the top of the directory and one in a subdirectory.
	if _, err := m.Create(ctx, "", CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Create(ctx, filepath.Join("sub", "w3"), CreateOptions{Blank: true}); err != nil {
		t.Fatal(err)
	}
	if got, want := m.ListWalletDir(), []string{"", "sub/w3", "w1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("ListWalletDir = %q, want %q", got, want)
	}
	var names []string
	for _, w := range m.Wallets() {
		names = append(names, w.Name())
	}
	if want := []string{"w1", "", filepath.Join("sub", "w3")}; !reflect.DeepEqual(names, want) {
		t.Errorf("load order %q, want %q", names, want)
	}
}

func TestManagerCreateFlags(t *testing.T) {
	m, _ := newManager(t)
	ctx := context.Background()
	w, err := m.Create(ctx, "watch", CreateOptions{DisablePrivateKeys: true})
	if err != nil {
		t.Fatal(err)
	}
	if !w.PrivateKeysDisabled() {
		t.Error("private keys not disabled")
	}
	if _, err := w.NewAddress("bech32", ""); !errors.Is(err, ErrNoKeys) {
		t.Errorf("address from a watch-only wallet without descriptors: %v", err)
	}
	if err := w.Encrypt("x"); !errors.Is(err, ErrNothingToEncrypt) {
		t.Errorf("encrypt a watch-only wallet: %v", err)
	}
	b, err := m.Create(ctx, "blank", CreateOptions{Blank: true, AvoidReuse: true})
	if err != nil {
		t.Fatal(err)
	}
	if fl := b.Flags(); fl&FlagBlankWallet == 0 || fl&FlagAvoidReuse == 0 {
		t.Errorf("flags %x", fl)
	}
	if ds, _ := b.Descriptors(false); len(ds) != 0 {
		t.Errorf("blank wallet has %d descriptors", len(ds))
	}
	// Flags survive a reload.
	if err := m.Unload(ctx, "blank", nil); err != nil {
		t.Fatal(err)
	}
	b, err = m.Load(ctx, "blank", nil)
	if err != nil {
		t.Fatal(err)
	}
	if fl := b.Flags(); fl&FlagBlankWallet == 0 || fl&FlagAvoidReuse == 0 {
		t.Errorf("flags after reload %x", fl)
	}
}

func TestManagerLoadOnStartupKeepsOthers(t *testing.T) {
	m, c := newManager(t)
	ctx := context.Background()
	c.settings["wallet"] = json.RawMessage(`"old"`)
	on := true
	if _, err := m.Create(ctx, "a", CreateOptions{LoadOnStartup: &on}); err != nil {
		t.Fatal(err)
	}
	if got := string(c.settings["wallet"]); got != `["old","a"]` {
		t.Errorf("settings = %s", got)
	}
	// nil leaves the list alone.
	if err := m.Unload(ctx, "a", nil); err != nil {
		t.Fatal(err)
	}
	if got := string(c.settings["wallet"]); got != `["old","a"]` {
		t.Errorf("settings after unload(nil) = %s", got)
	}
}

func TestStartupNames(t *testing.T) {
	for _, tc := range []struct {
		cmdline  []string
		settings string
		want     []string
	}{
		{nil, "", nil},
		{[]string{"a", "b", "a"}, "", []string{"a", "b"}},
		{[]string{"a"}, `"b"`, []string{"a", "b"}},
		{[]string{"a"}, `["b","a",3,"c",null]`, []string{"a", "b", "c"}},
		{nil, `[""]`, []string{""}},
		{[]string{"x"}, `{not json`, []string{"x"}},
		{nil, `{"a":1}`, nil},
	} {
		var raw json.RawMessage
		if tc.settings != "" {
			raw = json.RawMessage(tc.settings)
		}
		if got := StartupNames(tc.cmdline, raw); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("StartupNames(%q, %s) = %q, want %q", tc.cmdline, tc.settings, got, tc.want)
		}
	}
}
