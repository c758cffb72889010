#!/usr/bin/env bash
# Prepares build/go.mod: this module's go.mod plus a replace of go-capnp
# v3.1.0-alpha.2 by a copy (build/go-capnp) carrying one fix of ours. Its
# Future.Client (answer.go) returns a cached promised client without
# unlocking the promise's mutex, so a peer that pipelines the same promised
# capability twice (libmultiprocess and pycapnp clients do, with
# Context.thread) deadlocks the connection. The fix adds the missing Unlock.
# The Makefile builds and tests with -modfile=build/go.mod; nothing of the
# module is committed here. Prints the modfile path.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
go mod download capnproto.org/go/capnp/v3
mod=$(go list -m -f '{{.Dir}}' capnproto.org/go/capnp/v3)
dst=build/go-capnp
if [ ! -f "$dst/.patched" ] || [ "$(cat "$dst/.patched")" != "$mod" ]; then
	rm -rf "$dst"
	mkdir -p build
	cp -r "$mod" "$dst"
	chmod -R u+w "$dst"
	awk '
		/if cp := l.Value\(\).clients\[cpath\]; cp != nil \{/ { print; getline; if ($0 ~ /return cp.client/) { print "\t\t\tl.Unlock()"; fixed=1 } print; next }
		{ print }
		END { if (!fixed) exit 3 }
	' "$mod/answer.go" > "$dst/answer.go" || { echo "capnp-patched: pattern not found in $mod/answer.go" >&2; exit 1; }
	echo "$mod" > "$dst/.patched"
fi
{ cat go.mod; printf '\nreplace capnproto.org/go/capnp/v3 => %s/%s\n' "$root" "$dst"; } > build/go.mod
cp go.sum build/go.sum
echo build/go.mod
