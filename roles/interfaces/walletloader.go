package interfaces

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/mpbitcoin/mpbitcoin/capnp/messages"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
)

// ExportWalletLoader serves w as a WalletLoader capability on conn (a null
// capability when w is nil).
func ExportWalletLoader(conn Conn, w WalletLoader) messages.WalletLoader {
	if w == nil {
		return messages.WalletLoader{}
	}
	impl := &walletLoaderServer{loader: w}
	return messages.WalletLoader(conn.export(messages.WalletLoader_Methods(nil, impl), impl))
}

type walletLoaderServer struct{ loader WalletLoader }

func (s *walletLoaderServer) RpcCommands(ctx context.Context, call messages.WalletLoader_rpcCommands) error {
	call.Go()
	cmds, err := s.loader.RPCCommands(ctx)
	if err != nil {
		return err
	}
	data, err := json.Marshal(cmds)
	if err != nil {
		return fmt.Errorf("encoding commands: %w", err)
	}
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	return res.SetCommands(data)
}

func (s *walletLoaderServer) ListWallets(ctx context.Context, call messages.WalletLoader_listWallets) error {
	call.Go()
	names, err := s.loader.ListWallets(ctx)
	if err != nil {
		return err
	}
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	l, err := res.NewNames(int32(len(names)))
	if err != nil {
		return err
	}
	for i, n := range names {
		if err := l.Set(i, n); err != nil {
			return err
		}
	}
	return nil
}

// WalletLoaderClient is the WalletLoader of a wallet process reached over
// IPC.
type WalletLoaderClient struct {
	k      *caller
	remote messages.WalletLoader
}

var _ WalletLoader = (*WalletLoaderClient)(nil)

// NewWalletLoaderClient returns a Go WalletLoader whose calls go to remote
// over conn; it owns remote (Close releases it).
func NewWalletLoaderClient(conn Conn, remote messages.WalletLoader) *WalletLoaderClient {
	return &WalletLoaderClient{k: newCaller(conn), remote: remote}
}

// Close releases the capability.
func (w *WalletLoaderClient) Close() { w.remote.Release() }

// RPCCommands implements WalletLoader; the commands have no Handler.
func (w *WalletLoaderClient) RPCCommands(ctx context.Context) ([]rpcserver.Command, error) {
	var cmds []rpcserver.Command
	err := w.k.do("WalletLoader.rpcCommands", func() error {
		f, rel := w.remote.RpcCommands(ctx, nil)
		defer rel()
		res, err := f.Struct()
		if err != nil {
			return err
		}
		data, err := res.Commands()
		if err != nil {
			return fmt.Errorf("reading commands: %w", err)
		}
		if err := json.Unmarshal(data, &cmds); err != nil {
			return fmt.Errorf("decoding commands: %w", err)
		}
		for i, c := range cmds {
			if c.Name == "" {
				return fmt.Errorf("command %d has no name", i)
			}
		}
		return nil
	})
	return cmds, err
}

// ListWallets implements WalletLoader.
func (w *WalletLoaderClient) ListWallets(ctx context.Context) ([]string, error) {
	var names []string
	err := w.k.do("WalletLoader.listWallets", func() error {
		f, rel := w.remote.ListWallets(ctx, nil)
		defer rel()
		res, err := f.Struct()
		if err != nil {
			return err
		}
		l, err := res.Names()
		if err != nil {
			return fmt.Errorf("reading names: %w", err)
		}
		names = make([]string, l.Len())
		for i := range names {
			if names[i], err = l.At(i); err != nil {
				return fmt.Errorf("reading name %d: %w", i, err)
			}
		}
		return nil
	})
	return names, err
}

var errNoClient = errors.New("a client connection (Conn.Client) is needed")
