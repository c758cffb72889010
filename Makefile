# mpbitcoin: one binary, roles by argv[0]. Every go command uses
# build/go.mod (go.mod + a patched go-capnp; see scripts/capnp-patched.sh).
GO       ?= go
PREFIX   ?= /usr/local
BIN      := build/bin
MODFILE  := build/go.mod
GOFLAGS_MOD = -modfile=$(MODFILE)
ROLES    := bitcoind bitcoin-node bitcoin-wallet bitcoin-gui bitcoin-cli bitcoin-echo
CAPNPC_GO_VERSION := v3.1.0-alpha.2

BTCD_VERSION := v0.26.2
TOOLS    := build/tools

.PHONY: all build install test unit e2e bench gen gen-check lint run clean tools

all: build

$(MODFILE): go.mod go.sum scripts/capnp-patched.sh
	./scripts/capnp-patched.sh >/dev/null

build: $(MODFILE)
	$(GO) build $(GOFLAGS_MOD) -o $(BIN)/bitcoin .
	cd $(BIN) && for r in $(ROLES); do ln -sf bitcoin $$r; done

install: build
	install -d $(PREFIX)/bin
	install -m 0755 $(BIN)/bitcoin $(PREFIX)/bin/bitcoin
	cd $(PREFIX)/bin && for r in $(ROLES); do ln -sf bitcoin $$r; done

# btcd (an interop peer no one here wrote) for the e2e tests.
tools: $(TOOLS)/btcd

$(TOOLS)/btcd:
	GOBIN=$(CURDIR)/$(TOOLS) $(GO) install github.com/btcsuite/btcd@$(BTCD_VERSION)

# Unit tests of every package, then the end-to-end tests on the built binary.
test: build tools
	$(GO) test $(GOFLAGS_MOD) -count=1 -timeout 600s ./...

unit: $(MODFILE)
	$(GO) test $(GOFLAGS_MOD) -count=1 -short ./...

e2e: build tools
	$(GO) test $(GOFLAGS_MOD) -count=1 -timeout 600s ./e2e/...

bench: build
	./scripts/bench-ipc.sh
	./scripts/bench-wallet.sh

# Regenerates capnp/**/*.capnp.go with Debian's capnproto and capnpc-go
# $(CAPNPC_GO_VERSION).
gen: $(MODFILE)
	./scripts/gen.sh $(CAPNPC_GO_VERSION)

gen-check: gen
	git diff --exit-code -- capnp/

lint: $(MODFILE)
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt:"; echo "$$out"; exit 1; fi
	$(GO) vet $(GOFLAGS_MOD) ./...

# Builds and starts a regtest bitcoin-node with its bitcoin-wallet child and
# -debug=ipc in a fresh datadir (Ctrl-C stops it).
# A regtest node with its wallet process and a wallet named "default"
# (created on the first run, loaded on the next ones).
run: build
	@d=$${RUN_DIR:-$$(mktemp -d /tmp/mpbitcoin-run.XXXXXX)}; \
	mkdir -p "$$d"; echo "datadir: $$d"; \
	echo "call it:  $(BIN)/bitcoin-cli -regtest -datadir=$$d echoipc hello"; \
	echo "          $(BIN)/bitcoin-cli -regtest -datadir=$$d -ipcconnect=unix uptime"; \
	echo "          $(BIN)/bitcoin-cli -regtest -datadir=$$d getbalances"; \
	echo "log:      $$d/regtest/debug.log"; \
	( $(BIN)/bitcoin-cli -regtest -datadir=$$d -rpcwait -rpcwaittimeout=60 -named createwallet wallet_name=default load_on_startup=true >"$$d/createwallet.log" 2>&1 || true ) & \
	exec $(BIN)/bitcoin-node -regtest -datadir=$$d -debug=ipc -ipcbind=unix -fallbackfee=0.0002 -printtoconsole

clean:
	rm -rf build
