// Package walletbench measures the wallet RPCs of the built binary
// (build/bin) as bitcoind (wallet in the node's process) and as
// bitcoin-node (wallet in a bitcoin-wallet child, calls forwarded over
// Cap'n Proto IPC), on 127.0.0.1 regtest nodes with temporary datadirs.
//
// Its only test, TestWalletReport, runs when MPBITCOIN_BENCH_REPORT=1 is
// set (so `make test` skips it); `make bench` runs it through
// scripts/bench-wallet.sh, which writes the report into
// docs/benchmarks.md. MPBITCOIN_BENCH_BIN points it at another directory
// holding the binary and its role symlinks; MPBITCOIN_BENCH_SCALE=N makes
// N times as many calls.
package walletbench
