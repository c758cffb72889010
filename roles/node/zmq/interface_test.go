package zmq

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"testing"
	"time"

	"github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/wire/v2"
	"github.com/go-zeromq/zmq4"

	"github.com/mpbitcoin/mpbitcoin/roles/node/notify"
)

func testTx(lock uint32) *wire.MsgTx {
	tx := wire.NewMsgTx(2)
	tx.AddTxIn(wire.NewTxIn(&wire.OutPoint{Index: lock}, []byte{1, 2}, nil))
	tx.AddTxOut(wire.NewTxOut(5000, []byte{0x51}))
	tx.LockTime = lock
	return tx
}

// receiver reads a SUB socket into a channel.
func receiver(t *testing.T, sub zmq4.Socket) <-chan Message {
	ch := make(chan Message, 1000)
	go func() {
		defer close(ch)
		for {
			msg, err := sub.Recv()
			if err != nil {
				return
			}
			m, err := ParseMessage(msg.Frames)
			if err != nil {
				t.Errorf("bad message: %v", err)
				return
			}
			ch <- m
		}
	}()
	return ch
}

// describe renders a message for comparison.
func describe(m Message) string {
	switch m.Topic {
	case TopicSequence:
		ev, err := ParseSequence(m.Body)
		if err != nil {
			return "bad sequence: " + err.Error()
		}
		if ev.Label == LabelAdded || ev.Label == LabelRemoved {
			return fmt.Sprintf("sequence %s %c %d", ev.Hash, ev.Label, ev.MempoolSeq)
		}
		return fmt.Sprintf("sequence %s %c", ev.Hash, ev.Label)
	case TopicHashBlock, TopicHashTx:
		return m.Topic + " " + hex.EncodeToString(m.Body)
	default:
		return fmt.Sprintf("%s %x", m.Topic, short(m.Body))
	}
}

func short(b []byte) []byte {
	h := chainhash.DoubleHashH(b)
	return h[:4]
}

func rawDesc(topic string, ser func(*bytes.Buffer) error) string {
	var buf bytes.Buffer
	if err := ser(&buf); err != nil {
		panic(err)
	}
	return fmt.Sprintf("%s %x", topic, short(buf.Bytes()))
}

func TestInterface(t *testing.T) {
	hub := notify.NewHub()
	defer hub.Close()
	const addr = "tcp://127.0.0.1:0"
	var eps []Endpoint
	for _, typ := range notifierTypes() {
		eps = append(eps, Endpoint{Type: typ, Address: addr, HWM: DefaultHWM})
	}
	var logged []string
	z, err := Start(hub, Config{Endpoints: eps, Debugf: func(f string, a ...any) { logged = append(logged, fmt.Sprintf(f, a...)) }})
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	if len(z.socks) != 1 || len(z.Active()) != 5 {
		t.Fatalf("%d sockets, %d notifiers", len(z.socks), len(z.Active()))
	}
	if logged[2] != "Outbound message high water mark for pubhashblock at tcp://127.0.0.1:0 is 1000" || logged[4] != "Reusing socket for address tcp://127.0.0.1:0" {
		t.Fatalf("log %q", logged)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sub := zmq4.NewSub(ctx)
	defer sub.Close()
	if err := sub.Dial("tcp://" + z.socks[addr].Addr().String()); err != nil {
		t.Fatal(err)
	}
	if err := sub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}
	ch := receiver(t, sub)

	// Sync up: publish a probe until the subscriber hears it, then
	// drain.
	probe := testTx(999)
	for synced := false; !synced; {
		hub.TransactionAdded(probe, 0)
		select {
		case <-ch:
			synced = true
		case <-time.After(50 * time.Millisecond):
		}
	}
	seqs := map[string]uint32{}
	for quiet := false; !quiet; {
		select {
		case m := <-ch:
			seqs[m.Topic] = m.Seq
		case <-time.After(300 * time.Millisecond):
			quiet = true
		}
	}

	cb, tx := testTx(1), testTx(2)
	blk := &wire.MsgBlock{Header: wire.BlockHeader{Version: 4, Nonce: 7}, Transactions: []*wire.MsgTx{cb}}
	hub.BlockConnected(blk, 5)
	hub.UpdatedTip(blk.BlockHash(), 5, false)
	hub.TransactionAdded(tx, 7)
	hub.TransactionRemoved(tx, notify.ReasonBlock, 8) // not published
	hub.TransactionRemoved(tx, notify.ReasonConflict, 9)
	hub.BlockDisconnected(blk, 5)
	hub.UpdatedTip(blk.Header.PrevBlock, 4, false) // disconnection only: no hashblock
	hub.BlockConnected(blk, 5)
	hub.UpdatedTip(blk.BlockHash(), 5, true) // in IBD: no hashblock

	bh, cbh, txh := blk.BlockHash(), cb.TxHash(), tx.TxHash()
	want := []string{
		"hashtx " + cbh.String(), rawDesc("rawtx", func(b *bytes.Buffer) error { return cb.Serialize(b) }),
		"sequence " + bh.String() + " C",
		"hashblock " + bh.String(), rawDesc("rawblock", func(b *bytes.Buffer) error { return blk.Serialize(b) }),
		"hashtx " + txh.String(), rawDesc("rawtx", func(b *bytes.Buffer) error { return tx.Serialize(b) }),
		"sequence " + txh.String() + " A 7",
		"sequence " + txh.String() + " R 9",
		"hashtx " + cbh.String(), rawDesc("rawtx", func(b *bytes.Buffer) error { return cb.Serialize(b) }),
		"sequence " + bh.String() + " D",
		"hashtx " + cbh.String(), rawDesc("rawtx", func(b *bytes.Buffer) error { return cb.Serialize(b) }),
		"sequence " + bh.String() + " C",
	}
	for i, w := range want {
		select {
		case m := <-ch:
			if got := describe(m); got != w {
				t.Fatalf("message %d: %s, want %s", i, got, w)
			}
			if last, ok := seqs[m.Topic]; ok && m.Seq != last+1 {
				t.Fatalf("message %d (%s): sequence %d after %d", i, m.Topic, m.Seq, last)
			}
			seqs[m.Topic] = m.Seq
		case <-time.After(5 * time.Second):
			t.Fatalf("message %d (%s) not received", i, w)
		}
	}
	select {
	case m := <-ch:
		t.Fatalf("unexpected %s", describe(m))
	case <-time.After(200 * time.Millisecond):
	}
}

func TestStartFailure(t *testing.T) {
	hub := notify.NewHub()
	defer hub.Close()
	z, err := Start(hub, Config{Endpoints: []Endpoint{{Type: "pubhashtx", Address: "bogus://x", HWM: 1}}})
	if err == nil || z != nil {
		t.Fatalf("bad address accepted: %v", err)
	}
	if z, err := Start(hub, Config{}); z != nil || err != nil {
		t.Fatalf("no endpoints: %v %v", z, err)
	}
	var none *Interface
	if none.Active() != nil {
		t.Fatal("nil interface lists notifiers")
	}
	none.Close()
}
