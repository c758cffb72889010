package interfaces

import (
	"context"

	"github.com/mpbitcoin/mpbitcoin/capnp/messages"
	"github.com/mpbitcoin/mpbitcoin/ipc"
)

// Echo serves Core's Echo interface: echo returns its argument.
type Echo struct{ Session *ipc.Session }

// Destroy frees nothing: the capability's release frees the object.
func (e *Echo) Destroy(ctx context.Context, call messages.Echo_destroy) error {
	cx, _ := call.Args().Context()
	return e.Session.Run(ctx, call, cx, func(context.Context) error { return nil })
}

// Echo returns the echo argument.
func (e *Echo) Echo(ctx context.Context, call messages.Echo_echo) error {
	cx, _ := call.Args().Context()
	return e.Session.Run(ctx, call, cx, func(context.Context) error {
		s, err := call.Args().Echo()
		if err != nil {
			return err
		}
		res, err := call.AllocResults()
		if err != nil {
			return err
		}
		return res.SetResult(s)
	})
}
