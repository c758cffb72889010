package wallet

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/engine"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/store"
	"github.com/mpbitcoin/mpbitcoin/roles/wallet/tool"
)

// createOffline is the offline tool's create command: a new descriptor
// wallet written without a node, then Core's wallet info.
func createOffline(_ context.Context, req tool.CreateRequest) bool {
	params, err := chain.Params(req.Args.Chain())
	if err != nil {
		fmt.Fprintf(req.Stderr, "Error: %v\n", err)
		return false
	}
	opts, err := engine.OptionsFromArgs(req.Args, params)
	if err != nil {
		fmt.Fprintf(req.Stderr, "Error: %v\n", err)
		return false
	}
	if _, err := os.Stat(filepath.Join(req.Path, "wallet.dat")); err == nil {
		fmt.Fprintf(req.Stderr, "Failed to create database path '%s'. Database already exists.\n", req.Path)
		return false
	}
	fmt.Fprint(req.Stdout, "Topping up keypool...\n")
	if err := engine.CreateOffline(req.Path, opts, time.Now().Unix()); err != nil {
		fmt.Fprintf(req.Stderr, "%v\n", err)
		return false
	}
	db, err := store.Open(filepath.Join(req.Path, "wallet.dat"), store.Options{Magic: req.Magic, ReadOnly: true})
	if err != nil {
		fmt.Fprintf(req.Stderr, "%v\n", err)
		return false
	}
	defer db.Close()
	c, err := db.Load()
	if err != nil {
		fmt.Fprintf(req.Stderr, "Error loading %s: Wallet corrupted\n", req.Name)
		return false
	}
	tool.ShowInfo(req.Stdout, req.Name, c)
	return true
}
