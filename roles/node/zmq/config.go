package zmq

import (
	"fmt"
	"strings"
)

// DefaultHWM is Core's DEFAULT_ZMQ_SNDHWM.
const DefaultHWM = 1000

// notifierTypes lists the notifier types in Core's order (its factory
// map is sorted by name).
func notifierTypes() []string {
	return []string{"pubhashblock", "pubhashtx", "pubrawblock", "pubrawtx", "pubsequence"}
}

// Endpoint is one -zmq<type>=<address> publisher.
type Endpoint struct {
	Type    string // "pubhashblock", …, as getzmqnotifications reports it
	Address string // as given, after unix: became ipc://
	HWM     int
}

// Args reads the node's options.
type Args interface {
	GetAll(name string) []string
	GetInt(name string, def int64) int64
}

// Endpoints lists the publishers the options ask for, in Core's order.
func Endpoints(a Args) []Endpoint {
	var out []Endpoint
	for _, t := range notifierTypes() {
		for _, addr := range a.GetAll("zmq" + t) {
			out = append(out, Endpoint{Type: t, Address: NormalizeAddress(addr), HWM: int(a.GetInt("zmq"+t+"hwm", DefaultHWM))})
		}
	}
	return out
}

// NormalizeAddress maps Core's "unix:" prefix to ZeroMQ's "ipc://".
func NormalizeAddress(addr string) string {
	if rest, ok := strings.CutPrefix(addr, "unix:"); ok {
		return "ipc://" + rest
	}
	return addr
}

// topic is the topic a notifier type publishes.
func topic(typ string) (string, error) {
	switch typ {
	case "pubhashblock":
		return TopicHashBlock, nil
	case "pubhashtx":
		return TopicHashTx, nil
	case "pubrawblock":
		return TopicRawBlock, nil
	case "pubrawtx":
		return TopicRawTx, nil
	case "pubsequence":
		return TopicSequence, nil
	}
	return "", fmt.Errorf("unknown ZMQ notifier type %q", typ)
}
