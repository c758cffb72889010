# Chain: what the wallet needs of the node (the idea of Core's
# interfaces::Chain), with ChainNotifications and Handler. Our own schema and
# file ID; the node serves Chain, the wallet serves ChainNotifications.
# Hashes are 32 bytes in internal (little-endian) byte order; transactions
# and blocks are in wire serialization with witnesses.

@0xad55e1380f59897f;

using Go = import "/go.capnp";
$Go.package("messages");
$Go.import("github.com/mpbitcoin/mpbitcoin/capnp/messages");

struct FoundBlock {
    hash @0 :Data;
    # Height in the active chain, or the block's height when it is not in it.
    height @1 :Int32;
    inActiveChain @2 :Bool;
    # Header time, the maximum time up to it, and its median time past.
    time @3 :Int64;
    maxTime @4 :Int64;
    medianTimePast @5 :Int64;
    # The serialized block, when asked for.
    data @6 :Data;
}

struct Coin {
    found @0 :Bool;
    value @1 :Int64;
    script @2 :Data;
    height @3 :Int32;
    coinbase @4 :Bool;
}

interface Chain {
    # Height and hash of the active tip; height -1 while there is none.
    getTip @0 () -> (height :Int32, hash :Data);
    # Hash of the active-chain block at height.
    getBlockHash @1 (height :Int32) -> (found :Bool, hash :Data);
    # Looks a block up by hash; wantData also returns the serialized block.
    findBlock @2 (hash :Data, wantData :Bool) -> (found :Bool, block :FoundBlock);
    # First active-chain block with time >= minTime and height >= minHeight
    # (rescans by timestamp).
    findFirstBlockWithTimeAndHeight @3 (minTime :Int64, minHeight :Int32) -> (found :Bool, block :FoundBlock);
    isInitialBlockDownload @4 () -> (result :Bool);
    # Submits a transaction to the mempool and relays it. error is empty on
    # success, else Core's reject reason (e.g. "max-fee-exceeded",
    # "insufficient fee", "txn-mempool-conflict").
    broadcastTransaction @5 (tx :Data, maxTxFee :Int64, relay :Bool) -> (error :Text);
    isInMempool @6 (txid :Data) -> (result :Bool);
    # Unconfirmed ancestors and descendants of a mempool transaction,
    # itself included (0, 0 when it is not in the mempool).
    getTransactionAncestry @7 (txid :Data) -> (ancestors :UInt64, descendants :UInt64);
    # Fee estimate in sat/kvB for confirmation within target blocks; 0 when
    # there is no estimate.
    estimateSmartFee @8 (target :Int32, conservative :Bool) -> (feeRate :Int64, returnedTarget :Int32);
    # Policy fee rates in sat/kvB: -minrelaytxfee, -incrementalrelayfee, -dustrelayfee.
    relayMinFee @9 () -> (feeRate :Int64);
    relayIncrementalFee @10 () -> (feeRate :Int64);
    relayDustFee @11 () -> (feeRate :Int64);
    # The node's clock in seconds (mock time when set, as setmocktime).
    now @12 () -> (seconds :Int64);
    # Registers notifications; they arrive in order until the handler is
    # disconnected or released.
    handleNotifications @13 (notifications :ChainNotifications) -> (handler :Handler);
    # Returns once every notification queued before the call was delivered,
    # when the tip is no longer oldTip.
    waitForNotificationsIfTipChanged @14 (oldTip :Data) -> ();
    # settings.json values, as JSON text (null when unset).
    getRwSetting @15 (name :Text) -> (value :Text);
    updateRwSetting @16 (name :Text, value :Text) -> (ok :Bool);
    # Unspent outputs (UTXO set, then mempool) for outpoints given as
    # 32-byte txid + 4-byte little-endian index.
    findCoins @17 (outpoints :List(Data)) -> (coins :List(Coin));
    # The mempool's transactions, parents before children: what a wallet
    # loaded after they arrived must still learn (Core's
    # requestMempoolTransactions).
    mempoolTransactions @18 () -> (txs :List(Data));
}

interface ChainNotifications {
    transactionAddedToMempool @0 (tx :Data, mempoolSequence :UInt64) -> ();
    # reason is Core's MemPoolRemovalReason name ("expiry", "sizelimit",
    # "reorg", "block", "conflict", "replaced").
    transactionRemovedFromMempool @1 (tx :Data, reason :Text, mempoolSequence :UInt64) -> ();
    blockConnected @2 (block :Data, height :Int32) -> ();
    blockDisconnected @3 (block :Data, height :Int32) -> ();
    updatedBlockTip @4 () -> ();
}

interface Handler {
    # Stops the notifications; releasing the capability does the same.
    disconnect @0 () -> ();
}
