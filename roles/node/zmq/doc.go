// Package zmq owns the node's ZeroMQ notifications, Core's
// CZMQNotificationInterface: the -zmqpubhashblock, -zmqpubhashtx,
// -zmqpubrawblock, -zmqpubrawtx and -zmqpubsequence publishers (with their
// -zmqpub…hwm high water marks) on PUB sockets of the pure-Go go-zeromq
// library, fed by the node's validation interface (roles/node/notify), and
// the getzmqnotifications RPC.
//
// Messages are Core's: three frames, the topic ("hashblock", "hashtx",
// "rawblock", "rawtx", "sequence"), the body, and a 4-byte little-endian
// sequence number counted per publisher. Hashes are sent in the byte order
// they are displayed in (Core's uint256 reversed). A "sequence" body is a
// hash, a label (C block connected, D disconnected, A added to the
// mempool, R removed from it) and, for A and R, the 8-byte little-endian
// mempool sequence.
package zmq
