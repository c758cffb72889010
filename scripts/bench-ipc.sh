#!/usr/bin/env bash
# IPC benchmark: Echo round trip over a unix socketpair through our capnp
# stack, against a raw length-prefixed ping-pong of the same payload in the
# same run (32 B and 1 MiB; p50/p99 of sequential calls; 64 concurrent
# callers on separate server Threads). Prints the table and rewrites the
# "IPC echo round trip" section of docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build/go.mod ] || ./scripts/capnp-patched.sh >/dev/null
table=$(MPBITCOIN_BENCH_REPORT=1 go test -modfile=build/go.mod -count=1 -run '^TestLatencyReport$' -v ./ipc/ | grep '^|')
echo "$table"
doc=docs/benchmarks.md
section=$(cat <<MD
## IPC echo round trip

Command: \`make bench\` (runs \`scripts/bench-ipc.sh\`). Machine: $(nproc) cores, $(go version | cut -d' ' -f3), $(date -u +%Y-%m-%d).

$table
MD
)
if [ -f "$doc" ]; then
	# Replace the section (up to the next "## " heading) and keep the rest.
	awk -v new="$section" '
		/^## IPC echo round trip/ { print new; skip=1; next }
		skip && /^## / { skip=0 }
		!skip { print }
	' "$doc" > "$doc.tmp"
	grep -q '^## IPC echo round trip' "$doc" || printf '\n%s\n' "$section" >> "$doc.tmp"
	mv "$doc.tmp" "$doc"
else
	printf '# Benchmarks\n\n%s\n' "$section" > "$doc"
fi
