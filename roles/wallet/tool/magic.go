package tool

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"

	"github.com/mpbitcoin/mpbitcoin/roles/config"
)

// NetMagic returns the message start of the selected chain as it is
// written on disk, which Core keeps as the wallet database's application
// id. A signet with -signetchallenge gets the first four bytes of the
// double SHA256 of the serialized challenge, as Core computes it.
func NetMagic(a *config.Args) ([4]byte, error) {
	switch a.Chain() {
	case config.ChainMain:
		return [4]byte{0xf9, 0xbe, 0xb4, 0xd9}, nil
	case config.ChainTestnet:
		return [4]byte{0x0b, 0x11, 0x09, 0x07}, nil
	case config.ChainTestnet4:
		return [4]byte{0x1c, 0x16, 0x3f, 0x28}, nil
	case config.ChainRegtest:
		return [4]byte{0xfa, 0xbf, 0xb5, 0xda}, nil
	case config.ChainSignet:
		challenges := a.GetAll("signetchallenge")
		switch len(challenges) {
		case 0:
			return [4]byte{0x0a, 0x03, 0xcf, 0x40}, nil
		case 1:
		default:
			return [4]byte{}, errors.New("-signetchallenge cannot be multiple values.")
		}
		script, err := hex.DecodeString(challenges[0])
		if err != nil {
			return [4]byte{}, fmt.Errorf("-signetchallenge must be hex, not '%s'.", challenges[0])
		}
		return signetMagic(script), nil
	}
	if err := a.ChainErr(); err != nil {
		return [4]byte{}, err
	}
	return [4]byte{}, fmt.Errorf("unknown chain %s", a.Chain())
}

// signetMagic hashes the challenge as Core serializes a byte vector:
// CompactSize length, then the bytes.
func signetMagic(script []byte) [4]byte {
	var ser []byte
	n := len(script)
	switch {
	case n < 0xfd:
		ser = append(ser, byte(n))
	case n <= 0xffff:
		ser = append(ser, 0xfd, byte(n), byte(n>>8))
	default:
		ser = append(ser, 0xfe, byte(n), byte(n>>8), byte(n>>16), byte(n>>24))
	}
	ser = append(ser, script...)
	first := sha256.Sum256(ser)
	second := sha256.Sum256(first[:])
	return [4]byte(second[:4])
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
