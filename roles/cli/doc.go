// Package cli owns the bitcoin-cli role: Core's JSON-RPC command line
// client with its options (-named, -stdin, -stdinrpcpass,
// -stdinwalletpassphrase, -rpcwait, -rpcwallet, -rpcconnect/-rpcport,
// cookie or -rpcuser/-rpcpassword credentials, -rpcclienttimeout,
// -ipcconnect), Core's argument conversion table and Core's output and
// error texts and exit codes.
package cli
