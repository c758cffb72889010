package zmq

import (
	"context"
	"encoding/binary"
	"fmt"

	"github.com/go-zeromq/zmq4"
)

// publisher is one notifier: a topic on a PUB socket (shared by the
// notifiers of one address, as Core's mapPublishNotifiers), with its own
// message sequence number.
type publisher struct {
	Endpoint
	topic string
	sock  zmq4.Socket
	seq   uint32 // next message sequence number; touched by the delivery goroutine only
}

// send publishes body under the publisher's topic. Frames are fresh per
// message: the socket queues them and writes them later.
func (p *publisher) send(body []byte) error {
	topic := []byte(p.topic)
	seq := binary.LittleEndian.AppendUint32(nil, p.seq)
	if err := p.sock.Send(zmq4.NewMsgFrom(topic, body, seq)); err != nil {
		return fmt.Errorf("sending %s to %s: %w", p.topic, p.Address, err)
	}
	p.seq++
	return nil
}

// openPublishers binds a PUB socket per distinct address and returns the
// publishers with the sockets. On error, what was opened is closed.
func openPublishers(ctx context.Context, eps []Endpoint, logf func(string, ...any)) ([]*publisher, map[string]zmq4.Socket, error) {
	socks := map[string]zmq4.Socket{}
	closeAll := func() {
		for _, s := range socks {
			_ = s.Close()
		}
	}
	var pubs []*publisher
	for _, ep := range eps {
		t, err := topic(ep.Type)
		if err != nil {
			closeAll()
			return nil, nil, err
		}
		p := &publisher{Endpoint: ep, topic: t}
		if s, ok := socks[ep.Address]; ok {
			logf("Reusing socket for address %s", ep.Address)
			logf("Outbound message high water mark for %s at %s is %d", ep.Type, ep.Address, ep.HWM)
			p.sock = s
		} else {
			s, err := bind(ctx, ep, logf)
			if err != nil {
				logf("Notifier %s failed (address = %s)", ep.Type, ep.Address)
				closeAll()
				return nil, nil, err
			}
			socks[ep.Address] = s
			p.sock = s
		}
		logf("Notifier %s ready (address = %s)", ep.Type, ep.Address)
		pubs = append(pubs, p)
	}
	return pubs, socks, nil
}

// bind opens a PUB socket on ep.Address with ep's high water mark.
func bind(ctx context.Context, ep Endpoint, logf func(string, ...any)) (zmq4.Socket, error) {
	s := zmq4.NewPub(ctx)
	logf("Outbound message high water mark for %s at %s is %d", ep.Type, ep.Address, ep.HWM)
	if ep.HWM < 0 {
		_ = s.Close()
		logf("Error: Failed to set outbound message high water mark, msg: Invalid argument")
		return nil, fmt.Errorf("ZMQ high water mark %d for %s: invalid", ep.HWM, ep.Address)
	}
	if err := s.SetOption(zmq4.OptionHWM, ep.HWM); err != nil {
		_ = s.Close()
		logf("Error: Failed to set outbound message high water mark, msg: %v", err)
		return nil, fmt.Errorf("ZMQ high water mark for %s: %w", ep.Address, err)
	}
	if err := s.Listen(ep.Address); err != nil {
		_ = s.Close()
		logf("Error: Failed to bind address, msg: %v", err)
		return nil, fmt.Errorf("binding ZMQ publisher %s: %w", ep.Address, err)
	}
	return s, nil
}
