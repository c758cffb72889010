// Package ipc owns processes and connections between them: spawning a child
// role over a socketpair (argv [ROLE, -ipcfd, N]), -ipcbind/-ipcconnect
// addresses, Cap'n Proto RPC connections with libmultiprocess's conventions
// (ThreadMap, Thread, Context executors), -debug=ipc tracing and child
// supervision. It knows nothing about Bitcoin: roles bring their Init
// implementations and this package carries them.
package ipc
