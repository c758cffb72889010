// Package roles owns the registry of role entry points: the names the
// binary answers to (argv[0] or `bitcoin COMMAND`) and the function each
// runs. Every role lives in its own package below this one.
package roles

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
)

// Main is a role's entry point. argv includes argv[0]; the result is the
// process exit status.
type Main func(ctx context.Context, argv []string) int

// Registry maps executable names to roles.
type Registry struct {
	m map[string]Main
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{m: map[string]Main{}} }

// Register adds a role under name (e.g. "bitcoin-node").
func (r *Registry) Register(name string, m Main) { r.m[name] = m }

// Lookup returns the role registered under name.
func (r *Registry) Lookup(name string) (Main, bool) {
	m, ok := r.m[name]
	return m, ok
}

// Names lists the registered names, sorted.
func (r *Registry) Names() []string {
	names := make([]string, 0, len(r.m))
	for n := range r.m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Dispatch runs the role named by the base name of argv[0]. An unknown name
// is an error that lists the roles.
func (r *Registry) Dispatch(ctx context.Context, argv []string, stderr io.Writer) int {
	if len(argv) == 0 {
		fmt.Fprintln(stderr, "Error: empty command line")
		return 1
	}
	name := filepath.Base(argv[0])
	m, ok := r.Lookup(name)
	if !ok {
		fmt.Fprintf(stderr, "Error: unknown executable name %q; this binary runs as one of: %s (via a symlink of that name, or `bitcoin COMMAND`)\n",
			name, strings.Join(r.Names(), ", "))
		return 1
	}
	return m(ctx, argv)
}
