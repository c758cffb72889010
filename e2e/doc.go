// Package e2e holds end-to-end tests that start the built binary as real
// processes on loopback with temporary datadirs (regtest only). Run them
// after `make build` (make test does both).
package e2e
