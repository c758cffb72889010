package chain

import (
	"fmt"
	"math/big"
	"sync"

	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/chainhash/v2"
)

// workCache memoises the total chain work up to a block (a block's work
// never changes), so each block's ancestors are summed once.
type workCache struct {
	mu sync.Mutex
	m  map[chainhash.Hash]*big.Int
}

// ChainWork is the total proof of work of the chain ending at hash
// (Core's nChainWork).
func (c *Chain) ChainWork(hash chainhash.Hash) (*big.Int, error) {
	c.work.mu.Lock()
	defer c.work.mu.Unlock()
	if c.work.m == nil {
		c.work.m = map[chainhash.Hash]*big.Int{}
	}
	var path []chainhash.Hash
	var bits []uint32
	base := new(big.Int)
	for h := hash; ; {
		if w, ok := c.work.m[h]; ok {
			base = w
			break
		}
		hdr, err := c.bc.HeaderByHash(&h)
		if err != nil {
			return nil, fmt.Errorf("header %s: %w", h, err)
		}
		path = append(path, h)
		bits = append(bits, hdr.Bits)
		if hdr.PrevBlock == (chainhash.Hash{}) {
			break
		}
		h = hdr.PrevBlock
	}
	sum := new(big.Int).Set(base)
	for i := len(path) - 1; i >= 0; i-- {
		sum = new(big.Int).Add(sum, blockchain.CalcWork(bits[i]))
		c.work.m[path[i]] = sum
	}
	return sum, nil
}
