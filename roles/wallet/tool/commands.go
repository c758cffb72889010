package tool

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/mpbitcoin/mpbitcoin/roles/wallet/store"
)

// loadWallet is Core's MakeWallet for an existing wallet: open the
// database, load it, print what Core prints for the load result, and make
// the writes Core's LoadWallet makes (store.FinishLoad).
func (t *tool) loadWallet() (*store.DB, *store.Contents, bool) {
	o := t.walletOptions()
	o.RequireExisting = true
	db, err := store.OpenWallet(t.path, o)
	if err != nil {
		t.openError(err)
		return nil, nil, false
	}
	// A critical status also comes as a *store.LoadError; as in Core, the
	// status alone decides what is printed. No contents means the records
	// could not be read at all.
	c, _ := db.Load()
	if c == nil {
		db.Close()
		fmt.Fprintf(t.stderr, "Error loading %s. Is wallet being used by another process?\n", t.name)
		return nil, nil, false
	}
	switch c.Status {
	case store.LoadOK:
	case store.Corrupt:
		fmt.Fprintf(t.stderr, "Error loading %s: Wallet corrupted", t.name)
	case store.NoncriticalError:
		fmt.Fprintf(t.stderr, "Error reading %s! All keys read correctly, but transaction data or address book entries might be missing or incorrect.", t.name)
	case store.TooNew:
		fmt.Fprintf(t.stderr, "Error loading %s: Wallet requires newer version of Bitcoin Core", t.name)
	case store.NeedRewrite:
		fmt.Fprint(t.stderr, "Wallet needed to be rewritten: restart Bitcoin Core to complete")
	case store.NeedRescan:
		fmt.Fprintf(t.stderr, "Error reading %s! Some transaction data might be missing or incorrect. Wallet requires a rescan.", t.name)
	default:
		fmt.Fprintf(t.stderr, "Error loading %s", t.name)
	}
	if c.Status != store.LoadOK && c.Status != store.NoncriticalError && c.Status != store.NeedRescan {
		db.Close()
		return nil, nil, false
	}
	if err := db.FinishLoad(c); err != nil {
		fmt.Fprintf(t.stderr, "Error loading %s: Wallet corrupted", t.name)
		db.Close()
		return nil, nil, false
	}
	return db, c, true
}

// ShowInfo prints Core's WalletShowInfo for loaded contents.
func ShowInfo(w io.Writer, name string, c *store.Contents) {
	yesNo := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	// Core sums the active descriptors' keypools; its IsHDEnabled wants
	// every active descriptor ranged, and at least one.
	var keypool uint32
	active := c.ActiveDescriptors()
	hd := len(active) > 0
	for _, id := range active {
		d := c.Descriptors[id]
		if d == nil {
			hd = false
			continue
		}
		keypool += uint32(d.RangeEnd - d.NextIndex)
		if !d.IsRange() {
			hd = false
		}
	}
	fmt.Fprintf(w, "Wallet info\n===========\n")
	fmt.Fprintf(w, "Name: %s\n", name)
	fmt.Fprintf(w, "Format: %s\n", "sqlite")
	fmt.Fprintf(w, "Descriptors: %s\n", yesNo(c.Flags&store.FlagDescriptors != 0))
	fmt.Fprintf(w, "Encrypted: %s\n", yesNo(c.IsEncrypted()))
	fmt.Fprintf(w, "HD (hd seed available): %s\n", yesNo(hd))
	fmt.Fprintf(w, "Keypool Size: %d\n", keypool)
	fmt.Fprintf(w, "Transactions: %d\n", len(c.Txs))
	fmt.Fprintf(w, "Address Book: %d\n", len(c.AddressBook))
}

func (t *tool) info() bool {
	db, c, ok := t.loadWallet()
	if !ok {
		return false
	}
	defer db.Close()
	ShowInfo(t.stdout, t.name, c)
	return true
}

const dumpWarning = "The dumpfile may contain private keys. To ensure the safety of your Bitcoin, do not share the dumpfile.\n"

func (t *tool) dump() bool {
	if bdb := store.BDBDataFile(t.path); store.IsBDBFile(bdb) {
		// Core reads legacy wallets without Berkeley DB for dumping.
		if store.IsSQLiteFile(store.WalletDataFile(t.path), t.magic) {
			fmt.Fprintf(t.stderr, "Failed to load database path '%s'. Data is in ambiguous format.\n", t.path)
			return false
		}
		recs, err := store.ReadBDB(bdb)
		if err != nil {
			fmt.Fprintf(t.stderr, "%s\n", err)
			return false
		}
		err = writeDump(t.args.Get("dumpfile", ""), "bdb", func(fn func(k, v []byte) error) error {
			for _, r := range recs {
				if err := fn(r.Key, r.Value); err != nil {
					return err
				}
			}
			return nil
		})
		return t.dumped(err)
	}
	o := t.walletOptions()
	o.RequireExisting = true
	db, err := store.OpenWallet(t.path, o)
	if err != nil {
		t.openError(err)
		return false
	}
	defer db.Close()
	return t.dumped(DumpWallet(db, t.args.Get("dumpfile", "")))
}

func (t *tool) dumped(err error) bool {
	if err != nil {
		fmt.Fprintf(t.stderr, "%s\n", err)
		return false
	}
	fmt.Fprint(t.stdout, dumpWarning)
	return true
}

// DumpWallet writes every record of db to the file dumpFile in Core's
// dump format, refusing to overwrite a file. Errors carry Core's messages.
func DumpWallet(db *store.DB, dumpFile string) error {
	return writeDump(dumpFile, db.Format(), func(fn func(k, v []byte) error) error { return db.Iterate(nil, fn) })
}

// writeDump writes the records that each gives to dumpFile.
func writeDump(dumpFile, format string, each func(fn func(k, v []byte) error) error) error {
	if dumpFile == "" {
		return errors.New("No dump file provided. To use dump, -dumpfile=<filename> must be provided.")
	}
	path, err := filepath.Abs(dumpFile)
	if err != nil {
		return fmt.Errorf("Unable to open %s for writing", dumpFile)
	}
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("File %s already exists. If you are sure this is what you want, move it out of the way first.", path)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("File %s already exists. If you are sure this is what you want, move it out of the way first.", path)
		}
		return fmt.Errorf("Unable to open %s for writing", path)
	}
	bw := bufio.NewWriter(f)
	dw := NewDumpWriter(bw, format)
	err = each(dw.Record)
	if err != nil {
		err = fmt.Errorf("Error reading next record from wallet database: %w", err)
	} else if err = dw.Finish(); err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return err
	}
	return nil
}

func (t *tool) createFromDump() bool {
	if err := CreateFromDump(t.path, t.args.Get("dumpfile", ""), t.walletOptions()); err != nil {
		fmt.Fprintf(t.stderr, "%s\n", err)
		return false
	}
	return true
}

// CreateFromDump is Core's CreateFromDump: it checks the dump file's
// header, creates the wallet at walletPath, and writes the records in one
// transaction if the checksum matches. On a failure after the wallet was
// created the wallet directory is removed. Errors carry Core's messages.
func CreateFromDump(walletPath, dumpFile string, o store.WalletOptions) error {
	if dumpFile == "" {
		return errors.New("No dump file provided. To use createfromdump, -dumpfile=<filename> must be provided.")
	}
	path, err := filepath.Abs(dumpFile)
	if err != nil {
		return fmt.Errorf("Dump file %s does not exist.", dumpFile)
	}
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("Dump file %s does not exist.", path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("Unable to read dump file %s: %w", path, err)
	}
	r, err := ReadDumpHeader(data)
	if err != nil {
		return err
	}
	o.RequireCreate, o.RequireExisting = true, false
	existed := isDir(walletPath)
	db, err := store.OpenWallet(walletPath, o)
	if err != nil {
		return err
	}
	err = func() error {
		recs, err := r.Records()
		if err != nil {
			return err
		}
		return db.Update(func(b *store.Batch) error {
			// Core's LoadWallet of the new, empty wallet writes the client
			// version first; a version record in the dump replaces it.
			if err := b.WriteVersion(store.ClientVersion); err != nil {
				return errors.New("Error: Unable to write record to new wallet")
			}
			for _, rec := range recs {
				if err := b.Put(rec.Key, rec.Value); err != nil {
					return errors.New("Error: Unable to write record to new wallet")
				}
			}
			return nil
		})
	}()
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		// Core removes the wallet directory; when it was there before
		// (the default wallet is the wallet directory itself) only the
		// new database goes.
		if existed {
			data := store.WalletDataFile(walletPath)
			os.Remove(data)
			os.Remove(data + "-journal")
		} else {
			os.RemoveAll(walletPath)
		}
		return err
	}
	return nil
}
