package tool

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/roles/wallet/store"
)

var regtest = [4]byte{0xfa, 0xbf, 0xb5, 0xda}

type result struct {
	code           int
	stdout, stderr string
}

func run(t *testing.T, datadir string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	argv := append([]string{"-datadir=" + datadir, "-regtest"}, args...)
	code := Main(context.Background(), argv, &out, &errb, Options{})
	return result{code, out.String(), errb.String()}
}

// makeWallet creates a descriptor wallet with two active descriptors, one
// transaction and two address book entries.
func makeWallet(t *testing.T, datadir, name string) string {
	t.Helper()
	wdir := filepath.Join(datadir, "regtest", "wallets", name)
	db, err := store.OpenWallet(wdir, store.WalletOptions{Magic: regtest, RequireCreate: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var one [32]byte
	one[31] = 1
	priv, _ := btcec.PrivKeyFromBytes(one[:])
	tx := wire.NewMsgTx(2)
	tx.AddTxIn(&wire.TxIn{PreviousOutPoint: wire.OutPoint{Index: 0xffffffff}, SignatureScript: []byte{1, 1}})
	tx.AddTxOut(&wire.TxOut{Value: 5000000000, PkScript: []byte{0x51}})
	err = db.Update(func(b *store.Batch) error {
		for i, desc := range []string{
			"wpkh(tpubD6NzVbkrYhZ4WaWSyoBvQwbpLkojyoTZPRsgXELWz3Popb3qkjcJyJUGLnL4qHHoQvao8ESaAstxYSnhyswJ76uZPStJRJCTKvosUCJZL5B/0/*)",
			"wpkh(tpubD6NzVbkrYhZ4WaWSyoBvQwbpLkojyoTZPRsgXELWz3Popb3qkjcJyJUGLnL4qHHoQvao8ESaAstxYSnhyswJ76uZPStJRJCTKvosUCJZL5B/1/*)",
		} {
			d := store.WalletDescriptor{Descriptor: store.CompatDescriptorString(desc), CreationTime: 1, NextIndex: 1, RangeEnd: 4}
			id := store.DescriptorID(d.Descriptor)
			if err := b.WriteDescriptor(id, d); err != nil {
				return err
			}
			if err := b.WriteActiveSPK(store.OutputBech32, i == 1, id); err != nil {
				return err
			}
			if i == 0 {
				if err := b.WriteDescriptorKey(id, priv.PubKey().SerializeCompressed(), priv); err != nil {
					return err
				}
			}
		}
		for _, err := range []error{
			b.WriteFlags(store.FlagDescriptors | store.FlagLastHardenedXPubCached),
			b.WriteTx(store.WalletTx{Tx: tx, State: store.TxState{Kind: store.TxConfirmed, BlockHash: chainhash.Hash{7}}, OrderPos: 0}),
			b.WriteName("bcrt1qaddr", ""), b.WritePurpose("bcrt1qaddr", "receive"),
			b.WritePurpose("bcrt1qother", "send"),
			b.WriteBestBlock([]chainhash.Hash{{9}}),
		} {
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return wdir
}

func newDatadir(t *testing.T) string {
	d := t.TempDir()
	if err := os.MkdirAll(filepath.Join(d, "regtest", "wallets"), 0o700); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestArgumentErrors(t *testing.T) {
	d := newDatadir(t)
	for _, tc := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"foo"}, "Error parsing command line arguments: Invalid command 'foo'\n"},
		{[]string{"help"}, "Error parsing command line arguments: Invalid command 'help'\n"},
		{[]string{"info", "create"}, "Error: Additional arguments provided (create). Methods do not take arguments. Please refer to `-help`.\n"},
		{[]string{"-foo"}, "Error parsing command line arguments: Invalid parameter -foo\n"},
		{nil, "No method provided. Run `bitcoin-wallet -help` for valid methods.\n"},
		{[]string{"create"}, "Wallet name must be provided when creating a new wallet.\n"},
		{[]string{"-dumpfile=x", "info"}, "The -dumpfile option can only be used with the \"dump\" and \"createfromdump\" commands.\n"},
		{[]string{"-wallet=nonexistent.dat", "info"}, "Failed to load database path '" + filepath.Join(d, "regtest", "wallets", "nonexistent.dat") + "'. Path does not exist.\n"},
		{[]string{"-descriptors", "-wallet=x", "createfromdump"}, "Error parsing command line arguments: Invalid parameter -descriptors\n"},
		{[]string{"-wallet=x", "create"}, "Error: the create command is not available in this build (no wallet engine)\n"},
	} {
		r := run(t, d, tc.args...)
		if r.code != 1 || r.stdout != "" || r.stderr != tc.stderr {
			t.Errorf("%v: code %d, stdout %q, stderr %q; want %q", tc.args, r.code, r.stdout, r.stderr, tc.stderr)
		}
	}
	var out, errb bytes.Buffer
	if code := Main(context.Background(), nil, &out, &errb, Options{}); code != 1 || errb.String() != "Error: too few parameters\n" ||
		!strings.HasPrefix(out.String(), "Bitcoin Core bitcoin-wallet utility version v30.0.0\n") {
		t.Errorf("no arguments: %d %q", code, errb.String())
	}
	r := run(t, filepath.Join(d, "missing"), "info")
	if r.code != 1 || r.stderr != "Error: Specified data directory \""+filepath.Join(d, "missing")+"\" does not exist.\n" {
		t.Errorf("missing datadir: %+v", r)
	}
}

func TestHelp(t *testing.T) {
	r := run(t, newDatadir(t), "-help")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("%+v", r)
	}
	for _, want := range []string{
		"Usage: bitcoin-wallet [options] <command>\n",
		"Commands:\n\n  create\n       Create a new descriptor wallet file\n\n  createfromdump\n       Create new wallet file from dumped records\n\n  dump\n       Print out all of the wallet key-value records\n\n  info\n       Get wallet info\n\n",
		"  -dumpfile=<file name>\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("help lacks %q", want)
		}
	}
	if strings.Index(r.stdout, "Chain selection options:") > strings.Index(r.stdout, "Commands:") {
		t.Error("commands listed before the chain options")
	}
}

func TestCreateHook(t *testing.T) {
	d := newDatadir(t)
	var got CreateRequest
	var out, errb bytes.Buffer
	code := Main(context.Background(), []string{"-datadir=" + d, "-regtest", "-wallet=new", "create"}, &out, &errb,
		Options{Create: func(ctx context.Context, req CreateRequest) bool { got = req; return true }})
	if code != 0 || got.Name != "new" || got.Path != filepath.Join(d, "regtest", "wallets", "new") || got.Magic != regtest {
		t.Errorf("create hook: code %d, request %+v", code, got)
	}
}

func TestInfo(t *testing.T) {
	d := newDatadir(t)
	makeWallet(t, d, "w")
	r := run(t, d, "-wallet=w", "info")
	want := "Wallet info\n===========\nName: w\nFormat: sqlite\nDescriptors: yes\nEncrypted: no\n" +
		"HD (hd seed available): yes\nKeypool Size: 6\nTransactions: 1\nAddress Book: 2\n"
	if r.code != 0 || r.stderr != "" || r.stdout != want {
		t.Fatalf("info: %+v\nwant %q", r, want)
	}
	// info records the client version as Core's load does.
	db, err := store.OpenWallet(filepath.Join(d, "regtest", "wallets", "w"), store.WalletOptions{Magic: regtest, RequireExisting: true})
	if err != nil {
		t.Fatal(err)
	}
	c, err := db.Load()
	if err != nil || c.Version != store.ClientVersion {
		t.Errorf("version after info: %v %v", c.Version, err)
	}
	// While the wallet is open, the tool reports Core's lock error.
	r = run(t, d, "-wallet=w", "info")
	db.Close()
	if r.code != 1 || !strings.Contains(r.stderr, "SQLiteDatabase: Unable to obtain an exclusive lock on the database, is it being used by another instance of Bitcoin Core?") {
		t.Errorf("info of an open wallet: %+v", r)
	}
	// Another network's wallet directory is not a wallet here.
	var out, errb bytes.Buffer
	code := Main(context.Background(), []string{"-datadir=" + d, "-wallet=" + filepath.Join(d, "regtest", "wallets", "w"), "info"}, &out, &errb, Options{})
	r = result{code, out.String(), errb.String()}
	if r.code != 1 || !strings.Contains(r.stderr, "Data is not in recognized format.") {
		t.Errorf("info across chains: %+v", r)
	}
}

func TestInfoCorrupt(t *testing.T) {
	d := newDatadir(t)
	wdir := makeWallet(t, d, "w")
	db, err := store.OpenWallet(wdir, store.WalletOptions{Magic: regtest, RequireExisting: true})
	if err != nil {
		t.Fatal(err)
	}
	_ = db.Update(func(b *store.Batch) error {
		return b.Put(append(store.KeyPrefix(store.TypeMasterKey), 1, 0, 0, 0), []byte{0xfd})
	})
	db.Close()
	r := run(t, d, "-wallet=w", "info")
	if r.code != 1 || r.stderr != "Error loading w: Wallet corrupted" {
		t.Errorf("corrupt wallet: %+v", r)
	}
}

func readLines(t *testing.T, p string) []string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	ls := strings.SplitAfter(string(b), "\n")
	return ls[:len(ls)-1]
}

func TestDumpAndCreateFromDump(t *testing.T) {
	d := newDatadir(t)
	makeWallet(t, d, "todump")
	makeWallet(t, d, "todump2")
	dumpPath := filepath.Join(d, "wallet.dump")
	// As in Core, the wallet has been loaded (and its version recorded).
	if r := run(t, d, "-wallet=todump", "info"); r.code != 0 {
		t.Fatalf("info: %+v", r)
	}

	r := run(t, d, "-wallet=todump", "dump")
	if r.code != 1 || r.stderr != "No dump file provided. To use dump, -dumpfile=<filename> must be provided.\n" {
		t.Errorf("dump without file: %+v", r)
	}
	r = run(t, d, "-wallet=todump", "-dumpfile="+dumpPath, "dump")
	if r.code != 0 || r.stderr != "" || r.stdout != dumpWarning {
		t.Fatalf("dump: %+v", r)
	}
	lines := readLines(t, dumpPath)
	if lines[0] != "BITCOIN_CORE_WALLET_DUMP,1\n" || lines[1] != "format,sqlite\n" || !strings.HasPrefix(lines[len(lines)-1], "checksum,") {
		t.Fatalf("dump layout: %q", lines)
	}
	h := sha256.New()
	for _, l := range lines[:len(lines)-1] {
		h.Write([]byte(l))
	}
	first := h.Sum(nil)
	sum := sha256.Sum256(first)
	if lines[len(lines)-1] != "checksum,"+hex.EncodeToString(sum[:])+"\n" {
		t.Errorf("checksum line %q, want sha256d %x", lines[len(lines)-1], sum)
	}
	// A flags record: key "flags", the descriptor and last-hardened flags.
	if !strings.Contains(strings.Join(lines, ""), "05666c616773,0400000004000000\n") {
		t.Error("flags record missing from the dump")
	}

	r = run(t, d, "-wallet=todump2", "-dumpfile="+dumpPath, "dump")
	if r.code != 1 || r.stderr != "File "+dumpPath+" already exists. If you are sure this is what you want, move it out of the way first.\n" {
		t.Errorf("dump over a file: %+v", r)
	}
	r = run(t, d, "-wallet=todump", "createfromdump")
	if r.code != 1 || r.stderr != "No dump file provided. To use createfromdump, -dumpfile=<filename> must be provided.\n" {
		t.Errorf("createfromdump without file: %+v", r)
	}
	missing := filepath.Join(d, "wallet.nodump")
	r = run(t, d, "-wallet=todump", "-dumpfile="+missing, "createfromdump")
	if r.code != 1 || r.stderr != "Dump file "+missing+" does not exist.\n" {
		t.Errorf("createfromdump of a missing file: %+v", r)
	}
	w2 := filepath.Join(d, "regtest", "wallets", "todump2")
	r = run(t, d, "-wallet=todump2", "-dumpfile="+dumpPath, "createfromdump")
	if r.code != 1 || r.stderr != "Failed to create database path '"+w2+"'. Database already exists.\n" {
		t.Errorf("createfromdump over a wallet: %+v", r)
	}

	r = run(t, d, "-wallet=load", "-dumpfile="+dumpPath, "createfromdump")
	if r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Fatalf("createfromdump: %+v", r)
	}
	rt := filepath.Join(d, "rt-load.dump")
	if r = run(t, d, "-wallet=load", "-dumpfile="+rt, "dump"); r.code != 0 {
		t.Fatalf("dump of the loaded wallet: %+v", r)
	}
	orig, _ := os.ReadFile(dumpPath)
	again, _ := os.ReadFile(rt)
	if !bytes.Equal(orig, again) {
		t.Errorf("dump of the recreated wallet differs:\n%s\n%s", orig, again)
	}
	if r = run(t, d, "-wallet=load", "info"); r.code != 0 || !strings.Contains(r.stdout, "Transactions: 1\n") {
		t.Errorf("info of the recreated wallet: %+v", r)
	}

	// Broken dump files.
	body := lines[2 : len(lines)-1]
	write := func(name string, ls ...string) string {
		p := filepath.Join(d, name)
		if err := os.WriteFile(p, []byte(strings.Join(ls, "")), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	withSum := func(ls ...string) []string {
		h := sha256.New()
		for _, l := range ls {
			h.Write([]byte(l))
		}
		s := sha256.Sum256(h.Sum(nil))
		return append(ls, "checksum,"+hex.EncodeToString(s[:])+"\n")
	}
	all := func(head ...string) []string { return append(append(head, body...), lines[len(lines)-1]) }
	checksum := strings.TrimSuffix(strings.TrimPrefix(lines[len(lines)-1], "checksum,"), "\n")
	for _, tc := range []struct {
		name  string
		lines []string
		err   string
	}{
		{"bad_ver1", all("BITCOIN_CORE_WALLET_DUMP,0\n", "format,sqlite\n"), "Error: Dumpfile version is not supported. This version of bitcoin-wallet only supports version 1 dumpfiles. Got dumpfile with version 0"},
		{"bad_ver2", all("BITCOIN_CORE_WALLET_DUMP,2\n", "format,sqlite\n"), "Error: Dumpfile version is not supported. This version of bitcoin-wallet only supports version 1 dumpfiles. Got dumpfile with version 2"},
		{"bad_ver3", all("BITCOIN_CORE_WALLET_DUMP,x\n", "format,sqlite\n"), "Error: Unable to parse version x as a uint32_t"},
		{"bad_magic", all("not_the_right_magic,1\n", "format,sqlite\n"), "Error: Dumpfile identifier record is incorrect. Got \"not_the_right_magic\", expected \"BITCOIN_CORE_WALLET_DUMP\"."},
		{"bad_format_key", all(lines[0], "formats,sqlite\n"), "Error: Dumpfile format record is incorrect. Got \"formats\", expected \"format\"."},
		{"bdb", all(lines[0], "format,bdb\n"), "Error: Dumpfile specifies an unsupported database format (bdb). Only sqlite database dumps are supported"},
		{"bad_sum1", append(append([]string{lines[0], lines[1]}, body...), "checksum,"+strings.Repeat("1", 64)+"\n"), "Error: Dumpfile checksum does not match. Computed " + checksum + ", expected " + strings.Repeat("1", 64)},
		{"bad_sum2", append([]string{lines[0], lines[1]}, body...), "Error: Missing checksum"},
		{"bad_sum3", append(append([]string{lines[0], lines[1]}, body...), "checksum,"+strings.Repeat("2", 10)+"\n"), "Error: Checksum is not the correct size"},
		{"bad_sum4", append(append([]string{lines[0], lines[1]}, body...), "checksum,"+strings.Repeat("3", 66)+"\n"), "Error: Checksum is not the correct size"},
		{"bad_key", withSum(lines[0], lines[1], "zz,00\n"), "Error: Got key that was not hex: zz"},
		{"bad_value", withSum(lines[0], lines[1], "00,0\n"), "Error: Got value that was not hex: 0"},
	} {
		p := write(tc.name+".dump", tc.lines...)
		r := run(t, d, "-wallet=badload", "-dumpfile="+p, "createfromdump")
		if r.code != 1 || r.stdout != "" || r.stderr != tc.err+"\n" {
			t.Errorf("%s: %+v\nwant %q", tc.name, r, tc.err)
		}
		if _, err := os.Stat(filepath.Join(d, "regtest", "wallets", "badload")); err == nil {
			t.Errorf("%s: failed createfromdump left the wallet", tc.name)
		}
	}
	// Empty keys or values are skipped (but hashed).
	p := write("skip.dump", withSum(append([]string{lines[0], lines[1], ",\n", "00,\n"}, body...)...)...)
	if r := run(t, d, "-wallet=skip", "-dumpfile="+p, "createfromdump"); r.code != 0 {
		t.Errorf("dump with empty records: %+v", r)
	}
}

func TestNetMagic(t *testing.T) {
	challenge, _ := hex.DecodeString("512103ad5e0edad18cb1f0fc0d28a3d4f1f3e445640337489abb10404f2d1e086be430210359ef5021964fe22d6f8e05b2463c9540ce96883fe3b278760f048f5189f2e6c452ae")
	if m := signetMagic(challenge); m != [4]byte{0x0a, 0x03, 0xcf, 0x40} {
		t.Errorf("default signet magic %x", m)
	}
}

func TestDumpLegacyBDB(t *testing.T) {
	d := newDatadir(t)
	fixture, err := os.ReadFile("../store/testdata/legacy-le.dat")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../store/testdata/legacy.records")
	if err != nil {
		t.Fatal(err)
	}
	w := filepath.Join(d, "regtest", "wallets", "legacy")
	if err := os.MkdirAll(w, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(w, "wallet.dat"), fixture, 0o600); err != nil {
		t.Fatal(err)
	}
	dump := filepath.Join(d, "legacy.dump")
	r := run(t, d, "-wallet=legacy", "-dumpfile="+dump, "dump")
	if r.code != 0 || r.stdout != dumpWarning || r.stderr != "" {
		t.Fatalf("dump of a legacy wallet: %+v", r)
	}
	lines := readLines(t, dump)
	if lines[1] != "format,bdb\n" || strings.Join(lines[2:len(lines)-1], "") != string(want) {
		t.Errorf("legacy dump:\n%s", strings.Join(lines, ""))
	}
	// Other commands refuse legacy wallets with Core's message.
	r = run(t, d, "-wallet=legacy", "info")
	if r.code != 1 || r.stderr != "Failed to open database path '"+w+"'. The wallet appears to be a Legacy wallet, please use the wallet migration tool (migratewallet RPC or the GUI option).\n" {
		t.Errorf("info of a legacy wallet: %+v", r)
	}
	// A BDB dump cannot become a wallet.
	r = run(t, d, "-wallet=fromlegacy", "-dumpfile="+dump, "createfromdump")
	if r.code != 1 || r.stderr != "Error: Dumpfile specifies an unsupported database format (bdb). Only sqlite database dumps are supported\n" {
		t.Errorf("createfromdump of a bdb dump: %+v", r)
	}
	// A damaged file gives the reader's error.
	fixture[512+4] = 9
	_ = os.WriteFile(filepath.Join(w, "wallet.dat"), fixture, 0o600)
	r = run(t, d, "-wallet=legacy", "-dumpfile="+dump+"2", "dump")
	if r.code != 1 || !strings.HasPrefix(r.stderr, "LSNs are not reset") {
		t.Errorf("dump of a damaged legacy wallet: %+v", r)
	}
}
