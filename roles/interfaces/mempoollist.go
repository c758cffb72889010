package interfaces

import (
	"context"
	"fmt"

	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/capnp/messages"
)

// MempoolTransactions serves Chain.mempoolTransactions when the local
// chain lists its mempool (an empty list otherwise).
func (s *chainServer) MempoolTransactions(ctx context.Context, call messages.Chain_mempoolTransactions) error {
	call.Go()
	var txs []*wire.MsgTx
	if l, ok := s.chain.(MempoolLister); ok {
		var err error
		if txs, err = l.MempoolTransactions(ctx); err != nil {
			return err
		}
	}
	res, err := call.AllocResults()
	if err != nil {
		return err
	}
	list, err := res.NewTxs(int32(len(txs)))
	if err != nil {
		return err
	}
	for i, tx := range txs {
		b, err := txBytes(tx)
		if err != nil {
			return err
		}
		if err := list.Set(i, b); err != nil {
			return err
		}
	}
	return nil
}

// MempoolTransactions implements MempoolLister over IPC.
func (c *ChainClient) MempoolTransactions(ctx context.Context) ([]*wire.MsgTx, error) {
	var txs []*wire.MsgTx
	err := c.k.do("Chain.mempoolTransactions", func() error {
		f, rel := c.remote.MempoolTransactions(ctx, nil)
		defer rel()
		res, err := f.Struct()
		if err != nil {
			return err
		}
		list, err := res.Txs()
		if err != nil {
			return fmt.Errorf("reading transactions: %w", err)
		}
		for i := 0; i < list.Len(); i++ {
			raw, err := list.At(i)
			if err != nil {
				return err
			}
			tx, err := readTx(raw, fmt.Sprintf("transaction %d", i))
			if err != nil {
				return err
			}
			txs = append(txs, tx)
		}
		return nil
	})
	return txs, err
}
