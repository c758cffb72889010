package e2e

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"
	"github.com/go-zeromq/zmq4"

	"github.com/mpbitcoin/mpbitcoin/roles/node/zmq"
)

// zmqSub is a SUB socket on every topic of a node's publisher, checking
// that each topic's message sequence numbers have no gaps.
type zmqSub struct {
	t    *testing.T
	ch   chan zmq.Message
	last map[string]uint32
}

func subscribeZMQ(t *testing.T, endpoint string) *zmqSub {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	sock := zmq4.NewSub(ctx)
	t.Cleanup(func() { cancel(); _ = sock.Close() })
	if err := sock.Dial(endpoint); err != nil {
		t.Fatal(err)
	}
	if err := sock.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}
	s := &zmqSub{t: t, ch: make(chan zmq.Message, 10000), last: map[string]uint32{}}
	go func() {
		defer close(s.ch)
		for {
			msg, err := sock.Recv()
			if err != nil {
				return
			}
			m, err := zmq.ParseMessage(msg.Frames)
			if err != nil {
				t.Errorf("malformed notification: %v", err)
				return
			}
			s.ch <- m
		}
	}()
	return s
}

// next returns the next message (at most 20 s), checking its sequence.
func (s *zmqSub) next() zmq.Message {
	s.t.Helper()
	select {
	case m, ok := <-s.ch:
		if !ok {
			s.t.Fatal("ZMQ subscriber closed")
		}
		if last, seen := s.last[m.Topic]; seen && m.Seq != last+1 {
			s.t.Fatalf("%s: sequence %d after %d", m.Topic, m.Seq, last)
		}
		s.last[m.Topic] = m.Seq
		return m
	case <-time.After(20 * time.Second):
		s.t.Fatal("no ZMQ notification within 20 s")
	}
	return zmq.Message{}
}

// quiet checks that nothing more arrives for a moment.
func (s *zmqSub) quiet() {
	s.t.Helper()
	select {
	case m := <-s.ch:
		s.t.Fatalf("unexpected notification %s", describeZMQ(s.t, m))
	case <-time.After(300 * time.Millisecond):
	}
}

// describeZMQ renders a notification: raw bodies by the hash of what
// they hold (txid or block hash), so they compare with RPC results.
func describeZMQ(t *testing.T, m zmq.Message) string {
	switch m.Topic {
	case zmq.TopicHashBlock, zmq.TopicHashTx:
		return m.Topic + " " + hex.EncodeToString(m.Body)
	case zmq.TopicRawBlock:
		if len(m.Body) < 80 {
			t.Fatalf("rawblock of %d bytes", len(m.Body))
		}
		return "rawblock " + chainhash.DoubleHashH(m.Body[:80]).String()
	case zmq.TopicRawTx:
		return "rawtx " + txidOfRaw(t, m.Body)
	case zmq.TopicSequence:
		ev, err := zmq.ParseSequence(m.Body)
		if err != nil {
			t.Fatal(err)
		}
		if ev.Label == zmq.LabelAdded || ev.Label == zmq.LabelRemoved {
			return fmt.Sprintf("sequence %s %c %d", ev.Hash, ev.Label, ev.MempoolSeq)
		}
		return fmt.Sprintf("sequence %s %c", ev.Hash, ev.Label)
	}
	return "unknown topic " + m.Topic
}

// expect reads len(want) notifications and compares them in order.
func (s *zmqSub) expect(what string, want ...string) {
	s.t.Helper()
	for i, w := range want {
		if got := describeZMQ(s.t, s.next()); got != w {
			s.t.Fatalf("%s: notification %d is %q, want %q", what, i, got, w)
		}
	}
}

// txidOfRaw decodes a raw transaction locally (independent of the node).
func txidOfRaw(t *testing.T, raw []byte) string {
	t.Helper()
	var tx wire.MsgTx
	if err := tx.Deserialize(bytes.NewReader(raw)); err != nil {
		t.Fatalf("rawtx does not decode: %v", err)
	}
	return tx.TxHash().String()
}

// blockTxs remembers the txids of blocks (getblock does not serve blocks
// off the active chain here).
type blockTxs map[string][]string

func (b blockTxs) of(n *node, hash string) []string {
	if txs, ok := b[hash]; ok {
		return txs
	}
	var blk struct {
		Tx []string `json:"tx"`
	}
	if err := json.Unmarshal([]byte(n.cli("getblock", hash)), &blk); err != nil {
		n.t.Fatal(err)
	}
	b[hash] = blk.Tx
	return blk.Tx
}

// notifications are the messages a block gives when connected (label C)
// or disconnected (D), as Core: its transactions, the sequence message,
// then hashblock and rawblock when it became the tip.
func (b blockTxs) notifications(n *node, hash string, label string, tip bool) []string {
	var out []string
	for _, txid := range b.of(n, hash) {
		out = append(out, "hashtx "+txid, "rawtx "+txid)
	}
	out = append(out, "sequence "+hash+" "+label)
	if tip {
		out = append(out, "hashblock "+hash, "rawblock "+hash)
	}
	return out
}

func TestZMQNotifications(t *testing.T) {
	t.Parallel()
	endpoint := fmt.Sprintf("tcp://127.0.0.1:%d", freePort(t))
	args := []string{"-disablewallet"}
	for _, typ := range []string{"hashblock", "hashtx", "rawblock", "rawtx", "sequence"} {
		args = append(args, "-zmqpub"+typ+"="+endpoint)
	}
	n := startNode(t, "bitcoin-node", append(args, "-zmqpubrawtxhwm=500")...)

	var active []map[string]any
	_ = json.Unmarshal([]byte(n.cli("getzmqnotifications")), &active)
	if len(active) != 5 || active[0]["type"] != "pubhashblock" || active[0]["address"] != endpoint ||
		active[3]["type"] != "pubrawtx" || active[3]["hwm"] != float64(500) || active[4]["hwm"] != float64(1000) {
		t.Fatalf("getzmqnotifications: %v", active)
	}

	sub := subscribeZMQ(t, endpoint)
	addr, script := opTrueP2WSH(t)
	// Sync up (a SUB socket misses what is published before it is
	// connected): mine until a notification arrives, then drain.
	deadline := time.Now().Add(20 * time.Second)
	for synced := false; !synced; {
		if time.Now().After(deadline) {
			t.Fatal("no ZMQ notification after 20 s of mining")
		}
		n.cli("generatetoaddress", "1", addr)
		select {
		case m := <-sub.ch:
			sub.last[m.Topic] = m.Seq
			synced = true
		case <-time.After(200 * time.Millisecond):
		}
	}
	for drained := false; !drained; {
		select {
		case m := <-sub.ch:
			sub.last[m.Topic] = m.Seq
		case <-time.After(500 * time.Millisecond):
			drained = true
		}
	}

	// Blocks, in order, each with its transactions.
	blocks := blockTxs{}
	var hashes []string
	_ = json.Unmarshal([]byte(n.cli("generatetoaddress", "101", addr)), &hashes)
	for _, h := range hashes {
		sub.expect("block "+h, blocks.notifications(n, h, "C", true)...)
	}
	sub.quiet()

	// A transaction into the mempool: hashtx, rawtx, sequence A 1 (the
	// mempool sequence starts at 1).
	txid := n.cli("sendrawtransaction", spend(t, blocks.of(n, hashes[0])[0], 50_0000_0000, 10000, script))
	sub.expect("mempool acceptance", "hashtx "+txid, "rawtx "+txid, "sequence "+txid+" A 1")

	// Mined: no R (block inclusion is reported through the block only),
	// but it takes mempool sequence 2.
	b1 := strings.Trim(n.cli("generatetoaddress", "1", addr), "[]\n \"")
	sub.expect("block with the tx", blocks.notifications(n, b1, "C", true)...)

	// invalidateblock: the block's transactions, D, then the transaction
	// back into the mempool (sequence 3); no hashblock (nothing connected).
	n.cli("invalidateblock", b1)
	sub.expect("disconnection", append(blocks.notifications(n, b1, "D", false),
		"hashtx "+txid, "rawtx "+txid, "sequence "+txid+" A 3")...)
	sub.quiet()

	// A competing branch of two blocks (the first mines the tx again,
	// mempool sequence 4).
	var branch []string
	_ = json.Unmarshal([]byte(n.cli("generatetoaddress", "2", regtestAddr)), &branch) // another address: not b1 again
	for _, h := range branch {
		sub.expect("branch block "+h, blocks.notifications(n, h, "C", true)...)
	}

	// Reorg back: once b1 is valid again and the branch is invalid, the
	// node disconnects the branch tip first (D, D), the tx re-enters
	// (A 5), then b1 connects (C) and becomes the tip (hashblock).
	n.cli("reconsiderblock", b1)
	sub.quiet()
	n.cli("invalidateblock", branch[0])
	var want []string
	want = append(want, blocks.notifications(n, branch[1], "D", false)...)
	want = append(want, blocks.notifications(n, branch[0], "D", false)...)
	want = append(want, "hashtx "+txid, "rawtx "+txid, "sequence "+txid+" A 5")
	want = append(want, blocks.notifications(n, b1, "C", true)...)
	sub.expect("reorg", want...)
	sub.quiet()
	if tip := n.cli("getbestblockhash"); tip != b1 {
		t.Fatalf("tip %s after the reorg, want %s", tip, b1)
	}
}
