package config

import "sort"

// Core's help sections, in the order Core prints them.
const (
	CategoryOptions       = "Options"
	CategoryConnection    = "Connection options"
	CategoryWallet        = "Wallet options"
	CategoryWalletDebug   = "Wallet debugging/testing options"
	CategoryZMQ           = "ZeroMQ notification options"
	CategoryDebug         = "Debugging/Testing options"
	CategoryChain         = "Chain selection options"
	CategoryRelay         = "Node relay options"
	CategoryBlockCreation = "Block creation options"
	CategoryRPC           = "RPC server options"
	CategoryGUI           = "UI Options"
	CategoryCommands      = "Commands"
	CategoryRegister      = "Register Commands"
	CategoryCLICommands   = "CLI Commands"
	CategoryIPC           = "IPC interprocess connection options"
	// CategoryHidden options are accepted but never listed, not even by
	// -help-debug (Core's OptionsCategory::HIDDEN).
	CategoryHidden = "Hidden"
)

// categoryOrder returns Core's OptionsCategory enum order, which is the
// order of the sections in -help.
func categoryOrder() []string {
	return []string{
		CategoryOptions, CategoryConnection, CategoryWallet, CategoryWalletDebug,
		CategoryZMQ, CategoryDebug, CategoryChain, CategoryRelay,
		CategoryBlockCreation, CategoryRPC, CategoryGUI, CategoryCommands,
		CategoryRegister, CategoryCLICommands, CategoryIPC,
	}
}

// Option describes one option a role accepts.
type Option struct {
	Name     string // without the dash, e.g. "rpcport"
	Arg      string // help placeholder, e.g. "=<port>"; "" for a plain flag
	Help     string // Core's help text (with the default written in, as Core's help does)
	Category string // Core's help section, one of the Category constants
	// Hidden options are accepted but not shown by -help: Core's DEBUG_ONLY
	// options (shown by -help-debug) and, with CategoryHidden, Core's hidden
	// options (never shown).
	Hidden bool
	// NetworkOnly is Core's ArgsManager::NETWORK_ONLY: in bitcoin.conf
	// outside a network section it applies only to main.
	NetworkOnly bool
	// Sensitive values are logged as "****" (Core's SENSITIVE).
	Sensitive bool
	// DisallowNegation rejects -noname (Core's DISALLOW_NEGATION).
	DisallowNegation bool
	// DisallowElision rejects -name without "=value" (Core's DISALLOW_ELISION).
	DisallowElision bool
}

// Merge concatenates option sets, keeping the first option of each name.
func Merge(sets ...[]Option) []Option {
	var out []Option
	seen := make(map[string]bool)
	for _, set := range sets {
		for _, o := range set {
			if seen[o.Name] {
				continue
			}
			seen[o.Name] = true
			out = append(out, o)
		}
	}
	return out
}

// Without returns opts less the named options.
func Without(opts []Option, names ...string) []Option {
	drop := make(map[string]bool, len(names))
	for _, n := range names {
		drop[n] = true
	}
	var out []Option
	for _, o := range opts {
		if !drop[o.Name] {
			out = append(out, o)
		}
	}
	return out
}

// optionIndex maps names to options; the first option of a name wins.
func optionIndex(opts []Option) map[string]Option {
	m := make(map[string]Option, len(opts))
	for _, o := range opts {
		if _, dup := m[o.Name]; !dup {
			m[o.Name] = o
		}
	}
	return m
}

// sortedKeys returns the keys of m in byte order (Core's std::map order).
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
