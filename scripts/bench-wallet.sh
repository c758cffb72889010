#!/usr/bin/env bash
# Wallet benchmark (`make bench`, after the IPC one): the built binary
# (build/bin, or $MPBITCOIN_BENCH_BIN) as bitcoind and as bitcoin-node on
# regtest, wallet RPC latency over one keep-alive HTTP client per node
# (getblockcount as the floor, getbalance, getnewaddress, sendtoaddress;
# the two shapes alternate call by call) and rescan speed. Prints the
# tables and rewrites the "Wallet RPC: bitcoind vs bitcoin-node" section
# of docs/benchmarks.md (other sections stay). MPBITCOIN_BENCH_SCALE=N runs
# N times as many latency calls; MPBITCOIN_BENCH_REV describes the source
# of a binary given by MPBITCOIN_BENCH_BIN. Code: bench/walletbench.
set -euo pipefail
cd "$(dirname "$0")/.."
modfile=$(./scripts/capnp-patched.sh)
title="Wallet RPC: bitcoind vs bitcoin-node"
cmd="MPBITCOIN_BENCH_REPORT=1 go test -modfile=$modfile -count=1 -run '^TestWalletReport\$' -v -timeout 900s ./bench/walletbench/"
out=$(MPBITCOIN_BENCH_REPORT=1 go test -modfile="$modfile" -count=1 -run '^TestWalletReport$' -v -timeout 900s ./bench/walletbench/) || {
	echo "$out" >&2
	exit 1
}
report=$(printf '%s\n' "$out" | sed -n '/^BENCH-BEGIN$/,/^BENCH-END$/p' | sed '1d;$d')
[ -n "$report" ] || { echo "bench-wallet: no report in test output" >&2; echo "$out" >&2; exit 1; }
echo "$report"

bin=${MPBITCOIN_BENCH_BIN:-build/bin}
# What the binary was built from: the tree make just built, or (with
# MPBITCOIN_BENCH_BIN) whatever MPBITCOIN_BENCH_REV says.
if [ -n "${MPBITCOIN_BENCH_BIN:-}" ]; then
	rev=${MPBITCOIN_BENCH_REV:-unknown source}
	how="\`MPBITCOIN_BENCH_BIN=$MPBITCOIN_BENCH_BIN ./scripts/bench-wallet.sh\` (\`make bench\` runs this script on the build/bin it has just built)"
	cmd="MPBITCOIN_BENCH_BIN=$MPBITCOIN_BENCH_BIN $cmd"
else
	rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
	git diff --quiet HEAD -- . ':!docs' 2>/dev/null || rev="$rev plus uncommitted changes in the tree"
	how="\`make bench\`, which runs \`scripts/bench-wallet.sh\`"
fi
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1 | sed 's/[[:space:]]*$//')
load=$(cut -d' ' -f1-3 /proc/loadavg)
doc=docs/benchmarks.md
section=$(mktemp)
trap 'rm -f "$section" "$doc.tmp"' EXIT
cat >"$section" <<MD
## $title

Command: $how, which runs
\`$cmd\`
(code: \`bench/walletbench/\`; binary: \`$bin\`, built from $rev).

Machine: $(nproc) CPUs (${cpu:-unknown CPU}), $(uname -sr), $(go version | cut -d' ' -f3), $(date -u +%Y-%m-%d); load average at the end $load (the machine may be shared: compare the ratios, measured interleaved, not the absolute times).

Both nodes: \`-regtest -listen=0 -fallbackfee=0.0002\`, one descriptor wallet created by \`createwallet\`, 110 blocks mined to it. bitcoind runs the wallet in its own process; bitcoin-node forwards each wallet call over Cap'n Proto IPC to its bitcoin-wallet child (\`roles/node/wallets.go\` → \`roles/interfaces/rpcclient.go\` → Rpc.executeRpc), and the wallet reaches the chain over IPC too.

$report
MD
if [ -f "$doc" ]; then
	# Replace the section (up to the next "## " heading) and keep the rest.
	awk -v sect="$section" -v title="## $title" '
		$0 == title { while ((getline l < sect) > 0) print l; print ""; skip=1; done=1; next }
		skip && /^## / { skip=0 }
		!skip { print }
		END { if (!done) { print ""; while ((getline l < sect) > 0) print l } }
	' "$doc" >"$doc.tmp"
	mv "$doc.tmp" "$doc"
else
	{ printf '# Benchmarks\n\n'; cat "$section"; } >"$doc"
fi
echo "bench-wallet: updated $doc"
