#!/usr/bin/env bash
# Regenerates the Go code of the Cap'n Proto schemas in capnp/ with the
# capnp compiler (Debian's capnproto) and capnpc-go at the given version.
set -euo pipefail
cd "$(dirname "$0")/.."
ver=${1:?capnpc-go version}
command -v capnp >/dev/null || { echo "gen: capnp not found (apt-get install capnproto)" >&2; exit 1; }
gobin=$PWD/build/tools
GOBIN=$gobin go install "capnproto.org/go/capnp/v3/capnpc-go@$ver"
std=$(go list -modfile=build/go.mod -m -f '{{.Dir}}' capnproto.org/go/capnp/v3)/std
cd capnp
capnp compile -I "$std" -I . -o"$gobin/capnpc-go" mp/proxy.capnp messages/*.capnp
gofmt -w mp messages
