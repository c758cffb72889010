package ipc

import (
	"fmt"
	"sync"
	"time"

	"capnproto.org/go/capnp/v3/rpc/transport"
	rpccp "capnproto.org/go/capnp/v3/std/capnp/rpc"
)

// clientTrace wraps a transport to log this side's outgoing calls and their
// returns with Core's client line shapes ("IPC client send Echo.echo$Params",
// "IPC client recv Echo.echo$Results"), and at trace level the results this
// side sends back as a server ("response data"). The other server-side
// lines come from Export.
type clientTrace struct {
	transport.Transport
	proc  *Process
	label string

	mu        sync.Mutex
	questions map[uint32]question // our calls, by question id
	answers   map[uint32]question // calls to us, by answer id (trace level only)
}

type question struct {
	iface  uint64
	method uint16
	start  time.Time
}

func newClientTrace(t transport.Transport, p *Process, label string) *clientTrace {
	return &clientTrace{Transport: t, proc: p, label: label, questions: map[uint32]question{}, answers: map[uint32]question{}}
}

func (t *clientTrace) NewMessage() (transport.OutgoingMessage, error) {
	om, err := t.Transport.NewMessage()
	if err != nil {
		return nil, err
	}
	return &tracedOutgoing{OutgoingMessage: om, t: t}, nil
}

type tracedOutgoing struct {
	transport.OutgoingMessage
	t *clientTrace
}

func (o *tracedOutgoing) Send() error {
	o.t.sent(o.Message())
	return o.OutgoingMessage.Send()
}

func (t *clientTrace) sent(m rpccp.Message) {
	log := orNop(t.proc.Log)
	if m.Which() == rpccp.Message_Which_return {
		t.sentReturn(m, log)
		return
	}
	if m.Which() != rpccp.Message_Which_call || !log.Enabled(LevelDebug) {
		return
	}
	call, err := m.Call()
	if err != nil {
		return
	}
	q := question{iface: call.InterfaceId(), method: call.MethodId(), start: time.Now()}
	t.mu.Lock()
	t.questions[call.QuestionId()] = q
	t.mu.Unlock()
	name := t.proc.Schemas.MethodName(q.iface, q.method)
	log.Log(LevelDebug, fmt.Sprintf("{%s} IPC client send %s$Params", t.label, name))
	if log.Enabled(LevelTrace) {
		if p, err := call.Params(); err == nil {
			if c, err := p.Content(); err == nil {
				log.Log(LevelTrace, fmt.Sprintf("{%s} send data: %s", t.label, t.proc.Schemas.payload(q.iface, q.method, false, c.Struct())))
			}
		}
	}
}

func (t *clientTrace) RecvMessage() (transport.IncomingMessage, error) {
	im, err := t.Transport.RecvMessage()
	if err == nil {
		t.received(im.Message())
	}
	return im, err
}

// sentReturn writes the server side's "response data" trace line: the
// results of a call this side answered (Export logs the rest).
func (t *clientTrace) sentReturn(m rpccp.Message, log Logger) {
	ret, err := m.Return()
	if err != nil {
		return
	}
	t.mu.Lock()
	q, ok := t.answers[ret.AnswerId()]
	delete(t.answers, ret.AnswerId())
	t.mu.Unlock()
	if !ok || ret.Which() != rpccp.Return_Which_results || !log.Enabled(LevelTrace) {
		return
	}
	if p, err := ret.Results(); err == nil {
		if c, err := p.Content(); err == nil {
			log.Log(LevelTrace, fmt.Sprintf("{%s} response data: %s", t.label, t.proc.Schemas.payload(q.iface, q.method, true, c.Struct())))
		}
	}
}

func (t *clientTrace) received(m rpccp.Message) {
	if m.Which() == rpccp.Message_Which_call {
		if orNop(t.proc.Log).Enabled(LevelTrace) {
			if call, err := m.Call(); err == nil {
				t.mu.Lock()
				t.answers[call.QuestionId()] = question{iface: call.InterfaceId(), method: call.MethodId()}
				t.mu.Unlock()
			}
		}
		return
	}
	if m.Which() != rpccp.Message_Which_return {
		return
	}
	ret, err := m.Return()
	if err != nil {
		return
	}
	t.mu.Lock()
	q, ok := t.questions[ret.AnswerId()]
	delete(t.questions, ret.AnswerId())
	t.mu.Unlock()
	if !ok {
		return
	}
	log := orNop(t.proc.Log)
	name := t.proc.Schemas.MethodName(q.iface, q.method)
	switch ret.Which() {
	case rpccp.Return_Which_exception:
		e, _ := ret.Exception()
		reason, _ := e.Reason()
		log.Log(LevelInfo, fmt.Sprintf("{%s} IPC client exception kj::Exception: %s", t.label, reason))
	default:
		log.Log(LevelDebug, fmt.Sprintf("{%s} IPC client recv %s$Results (%s)", t.label, name, fmtLatency(time.Since(q.start))))
		if log.Enabled(LevelTrace) && ret.Which() == rpccp.Return_Which_results {
			if p, err := ret.Results(); err == nil {
				if c, err := p.Content(); err == nil {
					log.Log(LevelTrace, fmt.Sprintf("{%s} recv data: %s", t.label, t.proc.Schemas.payload(q.iface, q.method, true, c.Struct())))
				}
			}
		}
	}
}
