// Package notify owns the node's validation interface, Core's
// CMainSignals: an ordered queue of chain and mempool events (blocks
// connected and disconnected, transactions added to and removed from the
// mempool, tip updates) delivered to subscribers. Every subscriber gets
// every event in publication order on its own goroutine, owned by the Hub,
// so a slow subscriber never blocks the publisher (validation) or the
// other subscribers. Hub.Sync is Core's SyncWithValidationInterfaceQueue.
//
// Events carry pointers to the node's blocks and transactions, shared by
// all subscribers: subscribers must not modify them.
package notify
