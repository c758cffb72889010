// Package gui owns the bitcoin-gui role. The web UI arrives with the GUI
// issue; until then the role says so and exits.
package gui

import (
	"context"
	"fmt"
	"os"
)

// Main runs bitcoin-gui.
func Main(ctx context.Context, argv []string) int {
	fmt.Fprintln(os.Stderr, "Error: bitcoin-gui is not implemented yet; run bitcoin-node and use bitcoin-cli")
	return 1
}
